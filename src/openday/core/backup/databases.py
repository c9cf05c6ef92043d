"""The database side of a backup: which database, its copy (SQLite's online backup API or
``pg_dump``), its load (the backup API again or ``pg_restore``), its tables and rows."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
from django.db import connections
from psycopg import sql

from openday.core.backup.common import ENGINE_LABELS, BackupError

_ENGINES = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}
# Connection options psycopg understands, with the environment variable pg_dump and pg_restore
# read each from; Django's own keys (pool, isolation level …) are neither.
_LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}
_LIBPQ_OPTIONS = frozenset(_LIBPQ_ENV)


@dataclass(frozen=True)
class Database:
    """The database backed up or restored: Django's ``default`` or one named by a URL."""

    engine: str  # "sqlite" or "postgresql"
    config: dict  # Django's settings dict: NAME, USER, PASSWORD, HOST, PORT, OPTIONS
    alias: str | None = None  # the Django connection, when it is Django's own

    @property
    def label(self) -> str:
        return ENGINE_LABELS[self.engine]


def database_from(url: str | None = None) -> Database:
    """``url`` (as in ``DATABASE_URL``) or, without one, Django's configured database."""
    if url:
        try:
            config = dj_database_url.parse(url)
        except Exception as error:
            raise BackupError(
                "数据库地址无法识别，应形如 sqlite:////路径/openday.sqlite3 或 "
                "postgres://用户:密码@主机:端口/库名。"
            ) from error
        alias = None
    else:
        config, alias = dict(connections["default"].settings_dict), "default"
    engine = _ENGINES.get(config.get("ENGINE", ""))
    if engine is None:
        raise BackupError(
            f"不支持的数据库类型（{config.get('ENGINE')}）：只能备份和恢复 SQLite 与 PostgreSQL。"
        )
    return Database(engine=engine, config=config, alias=alias)


def _sqlite_path(database: Database) -> str:
    name = str(database.config.get("NAME") or "")
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError(
            "目标是内存中的 SQLite 数据库，无法恢复到其中；请用 --database-url 指定文件。"
        )
    return name


@contextlib.contextmanager
def _sqlite(database: Database):
    """A raw sqlite3 connection: Django's own when the database is Django's (it may live only
    in memory, as in tests), else a new one on the file."""
    if database.alias:
        django_connection = connections[database.alias]
        django_connection.ensure_connection()
        yield django_connection.connection
        return
    connection = sqlite3.connect(_sqlite_path(database))
    try:
        yield connection
    finally:
        connection.close()


def _pg_params(database: Database) -> dict:
    config = database.config
    params = {
        "dbname": config.get("NAME"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
        "host": config.get("HOST"),
        "port": str(config.get("PORT") or ""),
    }
    options = config.get("OPTIONS") or {}
    params.update({k: str(v) for k, v in options.items() if k in _LIBPQ_OPTIONS})
    return {key: value for key, value in params.items() if value}


def _pg_env(database: Database) -> dict:
    """pg_dump/pg_restore read the connection from the environment: the password never
    appears on a command line another user could see."""
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        **_LIBPQ_ENV,
    }
    env = dict(os.environ)
    env.update({names[key]: value for key, value in _pg_params(database).items()})
    return env


@contextlib.contextmanager
def _pg(database: Database):
    try:
        connection = psycopg.connect(**_pg_params(database), autocommit=True)
    except psycopg.Error as error:
        raise BackupError(
            f"无法连接 PostgreSQL 数据库“{database.config.get('NAME')}”：{error}"
        ) from error
    try:
        yield connection
    finally:
        connection.close()


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（版本不低于服务器），并确保它在 PATH 中。"
        )
    return path


def _run_pg_tool(args: list[str], database: Database, what: str) -> None:
    done = subprocess.run(  # noqa: S603 (a fixed tool, arguments we built)
        args, env=_pg_env(database), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BackupError(f"{what}失败（退出码 {done.returncode}）：" + " / ".join(detail))


def database_tables(database: Database) -> list[str]:
    """The tables of ``database`` (not SQLite's or PostgreSQL's own), sorted."""
    if database.engine == "sqlite":
        with _sqlite(database) as connection:
            rows = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        return sorted(row[0] for row in rows)
    with _pg(database) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
    return sorted(row[0] for row in rows)


def table_counts(database: Database) -> list[tuple[str, int]]:
    """Each table of ``database`` with its number of rows."""
    tables = database_tables(database)
    counts = []
    if database.engine == "sqlite":
        with _sqlite(database) as connection:
            for table in tables:
                quoted = '"' + table.replace('"', '""') + '"'
                (count,) = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()  # noqa: S608
                counts.append((table, count))
        return counts
    with _pg(database) as connection:
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            (count,) = connection.execute(query).fetchone()
            counts.append((table, count))
    return counts


def dump_database(database: Database, target: Path) -> None:
    if database.engine == "sqlite":
        if not database.alias and not Path(_sqlite_path(database)).is_file():
            raise BackupError(f"SQLite 数据库文件“{database.config.get('NAME')}”不存在。")
        copy = sqlite3.connect(target)
        try:
            with _sqlite(database) as source:
                if source.in_transaction:
                    # SQLite answers "locked" for as long as the write lasts: refuse at once.
                    raise BackupError(
                        "数据库连接正处于未提交的事务中，无法备份；请在事务之外运行。"
                    )
                # pages=-1: the whole database in one step, under one read lock — a consistent
                # snapshot even while the app writes.
                source.backup(copy, pages=-1)
        finally:
            copy.close()
        return
    args = [
        _pg_tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={target}",
    ]
    _run_pg_tool(args, database, "pg_dump 导出数据库")


def load_database(database: Database, dump: Path, *, force: bool) -> None:
    if database.engine == "sqlite":
        source = sqlite3.connect(dump)
        try:
            (verdict,) = source.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise BackupError(f"备份中的 SQLite 数据库检查未通过：{verdict}")
            with _sqlite(database) as target:
                source.backup(target, pages=-1)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"恢复 SQLite 数据库失败：{error}") from error
        finally:
            source.close()
        return
    args = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        *(["--clean", "--if-exists"] if force else []),
        f"--dbname={_pg_params(database)['dbname']}",
        str(dump),
    ]
    _run_pg_tool(args, database, "pg_restore 恢复数据库")
