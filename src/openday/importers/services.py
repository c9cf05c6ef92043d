"""Apply a parsed plan to a campaign: match units, map forms, replace the plan — all or nothing.

- ``plan_import``: read a plan document and make it the campaign's plan.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from openday.activities.services import HostInput, PlanChange, PlanRowInput, plan_replace
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_plan_layout, campaign_vocabulary
from openday.campaigns.titles import years_named
from openday.importers.parse import ParsedPlan, parse_plan_file
from openday.orgs.names import group_of
from openday.orgs.services import UnitResolver


@dataclass
class ImportResult:
    plan: ParsedPlan
    change: PlanChange | None = None
    new_units: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return self.plan.warnings

    def summary(self) -> str:
        if self.change is None:
            return f"预览：{len(self.plan.rows)} 条计划，未保存。"
        c = self.change
        return (
            f"已导入 {len(self.plan.rows)} 条计划：新增 {len(c.created)}，更新 {len(c.updated)}，"
            f"未变 {len(c.unchanged)}，删除 {len(c.deleted)}；新建单位 {len(self.new_units)} 个。"
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


def plan_import(*, actor=None, campaign: Campaign, path: Path | str) -> ImportResult:
    """Parse ``path`` and make it ``campaign``'s plan. Raises ``PlanFileError``/``DomainError``."""
    vocabulary = campaign_vocabulary(campaign)
    plan = parse_plan_file(path, vocabulary=vocabulary, max_bytes=settings.IMPORT_MAX_BYTES)
    plan.warnings.extend(year_warnings(plan, campaign))
    result = ImportResult(plan=plan)
    with transaction.atomic():
        resolver = UnitResolver(campaign.region)
        rows = []
        for row in plan.rows:
            hosts = []
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
                )
            )
        # A blank declaration form says nothing about the plan's own layout.
        if plan.columns and not plan.declaration_form:
            campaign_set_plan_layout(
                campaign=campaign, columns=plan.columns, plan_title=plan.table_title
            )
        result.change = plan_replace(
            actor=actor, campaign=campaign, rows=rows, source=f"导入 {Path(path).name}"
        )
    return result
