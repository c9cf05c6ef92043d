"""Forms of campaign pages that belong to the campaign itself."""

import re

from django import forms

from openday.campaigns.enums import FormKind
from openday.campaigns.models import REMIND_BEFORE_MAX, REMIND_BEFORE_MESSAGE, CampaignRules
from openday.campaigns.rules import BANNER_PLACEHOLDERS, DAY_RULE_MAX, RULE_LIMITS
from openday.campaigns.services import YEAR_MAX, YEAR_MIN
from openday.core.forms import Form


class CampaignCopyForm(Form):
    """Next year's campaign from this one: its year and the slug of its URLs. The service
    checks the rest (a later year, no campaign of that year yet, a free slug)."""

    year = forms.IntegerField(
        label="新年度",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "required": "请填写新年度。",
            "invalid": "请填写四位数的年度，如 2027。",
            "min_value": "请填写四位数的年度，如 2027。",
            "max_value": "请填写四位数的年度，如 2027。",
        },
    )
    slug = forms.CharField(
        label="标识",
        max_length=60,
        required=False,
        help_text="用于网址，只能由字母、数字、连字符组成，如 tianxin-2027；留空则按原标识生成",
        error_messages={"max_length": "标识不能超过 60 个字符。"},
    )


# --- The campaign's rules (the rules page) ---------------------------------------------------

DAY_UNITS = [("working", "个工作日"), ("calendar", "天（自然日）")]
_LIST_SPLIT = re.compile(r"[\n、，,；;]+")


def split_items(text: str) -> list[str]:
    """ "a、b，a；c" → ["a", "b", "c"]: the parts between list separators, stripped, without
    empties or repeats."""
    return list(dict.fromkeys(part.strip() for part in _LIST_SPLIT.split(text) if part.strip()))


def split_lines(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# The rules' columns are small integers (PositiveSmallIntegerField): a number past that is
# refused here, in the service's words; any other range problem is the service's, which lists
# every bad rule at once.
COUNT_MAX = 32767


def _count(
    label: str, help_text: str, *, message: str, required: bool = False
) -> forms.IntegerField:
    """A count typed as text: here only "is it a whole number its column holds"."""
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        max_value=COUNT_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"请填写{label}。",
            "invalid": f"{label}应为整数。",
            "max_value": message,
        },
    )


def _rule_count(name: str, label: str) -> forms.IntegerField:
    low, high, words = RULE_LIMITS[name]
    return _count(
        label,
        f"{low} 到 {high}；留空表示通知没有规定",
        message=f"{words}应为 {low} 到 {high} 之间的整数。",
    )


