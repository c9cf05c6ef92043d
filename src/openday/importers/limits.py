"""How much of a document an import reads, and a counter of the work it did.

Every file or text that comes in is read within ``Limits`` (numbers from settings, each
overridable by an environment variable of the same name); a document past one of them is
refused with a Chinese message naming the limit and the file, before the expensive part of the
reading starts where that is possible (zip entries are checked before any is opened).

The numbers are chosen so that the largest document accepted under them is read in a few
seconds on one core: a request never holds a server thread for long.

``Work`` counts what the readers and the parser visit (rows, cells, characters scanned).
Tests use it to check that reading grows linearly with the input, without timing anything.
"""

from dataclasses import dataclass, replace

from django.conf import settings

_MB = 1024 * 1024

# The defaults; settings.py reads the environment and may override each one.
DEFAULTS = {
    "IMPORT_MAX_BYTES": 10 * _MB,
    "IMPORT_MAX_UNCOMPRESSED_BYTES": 40 * _MB,
    "IMPORT_MAX_ZIP_ENTRIES": 2000,
    "IMPORT_MAX_ZIP_RATIO": 200,
    "IMPORT_MAX_ROWS": 10_000,
    "IMPORT_MAX_COLUMNS": 100,
    "IMPORT_MAX_CELLS": 60_000,
    "IMPORT_MAX_LINES": 50_000,
    "IMPORT_MAX_CELL_CHARS": 10_000,
    # A notice is prose of a few pages; its reader looks at every character several times.
    "IMPORT_MAX_NOTICE_CHARS": 200_000,
}
# A zip entry smaller than this is never refused for its compression ratio: tiny XML parts
# compress very well and are harmless.
RATIO_FLOOR = _MB


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULTS["IMPORT_MAX_BYTES"]
    max_uncompressed: int = DEFAULTS["IMPORT_MAX_UNCOMPRESSED_BYTES"]
    max_zip_entries: int = DEFAULTS["IMPORT_MAX_ZIP_ENTRIES"]
    max_zip_ratio: int = DEFAULTS["IMPORT_MAX_ZIP_RATIO"]
    max_rows: int = DEFAULTS["IMPORT_MAX_ROWS"]
    max_columns: int = DEFAULTS["IMPORT_MAX_COLUMNS"]
    max_cells: int = DEFAULTS["IMPORT_MAX_CELLS"]
    max_lines: int = DEFAULTS["IMPORT_MAX_LINES"]
    max_cell_chars: int = DEFAULTS["IMPORT_MAX_CELL_CHARS"]
    max_notice_chars: int = DEFAULTS["IMPORT_MAX_NOTICE_CHARS"]

    @classmethod
    def from_settings(cls, *, max_bytes: int | None = None) -> "Limits":
        def value(name: str) -> int:
            return int(getattr(settings, name, DEFAULTS[name]))

        return cls(
            max_bytes=max_bytes if max_bytes is not None else value("IMPORT_MAX_BYTES"),
            max_uncompressed=value("IMPORT_MAX_UNCOMPRESSED_BYTES"),
            max_zip_entries=value("IMPORT_MAX_ZIP_ENTRIES"),
            max_zip_ratio=value("IMPORT_MAX_ZIP_RATIO"),
            max_rows=value("IMPORT_MAX_ROWS"),
            max_columns=value("IMPORT_MAX_COLUMNS"),
            max_cells=value("IMPORT_MAX_CELLS"),
            max_lines=value("IMPORT_MAX_LINES"),
            max_cell_chars=value("IMPORT_MAX_CELL_CHARS"),
            max_notice_chars=value("IMPORT_MAX_NOTICE_CHARS"),
        )


def limits_with(limits: Limits | None, max_bytes: int | None) -> Limits:
    """``limits`` (the settings' when None), with ``max_bytes``, when given, as the file size
    limit."""
    if limits is None:
        return Limits.from_settings(max_bytes=max_bytes)
    return replace(limits, max_bytes=max_bytes) if max_bytes else limits


def size_label(size: int) -> str:
    """ "10 MB", "512 KB": how a message names a byte limit."""
    if size >= _MB and size % _MB == 0:
        return f"{size // _MB} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} 字节"


@dataclass
class Work:
    """What a read visited: rows and cells of grids, characters of text scanned.

    Pass one to ``parse_plan_file`` or ``notice_read`` (or a reader) and read ``steps`` after.
    """

    steps: int = 0


def count(work: Work | None, steps: int = 1) -> None:
    if work is not None:
        work.steps += steps
