from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务（django-tasks 数据库队列）；--burst 运行完已排队的任务后退出。"

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="运行完已排队的任务后退出。")
        parser.add_argument(
            "--queue-name", default="*", help="要处理的队列，逗号分隔；* 为全部（默认）。"
        )
        parser.add_argument(
            "--interval", type=float, default=1, help="队列为空时的轮询间隔（秒）。"
        )

    def handle(self, *args, burst=False, queue_name="*", interval=1, **options):
        worker_options = {
            "queue_name": queue_name,
            "interval": interval,
            "reload": False,
            "verbosity": options.get("verbosity", 1),
            "stdout": self.stdout,
            "stderr": self.stderr,
        }
        if burst:
            worker_options.update(batch=True, startup_delay=False)
        call_command("db_worker", **worker_options)
