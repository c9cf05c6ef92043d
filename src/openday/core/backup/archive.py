"""The archive: written in one pass with its manifest, read back as a stream and checked in
full before anything is restored (see the package's docstring)."""

import hashlib
import io
import json
import logging
import os
import shutil
import stat
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from openday.core.backup.common import (
    CHUNK,
    DATABASE_MEMBERS,
    ENGINE_LABELS,
    FORMAT,
    FORMAT_VERSION,
    HEADER,
    JSON_MAX_BYTES,
    MANIFEST,
    MEDIA_PREFIX,
    PRIVATE_PREFIX,
    BackupError,
    max_bytes,
    max_files,
    media_roots,
    member_name_problem,
    openday_version,
    size_label,
)
from openday.core.backup.databases import (
    Database,
    database_tables,
    dump_database,
    load_database,
    table_counts,
)

logger = logging.getLogger("openday.core.backup")


@dataclass
class BackupResult:
    path: Path
    engine: str
    database_bytes: int
    files: int
    file_bytes: int
    skipped: list[str] = field(default_factory=list)


class _HashingReader:
    """A file read through, hashing what passes: the hash is of the bytes archived."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _walk(prefix: str, root: Path, skipped: list[str]):
    """Every regular file under ``root`` as (member name, path), in a stable order; links and
    special files are skipped (and reported), never followed."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            member = f"{prefix}/{path.relative_to(root).as_posix()}"
            mode = path.lstat().st_mode
            if not stat.S_ISREG(mode):
                skipped.append(member)
                logger.warning("Backup skips %s: not a regular file", path)
                continue
            problem = member_name_problem(member)
            if problem:
                raise BackupError(f"文件“{path}”无法备份：{problem}。请改名后重试。")
            yield member, path


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o600
    tar.addfile(info, io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    with path.open("rb") as file:
        status = os.fstat(file.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = status.st_size, int(status.st_mtime), 0o600
        reader = _HashingReader(file)
        tar.addfile(info, reader)
    return {"path": name, "size": status.st_size, "sha256": reader.digest.hexdigest()}


def backup_create(*, output: Path, database: Database, now) -> BackupResult:
    """Write the archive to ``output`` (replaced only once complete; readable by its owner
    only, as it holds every person's data)."""
    output = Path(output).resolve()
    if not output.parent.is_dir():
        raise BackupError(f"目录“{output.parent}”不存在。")
    work = Path(tempfile.mkdtemp(prefix=".openday-backup-", dir=output.parent))
    try:
        dump = work / DATABASE_MEMBERS[database.engine]
        dump_database(database, dump)
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "engine": database.engine,
            "created_at": now.isoformat(),
            "openday_version": openday_version(),
        }
        entries, skipped = [], []
        partial = work / "archive.tar.gz"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as tar,
        ):
            stamp = now.timestamp()
            _add_bytes(tar, HEADER, json.dumps(header, ensure_ascii=False).encode(), stamp)
            entries.append(_add_file(tar, DATABASE_MEMBERS[database.engine], dump))
            for prefix, root in media_roots():
                for member, path in _walk(prefix, root, skipped):
                    try:
                        entries.append(_add_file(tar, member, path))
                    except FileNotFoundError:
                        # Deleted since the walk (a replaced LOGO): gone from the site too.
                        skipped.append(member)
                        logger.warning("Backup skips %s: deleted while the backup ran", path)
            manifest = {**header, "files": entries}
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False).encode(), stamp)
        os.replace(partial, output)
    except OSError as error:
        raise BackupError(f"写入备份失败：{error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = BackupResult(
        path=output,
        engine=database.engine,
        database_bytes=entries[0]["size"],
        files=len(entries) - 1,
        file_bytes=sum(entry["size"] for entry in entries[1:]),
        skipped=skipped,
    )
    logger.info(
        "Backup written: %s (%s database %d bytes, %d files %d bytes, %d skipped)",
        output,
        database.engine,
        result.database_bytes,
        result.files,
        result.file_bytes,
        len(skipped),
    )
    return result


@dataclass
class RestoreResult:
    engine: str
    created_at: str
    openday_version: str
    tables: list[tuple[str, int]]
    files: int
    file_bytes: int


