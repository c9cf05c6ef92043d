"""The shape of a generated province: its numbers, states and the path to each, the rules,
and each plan row's fate (``_Plan``)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps

from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.lifecycle import HELD_STATES as LIFECYCLE_HELD_STATES
from openday.campaigns.enums import FormKind

S = ActivityState
BATCH = 2000
COUNTIES_PER_CITY = 10
UNITS_PER_ACTIVITIES = 4  # one unit per four plan rows (25 for 100)
STREET_EVERY = 5  # one unit in five is a street
JOINT_EVERY = 10  # one row in ten is hosted by two units: the lead and a part
# Shares of the answers: sign-ups, opinions, and with questionnaires their answers (the rest).
SHARES = {False: (0.7, 0.3), True: (0.35, 0.15)}
# The questionnaire of each campaign when participation has them: (kind, text, choices).
QUESTIONS = [
    ("single", "您是通过什么渠道了解到本次活动的？", ["政府网站", "微信公众号", "社区通知"]),
    ("multiple", "您最关心哪些政策？", ["社保", "就业", "医疗", "教育"]),
    ("rating", "您对本次活动的总体评价", []),
    ("text", "您还有什么意见和建议？", []),
]

# Every state, in turn: row k of a campaign is in STATES[k % 10].
STATES = [
    S.PLANNED,
    S.SCHEDULED,
    S.FILED,
    S.ANNOUNCED,
    S.HELD,
    S.REPORTED,
    S.ACCEPTED,
    S.PUBLISHED,
    S.POSTPONED,
    S.CANCELLED,
]
HELD_STATES = frozenset(LIFECYCLE_HELD_STATES)
REPORTED_STATES = frozenset({S.REPORTED, S.ACCEPTED, S.PUBLISHED})
NOTICE_STATES = frozenset({S.ANNOUNCED, *HELD_STATES})
FILED_STATES = frozenset({S.FILED, S.POSTPONED, *NOTICE_STATES})
# The transitions that brought a row to its state, in order.
PATHS = {
    S.PLANNED: [],
    S.SCHEDULED: [(S.PLANNED, S.SCHEDULED, "schedule")],
    S.FILED: [(S.PLANNED, S.SCHEDULED, "schedule"), (S.SCHEDULED, S.FILED, "file")],
    S.ANNOUNCED: [
        (S.PLANNED, S.SCHEDULED, "schedule"),
        (S.SCHEDULED, S.FILED, "file"),
        (S.FILED, S.ANNOUNCED, "announce"),
    ],
    S.POSTPONED: [
        (S.PLANNED, S.SCHEDULED, "schedule"),
        (S.SCHEDULED, S.FILED, "file"),
        (S.FILED, S.POSTPONED, "postpone"),
    ],
    S.CANCELLED: [(S.PLANNED, S.SCHEDULED, "schedule"), (S.SCHEDULED, S.CANCELLED, "cancel")],
}
PATHS[S.HELD] = [*PATHS[S.ANNOUNCED], (S.ANNOUNCED, S.HELD, "hold")]
PATHS[S.REPORTED] = [*PATHS[S.HELD], (S.HELD, S.REPORTED, "report")]
PATHS[S.ACCEPTED] = [*PATHS[S.REPORTED], (S.REPORTED, S.ACCEPTED, "accept")]
PATHS[S.PUBLISHED] = [*PATHS[S.ACCEPTED], (S.ACCEPTED, S.PUBLISHED, "publish")]

FORMS = [
    ("实地调研", FormKind.FIELD_RESEARCH),
    ("现场观摩", FormKind.SITE_VISIT),
    ("座谈交流", FormKind.DISCUSSION),
    ("政策宣讲", FormKind.PUBLICITY),
]
THEMES = ["社保政策", "就业服务", "医保惠民", "教育招生", "安全生产", "营商环境", "乡村振兴"]
RULES = {
    "filing_lead_days": 5,
    "filing_lead_working": True,
    "report_due_days": 5,
    "report_due_working": True,
    "publicity_due_days": 3,
    "publicity_due_working": False,
    "hold_confirm_days": 1,
    "hold_confirm_working": True,
    "min_staff": 3,
    "banner_templates": ["{unit}{year}年政务公开主题日活动"],
}
# (kind, days, working, base): the rules above as ``activities.deadlines`` reads them.
DEADLINE_RULES = [
    (DeadlineKind.FILING, -5, True, "scheduled_on"),
    (DeadlineKind.HOLD, 1, True, "scheduled_on"),
    (DeadlineKind.REPORT, 5, True, "held_on"),
    (DeadlineKind.PUBLICITY, 3, False, "held_on"),
]


@dataclass(frozen=True)
class ProvinceSpec:
    slug: str = "province"
    name: str = "基准省"
    regions: int = 130
    years: int = 5
    activities: int = 100  # plan rows per campaign
    answers: int = 1_000_000  # participation rows over all campaigns
    seed: int = 1
    today: dt.date | None = None  # the running year's "today"; the local date by default


@dataclass
class ProvinceSummary:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    questionnaire: bool = False

    def lines(self) -> list[str]:
        return [f"  {name:<22} {count:>10,}" for name, count in self.counts.items()]


QUESTIONNAIRE_MODELS = ("Questionnaire", "Question", "Choice", "QuestionnaireAnswer", "AnswerItem")


def questionnaire_models() -> dict | None:
    """participation's questionnaire models by name when that app has them, else None (the
    generator then leaves questionnaires out)."""
    try:
        return {name: apps.get_model("participation", name) for name in QUESTIONNAIRE_MODELS}
    except LookupError:
        return None
