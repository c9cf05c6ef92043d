"""Plan files waiting for the office to confirm an import: where they live, and the sweep.

A file is written when an admin uploads a plan for preview and removed when they confirm.
One never confirmed (the tab was closed) would stay for ever; ``pending_sweep`` removes those
older than ``PENDING_MAX_AGE``, and the scheduler runs it on every tick.
"""

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings

PENDING_DIR = "imports"
PENDING_MAX_AGE = dt.timedelta(days=1)


def pending_root() -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR


def pending_save(upload, directory: Path) -> Path:
    """Keep ``upload`` under ``directory`` with a random name; the name's stem is the token."""
    suffix = Path(upload.name).suffix.lower()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{secrets.token_urlsafe(16)}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def pending_sweep(*, now: dt.datetime, max_age: dt.timedelta = PENDING_MAX_AGE) -> int:
    """Remove pending files last written before ``now - max_age``; how many were removed."""
    root = pending_root()
    if not root.is_dir():
        return 0
    cutoff = (now - max_age).timestamp()
    removed = 0
    for path in root.glob("*/*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
