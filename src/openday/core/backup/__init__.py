"""Backup and restore: the database and both media folders in one ``.tar.gz`` with a manifest.

The archive holds, in this order:

- ``header.json``: format, format version, database engine, created at, openday version;
- ``database.sqlite3`` (SQLite: a copy made with the online backup API, consistent while the
  app runs) or ``database.pgdump`` (PostgreSQL: ``pg_dump --format=custom``);
- ``media/…`` and ``private-media/…``: every regular file of ``MEDIA_ROOT`` and
  ``PRIVATE_MEDIA_ROOT`` (symbolic links are not followed);
- ``manifest.json``: the header's fields and every member's path, size and SHA-256.

The database is copied first, then the files: an upload made meanwhile is an extra file no row
names, which is harmless. The header comes first so that a restore refuses an archive of the
other engine before it unpacks anything; the manifest comes last because the hashes are taken
while the files are written into the archive (each file is read once).

A restore reads the archive once, as a stream, into a staging folder: each member must be a
regular file under a known name (no ``..``, no absolute path, no link, no device), the number
of members and their total size are bounded, and each is hashed while it is written. Only when
every hash and size matches the manifest is the database loaded and are the files moved into
place. The target database and media folders must be empty unless ``force`` is given.

Neither side ever holds the archive in memory. Errors are ``BackupError`` with a Chinese
message for the operator."""

from openday.core.backup.archive import (
    BackupResult,
    RestoreResult,
    backup_create,
    restore_archive,
)
from openday.core.backup.common import BackupError, size_label
from openday.core.backup.databases import Database, database_from, table_counts

__all__ = [
    "BackupError",
    "BackupResult",
    "Database",
    "RestoreResult",
    "backup_create",
    "database_from",
    "restore_archive",
    "size_label",
    "table_counts",
]
