from django.core.management.base import BaseCommand

from openday.demo.data import DEMO_PASSWORD
from openday.demo.loader import load_demo


class Command(BaseCommand):
    help = "载入演示数据：五个地区的活动方案、计划表和演示账号（可重复运行）。"

    def handle(self, *args, **options):
        report = load_demo()
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}，仅供演示）：")
        for username, role, where in report.accounts:
            self.stdout.write(f"  {username:<20} {role:<12} {where}")
