"""``openday backup -o FILE [--database-url URL]``: the database and both media folders in one
``.tar.gz`` (see ``openday.core.backup``). Safe while the app runs; prints one summary line,
logs the result, exits non-zero with a Chinese message on failure."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openday.core.backup import BackupError, backup_create, database_from, size_label


class Command(BaseCommand):
    help = "备份数据库和上传的文件（MEDIA_ROOT、PRIVATE_MEDIA_ROOT）到一个 .tar.gz 文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", required=True, help="备份文件的路径，如 /var/backups/openday.tar.gz"
        )
        parser.add_argument(
            "--database-url",
            help="要备份的数据库（DATABASE_URL 的写法）；默认为本程序配置的数据库。",
        )

    def handle(self, *args, **options):
        try:
            database = database_from(options["database_url"])
            result = backup_create(output=options["output"], database=database, now=timezone.now())
        except BackupError as error:
            raise CommandError(error.message) from error
        line = (
            f"已备份：{database.label} 数据库（{size_label(result.database_bytes)}）和 "
            f"{result.files} 个文件（{size_label(result.file_bytes)}）→ {result.path}"
        )
        if result.skipped:
            line += f"；跳过 {len(result.skipped)} 个非普通文件或备份中被删除的文件（见日志）"
        self.stdout.write(line)