def _require_empty(database: Database, roots: list[tuple[str, Path]]) -> None:
    tables = database_tables(database)
    if tables:
        raise BackupError(
            f"目标数据库不是空的（已有 {len(tables)} 张表，如 {tables[0]}）。恢复只写入空数据库，"
            "以免新旧数据混在一起：请新建一个空数据库并用 --database-url 指向它；"
            "确认要覆盖时加 --force（其中的数据会被备份中的替换）。"
        )
    for _prefix, root in roots:
        if root.is_dir() and any(root.iterdir()):
            raise BackupError(
                f"文件目录“{root}”不是空的。请清空它或换一个空目录（MEDIA_ROOT、"
                "PRIVATE_MEDIA_ROOT）；确认要覆盖同名文件时加 --force。"
            )


def _json_member(data: bytes, name: str) -> dict:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"备份中的 {name} 无法读取，备份文件可能已损坏。") from error
    if not isinstance(value, dict):
        raise BackupError(f"备份中的 {name} 格式不对，备份文件可能已损坏。")
    return value


def _check_header(header: dict, engine: str) -> None:
    if header.get("format") != FORMAT:
        raise BackupError("这不是 openday 的备份文件（缺少 openday 备份标记）。")
    version = header.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError("备份文件的格式版本无法识别，备份文件可能已损坏。")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"这份备份由更新版本的 openday 生成（格式版本 {version}，"
            f"本程序只认到 {FORMAT_VERSION}），请先升级 openday 再恢复。"
        )
    source = header.get("engine")
    if source != engine:
        source_label = ENGINE_LABELS.get(source, str(source))
        raise BackupError(
            f"这份备份来自 {source_label} 数据库，不能恢复到 {ENGINE_LABELS[engine]} 数据库。"
            f"请把 DATABASE_URL（或 --database-url）指向一个空的 {source_label} 数据库再恢复。"
        )


def _member_problem(member: tarfile.TarInfo, engine: str) -> str | None:
    name_problem = member_name_problem(member.name)
    if name_problem:
        return name_problem
    if member.issym():
        return "是符号链接"
    if member.islnk():
        return "是硬链接"
    if member.isdir():
        return "是目录"
    if not member.isreg():
        return "是特殊文件"
    top = member.name.split("/", 1)[0]
    if member.name in (HEADER, MANIFEST, DATABASE_MEMBERS[engine]):
        return None
    if top in (MEDIA_PREFIX, PRIVATE_PREFIX) and "/" in member.name:
        return None
    return "不是 openday 备份应有的内容"


def _copy_member(source, target: Path, size: int) -> str:
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("xb") as out:
            remaining = size
            while remaining:
                chunk = source.read(min(CHUNK, remaining))
                if not chunk:
                    break
                digest.update(chunk)
                out.write(chunk)
                remaining -= len(chunk)
    except (FileExistsError, IsADirectoryError, NotADirectoryError) as error:
        raise BackupError(f"备份中的“{target.name}”与另一个成员重名或冲突。") from error
    return digest.hexdigest()


def _unpack(archive: Path, staging: Path, engine: str) -> tuple[dict, dict[str, tuple[int, str]]]:
    """Stream ``archive`` into ``staging``; the header and manifest, and each member's size and
    hash as read. Nothing outside ``staging`` is written."""
    limit_files, limit_bytes = max_files(), max_bytes()
    header = manifest = None
    seen: dict[str, tuple[int, str]] = {}
    total = 0
    name = archive.name
    try:
        with archive.open("rb") as raw, tarfile.open(fileobj=raw, mode="r|gz") as tar:
            for index, member in enumerate(tar):
                if manifest is not None:
                    raise BackupError(
                        f"备份“{name}”在清单之后还有内容（{member.name!r}），已拒绝。"
                    )
                if index == 0 and member.name != HEADER:
                    raise BackupError(f"“{name}”不是 openday 的备份文件（开头没有 {HEADER}）。")
                # header, database and manifest come beside the files.
                if index >= limit_files + 3:
                    raise BackupError(
                        f"备份“{name}”的文件数超过上限 {limit_files} 个"
                        "（OPENDAY_RESTORE_MAX_FILES），已拒绝。"
                    )
                # The header (first) already matched ``engine``.
                problem = _member_problem(member, engine)
                if problem:
                    raise BackupError(f"备份“{name}”中的成员 {member.name!r} {problem}，已拒绝。")
                if member.name in seen or (index and member.name == HEADER):
                    raise BackupError(f"备份“{name}”中的成员 {member.name!r} 出现了两次，已拒绝。")
                total += member.size
                if total > limit_bytes:
                    raise BackupError(
                        f"备份“{name}”解开后超过 {size_label(limit_bytes)} 的上限"
                        "（OPENDAY_RESTORE_MAX_BYTES），已拒绝。"
                    )
                source = tar.extractfile(member)
                if member.name in (HEADER, MANIFEST):
                    if member.size > JSON_MAX_BYTES:
                        raise BackupError(f"备份中的 {member.name} 大得异常，已拒绝。")
                    value = _json_member(source.read(member.size), member.name)
                    if member.name == HEADER:
                        _check_header(value, engine)
                        header = value
                    else:
                        manifest = value
                    continue
                target = staging.joinpath(*member.name.split("/"))
                if not target.resolve().is_relative_to(staging.resolve()):
                    raise BackupError(
                        f"备份“{name}”中的成员 {member.name!r} 指向目录之外，已拒绝。"
                    )
                seen[member.name] = (member.size, _copy_member(source, target, member.size))
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        if isinstance(error, OSError) and error.errno is not None:
            raise BackupError(f"恢复时无法读写文件：{error}") from error
        raise BackupError(
            f"“{name}”不是完整的 openday 备份（不是 .tar.gz，或已损坏、被截断）。"
        ) from error
    if header is None or manifest is None:
        raise BackupError(f"备份“{name}”不完整：缺少清单（{MANIFEST}），可能没有写完或被截断。")
    return manifest, seen


