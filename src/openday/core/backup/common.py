"""What the backup and the restore share: the archive's names, the limits, the error."""

import importlib.metadata
from pathlib import Path, PurePosixPath

from django.conf import settings

from openday.core.storage import private_root

FORMAT = "openday-backup"
FORMAT_VERSION = 1
HEADER = "header.json"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA_PREFIX = "media"
PRIVATE_PREFIX = "private-media"

MB = 1024 * 1024
GB = 1024 * MB
CHUNK = MB
# The two JSON members are read into memory: a manifest lists ~100 bytes per file.
JSON_MAX_BYTES = 64 * MB
DEFAULT_MAX_FILES = 200_000
DEFAULT_MAX_BYTES = 100 * GB


class BackupError(Exception):
    """A backup or restore refused or failed; ``message`` is Chinese, for the operator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_files() -> int:
    return int(getattr(settings, "OPENDAY_RESTORE_MAX_FILES", DEFAULT_MAX_FILES))


def max_bytes() -> int:
    return int(getattr(settings, "OPENDAY_RESTORE_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_label(size: int) -> str:
    if size >= GB:
        return f"{size / GB:.1f} GB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


def openday_version() -> str:
    try:
        return importlib.metadata.version("openday")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def media_roots() -> list[tuple[str, Path]]:
    return [
        (MEDIA_PREFIX, Path(settings.MEDIA_ROOT)),
        (PRIVATE_PREFIX, private_root()),
    ]


def member_name_problem(name: str) -> str | None:
    """Why ``name`` may not be a member's name (the same rule for writing and reading)."""
    if not name or "\x00" in name or "\\" in name:
        return "名称含有不允许的字符"
    if name.startswith("/") or PurePosixPath(name).is_absolute():
        return "是绝对路径"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "路径含有“..”或空的部分"
    return None
