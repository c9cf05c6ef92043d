"""Checking what staff upload, by content and never by name alone.

- documents: a .docx is a real zip holding ``word/document.xml``, an .xlsx one holding
  ``xl/workbook.xml``, a PDF starts with ``%PDF-``;
- photos: decoded in full by Pillow (JPEG, PNG or WebP only), within a byte and a pixel limit,
  then re-encoded from the pixels alone so EXIF (GPS position, camera, owner), XMP and
  comments are gone; a thumbnail is made at the same time. A multi-picture JPEG (MPO, what
  many Android phones write) is a JPEG: its first picture is kept;
- videos: an MP4 file (an ``ftyp`` box first);
- the campaign's LOGO: a PNG or JPEG that decodes.

Every refusal is an ``UploadError`` with a Chinese message naming the file and the problem
(not an image, another format, too many pixels, damaged); Pillow's English text only goes to
the server log. Nothing here
touches the database; services take the checked results (``CheckedFile``, ``ProcessedImage``)
and store them.
"""

import logging
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

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


class ImageRefused(Exception):
    """Why an upload gave no picture; each caller words it in Chinese for its own field.

    Pillow's own (English) text never reaches a message: it is logged for the server's
    operator only.
    """

    NOT_IMAGE = "not_image"  # Pillow does not recognise it as any image
    FORMAT = "format"  # a real image, in a format the field does not take
    PIXELS = "pixels"  # more pixels than the configured limit
    BOMB = "bomb"  # a header claiming absurd dimensions (Pillow's decompression bomb guard)
    DAMAGED = "damaged"  # recognised, but truncated or corrupt somewhere in its data

    def __init__(self, reason: str, *, found: str = "", size: tuple[int, int] = (0, 0)):
        super().__init__(reason)
        self.reason = reason
        self.found = found  # the format found, for FORMAT ("GIF", "WebP")
        self.size = size  # width and height, for PIXELS


def image_format(image: Image.Image) -> str:
    """Pillow's format name, with multi-picture JPEGs (MPO: Android phones, 3D cameras) as the
    JPEG they are: any JPEG reader shows their first picture."""
    return "JPEG" if image.format == "MPO" else (image.format or "")


def format_label(fmt: str) -> str:
    return _FORMAT_LABELS.get(fmt, fmt or "未知")


def decode_image(upload, *, formats, max_pixels: int, keep_pixels: bool = True) -> Image.Image:
    """The first picture of ``upload``, decoded in full, or ``ImageRefused``.

    Order matters: the format and the pixel count are read from the header before anything is
    decoded, so a pixel bomb costs nothing; ``verify`` then checks the file's structure (PNG
    checksums, its end), and ``load`` decodes every pixel, which is what catches a JPEG cut
    short (``verify`` alone accepts one). ``ImageFile.LOAD_TRUNCATED_IMAGES`` stays False.

    With ``keep_pixels`` False (a file only checked, then stored as received) a JPEG is decoded
    at an eighth of its size: every byte of its data is still read, at a fraction of the memory.
    """
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; we refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            image = Image.open(upload)
            fmt = image_format(image)
            if fmt not in formats:
                raise ImageRefused(ImageRefused.FORMAT, found=format_label(fmt))
            width, height = image.size
            if width * height > max_pixels:
                raise ImageRefused(ImageRefused.PIXELS, size=(width, height))
            image.verify()
            # ``verify`` leaves the image unusable: open it again to decode.
            upload.seek(0)
            image = Image.open(upload)
            if not keep_pixels and fmt == "JPEG":
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused(ImageRefused.BOMB) from error
    except UnidentifiedImageError as error:
        raise ImageRefused(ImageRefused.NOT_IMAGE) from error
    except Exception as error:
        # Decoders fail in many ways (OSError "image file is truncated", SyntaxError, struct
        # and index errors on corrupt headers, MemoryError): all mean a damaged file.
        logger.info("Image upload refused as damaged: %s: %s", type(error).__name__, error)
        raise ImageRefused(ImageRefused.DAMAGED) from error
    finally:
        upload.seek(0)
    image.format = fmt
    return image


def _open_image(
    upload,
    name: str,
    what: str,
    formats: dict[str, str],
    max_pixels: int,
    *,
    keep_pixels: bool = True,
):
    """The decoded first picture, or an ``UploadError`` naming the file and the problem
    (``keep_pixels`` as in ``decode_image``)."""
    kinds = "、".join(_FORMAT_LABELS[f] for f in formats)
    try:
        return decode_image(upload, formats=formats, max_pixels=max_pixels, keep_pixels=keep_pixels)
    except ImageRefused as refused:
        if refused.reason == ImageRefused.FORMAT:
            message = f"{what}“{name}”是 {refused.found} 格式，只支持 {kinds} 格式的图片。"
        elif refused.reason == ImageRefused.PIXELS:
            width, height = refused.size
            message = (
                f"{what}“{name}”的尺寸为 {width}×{height}，超过 "
                f"{max_pixels // 1_000_000} 百万像素的上限，请缩小后再上传。"
            )
        elif refused.reason == ImageRefused.BOMB:
            message = f"{what}“{name}”的像素数异常巨大，可能是恶意构造的文件，已拒绝。"
        elif refused.reason == ImageRefused.NOT_IMAGE:
            message = f"{what}“{name}”不是有效的图片文件，只支持 {kinds} 格式的图片。"
        else:
            message = f"{what}“{name}”已损坏或不完整（图片数据无法完整读出），请重新导出后上传。"
        raise UploadError(message) from refused


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
    # A multi-picture JPEG (MPO) keeps only its first picture, the one phones and browsers
    # show: ``image`` is that frame, re-encoded as a plain JPEG.
    fmt = image.format
    try:
        clean = _pixels_only(image, fmt)
        full = _encode(clean, fmt)
        thumb = clean.copy()
        thumb.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
        if thumb.mode != "RGB":
            # Thumbnails are JPEG: transparent parts on white.
            background = Image.new("RGB", thumb.size, "white")
            mask = thumb.getchannel("A") if "A" in thumb.getbands() else None
            background.paste(thumb, mask=mask)
            thumb = background
        thumb.info = {}
        thumbnail = _encode(thumb, "JPEG")
    except Exception as error:
        # An unusual colour mode or EXIF block Pillow cannot convert: the uploader can fix it
        # by saving the picture again; the detail is for the server log only.
        logger.info("Photo could not be re-encoded: %s: %s", type(error).__name__, error)
        raise UploadError(
            f"照片“{name}”无法转换（颜色模式或附带信息异常），请另存为普通 JPEG 或 PNG 后上传。"
        ) from error
    return ProcessedImage(
        name=name,
        suffix=PHOTO_FORMATS[fmt],
        image=full,
        thumbnail=thumbnail,
        width=clean.width,
        height=clean.height,
    )


def check_logo(upload) -> CheckedFile:
    """The campaign's LOGO: a PNG or JPEG that decodes in full; kept byte for byte (print).

    A multi-picture JPEG (MPO) is kept as received too, named .jpg: it is a valid JPEG whose
    first picture every reader shows; the others ride along in the file unread."""
    name = display_name(upload)
    size = _check_size(upload, name, "LOGO 文件", logo_max_bytes())
    image = _open_image(
        upload, name, "LOGO 文件", LOGO_FORMATS, photo_max_pixels(), keep_pixels=False
    )
    return CheckedFile(file=upload, name=name, suffix=LOGO_FORMATS[image.format], size=size)
