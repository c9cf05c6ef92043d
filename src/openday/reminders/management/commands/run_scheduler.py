import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from openday.importers.pending import pending_sweep
from openday.participation.services.retention import purge_expired_personal_data
from openday.reminders.housekeeping import task_results_prune
from openday.reminders.jobs import run_due_jobs
from openday.reminders.services import deliveries_requeue


class Command(BaseCommand):
    help = (
        "运行此刻到期的定期任务（月初提醒、截止提醒、月末总结等），重复运行不会重复提醒；"
        "--loop 则每隔一段时间运行一次，不退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            help="按此时刻运行，格式 YYYY-MM-DD HH:MM（本地时间）；默认现在。",
        )
        parser.add_argument(
            "--through",
            help=(
                "与 --as-of 一起使用：从 --as-of 起每隔 --step-hours 小时运行一次，直到此时刻"
                "（含），用于演示和测试“时间走过一个月”。"
            ),
        )
        parser.add_argument(
            "--step-hours", type=int, default=24, help="--through 时的步长（小时），默认 24。"
        )
        parser.add_argument(
            "--loop", action="store_true", help="不退出，每隔 --interval 秒按当前时间运行一次。"
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="--loop 时两次运行的间隔（秒），默认 60。"
        )

    def handle(
        self, *args, as_of=None, through=None, step_hours=24, loop=False, interval=60, **options
    ):
        if as_of and loop:
            raise CommandError("--as-of 和 --loop 不能同时使用。")
        if interval < 1:
            raise CommandError("--interval 至少为 1 秒。")
        if through and not as_of:
            raise CommandError("--through 须与 --as-of 一起使用。")
        if step_hours < 1:
            raise CommandError("--step-hours 至少为 1。")
        if through:
            start, end = self.moment(as_of), self.moment(through, option="--through")
            if end < start:
                raise CommandError("--through 不能早于 --as-of。")
            moment = start
            while moment <= end:
                self.run_once(moment)
                moment += dt.timedelta(hours=step_hours)
            return
        if not loop:
            self.run_once(self.moment(as_of))
            return
        self.stdout.write(f"定期任务调度已启动，每 {interval} 秒运行一次；按 Ctrl+C 停止。")
        try:
            while True:
                close_old_connections()
                self.run_once(timezone.localtime(), quiet=True)
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("定期任务调度已停止。")

    def moment(self, as_of: str | None, *, option: str = "--as-of") -> dt.datetime:
        if not as_of:
            return timezone.localtime()
        try:
            moment = dt.datetime.strptime(as_of, "%Y-%m-%d %H:%M")  # noqa: DTZ007
        except ValueError as error:
            raise CommandError(
                f"{option} 的格式应为 YYYY-MM-DD HH:MM，例如 2023-06-01 08:00；收到“{as_of}”。"
            ) from error
        return timezone.make_aware(moment)

    def run_once(self, moment: dt.datetime, *, quiet: bool = False) -> None:
        queued = run_due_jobs(moment)
        for item in queued:
            notification = item.notification
            self.stdout.write(
                f"{item.job}\t{notification.recipient.get_username()}\t{notification.occasion}"
                f"\t{notification.title}"
            )
        # Due retries and deliveries of killed workers go back in the queue by the real clock.
        requeued = deliveries_requeue()
        # Housekeeping by the real clock too: plan uploads never confirmed.
        swept = pending_sweep(now=timezone.now())
        pruned = task_results_prune(now=timezone.now())
        # Personal data of sign-ups and opinions past their campaign's retention.
        purged = purge_expired_personal_data(timezone.localdate())
        blanked = purged.signups + purged.opinions
        if quiet and not queued and not requeued and not swept and not pruned and not blanked:
            return
        summary = f"{moment:%Y-%m-%d %H:%M}：新排队 {len(queued)} 条提醒。"
        if requeued:
            summary += f"重新排队 {requeued} 条待重试的发送。"
        if swept:
            summary += f"清理 {swept} 个超过一天未确认的计划表上传文件。"
        if pruned:
            summary += f"清理 {pruned} 条过期的后台任务记录。"
        if blanked:
            summary += (
                f"删除保留期满的个人信息：报名 {purged.signups} 条、留言 {purged.opinions} 条。"
            )
        self.stdout.write(summary)
