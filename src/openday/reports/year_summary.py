"""The year-end summary (年度工作总结): a draft written from the dashboard's figures
(``dashboard.campaign_dashboard``, so the numbers are the dashboard's), which the office edits
in the browser, and its text cut into the sections the GB/T 9704 renderer lays out.

Events, not hosts, as on the dashboard: a joint row's part held on its own counts as an event
of its own, one held with its lead does not. The typical experiences are counted by the
caller (the assessment app) and passed in, since reports does not read the assessment.
"""

import re
from dataclasses import dataclass

from openday.campaigns.models import Campaign
from openday.core.text import strip_controls
from openday.reports.dashboard import Dashboard
from openday.reports.renderers.briefing import Section

_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class SummaryDraft:
    title: str
    body: str


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def summary_title(campaign: Campaign) -> str:
    return f"{campaign.region.name}{campaign.year}年政务公开“政务公开主题日”活动工作总结"


def draft_summary(
    dashboard: Dashboard, *, office: str, experiences: dict[str, int] | None = None
) -> SummaryDraft:
    """The draft of ``dashboard``'s campaign: totals, held and published, on-time rates,
    coverage, media, participation, joint rows and typical experiences, one section each."""
    campaign = dashboard.campaign
    totals = dashboard.totals
    planned, held = totals["planned"], totals["held"]
    lines = [
        "一、总体情况",
        (
            f"{campaign.year}年，{office}按照年度活动计划，组织各单位开展“政务公开主题日”活动。"
            f"全年计划开展活动 {planned} 场，已开展 {held} 场"
            f"（开展率 {_percent(dashboard.tables['months'].total[-1])}），"
            f"已报送活动材料 {totals['reported']} 场，已在公开专栏发布活动报道 "
            f"{totals['published']} 场；取消 {totals['cancelled']} 场。"
        ),
    ]
    if totals.get("parts"):
        lines.append(
            f"联合开展的活动中，各承办单位分别开展的分项 {totals['parts']} 项，"
            f"已开展 {totals['parts_held']} 项，均按场次计入上述总数。"
        )
    lines.append("二、按期完成情况")
    rates = [
        f"{row['label']}按期完成率 {_percent(row['rate'])}"
        f"（按期 {row['on_time']} 项，逾期完成 {row['late']} 项，逾期未完成 {row['overdue']} 项）"
        for row in dashboard.deadline_rates
        if row["counted"]
    ]
    lines.append(("；".join(rates) + "。") if rates else "本年度暂无到期的办理事项。")
    groups = [f"{label} {count} 人" for label, count in dashboard.tables["coverage"].rows if count]
    lines += [
        "三、活动覆盖和宣传情况",
        f"各场活动共覆盖群众 {totals['headcount']} 人"
        + (f"，其中{'、'.join(groups)}" if groups else "")
        + f"。媒体宣传报道 {totals['media']} 篇，涉及媒体 {totals['outlets']} 家。",
    ]
    part = dashboard.participation
    answers = part.get("answers")
    lines += [
        "四、公众参与情况",
        f"公众在线报名 {part['signups']} 条，报名成功 {part['people']} 人，现场签到 "
        f"{part['checked_in']} 人；"
        + (f"回收问卷 {answers} 份；" if answers is not None else "")
        + f"收到公众留言 {part['opinions']} 条，已回应 {part['replies']} 条。",
    ]
    experiences = experiences or {}
    lines += [
        "五、典型经验",
        f"本年度推荐典型经验 {experiences.get('recommended', 0)} 个，"
        f"其中被市级选用 {experiences.get('selected', 0)} 个。",
        "六、存在的问题和下一步打算",
        "（请结合本地区实际填写。）",
    ]
    return SummaryDraft(title=summary_title(campaign), body="\n".join(lines))


def summary_sections(body: str) -> list[Section]:
    """The edited text as sections: a line starting "一、" opens one, every other non-empty
    line is a paragraph (of the section before it, or of an untitled first one)."""
    sections: list[Section] = []
    for raw in strip_controls(body).splitlines():
        line = raw.strip()
        if not line:
            continue
        if _HEADING.match(line):
            sections.append(Section(heading=line))
        else:
            if not sections:
                sections.append(Section(heading=""))
            sections[-1].paragraphs.append(line)
    return sections
