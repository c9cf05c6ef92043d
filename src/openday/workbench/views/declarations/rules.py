"""What the declaration pages say about a campaign's rules for declaring."""

from openday.campaigns.enums import FormKind
from openday.campaigns.models import Campaign
from openday.core.formats import date_label
from openday.declarations.services.shared import campaign_rules


def rule_lines(campaign: Campaign, window) -> list[tuple[str, str]]:
    """What the liaison must know before filling the form, in the notice's terms."""
    rules = campaign_rules(campaign)
    lines = []
    if window:
        lines.append(("截止日期", f"{date_label(window.closes_on)}（当天仍可提交）"))
    if rules and rules.declaration_themes_per_unit:
        lines.append(("主题数量", f"每单位 {rules.declaration_themes_per_unit} 个"))
    if rules and rules.declaration_required_kinds:
        kinds = "或".join(FormKind(k).label for k in rules.declaration_required_kinds)
        lines.append(("活动形式", f"至少一个主题为{kinds}"))
    if rules and rules.declaration_categories:
        lines.append(("主题类别", "、".join(rules.declaration_categories)))
    if window and window.requires_stamp:
        lines.append(("盖章申报表", "须上传加盖填报单位公章的申报表扫描件"))
    return lines