class CampaignRulesForm(Form):
    """Every rule of ``CampaignRules``, named as the service names them (so a refused value
    comes back on its field); "N days" rules are a count and whether they are working days."""

    filing_lead_days = _rule_count("filing_lead_days", "方案报备：活动开展前")
    filing_lead_unit = forms.ChoiceField(label="方案报备按", choices=DAY_UNITS)
    report_due_days = _rule_count("report_due_days", "材料报送：活动结束后")
    report_due_unit = forms.ChoiceField(label="材料报送按", choices=DAY_UNITS)
    publicity_due_days = _rule_count("publicity_due_days", "媒体宣传：活动结束后")
    publicity_due_unit = forms.ChoiceField(label="媒体宣传按", choices=DAY_UNITS)
    hold_confirm_days = _rule_count("hold_confirm_days", "确认开展：活动日期后")
    # Not required: a form posted without it keeps counting working days (the default).
    hold_confirm_unit = forms.ChoiceField(label="确认开展按", choices=DAY_UNITS, required=False)
    remind_before_workdays = _count(
        "截止前几个工作日提醒",
        f"0 到 {REMIND_BEFORE_MAX}；0 表示截止当天提醒承办单位",
        message=REMIND_BEFORE_MESSAGE,
        required=True,
    )
    min_staff = _rule_count("min_staff", "现场工作人员不少于（人）")
    banner_templates = forms.CharField(
        label="会标",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "wide"}),
        help_text="每行一种会标；可用 "
        + "、".join(f"{{{name}}}（{words}）" for name, words in BANNER_PLACEHOLDERS.items()),
    )
    site_requirements = forms.CharField(
        label="现场标识要求",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "wide"}),
    )
    notice_review_required = forms.BooleanField(
        label="活动预告须经政务公开办审核后公开", required=False
    )
    declaration_themes_per_unit = _rule_count("declaration_themes_per_unit", "每单位申报主题数")
    declaration_required_kinds = forms.MultipleChoiceField(
        label="申报主题至少一个须为",
        choices=FormKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "申报必含形式只能从活动形式类别中选择。"},
    )
    declaration_due_on = forms.DateField(
        label="申报截止日期",
        required=False,
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "申报截止日期格式不正确，请按“2023-03-31”的格式填写。"},
    )
    declaration_categories = forms.CharField(
        label="主题类别",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "wide"}),
        help_text="用“、”或换行分隔；留空表示不分类别",
    )

    DAY_RULES = ("filing_lead", "report_due", "publicity_due", "hold_confirm")

    def __init__(self, *args, rules: CampaignRules | None, **kwargs):
        kwargs.setdefault("initial", self.initial_from(rules))
        super().__init__(*args, **kwargs)
        for name in self.DAY_RULES:
            self.fields[f"{name}_days"].widget.attrs.update(min=0, max=DAY_RULE_MAX)

    @classmethod
    def initial_from(cls, rules: CampaignRules | None) -> dict:
        if rules is None:
            return {
                "remind_before_workdays": 2,
                "notice_review_required": True,
                "hold_confirm_days": 1,
                "hold_confirm_unit": "working",
            }
        initial = {
            "remind_before_workdays": rules.remind_before_workdays,
            "min_staff": rules.min_staff,
            "banner_templates": "\n".join(rules.banner_templates),
            "site_requirements": rules.site_requirements,
            "notice_review_required": rules.notice_review_required,
            "declaration_themes_per_unit": rules.declaration_themes_per_unit,
            "declaration_required_kinds": list(rules.declaration_required_kinds),
            "declaration_due_on": rules.declaration_due_on,
            "declaration_categories": "、".join(rules.declaration_categories),
        }
        for name in cls.DAY_RULES:
            initial[f"{name}_days"] = getattr(rules, f"{name}_days")
            working = getattr(rules, f"{name}_working")
            initial[f"{name}_unit"] = "working" if working else "calendar"
        return initial

    def rules(self) -> dict:
        """The keyword arguments of ``campaign_set_rules``."""
        data = self.cleaned_data
        found = {
            "remind_before_workdays": data["remind_before_workdays"],
            "min_staff": data["min_staff"],
            "banner_templates": split_lines(data["banner_templates"]),
            "site_requirements": data["site_requirements"].strip(),
            "notice_review_required": data["notice_review_required"],
            "declaration_themes_per_unit": data["declaration_themes_per_unit"],
            "declaration_required_kinds": list(data["declaration_required_kinds"]),
            "declaration_due_on": data["declaration_due_on"],
            "declaration_categories": split_items(data["declaration_categories"]),
        }
        for name in self.DAY_RULES:
            found[f"{name}_days"] = data[f"{name}_days"]
            found[f"{name}_working"] = data[f"{name}_unit"] in ("working", "")
        return found


def contact_email_field() -> forms.EmailField:
    """The notice's contact e-mail, wherever an office types it (opening or correcting)."""
    return forms.EmailField(
        label="电子邮箱",
        max_length=120,
        required=False,
        error_messages={"invalid": "电子邮箱格式不正确，请按“name@example.com”的格式填写。"},
    )


def _fact_text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class CampaignFactsForm(Form):
    """The notice's facts as the office corrects them after opening the campaign."""

    addressees = _fact_text("主送单位（须开展活动的单位）", 255)
    recipient = _fact_text("方案和材料报送至（发文机关以外时）", 120)
    contact_name = _fact_text("联系人", 40)
    contact_phone = _fact_text("联系电话", 40)
    contact_email = contact_email_field()
    column_title = _fact_text("专栏名称", 120)
    column_site = _fact_text("专栏所在网站", 120)
    report_contents = _fact_text("活动材料包含", 255, help_text="用“、”分隔")
    assessment = _fact_text("纳入考核", 255)
    logo_required = forms.BooleanField(label="活动现场须使用统一LOGO", required=False)
    logo_on_photos = forms.BooleanField(label="活动图片须体现统一LOGO", required=False)

    FIELDS = ("contact_name", "contact_phone", "contact_email", "column_title")

    @classmethod
    def initial_of(cls, campaign) -> dict:
        facts = campaign.notice_facts or {}
        return {
            **{name: getattr(campaign, name) for name in cls.FIELDS},
            "addressees": facts.get("addressees", ""),
            "recipient": facts.get("recipient", ""),
            "column_site": facts.get("column_site", ""),
            "assessment": facts.get("assessment", ""),
            "report_contents": "、".join(facts.get("report_contents", [])),
            "logo_required": bool(facts.get("logo_required")),
            "logo_on_photos": bool(facts.get("logo_on_photos")),
        }

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "fields": {name: data[name].strip() for name in self.FIELDS},
            "facts": {
                "addressees": data["addressees"].strip(),
                "recipient": data["recipient"].strip(),
                "column_site": data["column_site"].strip(),
                "assessment": data["assessment"].strip(),
                "report_contents": split_items(data["report_contents"]),
                "logo_required": data["logo_required"],
                "logo_on_photos": data["logo_on_photos"],
            },
        }
