"""Download headers and file streaming, for every view that hands out a file.

Neutral helpers: the staff front end and the portal both use them; no domain rules here.
"""

import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
TXT = "text/plain; charset=utf-8"

# What a stored file's suffix is served as; anything else is a plain download.
CONTENT_TYPES = {
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def _header_safe(name: str) -> str:
    """``name`` without control characters (CR/LF, NUL, …): a header carries no line breaks."""
    return "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip() or "download"


def disposition(filename: str, *, fallback: str = "", attachment: bool = True) -> str:
    """``attachment`` (or ``inline``) with an ASCII ``filename`` for old clients and the real
    name as RFC 5987 ``filename*`` (UTF-8, percent-encoded), which every current browser
    prefers. The fallback defaults to the name's ASCII letters, or "download"."""
    filename = _header_safe(filename)
    if not fallback:
        fallback = filename.encode("ascii", "ignore").decode()
    fallback = _header_safe(fallback.replace('"', "").replace("\\", ""))
    if fallback.startswith("."):
        # Only the suffix was ASCII ("活动方案.docx"): not a hidden ".docx" file.
        fallback = f"download{fallback}"
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(
    content: bytes, *, content_type: str, filename: str, fallback: str = ""
) -> HttpResponse:
    """Generated staff data (an export, a briefing) as a download no shared cache keeps."""
    response = HttpResponse(content, content_type=content_type)
    response.headers["Content-Disposition"] = disposition(filename, fallback=fallback)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def stream(fieldfile, *, filename: str, attachment: bool, public: bool = False) -> FileResponse:
    """A stored file as a response; a missing file is a 404, never a 500.

    Staff files are ``private, no-store``; published ones (``public``) may be cached a day.
    """
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("文件不存在。") from error
    suffix = "." + fieldfile.name.rsplit(".", 1)[-1].lower() if "." in fieldfile.name else ""
    response = FileResponse(
        handle, content_type=CONTENT_TYPES.get(suffix, "application/octet-stream")
    )
    response.headers["Content-Disposition"] = disposition(filename, attachment=attachment)
    response.headers["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    # Nothing in these files runs as a page, whatever a browser might guess.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
