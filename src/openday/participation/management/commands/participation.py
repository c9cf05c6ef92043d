"""``openday participation purge [--dry-run] [--today YYYY-MM-DD]``: blank the personal data
(names, phones, emails) of sign-ups and opinions of every campaign closed longer than its
retention (default 180 days). One summary line; ``--dry-run`` only counts. Idempotent."""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openday.participation.services import purge_expired_personal_data

USAGE = "用法：openday participation purge [--dry-run] [--today YYYY-MM-DD]"


class Command(BaseCommand):
    help = "公众参与：删除超过保留期限的报名和留言个人信息（purge）"

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so every message is Chinese.
        parser.add_argument("values", nargs="*", metavar="purge")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")
        parser.add_argument("--today", help="按此日期计算保留期限（默认今天），YYYY-MM-DD")

    def handle(self, *args, values=(), dry_run=False, today=None, **options):
        if list(values) != ["purge"]:
            raise CommandError(USAGE)
        day = timezone.localdate()
        if today:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", today.strip()):
                raise CommandError(f"日期“{today}”无效，应为 YYYY-MM-DD，如 2026-12-31。")
            try:
                day = dt.date.fromisoformat(today.strip())
            except ValueError:
                raise CommandError(f"日期“{today}”无效，应为 YYYY-MM-DD，如 2026-12-31。") from None
        result = purge_expired_personal_data(day, dry_run=dry_run)
        for slug, signups, opinions in result.campaigns:
            self.stdout.write(f"{slug}\t报名 {signups}\t留言 {opinions}")
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(
            f"{verb} {len(result.campaigns)} 个年度活动中 {result.signups} 条报名、"
            f"{result.opinions} 条留言的个人信息（截至 {day.isoformat()}）。"
        )
