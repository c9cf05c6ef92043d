"""Apply a parsed plan to a campaign: match units, map forms, replace the plan — all or nothing.

- ``plan_import``: read a plan document and make it the campaign's plan. A row that names an
  exact day schedules its activity on it (``activity_schedule``, tentatively when marked
  暂定); a table without a unit column gives every row to the issuing body.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.activities.services import (
    HostInput,
    PlanChange,
    PlanRowInput,
    activity_schedule,
    plan_replace,
)
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_plan_layout, campaign_vocabulary
from openday.campaigns.titles import years_named
from openday.core.errors import DomainError
from openday.importers.parse import ParsedPlan, ParsedRow, parse_plan_file
from openday.orgs.names import group_of
from openday.orgs.selectors import office_name
from openday.orgs.services import UnitResolver


@dataclass
class ImportResult:
    plan: ParsedPlan
    change: PlanChange | None = None
    new_units: list[str] = field(default_factory=list)
    scheduled: list[int] = field(default_factory=list)  # 序号 of rows set for their day

    @property
    def warnings(self) -> list[str]:
        return self.plan.warnings

    def summary(self) -> str:
        if self.change is None:
            return f"预览：{len(self.plan.rows)} 条计划，未保存。"
        c = self.change
        return (
            f"已导入 {len(self.plan.rows)} 条计划：新增 {len(c.created)}，更新 {len(c.updated)}，"
            f"未变 {len(c.unchanged)}，删除 {len(c.deleted)}；新建单位 {len(self.new_units)} 个"
            + (f"；按计划表的日期定下 {len(self.scheduled)} 条" if self.scheduled else "")
            + "。"
        )


def year_warnings(plan: ParsedPlan, campaign: Campaign) -> list[str]:
    """A table whose title names another year than the campaign's: likely last year's file.
    The import goes on (the title follows the campaign), but the office is told."""
    other = [year for year in years_named(plan.table_title) if year != campaign.year]
    if not other:
        return []
    return [
        f"计划表标题“{plan.table_title}”写的是 {other[0]} 年，与年度活动的 {campaign.year} 年"
        f"不一致，请核对文件；标题按 {campaign.year} 年显示。"
    ]


def issuer_name(campaign: Campaign) -> str:
    """The body that issued the campaign: the notice's 发文机关, else the region's office."""
    if campaign.issuer.strip():
        return campaign.issuer.strip()
    return office_name(campaign.region)


def _other_year(plan: ParsedPlan, campaign: Campaign) -> list[str]:
    """Rows dated in another year than the campaign's keep their months only."""
    seqs = []
    for row in plan.rows:
        if row.date_start and row.date_start.year != campaign.year:
            seqs.append(row.seq)
            row.date_start = row.date_end = None
            row.exact = False
    if not seqs:
        return []
    shown = "、".join(map(str, seqs[:10]))
    return [f"第 {shown} 条的日期不在 {campaign.year} 年，只按月份导入，未定日期；请核对文件。"]


def plan_import(*, actor=None, campaign: Campaign, path: Path | str) -> ImportResult:
    """Parse ``path`` and make it ``campaign``'s plan. Raises ``PlanFileError``/``DomainError``."""
    vocabulary = campaign_vocabulary(campaign)
    plan = parse_plan_file(
        path, vocabulary=vocabulary, max_bytes=settings.IMPORT_MAX_BYTES, year=campaign.year
    )
    plan.warnings.extend(year_warnings(plan, campaign))
    plan.warnings.extend(_other_year(plan, campaign))
    result = ImportResult(plan=plan)
    with transaction.atomic():
        resolver = UnitResolver(campaign.region)
        issuer = None
        if not plan.has_units and plan.rows:
            name = issuer_name(campaign)
            match = resolver.resolve(name, actor=actor)
            if match.created:
                result.new_units.append(match.unit.name)
            issuer = HostInput(text=name, unit=match.unit)
            plan.warnings.append(f"各条活动的承办单位都按发文单位“{name}”导入。")
        rows = []
        for row in plan.rows:
            hosts = [issuer] if issuer else []
            for name in row.units:
                group = group_of(name)
                if group:
                    hosts.append(HostInput(text=name, group=group.value))
                    continue
                match = resolver.resolve(name, actor=actor)
                if match.created:
                    result.new_units.append(match.unit.name)
                    plan.warnings.append(
                        f"{row.where}：单位“{name}”不在{campaign.region.name}的单位名录中，已新建。"
                    )
                hosts.append(HostInput(text=name, unit=match.unit))
            forms = [(f.text, kind_of(f.text, vocabulary).value) for f in row.forms]
            rows.append(
                PlanRowInput(
                    seq=row.seq,
                    month_start=row.month_start,
                    month_end=row.month_end,
                    title=row.title,
                    forms=forms,
                    hosts=hosts,
                    brief=row.brief,
                    planned_start=row.date_start,
                    planned_end=row.date_end,
                    tentative=row.tentative,
                    venue=row.venue,
                    invitees=row.invitees,
                    expected_size=row.expected_size,
                    note=row.note,
                    extra=row.extra,
                )
            )
        # A blank declaration form says nothing about the plan's own layout.
        if plan.columns and not plan.declaration_form:
            campaign_set_plan_layout(
                campaign=campaign, columns=plan.plan_columns, plan_title=plan.table_title
            )
        result.change = plan_replace(
            actor=actor, campaign=campaign, rows=rows, source=f"导入 {Path(path).name}"
        )
        _schedule(actor, campaign, plan, result)
    return result


def _schedule(actor, campaign: Campaign, plan: ParsedPlan, result: ImportResult) -> None:
    """Set each activity whose row names an exact day for that day, through the lifecycle
    (its deadlines follow). One already under way keeps its own date; a difference is told."""
    dated = {row.seq: row for row in plan.rows if row.scheduled_on}
    if not dated:
        return
    activities = Activity.objects.rows().filter(campaign=campaign, seq__in=dated).order_by("seq")
    for activity in activities:
        row = dated[activity.seq]
        if activity.state != ActivityState.PLANNED:
            if activity.scheduled_on and activity.scheduled_on != row.scheduled_on:
                plan.warnings.append(
                    f"第 {row.seq} 条已定于 {activity.scheduled_on:%Y-%m-%d}，与计划表的"
                    f" {row.scheduled_on:%Y-%m-%d} 不同，未改动。"
                )
            continue
        try:
            activity_schedule(actor=actor, activity=activity, on=row.scheduled_on, venue=row.venue)
        except DomainError as exc:
            raise DomainError(f"{_label(row)}：{exc.message}") from exc
        result.scheduled.append(row.seq)


def _label(row: ParsedRow) -> str:
    return f"{row.where}（序号 {row.seq}）" if row.where else f"第 {row.seq} 条"
