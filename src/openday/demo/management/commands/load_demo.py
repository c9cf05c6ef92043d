import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from openday.demo.data import DEMO_PASSWORD
from openday.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "载入演示数据：五个地区的年度活动、计划表和演示账号，以及天心区本年度的年度活动"
        "（可重复运行）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="以该日期为“今天”安排本年度演示活动（默认今天）",
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(
                    f"--today 日期“{options['today']}”格式不正确，应为 YYYY-MM-DD。"
                ) from error
        report = load_demo(today)
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}，仅供演示）：")
        for username, role, where in report.accounts:
            self.stdout.write(f"  {username:<20} {role:<12} {where}")
