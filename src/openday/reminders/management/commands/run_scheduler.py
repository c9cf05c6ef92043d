import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openday.reminders.jobs import run_due_jobs


class Command(BaseCommand):
    help = "运行此刻到期的定期任务（月初提醒等），重复运行不会重复提醒。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            help="按此时刻运行，格式 YYYY-MM-DD HH:MM（本地时间）；默认现在。",
        )

    def handle(self, *args, as_of=None, **options):
        if as_of:
            try:
                moment = dt.datetime.strptime(as_of, "%Y-%m-%d %H:%M")  # noqa: DTZ007
            except ValueError as error:
                raise CommandError("--as-of 的格式应为 YYYY-MM-DD HH:MM。") from error
            moment = timezone.make_aware(moment)
        else:
            moment = timezone.localtime()
        queued = run_due_jobs(moment)
        for item in queued:
            notification = item.notification
            self.stdout.write(
                f"{item.job}\t{notification.recipient.get_username()}\t{notification.occasion}"
                f"\t{notification.title}"
            )
        self.stdout.write(f"{moment:%Y-%m-%d %H:%M}：新排队 {len(queued)} 条提醒。")
