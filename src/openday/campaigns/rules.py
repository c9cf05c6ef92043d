"""What a campaign's rules may be, and who hears when they change.

- ``rule_problems``: every bad value among the rules given, each as a ``DomainError`` naming its
  field (a count out of range, a non-number, a banner template with an unknown placeholder).
  ``campaign_set_rules`` refuses them all at once with ``RulesInvalid``.
- ``on_rules_changed``: deadlines are computed from the rules but are not this app's. Apps that
  store them register here (from their ``AppConfig.ready``) and are called in the transaction
  that changes the rules, with the campaign and the names of the rules that changed.
"""

import datetime as dt
import string
from collections.abc import Callable

from openday.campaigns.enums import FormKind
from openday.campaigns.models import REMIND_BEFORE_MAX, REMIND_BEFORE_MESSAGE, Campaign
from openday.core.errors import DomainError, DomainErrors

RulesListener = Callable[[Campaign, set[str]], int | None]

_listeners: list[RulesListener] = []


def on_rules_changed(listener: RulesListener) -> None:
    """Call ``listener(campaign, changed_rule_names)`` whenever a campaign's rules change, in
    the same transaction (its failure undoes the change). It may return how many things it
    moved, which the audit entry tells."""
    if listener not in _listeners:
        _listeners.append(listener)


def rules_changed(campaign: Campaign, changed: set[str]) -> int:
    return sum(listener(campaign, set(changed)) or 0 for listener in _listeners)


class RulesInvalid(DomainErrors):
    """Several bad rule values at once; ``errors`` keeps each with its rule's field."""


# Each counted rule: the least and the most it may be, and how messages name it.
DAY_RULE_MAX = 60
RULE_LIMITS = {
    "filing_lead_days": (0, DAY_RULE_MAX, "方案报备提前天数"),
    "report_due_days": (0, DAY_RULE_MAX, "材料报送期限天数"),
    "publicity_due_days": (0, DAY_RULE_MAX, "媒体宣传期限天数"),
    "hold_confirm_days": (0, DAY_RULE_MAX, "确认开展期限天数"),
    "min_staff": (1, 500, "现场工作人员最少人数"),
    "declaration_themes_per_unit": (1, 20, "每单位申报主题数"),
}
BANNER_PLACEHOLDERS = {"unit": "单位名称", "year": "年度", "theme": "活动主题"}
BANNER_MAX, BANNER_MAX_LENGTH = 5, 100
SITE_REQUIREMENTS_MAX_LENGTH = 1000
CATEGORIES_MAX, CATEGORY_MAX_LENGTH = 30, 20
FLAGS = (
    "filing_lead_working",
    "report_due_working",
    "publicity_due_working",
    "hold_confirm_working",
    "notice_review_required",
)


def _is_int(value) -> bool:
    # bool is an int to Python, but "True days" is a caller's mistake.
    return type(value) is int


def _placeholders() -> str:
    return "、".join(f"{{{name}}}（{words}）" for name, words in BANNER_PLACEHOLDERS.items())


def banner_problem(template: str) -> str | None:
    """What is wrong with a banner template ("{unit}{year}年“政务公开主题日”活动"), or None."""
    if len(template) > BANNER_MAX_LENGTH:
        return f"每种会标不超过 {BANNER_MAX_LENGTH} 字。"
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return f"会标“{template}”中的花括号不成对；可用的占位符只有 {_placeholders()}。"
    for _text, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in BANNER_PLACEHOLDERS or spec or conversion:
            return (
                f"会标“{template}”中的 {{{name}}} 不是可用的占位符；可用的只有 {_placeholders()}。"
            )
    return None


def _text_list(value, *, most: int, longest: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) <= most
        and all(isinstance(item, str) and len(item) <= longest for item in value)
    )


def _banner_problems(templates) -> list[DomainError]:
    if not isinstance(templates, list) or not all(isinstance(t, str) for t in templates):
        return [DomainError("会标模板应为文字。", field="banner_templates")]
    if len(templates) > BANNER_MAX:
        return [DomainError(f"会标最多 {BANNER_MAX} 种。", field="banner_templates")]
    problems = dict.fromkeys(filter(None, map(banner_problem, templates)))
    return [DomainError(problem, field="banner_templates") for problem in problems]


def rule_problems(campaign: Campaign, rules: dict) -> list[DomainError]:
    """Every bad value in ``rules`` (a subset of the rule fields), in the page's order."""
    problems = []
    for name, (low, high, words) in RULE_LIMITS.items():
        value = rules.get(name)
        if value is not None and (not _is_int(value) or not low <= value <= high):
            problems.append(DomainError(f"{words}应为 {low} 到 {high} 之间的整数。", field=name))
    if "remind_before_workdays" in rules:
        lead = rules["remind_before_workdays"]
        if not _is_int(lead) or not 0 <= lead <= REMIND_BEFORE_MAX:
            problems.append(DomainError(REMIND_BEFORE_MESSAGE, field="remind_before_workdays"))
    problems += [
        DomainError("请选择“是”或“否”。", field=name)
        for name in FLAGS
        if name in rules and not isinstance(rules[name], bool)
    ]
    if "banner_templates" in rules:
        problems += _banner_problems(rules["banner_templates"])
    site = rules.get("site_requirements")
    if site is not None and (not isinstance(site, str) or len(site) > SITE_REQUIREMENTS_MAX_LENGTH):
        message = f"现场标识要求不超过 {SITE_REQUIREMENTS_MAX_LENGTH} 字。"
        problems.append(DomainError(message, field="site_requirements"))
    kinds = rules.get("declaration_required_kinds")
    if kinds is not None and not (
        isinstance(kinds, list) and all(kind in FormKind.values for kind in kinds)
    ):
        message = "申报必含形式只能从活动形式类别中选择。"
        problems.append(DomainError(message, field="declaration_required_kinds"))
    due = rules.get("declaration_due_on")
    if due is not None and (not isinstance(due, dt.date) or due.year != campaign.year):
        problems.append(DomainError("申报截止日期应在活动年度内。", field="declaration_due_on"))
    categories = rules.get("declaration_categories")
    if categories is not None and not _text_list(
        categories, most=CATEGORIES_MAX, longest=CATEGORY_MAX_LENGTH
    ):
        message = f"主题类别最多 {CATEGORIES_MAX} 个，每个不超过 {CATEGORY_MAX_LENGTH} 字。"
        problems.append(DomainError(message, field="declaration_categories"))
    return problems