def _verify(manifest: dict, seen: dict[str, tuple[int, str]], engine: str, name: str) -> list:
    entries = manifest.get("files")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("path"), str) for e in entries
    ):
        raise BackupError(f"备份“{name}”的清单格式不对，备份文件可能已损坏。")
    listed = {entry["path"]: entry for entry in entries}
    unlisted = sorted(set(seen) - set(listed))
    if unlisted:
        raise BackupError(f"备份“{name}”中的“{unlisted[0]}”不在清单里，已拒绝。")
    for path, entry in listed.items():
        if path not in seen:
            raise BackupError(f"备份“{name}”缺少清单中的“{path}”，备份不完整。")
        size, digest = seen[path]
        if entry.get("size") != size or entry.get("sha256") != digest:
            raise BackupError(
                f"备份“{name}”中的“{path}”与清单记录的大小或 SHA-256 不符，文件已损坏或被改动。"
            )
    if DATABASE_MEMBERS[engine] not in listed:
        raise BackupError(f"备份“{name}”中没有数据库（{DATABASE_MEMBERS[engine]}）。")
    return entries


def _place_files(staging: Path, entries: list, roots: list[tuple[str, Path]]) -> tuple[int, int]:
    count = size = 0
    by_prefix = dict(roots)
    for entry in entries:
        prefix, _, rest = entry["path"].partition("/")
        if prefix not in by_prefix:
            continue
        root = by_prefix[prefix]
        target = root.joinpath(*rest.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        # A link already in the target folder (possible only with --force) must not carry a
        # file outside it.
        if not target.parent.resolve().is_relative_to(root.resolve()):
            raise BackupError(f"目标目录中的“{target.parent}”指向 {root} 之外，已停止。")
        shutil.move(staging.joinpath(*entry["path"].split("/")), target)
        count += 1
        size += entry["size"]
    return count, size


def restore_archive(*, archive: Path, database: Database, force: bool = False) -> RestoreResult:
    """Check ``archive`` in full, then load its database into ``database`` and its files into
    ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"备份文件“{archive}”不存在。")
    roots = media_roots()
    if not force:
        _require_empty(database, roots)
    staging = Path(tempfile.mkdtemp(prefix="openday-restore-"))
    try:
        manifest, seen = _unpack(archive, staging, database.engine)
        entries = _verify(manifest, seen, database.engine, archive.name)
        load_database(database, staging / DATABASE_MEMBERS[database.engine], force=force)
        files, file_bytes = _place_files(staging, entries, roots)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result = RestoreResult(
        engine=database.engine,
        created_at=str(manifest.get("created_at", "")),
        openday_version=str(manifest.get("openday_version", "")),
        tables=table_counts(database),
        files=files,
        file_bytes=file_bytes,
    )
    logger.info(
        "Restored %s from %s: %d tables, %d rows, %d files",
        database.engine,
        archive,
        len(result.tables),
        sum(rows for _table, rows in result.tables),
        files,
    )
    return result
