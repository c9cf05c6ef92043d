"""The stamped declaration scan (盖章申报表): what is accepted, judged by content, not by name.

A PDF must start with its signature and end with an end-of-file marker; an image must be a
JPEG or PNG that Pillow decodes in full (a scan cut short in transfer is refused, not stored),
within the photo pixel limit. A multi-picture JPEG (MPO, from Android phones) is a JPEG and is
stored as received. The extension must agree with the content, so a file opens with the
program its name promises. Every refusal says which file and what is wrong, in Chinese.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from openday.activities.uploads import ImageRefused, decode_image, photo_max_pixels, size_label
from openday.core.errors import DomainError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_SUFFIXES = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}
_IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png"}
ACCEPT = ".pdf,.jpg,.jpeg,.png"


@dataclass(frozen=True)
class StampFile:
    kind: str  # pdf, jpeg or png
    name: str


def stamp_max_bytes() -> int:
    return int(getattr(settings, "DECLARATION_STAMP_MAX_BYTES", DEFAULT_MAX_BYTES))


def _refusal(name: str, refused: ImageRefused) -> str:
    if refused.reason == ImageRefused.FORMAT:
        return f"文件“{name}”是 {refused.found} 图片，只支持 PDF、JPG 或 PNG 文件。"
    if refused.reason == ImageRefused.PIXELS:
        width, height = refused.size
        return (
            f"文件“{name}”的尺寸为 {width}×{height}，超过 "
            f"{photo_max_pixels() // 1_000_000} 百万像素的上限，请降低扫描分辨率后上传。"
        )
    if refused.reason == ImageRefused.BOMB:
        return f"文件“{name}”的像素数异常巨大，可能是恶意构造的文件，已拒绝。"
    if refused.reason == ImageRefused.DAMAGED:
        return f"文件“{name}”已损坏或不完整（图片数据无法完整读出），请重新扫描后上传。"
    return f"文件“{name}”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。"


def _sniff(upload, name: str) -> str | None:
    """``pdf``, ``jpeg`` or ``png``; None for a PDF without its end; ``DomainError`` for an
    image that does not decode."""
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(b"%PDF-"):
        upload.seek(max(0, upload.size - 1024))
        tail = upload.read()
        return "pdf" if b"%%EOF" in tail else None
    try:
        image = decode_image(
            upload, formats=_IMAGE_FORMATS, max_pixels=photo_max_pixels(), keep_pixels=False
        )
    except ImageRefused as refused:
        raise DomainError(_refusal(name, refused), field="stamp") from refused
    return _IMAGE_FORMATS[image.format]


def stamp_check(upload) -> StampFile:
    """Raise ``DomainError`` (field ``stamp``) unless ``upload`` is a real PDF, JPG or PNG."""
    name = PurePath((upload.name or "").replace("\\", "/")).name
    expected = _SUFFIXES.get(PurePath(name).suffix.lower())
    if expected is None:
        raise DomainError(f"文件“{name}”的格式不支持，请上传 PDF、JPG 或 PNG 文件。", field="stamp")
    if not upload.size:
        raise DomainError(f"文件“{name}”是空的。", field="stamp")
    limit = stamp_max_bytes()
    if upload.size > limit:
        raise DomainError(f"文件“{name}”超过 {size_label(limit)}。", field="stamp")
    try:
        kind = _sniff(upload, name)
    finally:
        upload.seek(0)
    if kind is None:
        raise DomainError(
            f"文件“{name}”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。", field="stamp"
        )
    if kind != expected:
        raise DomainError(f"文件“{name}”的内容与扩展名不符。", field="stamp")
    return StampFile(kind=kind, name=name[:200])
