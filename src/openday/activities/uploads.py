"""Checking what staff upload, by content and never by name alone.

- documents: a .docx is a real zip holding ``word/document.xml``, an .xlsx one holding
  ``xl/workbook.xml``, a PDF starts with ``%PDF-``;
- photos: decoded in full by Pillow (JPEG, PNG or WebP only), within a byte and a pixel limit,
  then re-encoded from the pixels alone so EXIF (GPS position, camera, owner), XMP and
  comments are gone; a thumbnail is made at the same time;
- videos: an MP4 file (an ``ftyp`` box first);
- the campaign's LOGO: a PNG or JPEG that decodes.

Every refusal is an ``UploadError`` with a Chinese message naming the file. Nothing here
touches the database; services take the checked results (``CheckedFile``, ``ProcessedImage``)
and store them.
"""

import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024

PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
LOGO_FORMATS = {"JPEG": ".jpg", "PNG": ".png"}
_FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}
THUMBNAIL_EDGE = 480
JPEG_QUALITY = 88

DOCUMENT_TYPES = {
    ".docx": "Word 文档（.docx）",
    ".pdf": "PDF 文档（.pdf）",
    ".xlsx": "Excel 表格（.xlsx）",
}
_ZIP_MARKERS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def limit(name: str, default: int) -> int:
    """A size limit from settings (bytes or pixels), with the documented default."""
    return int(getattr(settings, name, default))


def filing_max_bytes() -> int:
    return limit("FILING_MAX_BYTES", 20 * MB)


def attachment_max_bytes() -> int:
    return limit("ATTACHMENT_MAX_BYTES", 20 * MB)


def photo_max_bytes() -> int:
    return limit("PHOTO_MAX_BYTES", 10 * MB)


def photo_max_pixels() -> int:
    return limit("PHOTO_MAX_PIXELS", 40_000_000)


def video_max_bytes() -> int:
    return limit("VIDEO_MAX_BYTES", 200 * MB)


def logo_max_bytes() -> int:
    return limit("LOGO_MAX_BYTES", 5 * MB)


class UploadError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    """An upload whose content matched its type; ``file`` is the upload, rewound."""

    file: object
    name: str  # the uploader's file name, for display only
    suffix: str
    size: int


@dataclass(frozen=True)
class ProcessedImage:
    """A photo re-encoded from its pixels (no metadata), with its thumbnail."""

    name: str
    suffix: str
    image: object  # a file object positioned at 0
    thumbnail: object
    width: int
    height: int


def display_name(upload) -> str:
    """The uploader's file name without any folder part, shortened for storing."""
    name = PurePath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name
    return name[-200:] or "未命名文件"


def size_label(size: int) -> str:
    """ "20 MB", "1.5 MB", "300 KB", "900 字节"."""
    if size >= MB:
        value = size / MB
        return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} 字节"


def _check_size(upload, name: str, what: str, maximum: int) -> int:
    size = upload.size
    if not size:
        raise UploadError(f"{what}“{name}”是空文件。")
    if size > maximum:
        raise UploadError(
            f"{what}“{name}”大小为 {size_label(size)}，超过上限 {size_label(maximum)}。"
        )
    return size


def _head(upload, count: int) -> bytes:
    upload.seek(0)
    data = upload.read(count)
    upload.seek(0)
    return data


def _zip_holds(upload, member: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)


def check_document(upload, *, suffixes: tuple[str, ...], maximum: int, what: str) -> CheckedFile:
    """A .docx, .xlsx or .pdf whose content is what its name says."""
    name = display_name(upload)
    suffix = PurePath(name).suffix.lower()
    kinds = [DOCUMENT_TYPES[s] for s in suffixes]
    allowed = "、".join(kinds[:-1]) + "或 " + kinds[-1] if len(kinds) > 1 else kinds[0]
    if suffix not in suffixes:
        raise UploadError(f"{what}“{name}”的格式不支持，请上传 {allowed}。")
    size = _check_size(upload, name, what, maximum)
    if suffix == ".pdf":
        valid = _head(upload, 5) == b"%PDF-"
    else:
        valid = _zip_holds(upload, _ZIP_MARKERS[suffix])
    if not valid:
        raise UploadError(
            f"{what}“{name}”不是有效的 {DOCUMENT_TYPES[suffix]}，文件可能已损坏或只是改了扩展名。"
        )
    return CheckedFile(file=upload, name=name, suffix=suffix, size=size)


