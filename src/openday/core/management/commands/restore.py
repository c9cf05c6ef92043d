"""``openday restore FILE [--database-url URL] [--force]``: load a backup made by
``openday backup`` into an empty database and empty media folders.

The archive is checked in full first (names, types, sizes, SHA-256 of every file, the engine);
only then are the database and files written. Prints the rows of each table and the files
restored; exits non-zero with a Chinese message when refused.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openday.core.backup import BackupError, database_from, restore_archive, size_label


def _when(created_at: str) -> str:
    """The backup's time in local time, as the operator reads it."""
    try:
        moment = dt.datetime.fromisoformat(created_at)
    except ValueError:
        return created_at or "时间不明"
    if timezone.is_naive(moment):
        return created_at
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class Command(BaseCommand):
    help = (
        "从 openday backup 生成的备份恢复数据库和文件。目标数据库和 MEDIA_ROOT、"
        "PRIVATE_MEDIA_ROOT 须为空；恢复前请先停止网站和后台任务。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件（.tar.gz）")
        parser.add_argument(
            "--database-url",
            help="恢复到哪个数据库（DATABASE_URL 的写法）；默认为本程序配置的数据库。",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "目标不为空也恢复：SQLite 整库替换；PostgreSQL 先删除备份中包含的表再导入；"
                "同名文件被覆盖，其他文件保留。"
            ),
        )

    def handle(self, *args, **options):
        try:
            database = database_from(options["database_url"])
            result = restore_archive(
                archive=options["archive"], database=database, force=options["force"]
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        width = max((len(table) for table, _rows in result.tables), default=0)
        for table, rows in result.tables:
            self.stdout.write(f"  {table.ljust(width)}  {rows}")
        total = sum(rows for _table, rows in result.tables)
        self.stdout.write(
            f"已恢复：{_when(result.created_at)} 的备份（openday {result.openday_version}，"
            f"{database.label}）；{len(result.tables)} 张表共 {total} 行，"
            f"{result.files} 个文件（{size_label(result.file_bytes)}），SHA-256 均已校验。"
        )
