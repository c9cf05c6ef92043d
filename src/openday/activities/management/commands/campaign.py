"""``openday campaign publish|close|copy``: the year's moves from the command line.

- ``openday campaign publish SLUG``: the plan goes public (a plan with rows is enough).
- ``openday campaign close SLUG [--on DATE] [--cancel SEQ ...|--cancel-all] [--reason TEXT]
  [--dry-run]``: the year ends. The unfinished activities are printed; those named by
  ``--cancel`` (or every one not held, with ``--cancel-all``) are cancelled with ``--reason``,
  the others are kept (one never held then reads 未开展). ``--dry-run`` only lists them.
- ``openday campaign copy SLUG --year YYYY [--slug NEW]``: next year's campaign from this one.
- ``openday campaign refresh SLUG``: data older than this version brought up to date — joint
  rows get their parts, activities the deadlines their rules give them now (确认开展).

Each prints one summary line and exits non-zero with a Chinese message when refused.
"""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from openday.activities.lifecycle import NOT_HELD_STATES, state_label
from openday.activities.selectors import unfinished_activities
from openday.activities.services import campaign_close, campaign_publish, campaign_refresh
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_copy
from openday.core.errors import DomainError
from openday.core.formats import date_label

USAGE = (
    "用法：openday campaign publish 标识；"
    "openday campaign close 标识 [--on 日期] [--cancel 序号 ...|--cancel-all] [--reason 原因]；"
    "openday campaign copy 标识 --year 年度 [--slug 新标识]；"
    "openday campaign refresh 标识"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(text: str) -> dt.date:
    try:
        if not _DATE.fullmatch(text.strip()):
            raise ValueError(text)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD，如 2026-12-31。") from None


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise CommandError(f"年度“{text}”无效，应为四位数字，如 2027。")
    return int(text)


def _seqs(values: list[str]) -> list[int]:
    seqs = []
    for value in values:
        for part in re.split(r"[,，\s]+", value.strip()):
            if not part:
                continue
            if not part.isdigit():
                raise CommandError(f"序号“{part}”无效，应为整数。")
            seqs.append(int(part))
    return seqs


class Command(BaseCommand):
    help = "年度活动的流转：发布计划、结束本年度、复制为新年度、按新版本更新"

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so every message is Chinese.
        parser.add_argument("values", nargs="*", metavar="publish|close|copy|refresh 标识")
        parser.add_argument("--on", help="close：结束日期（默认今天）")
        parser.add_argument(
            "--cancel", action="append", default=[], help="close：要取消的未开展活动序号"
        )
        parser.add_argument(
            "--cancel-all", action="store_true", help="close：取消全部尚未开展的活动"
        )
        parser.add_argument("--reason", default="", help="close：取消原因")
        parser.add_argument("--dry-run", action="store_true", help="close：只列出未完成的活动")
        parser.add_argument("--year", help="copy：新年度")
        parser.add_argument("--slug", default="", help="copy：新年度活动的标识")

    def handle(self, *, values, **options):
        if len(values) != 2 or values[0] not in {"publish", "close", "copy", "refresh"}:
            raise CommandError(USAGE)
        action, slug = values
        campaign = Campaign.objects.select_related("region").filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"没有标识为“{slug}”的年度活动。")
        try:
            getattr(self, f"_{action}")(campaign, **options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _publish(self, campaign: Campaign, **options) -> None:
        campaign_publish(actor=None, campaign=campaign)
        count = campaign.activities.rows().count()
        column = reverse("portal:campaign-column", args=[campaign.slug])
        self.stdout.write(
            f"已发布{campaign.region.name}{campaign.year}年活动计划：{count} 项活动，专栏 {column}"
        )

    def _refresh(self, campaign: Campaign, **options) -> None:
        counts = campaign_refresh(actor=None, campaign=campaign)
        self.stdout.write(
            f"{campaign.slug}：新增联合开展分项 {counts['parts']} 个，"
            f"新增或调整办理期限 {counts['deadlines']} 项。"
        )

    def _copy(self, campaign: Campaign, *, year, slug, **options) -> None:
        if not year:
            raise CommandError("请用 --year 指定新年度，如 --year 2027。")
        new = campaign_copy(actor=None, source=campaign, year=_year(year), slug=slug)
        self.stdout.write(
            f"已由 {campaign.slug} 复制出 {new.slug}（{new.region.name}{new.year}年，筹备阶段）："
            f"活动形式 {new.forms.count()} 种，规则{'已' if hasattr(new, 'rules') else '未'}复制，"
            f"LOGO{'已复制' if new.logo else '无'}；计划表请另行导入。"
        )

    def _close(
        self, campaign: Campaign, *, on, cancel, cancel_all, reason, dry_run, **options
    ) -> None:
        closing_on = _date(on) if on else timezone.localdate()
        unfinished = list(unfinished_activities(campaign))
        seqs = _seqs(cancel)
        if cancel_all and seqs:
            raise CommandError("--cancel 与 --cancel-all 只能选一个。")
        if cancel_all:
            seqs = sorted({a.seq for a in unfinished if a.state in NOT_HELD_STATES})
        if seqs and not reason.strip():
            raise CommandError("取消活动须用 --reason 写明原因。")
        chosen = set(seqs)
        lines = []
        for activity in unfinished:
            hosts = "、".join(host.text for host in activity.hosts.all())
            if activity.seq in chosen and activity.state in NOT_HELD_STATES:
                fate = "取消"
            else:
                fate = f"保留为“{state_label(activity.state, year_closed=True)}”"
            lines.append(
                f"  {activity.ref}. {activity.title}（{hosts or '—'}，"
                f"{activity.get_state_display()}）→ {fate}"
            )
        if dry_run:
            self.stdout.write("\n".join([*lines, ""]), ending="")
            self.stdout.write(
                f"预览：{campaign.region.name}{campaign.year}年度有 {len(unfinished)} 项"
                "未完成的活动，未结束。"
            )
            return
        # Refused (a draft, a year closed already, a bad decision): one line, no listing.
        campaign_close(
            actor=None,
            campaign=campaign,
            on=closing_on,
            cancel=dict.fromkeys(seqs, reason),
        )
        self.stdout.write("\n".join([*lines, ""]), ending="")
        cancelled = sum(a.seq in chosen and a.state in NOT_HELD_STATES for a in unfinished)
        kept = len(unfinished) - cancelled
        self.stdout.write(
            f"{campaign.region.name}{campaign.year}年度已于{date_label(closing_on)}结束："
            f"取消 {cancelled} 项，保留 {kept} 项未完成的活动；统计数据已固定。"
        )
