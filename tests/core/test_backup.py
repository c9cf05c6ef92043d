"""``openday backup`` and ``openday restore``: a round trip that loses nothing, on SQLite and on
PostgreSQL, and the archives a restore refuses (another engine, path traversal, links, too many
or too large members, a changed file, a cut archive) without writing anything."""

import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql

from openday.activities.materials import campaign_set_logo
from openday.activities.uploads import check_logo
from openday.core.backup.common import DATABASE_MEMBERS, FORMAT, FORMAT_VERSION
from openday.core.storage import private_root, private_storage
from openday.orgs.enums import Role
from tests.activities.materials import image_bytes, upload
from tests.factories import (
    ActivityFactory,
    ActivityHostFactory,
    ActivityReportFactory,
    CampaignFactory,
    MediaReportFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)

ENGINE = connection.vendor  # "sqlite" or "postgresql": the database this run of the suite uses


# --- Helpers --------------------------------------------------------------------------------


def file_hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` by its relative path, with its SHA-256."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def model_tables() -> list[tuple[str, list[str], str]]:
    """Every concrete table of every model (auto-created many-to-many tables too): its name,
    its columns and its primary key column."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = [f.column for f in meta.local_concrete_fields]
        tables.append((meta.db_table, columns, meta.pk.column))
    return sorted(tables)


def rows_query(table: str, columns: list[str], pk: str, quote) -> str:
    # Every value as text, so two drivers (Django's and a raw one) compare alike.
    listed = ", ".join(f"CAST({quote(c)} AS TEXT)" for c in columns)
    return f"SELECT {listed} FROM {quote(table)} ORDER BY {quote(pk)}"  # noqa: S608


def sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def django_rows() -> dict[str, list[tuple]]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        found = {}
        for table, columns, pk in model_tables():
            cursor.execute(rows_query(table, columns, pk, quote))
            found[table] = [tuple(row) for row in cursor.fetchall()]
    return found


def make_data() -> None:
    """A region with its campaign and LOGO (media), an activity, its host, report and media
    coverage, people with roles, and files in the private media, Chinese names included."""
    city = RegionFactory(name="长沙市", slug="changsha")
    region = RegionFactory(name="天心区", slug="tianxin", parent=city)
    campaign = CampaignFactory(region=region, year=2023, slug="tianxin-2023")
    unit = UnitFactory(region=region, name="区政务服务中心")
    activity = ActivityFactory(campaign=campaign, seq=1, title="“一网通办”现场体验")
    ActivityHostFactory(activity=activity, unit=unit, text="区政务服务中心")
    report = ActivityReportFactory(activity=activity)
    MediaReportFactory(report=report, outlet="长沙晚报")
    MembershipFactory(user=UserFactory(first_name="王晓"), role=Role.OFFICE_ADMIN, region=region)
    MembershipFactory(
        user=UserFactory(first_name="李明"), role=Role.UNIT_LIAISON, region=region, unit=unit
    )
    logo = check_logo(upload("主题日LOGO.png", image_bytes("PNG", size=(120, 60))))
    campaign_set_logo(actor=None, campaign=campaign, logo=logo)
    default_storage.save("campaigns/方案/实施方案.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    private_storage().save("photos/2023/现场 1.jpg", ContentFile(image_bytes("JPEG")))
    private_storage().save("stamps/盖章申报表.pdf", ContentFile(os.urandom(300_000)))


def backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", "-o", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path, url: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), "--database-url", url, *extra, stdout=out)
    return out.getvalue()


def swap_media(settings, tmp_path: Path) -> tuple[Path, Path]:
    """Point MEDIA_ROOT and PRIVATE_MEDIA_ROOT at new, empty folders; the old ones."""
    old = (Path(settings.MEDIA_ROOT), private_root())
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-private-media"
    return old


def assert_round_trip(settings, tmp_path, url: str, read_rows) -> None:
    make_data()
    media, private = Path(settings.MEDIA_ROOT), private_root()
    before_files = (file_hashes(media), file_hashes(private))
    assert len(before_files[0]) == 2
    assert len(before_files[1]) == 2
    before_rows = django_rows()
    archive = tmp_path / "openday.tar.gz"

    backup(archive)
    swap_media(settings, tmp_path)
    summary = restore(archive, url)

    after_rows = read_rows()
    assert set(after_rows) == set(before_rows)
    for table, rows in before_rows.items():
        assert after_rows[table] == rows, table
    assert (file_hashes(Path(settings.MEDIA_ROOT)), file_hashes(private_root())) == before_files
    last = summary.strip().splitlines()[-1]
    assert last.startswith("已恢复：")
    assert "4 个文件" in last
    assert "SHA-256 均已校验" in last
    assert re.search(r"^  campaigns_campaign +1$", summary, re.MULTILINE)
    assert re.search(r"^  activities_mediareport +1$", summary, re.MULTILINE)


# --- Round trips ----------------------------------------------------------------------------


@pytest.mark.skipif(ENGINE != "sqlite", reason="this run of the suite uses PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_an_empty_database_identically(settings, tmp_path):
    target = tmp_path / "restored.sqlite3"

    def read_rows():
        with sqlite3.connect(target) as restored:
            return {
                table: [
                    tuple(r) for r in restored.execute(rows_query(table, cols, pk, sqlite_quote))
                ]
                for table, cols, pk in model_tables()
            }

    assert_round_trip(settings, tmp_path, f"sqlite:///{target}", read_rows)
    with sqlite3.connect(target) as restored:
        migrations = restored.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        assert migrations == cursor.fetchone()[0]


@pytest.fixture
def postgres_database():
    """A new, empty database on the same PostgreSQL server, dropped afterwards."""
    if ENGINE != "postgresql":
        pytest.skip("needs DATABASE_URL=postgres://… (CI's PostgreSQL pass runs it)")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        if os.environ.get("CI"):
            pytest.fail("pg_dump and pg_restore are required on CI (.ci/postgres.sh).")
        pytest.skip("pg_dump/pg_restore are not installed")
    config = connection.settings_dict
    params = {
        "host": config["HOST"],
        "port": config["PORT"],
        "user": config["USER"],
        "password": config["PASSWORD"],
        "dbname": config["NAME"],
    }
    params = {key: value for key, value in params.items() if value}
    name = f"openday_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {**params, "dbname": name}
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def postgres_url(params: dict) -> str:
    auth = params.get("user", "")
    if params.get("password"):
        auth += f":{params['password']}"
    host = params.get("host", "localhost")
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgres://{auth}@{host}{port}/{params['dbname']}"


@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_an_empty_database_identically(
    settings, tmp_path, postgres_database
):
    def read_rows():
        def quote(name):
            return '"' + name.replace('"', '""') + '"'

        with psycopg.connect(**postgres_database) as restored:
            restored.execute("SET TIME ZONE 'UTC'")
            return {
                table: [tuple(r) for r in restored.execute(rows_query(table, cols, pk, quote))]
                for table, cols, pk in model_tables()
            }

    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
    assert_round_trip(settings, tmp_path, postgres_url(postgres_database), read_rows)


# Transactional: SQLite's backup API cannot copy a connection inside an open write transaction.
@pytest.mark.django_db(transaction=True)
def test_backup_logs_and_prints_one_line(settings, tmp_path, caplog):
    private_storage().save("photos/a.jpg", ContentFile(b"x" * 2048))
    archive = tmp_path / "b.tar.gz"

    with caplog.at_level(logging.INFO, logger="openday.core.backup"):
        line = backup(archive)

    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[ENGINE]
    assert line.startswith(f"已备份：{label} 数据库（")
    assert line.rstrip().endswith(f"和 1 个文件（2 KB）→ {archive}")
    (record,) = [r for r in caplog.records if r.name == "openday.core.backup"]
    assert record.getMessage().startswith(f"Backup written: {archive} ({ENGINE} database ")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names == ["header.json", DATABASE_MEMBERS[ENGINE], "private-media/photos/a.jpg",
                     "manifest.json"]  # fmt: skip
    assert manifest["files"][1] == {
        "path": "private-media/photos/a.jpg",
        "size": 2048,
        "sha256": hashlib.sha256(b"x" * 2048).hexdigest(),
    }
    assert (manifest["format"], manifest["format_version"], manifest["engine"]) == (
        FORMAT,
        FORMAT_VERSION,
        ENGINE,
    )
    assert manifest["openday_version"] == "0.1.0"


@pytest.mark.django_db(transaction=True)
def test_backup_skips_a_symlink_in_the_media_and_never_follows_it(settings, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True)
    (media / "link.txt").symlink_to(secret)
    archive = tmp_path / "b.tar.gz"

    line = backup(archive)

    with tarfile.open(archive) as tar:
        assert not [n for n in tar.getnames() if n.startswith("media/")]
    assert "跳过 1 个非普通文件" in line


# --- Refused archives -----------------------------------------------------------------------


def tar_member(name: str, data: bytes = b"", kind=tarfile.REGTYPE, link: str = ""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, data


def write_archive(path: Path, members: list, *, engine: str = "sqlite", manifest=True) -> Path:
    """An archive in the backup's layout with ``members`` after the database; the manifest
    lists what was written unless a member's hash is meant to disagree."""
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE t (id integer primary key, name text)")
    database.execute("INSERT INTO t VALUES (1, '天心区')")
    database.commit()
    dump = path.parent / "dump.sqlite3"
    dump.unlink(missing_ok=True)
    with sqlite3.connect(dump) as copy:
        database.backup(copy)
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "engine": engine,
        "created_at": "2026-01-05T02:00:00+00:00",
        "openday_version": "0.1.0",
    }
    db_member = tar_member(DATABASE_MEMBERS[engine], dump.read_bytes())
    entries = []
    with tarfile.open(path, "w:gz") as tar:
        tar.addfile(*member_args(tar_member("header.json", json.dumps(header).encode())))
        for info, data in [db_member, *members]:
            tar.addfile(*member_args((info, data)))
            if info.isreg():
                digest = hashlib.sha256(data).hexdigest()
                entries.append({"path": info.name, "size": len(data), "sha256": digest})
        if manifest is True:
            manifest = {**header, "files": entries}
        if manifest:
            data = json.dumps(manifest).encode()
            tar.addfile(*member_args(tar_member("manifest.json", data)))
    return path


def member_args(member):
    info, data = member
    return (info, io.BytesIO(data)) if info.isreg() else (info,)


@pytest.fixture
def empty_target(settings, tmp_path):
    """A target database file that must stay empty and media folders that must stay empty."""
    settings.MEDIA_ROOT = tmp_path / "t-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "t-private"
    return tmp_path / "target.sqlite3"


def refused(archive: Path, target: Path, *extra: str) -> str:
    with pytest.raises(CommandError) as error:
        restore(archive, f"sqlite:///{target}", *extra)
    return str(error.value)


def nothing_written(target: Path, tmp_path: Path) -> bool:
    tables = []
    if target.exists():
        with sqlite3.connect(target) as db:
            tables = db.execute("SELECT name FROM sqlite_master").fetchall()
    outside = [p for p in tmp_path.rglob("*") if p.name in ("evil.txt", "passwd")]
    return (
        tables == []
        and file_hashes(tmp_path / "t-media") == {}
        and file_hashes(tmp_path / "t-private") == {}
        and outside == []
    )


def test_a_good_handmade_archive_restores(empty_target, tmp_path):
    archive = write_archive(tmp_path / "a.tar.gz", [tar_member("media/campaigns/logo.png", b"png")])

    summary = restore(archive, f"sqlite:///{empty_target}")

    assert summary.splitlines()[0] == "  t  1"
    assert (tmp_path / "t-media" / "campaigns" / "logo.png").read_bytes() == b"png"


def test_an_archive_of_the_other_engine_is_refused_in_chinese(empty_target, tmp_path):
    archive = write_archive(tmp_path / "a.tar.gz", [], engine="postgresql")

    assert refused(archive, empty_target) == (
        "这份备份来自 PostgreSQL 数据库，不能恢复到 SQLite 数据库。"
        "请把 DATABASE_URL（或 --database-url）指向一个空的 PostgreSQL 数据库再恢复。"
    )
    assert nothing_written(empty_target, tmp_path)


@pytest.mark.parametrize(
    ("member", "problem"),
    [
        (tar_member("media/../../evil.txt", b"x"), "路径含有“..”或空的部分"),
        (tar_member("../evil.txt", b"x"), "路径含有“..”或空的部分"),
        (tar_member("/etc/passwd", b"x"), "是绝对路径"),
        (tar_member("media//evil.txt", b"x"), "路径含有“..”或空的部分"),
        (tar_member("media\\..\\evil.txt", b"x"), "名称含有不允许的字符"),
        (tar_member("media/evil.txt", kind=tarfile.SYMTYPE, link="/etc/passwd"), "是符号链接"),
        (tar_member("media/evil.txt", kind=tarfile.LNKTYPE, link="header.json"), "是硬链接"),
        (tar_member("media/dev", kind=tarfile.CHRTYPE), "是特殊文件"),
        (tar_member("media/sub", kind=tarfile.DIRTYPE), "是目录"),
        (tar_member("evil.txt", b"x"), "不是 openday 备份应有的内容"),
        (tar_member("database.pgdump", b"x"), "不是 openday 备份应有的内容"),
    ],
    ids=[
        "dotdot-inside",
        "dotdot",
        "absolute",
        "empty-part",
        "backslash",
        "symlink",
        "hardlink",
        "device",
        "directory",
        "unknown-top",
        "other-engine-dump",
    ],
)
def test_a_hostile_member_is_refused_and_nothing_is_written(
    empty_target, tmp_path, member, problem
):
    archive = write_archive(tmp_path / "a.tar.gz", [tar_member("media/good.png", b"png"), member])

    message = refused(archive, empty_target)

    assert message == f"备份“a.tar.gz”中的成员 {member[0].name!r} {problem}，已拒绝。"
    assert nothing_written(empty_target, tmp_path)


def test_too_many_members_are_refused(empty_target, tmp_path, settings):
    settings.OPENDAY_RESTORE_MAX_FILES = 3
    members = [tar_member(f"media/{n}.png", b"png") for n in range(5)]
    archive = write_archive(tmp_path / "a.tar.gz", members)

    assert refused(archive, empty_target) == (
        "备份“a.tar.gz”的文件数超过上限 3 个（OPENDAY_RESTORE_MAX_FILES），已拒绝。"
    )
    assert nothing_written(empty_target, tmp_path)


def test_members_larger_than_the_limit_are_refused(empty_target, tmp_path, settings):
    settings.OPENDAY_RESTORE_MAX_BYTES = 100_000
    archive = write_archive(tmp_path / "a.tar.gz", [tar_member("media/big.bin", b"0" * 100_000)])

    assert refused(archive, empty_target) == (
        "备份“a.tar.gz”解开后超过 98 KB 的上限（OPENDAY_RESTORE_MAX_BYTES），已拒绝。"
    )
    assert nothing_written(empty_target, tmp_path)


def test_a_file_changed_after_the_backup_is_refused(empty_target, tmp_path):
    archive = tmp_path / "a.tar.gz"
    write_archive(archive, [tar_member("private-media/stamp.pdf", b"%PDF-original")])
    # The same layout, with the file's bytes changed and the original manifest.
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    write_archive(
        archive, [tar_member("private-media/stamp.pdf", b"%PDF-tampered")], manifest=manifest
    )

    assert refused(archive, empty_target) == (
        "备份“a.tar.gz”中的“private-media/stamp.pdf”与清单记录的大小或 SHA-256 不符，"
        "文件已损坏或被改动。"
    )
    assert nothing_written(empty_target, tmp_path)


def test_a_member_missing_from_the_manifest_is_refused(empty_target, tmp_path):
    archive = write_archive(
        tmp_path / "a.tar.gz",
        [tar_member("media/a.png", b"a")],
        manifest={"format": FORMAT, "files": []},
    )

    assert refused(archive, empty_target) == (
        "备份“a.tar.gz”中的“database.sqlite3”不在清单里，已拒绝。"
    )
    assert nothing_written(empty_target, tmp_path)


def test_an_archive_without_its_manifest_is_refused(empty_target, tmp_path):
    archive = write_archive(tmp_path / "a.tar.gz", [], manifest=False)

    assert refused(archive, empty_target) == (
        "备份“a.tar.gz”不完整：缺少清单（manifest.json），可能没有写完或被截断。"
    )
    assert nothing_written(empty_target, tmp_path)


CUT = "“a.tar.gz”不是完整的 openday 备份（不是 .tar.gz，或已损坏、被截断）。"


def test_a_cut_archive_is_refused(empty_target, tmp_path):
    archive = write_archive(tmp_path / "a.tar.gz", [tar_member("media/a.bin", os.urandom(50_000))])
    archive.write_bytes(archive.read_bytes()[:30_000])

    assert refused(archive, empty_target) == CUT
    assert nothing_written(empty_target, tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"PK\x03\x04 a zip",
            "“a.tar.gz”不是完整的 openday 备份（不是 .tar.gz，或已损坏、被截断）。",
        ),
        (None, "“a.tar.gz”不是 openday 的备份文件（开头没有 header.json）。"),
    ],
    ids=["not-gzip", "other-tar"],
)
def test_something_else_is_not_taken_for_a_backup(empty_target, tmp_path, content, message):
    archive = tmp_path / "a.tar.gz"
    if content is None:
        with tarfile.open(archive, "w:gz") as tar:
            tar.addfile(*member_args(tar_member("notes.txt", b"hello")))
    else:
        archive.write_bytes(content)

    assert refused(archive, empty_target) == message
    assert nothing_written(empty_target, tmp_path)


def test_a_newer_format_asks_for_an_upgrade(empty_target, tmp_path):
    archive = tmp_path / "a.tar.gz"
    header = {"format": FORMAT, "format_version": FORMAT_VERSION + 1, "engine": "sqlite"}
    with tarfile.open(archive, "w:gz") as tar:
        tar.addfile(*member_args(tar_member("header.json", json.dumps(header).encode())))

    assert refused(archive, empty_target) == (
        f"这份备份由更新版本的 openday 生成（格式版本 {FORMAT_VERSION + 1}，"
        f"本程序只认到 {FORMAT_VERSION}），请先升级 openday 再恢复。"
    )


def test_a_non_empty_database_is_refused_unless_forced(empty_target, tmp_path):
    with sqlite3.connect(empty_target) as db:
        db.execute("CREATE TABLE old (id integer)")
    archive = write_archive(tmp_path / "a.tar.gz", [])

    assert refused(archive, empty_target) == (
        "目标数据库不是空的（已有 1 张表，如 old）。恢复只写入空数据库，以免新旧数据混在一起："
        "请新建一个空数据库并用 --database-url 指向它；确认要覆盖时加 --force（其中的数据会被"
        "备份中的替换）。"
    )
    summary = restore(archive, f"sqlite:///{empty_target}", "--force")

    assert summary.splitlines()[0] == "  t  1"
    with sqlite3.connect(empty_target) as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_non_empty_media_folders_are_refused(empty_target, tmp_path):
    (tmp_path / "t-private").mkdir()
    (tmp_path / "t-private" / "old.jpg").write_bytes(b"old")
    archive = write_archive(tmp_path / "a.tar.gz", [])

    assert refused(archive, empty_target) == (
        f"文件目录“{tmp_path / 't-private'}”不是空的。请清空它或换一个空目录（MEDIA_ROOT、"
        "PRIVATE_MEDIA_ROOT）；确认要覆盖同名文件时加 --force。"
    )


@pytest.mark.skipif(ENGINE != "sqlite", reason="SQLite's backup API only")
@pytest.mark.django_db
def test_a_backup_inside_an_open_write_transaction_is_refused_not_hung(tmp_path):
    # Inside the test's transaction, with a write pending: SQLite would answer "locked" to the
    # backup API for as long as the transaction lasts.
    RegionFactory(name="天心区", slug="tianxin")

    with pytest.raises(CommandError) as error:
        backup(tmp_path / "b.tar.gz")

    assert str(error.value) == "数据库连接正处于未提交的事务中，无法备份；请在事务之外运行。"
    assert list(tmp_path.iterdir()) == []
