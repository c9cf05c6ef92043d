"""The stamped declaration scan (盖章申报表): what is accepted, judged by content, not by name.

A PDF must start with its signature and end with an end-of-file marker; an image must be a
JPEG or PNG Pillow can verify. The extension must agree with the content, so a file opens
with the program its name promises.
"""

import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from openday.activities.uploads import size_label
from openday.core.errors import DomainError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_SUFFIXES = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}
ACCEPT = ".pdf,.jpg,.jpeg,.png"


@dataclass(frozen=True)
class StampFile:
    kind: str  # pdf, jpeg or png
    name: str


def stamp_max_bytes() -> int:
    return int(getattr(settings, "DECLARATION_STAMP_MAX_BYTES", DEFAULT_MAX_BYTES))


def _sniff(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(b"%PDF-"):
        upload.seek(max(0, upload.size - 1024))
        tail = upload.read()
        return "pdf" if b"%%EOF" in tail else None
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = (image.format or "").lower()
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    except Image.DecompressionBombWarning:
        return None
    return kind if kind in ("jpeg", "png") else None


def stamp_check(upload) -> StampFile:
    """Raise ``DomainError`` (field ``stamp``) unless ``upload`` is a real PDF, JPG or PNG."""
    name = PurePath(upload.name or "").name
    expected = _SUFFIXES.get(PurePath(name).suffix.lower())
    if expected is None:
        raise DomainError(f"文件“{name}”的格式不支持，请上传 PDF、JPG 或 PNG 文件。", field="stamp")
    if not upload.size:
        raise DomainError(f"文件“{name}”是空的。", field="stamp")
    limit = stamp_max_bytes()
    if upload.size > limit:
        raise DomainError(f"文件“{name}”超过 {size_label(limit)}。", field="stamp")
    try:
        kind = _sniff(upload)
    finally:
        upload.seek(0)
    if kind is None:
        raise DomainError(
            f"文件“{name}”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。", field="stamp"
        )
    if kind != expected:
        raise DomainError(f"文件“{name}”的内容与扩展名不符。", field="stamp")
    return StampFile(kind=kind, name=name[:200])
