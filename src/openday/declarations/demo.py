"""湘江新区's declarations for the demo: the window open until 3月31日 and four units' 申报表 —
accepted, waiting for review, returned with the office's comment, still a draft — so every step
of the phase shows. The returned one can be corrected and handed in again today (the deadline
does not hold a declaration the office sent back); the draft shows the deadline refusing.

``load_demo_declarations`` runs any number of times: what exists is left alone.
"""

import datetime as dt

from django.db import transaction

from openday.activities.models import Activity
from openday.campaigns.enums import DEFAULT_PLAN_COLUMNS
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_plan_layout, campaign_update
from openday.declarations.models import Declaration, DeclarationWindow
from openday.declarations.services import (
    ItemInput,
    declaration_accept,
    declaration_return,
    declaration_save,
    declaration_submit,
    declaration_window_open,
)
from openday.orgs.models import Unit
from openday.orgs.services import unit_create

CAMPAIGN = "xiangjiang-2023"
DUE = dt.date(2023, 3, 31)
# The day the demo's declarations were handed in: before the deadline, in the campaign year.
SUBMITTED_ON = dt.date(2023, 3, 28)

# (unit, state wanted, contact, phone, items, the office's comment)
DECLARATIONS = [
    (
        "新区经济发展局",
        "accepted",
        "周敏",
        "0731-88990011",
        [
            ItemInput(
                title="重点产业项目建设现场调研",
                month_start=5,
                month_end=5,
                form_text="实地调研",
                brief="邀请人大代表、政协委员、新闻媒体走进重点产业项目建设现场，"
                "了解项目进展，听取意见建议。",
                category="经济发展",
            ),
            ItemInput(
                title="惠企政策发布解读会",
                month_start=7,
                month_end=7,
                form_text="政策发布",
                brief="发布新区年度惠企政策，现场解读申报条件和流程，回应企业关切。",
                category="营商环境",
            ),
        ],
        "主题明确，同意。",
    ),
    (
        "新区行政审批服务局",
        "submitted",
        "李娟",
        "0731-88999337",
        [
            ItemInput(
                title="“一件事一次办”政务服务现场观摩",
                month_start=6,
                month_end=6,
                form_text="现场观摩",
                brief="邀请市民群众、企业代表到政务服务中心现场体验“一件事一次办”，"
                "展示办事流程和服务举措。",
                category="政务服务",
            ),
            ItemInput(
                title="政务服务满意度问卷调查",
                month_start=9,
                month_end=10,
                form_text="问卷调查",
                brief="面向办事企业和群众开展线上线下问卷调查，掌握服务短板和群众诉求。",
                category="政务服务",
            ),
        ],
        "",
    ),
    (
        "新区社会事业局",
        "returned",
        "王磊",
        "0731-88991234",
        [
            ItemInput(
                title="民生实事项目座谈交流会",
                month_start=8,
                month_end=8,
                form_text="座谈交流",
                brief="邀请人大代表、政协委员和群众代表座谈，通报民生实事项目进展。",
                category="民生福祉",
            ),
            ItemInput(
                title="社区养老服务现场观摩",
                month_start=10,
                month_end=10,
                form_text="现场观摩",
                brief="观摩社区养老服务。",
                category="民生福祉",
            ),
        ],
        "第 2 项请写明观摩地点、邀请对象和活动流程后重新提交。",
    ),
    (
        "坪塘街道办事处",
        "draft",
        "刘洋",
        "",
        [
            ItemInput(
                title="老旧小区改造实地调研",
                month_start=9,
                month_end=9,
                form_text="实地调研",
                brief="",
                category="城市品质",
            ),
        ],
        "",
    ),
]


def load_demo_declarations() -> list[str]:
    """Open 湘江新区's window and fill the sample declarations; returns one line per change."""
    campaign = Campaign.objects.filter(slug=CAMPAIGN).select_related("region").first()
    if campaign is None:
        return []
    lines = []
    with transaction.atomic():
        if not DeclarationWindow.objects.filter(campaign=campaign).exists():
            declaration_window_open(
                actor=None,
                campaign=campaign,
                closes_on=DUE,
                note="请各单位确定 2 个活动主题（其中一个为“实地调研”或“现场观摩”），"
                "于 3 月 31 日前在工作台填报。",
            )
            lines.append(f"{CAMPAIGN}: 已开放主题申报，截止 {DUE:%Y-%m-%d}")
        _plain_plan_layout(campaign)
        for name, state, contact, phone, items, comment in DECLARATIONS:
            unit = Unit.objects.filter(region=campaign.region, name=name).first()
            if unit is None:
                unit = unit_create(region=campaign.region, name=name)
            if Declaration.objects.filter(campaign=campaign, unit=unit).exists():
                continue
            declaration = declaration_save(
                actor=None,
                campaign=campaign,
                unit=unit,
                contact_person=contact,
                phone=phone,
                items=items,
            )
            if state != "draft":
                declaration_submit(actor=None, declaration=declaration, today=SUBMITTED_ON)
            if state == "accepted":
                declaration_accept(actor=None, declaration=declaration, comment=comment)
            if state == "returned":
                declaration_return(actor=None, declaration=declaration, comment=comment)
            lines.append(f"{CAMPAIGN}: {name}的主题申报（{declaration.get_state_display()}）")
    return lines


def _plain_plan_layout(campaign: Campaign) -> None:
    """The notice's only table is the blank 申报表, which the plan import takes for the plan's
    layout and title; the plan the office compiles is the ordinary 计划表. Only while there is
    no plan yet, so an office's own layout is never touched."""
    if Activity.objects.filter(campaign=campaign).exists():
        return
    if campaign.plan_title.endswith("申报表"):
        campaign_update(campaign=campaign, plan_title="")
    if campaign.plan_columns and campaign.plan_columns != DEFAULT_PLAN_COLUMNS:
        campaign_set_plan_layout(campaign=campaign, columns=DEFAULT_PLAN_COLUMNS)