def check_filing_document(upload) -> CheckedFile:
    return check_document(
        upload, suffixes=(".docx", ".pdf"), maximum=filing_max_bytes(), what="活动方案"
    )


def check_attachment(upload) -> CheckedFile:
    return check_document(
        upload, suffixes=(".docx", ".pdf", ".xlsx"), maximum=attachment_max_bytes(), what="附件"
    )


def check_video(upload) -> CheckedFile:
    name = display_name(upload)
    suffix = PurePath(name).suffix.lower()
    if suffix != ".mp4":
        raise UploadError(f"视频“{name}”的格式不支持，请上传 MP4 视频，或改填视频链接。")
    size = _check_size(upload, name, "视频", video_max_bytes())
    if _head(upload, 12)[4:8] != b"ftyp":
        raise UploadError(f"视频“{name}”不是有效的 MP4 视频。")
    return CheckedFile(file=upload, name=name, suffix=suffix, size=size)


def _open_image(upload, name: str, what: str, formats: dict[str, str], max_pixels: int):
    """Open, check format and pixel count before decoding, then decode in full."""
    upload.seek(0)
    kinds = "、".join(_FORMAT_LABELS[f] for f in formats)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; we refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in formats:
                found = _FORMAT_LABELS.get(image.format, image.format)
                raise UploadError(f"{what}“{name}”是 {found} 格式，只支持 {kinds} 格式的图片。")
            width, height = image.size
            if width * height > max_pixels:
                raise UploadError(
                    f"{what}“{name}”的尺寸为 {width}×{height}，超过 "
                    f"{max_pixels // 1_000_000} 百万像素的上限，请缩小后再上传。"
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadError(
            f"{what}“{name}”的像素数异常巨大，可能是恶意构造的文件，已拒绝。"
        ) from error
    except UnidentifiedImageError as error:
        raise UploadError(
            f"{what}“{name}”不是有效的图片文件，只支持 {kinds} 格式的图片。"
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise UploadError(f"{what}“{name}”已损坏或不完整（{error}），请重新导出后上传。") from error
    finally:
        upload.seek(0)
    return image


def _encode(image: Image.Image, fmt: str) -> tempfile.SpooledTemporaryFile:
    out = tempfile.SpooledTemporaryFile(max_size=4 * MB)  # noqa: SIM115 (handed to the caller)
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=JPEG_QUALITY)
    out.seek(0)
    return out


def _pixels_only(image: Image.Image, fmt: str) -> Image.Image:
    """The picture upright, in a mode the format keeps, with no metadata attached."""
    clean = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    elif clean.mode not in ("RGB", "RGBA", "L", "LA"):
        clean = clean.convert("RGBA" if clean.has_transparency_data else "RGB")
    # Dropping ``info`` drops EXIF, XMP, comments and text chunks: Pillow writes only what
    # ``info`` or the save call hands it.
    clean.info = {}
    return clean


def process_photo(upload) -> ProcessedImage:
    """Check a report photo and re-encode it without metadata; make its thumbnail."""
    name = display_name(upload)
    _check_size(upload, name, "照片", photo_max_bytes())
    image = _open_image(upload, name, "照片", PHOTO_FORMATS, photo_max_pixels())
    fmt = image.format
    clean = _pixels_only(image, fmt)
    full = _encode(clean, fmt)
    thumb = clean.copy()
    thumb.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
    if thumb.mode != "RGB":
        # Thumbnails are JPEG: transparent parts on white.
        background = Image.new("RGB", thumb.size, "white")
        background.paste(thumb, mask=thumb.getchannel("A") if "A" in thumb.getbands() else None)
        thumb = background
    thumb.info = {}
    return ProcessedImage(
        name=name,
        suffix=PHOTO_FORMATS[fmt],
        image=full,
        thumbnail=_encode(thumb, "JPEG"),
        width=clean.width,
        height=clean.height,
    )


def check_logo(upload) -> CheckedFile:
    """The campaign's LOGO: a PNG or JPEG that decodes in full; kept byte for byte (print)."""
    name = display_name(upload)
    size = _check_size(upload, name, "LOGO 文件", logo_max_bytes())
    image = _open_image(upload, name, "LOGO 文件", LOGO_FORMATS, photo_max_pixels())
    return CheckedFile(file=upload, name=name, suffix=LOGO_FORMATS[image.format], size=size)
