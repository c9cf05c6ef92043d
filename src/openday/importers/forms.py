"""Forms of the import pages: a notice or plan document to upload, and the campaign a notice
describes, for staff to correct before it is saved."""

import re

from django import forms
from django.conf import settings

from openday.campaigns.enums import FormKind
from openday.campaigns.forms import contact_email_field, split_items, split_lines
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import Campaign
from openday.core.forms import Form
from openday.importers.notice import NoticeFacts, notice_sources
from openday.importers.notice.campaign import (
    campaign_fields,
    document_label,
    notice_facts_field,
    rules_fields,
)

NOTICE_SUFFIXES = (".txt", ".docx")
PLAN_SUFFIXES = (".txt", ".docx", ".xlsx", ".csv")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RESERVED_SLUGS = {"new"}  # /staff/campaigns/new/ is the page that opens a campaign
DAY_UNITS = [("working", "个工作日"), ("calendar", "天（自然日）")]
WIDE = forms.TextInput(attrs={"class": "wide"})
# "《标题》（文号）" per line, as the page shows a basis document.
_DOCUMENT_LINE = re.compile(r"^《?(?P<title>.+?)》?(?:[（(](?P<number>[^（()）]{1,60})[)）])?$")


def _text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        error_messages={"max_length": f"{label}不超过 {max_length} 字。"},
        **kwargs,
    )


def _check_upload(upload, suffixes: tuple[str, ...]) -> None:
    name = upload.name.lower()
    if not name.endswith(suffixes):
        raise forms.ValidationError(
            f"文件“{upload.name}”的格式不支持，请上传 {'、'.join(suffixes)} 文件。"
        )
    if upload.size > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        raise forms.ValidationError(f"文件“{upload.name}”超过 {limit} MB。")
    if upload.size == 0:
        raise forms.ValidationError(f"文件“{upload.name}”是空的。")


def campaign_title(notice_title: str | None) -> str:
    """ "关于印发《天心区2023年…实施方案》的通知" → the document it issues."""
    match = re.search(r"《(.+)》", notice_title or "")
    return match[1] if match else (notice_title or "")


class NoticeUploadForm(Form):
    region = forms.ModelChoiceField(label="地区", queryset=None, empty_label=None)
    notice = forms.FileField(label="实施方案通知（.txt 或 .docx）", allow_empty_file=True)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean_notice(self):
        upload = self.cleaned_data["notice"]
        _check_upload(upload, NOTICE_SUFFIXES)
        return upload


class PlanUploadForm(Form):
    plan = forms.FileField(label="计划表文件（.txt、.docx、.xlsx 或 .csv）", allow_empty_file=True)

    def clean_plan(self):
        upload = self.cleaned_data["plan"]
        _check_upload(upload, PLAN_SUFFIXES)
        return upload


class CampaignFromNoticeForm(Form):
    """Everything the notice stated, editable; empty where it stated nothing."""

    region = forms.ModelChoiceField(label="地区", queryset=None, empty_label=None)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    slug = forms.SlugField(label="标识（网址中使用）", max_length=60)
    title = forms.CharField(
        label="方案标题", max_length=255, widget=forms.TextInput(attrs={"class": "wide"})
    )
    issuer = forms.CharField(
        label="发文机关",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "wide"}),
    )
    doc_number = forms.CharField(label="文号", max_length=80, required=False)
    issued_on = forms.DateField(label="成文日期", required=False, widget=DATE_INPUT)
    published_on = forms.DateField(label="发布日期", required=False, widget=DATE_INPUT)
    planned_count = forms.IntegerField(
        label="全年计划场次", min_value=1, max_value=10_000, required=False
    )
    form_names = forms.CharField(
        label="活动形式（每行一种）", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    filing_lead_days = forms.IntegerField(
        label="方案报备：活动前", min_value=0, max_value=60, required=False
    )
    filing_lead_unit = forms.ChoiceField(label="单位", choices=DAY_UNITS, initial="working")
    report_due_days = forms.IntegerField(
        label="材料报送：活动后", min_value=0, max_value=60, required=False
    )
    report_due_unit = forms.ChoiceField(label="单位", choices=DAY_UNITS, initial="working")
    publicity_due_days = forms.IntegerField(
        label="媒体宣传：活动后", min_value=0, max_value=60, required=False
    )
    publicity_due_unit = forms.ChoiceField(label="单位", choices=DAY_UNITS, initial="calendar")
    min_staff = forms.IntegerField(
        label="现场工作人员不少于（人）", min_value=1, max_value=500, required=False
    )
    declaration_themes_per_unit = forms.IntegerField(
        label="每单位申报主题数", min_value=1, max_value=20, required=False
    )
    declaration_required_kinds = forms.MultipleChoiceField(
        label="申报主题至少一个须为",
        choices=FormKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    declaration_due_on = forms.DateField(label="申报截止日期", required=False, widget=DATE_INPUT)
    # What else the notice states (``Campaign.notice_facts`` and the fields beside it).
    addressees = _text("主送单位（须开展活动的单位）", 255, widget=WIDE)
    recipient = _text("方案和材料报送至（发文机关以外时）", 120, widget=WIDE)
    contact_name = _text("联系人", 40)
    contact_phone = _text("联系电话", 40)
    contact_email = contact_email_field()
    column_title = _text("专栏名称", 120, widget=WIDE)
    column_site = _text("专栏所在网站", 120, widget=WIDE)
    starts_on = forms.DateField(
        label="活动起始日期",
        required=False,
        widget=DATE_INPUT,
        help_text="通知写明“X月开始”的，为该月1日；此前的月份不能申报或安排活动",
        error_messages={"invalid": "活动起始日期格式不正确，请按“2023-04-01”的格式填写。"},
    )
    report_contents = _text("活动材料包含", 255, widget=WIDE, help_text="用“、”分隔")
    theme_areas = _text("主题方向（主题类别）", 500, widget=WIDE, help_text="用“、”分隔")
    assessment = _text("纳入考核", 255, widget=WIDE)
    basis_documents = _text(
        "依据文件",
        2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "wide"}),
        help_text="每行一份：《标题》（文号）",
    )
    banner_templates = _text(
        "会标",
        2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "wide"}),
        help_text="每行一种；{unit} 为单位名称，{year} 为年度，{theme} 为活动主题",
    )
    logo_required = forms.BooleanField(label="活动现场须使用统一LOGO", required=False)
    logo_on_photos = forms.BooleanField(label="活动图片须体现统一LOGO", required=False)
    site_requirements = _text(
        "现场标识要求", 2000, widget=forms.Textarea(attrs={"rows": 3, "class": "wide"})
    )
    # The notice's text comes back from the page: no longer than a notice may be.
    source_text = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        max_length=getattr(settings, "IMPORT_MAX_NOTICE_CHARS", 200_000),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    @classmethod
    def initial_from(cls, facts: NoticeFacts, region) -> dict:
        def days(rule):
            return rule.days if rule else None

        def unit(rule, default):
            if rule is None:
                return default
            return "working" if rule.working else "calendar"

        declaration = facts.declaration
        year = facts.year or (facts.issued_on.year if facts.issued_on else None)
        return {
            "region": region.pk,
            "year": year,
            "slug": f"{region.slug}-{year}" if year else region.slug,
            "title": campaign_title(facts.title),
            "issuer": facts.issuer or "",
            "doc_number": facts.doc_number or "",
            "issued_on": facts.issued_on,
            "published_on": facts.published_on,
            "planned_count": facts.planned_count,
            "form_names": "\n".join(facts.forms),
            "filing_lead_days": days(facts.filing_lead),
            "filing_lead_unit": unit(facts.filing_lead, "working"),
            "report_due_days": days(facts.report_due),
            "report_due_unit": unit(facts.report_due, "working"),
            "publicity_due_days": days(facts.publicity_due),
            "publicity_due_unit": unit(facts.publicity_due, "calendar"),
            "min_staff": facts.min_staff,
            "declaration_themes_per_unit": declaration.themes_per_unit if declaration else None,
            "declaration_required_kinds": (
                [kind_of(name).value for name in declaration.required_kinds] if declaration else []
            ),
            "declaration_due_on": declaration.due_on if declaration else None,
            "source_text": facts.text,
            **cls._stated(facts),
        }

    @staticmethod
    def _stated(facts: NoticeFacts) -> dict:
        fields, rules = campaign_fields(facts), rules_fields(facts)
        stated = fields.pop("notice_facts")
        return {
            **fields,
            "addressees": stated.get("addressees", ""),
            "recipient": stated.get("recipient", ""),
            "column_site": stated.get("column_site", ""),
            "assessment": stated.get("assessment", ""),
            "report_contents": "、".join(stated.get("report_contents", [])),
            "basis_documents": "\n".join(map(document_label, stated.get("basis_documents", []))),
            "logo_required": bool(stated.get("logo_required")),
            "logo_on_photos": bool(stated.get("logo_on_photos")),
            "theme_areas": "、".join(rules["declaration_categories"]),
            "banner_templates": "\n".join(rules["banner_templates"]),
            "site_requirements": rules["site_requirements"],
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"标识“{slug}”是系统保留字，请换一个。")
        if Campaign.objects.filter(slug=slug).exists():
            raise forms.ValidationError(f"标识“{slug}”已被使用，请换一个。")
        return slug

    def clean_form_names(self):
        names = [line.strip() for line in self.cleaned_data["form_names"].splitlines()]
        names = [name for name in names if name]
        if len(names) != len(set(names)):
            raise forms.ValidationError("活动形式有重复。")
        if any(len(name) > 40 for name in names):
            raise forms.ValidationError("每种活动形式不超过 40 字。")
        return names

    def clean(self):
        data = super().clean()
        year, region = data.get("year"), data.get("region")
        if year and region and Campaign.objects.filter(region=region, year=year).exists():
            self.add_error("year", f"{region.name}已有 {year} 年的年度活动。")
        due = data.get("declaration_due_on")
        if year and due and due.year != year:
            self.add_error("declaration_due_on", "申报截止日期应在活动年度内。")
        starts = data.get("starts_on")
        if year and starts and starts.year != year:
            self.add_error("starts_on", f"活动起始日期应在 {year} 年内。")
        return data

    def clean_basis_documents(self):
        documents = []
        for number, line in enumerate(self.cleaned_data["basis_documents"].splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            match = _DOCUMENT_LINE.match(line)
            if not match or len(match["title"]) > 200:
                raise forms.ValidationError(
                    f"依据文件第 {number} 行“{line[:40]}”应写作“《标题》（文号）”，"
                    "标题不超过 200 字。"
                )
            documents.append({"title": match["title"], "number": match["number"]})
        return documents

    def clean_banner_templates(self):
        return split_lines(self.cleaned_data["banner_templates"])

    def campaign_facts(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "issuer",
                "doc_number",
                "issued_on",
                "published_on",
                "planned_count",
                "source_text",
                "starts_on",
                "column_title",
                "contact_name",
                "contact_phone",
                "contact_email",
            )
        } | {"notice_facts": self.notice_facts()}

    def notice_facts(self) -> dict:
        """``Campaign.notice_facts``: the values as corrected on the page, with the sentences
        read again from the notice text the page sends back."""
        data = self.cleaned_data
        values = {
            "addressees": data["addressees"].strip(),
            "recipient": data["recipient"].strip(),
            "column_site": data["column_site"].strip(),
            "assessment": data["assessment"].strip(),
            "report_contents": split_items(data["report_contents"]),
            "basis_documents": data["basis_documents"],
            "logo_required": data["logo_required"] or None,
            "logo_on_photos": data["logo_on_photos"] or None,
        }
        return notice_facts_field(values, notice_sources(data["source_text"] or ""))

    def rules(self) -> dict:
        data = self.cleaned_data
        return {
            "filing_lead_days": data["filing_lead_days"],
            "filing_lead_working": data["filing_lead_unit"] == "working",
            "report_due_days": data["report_due_days"],
            "report_due_working": data["report_due_unit"] == "working",
            "publicity_due_days": data["publicity_due_days"],
            "publicity_due_working": data["publicity_due_unit"] == "working",
            "min_staff": data["min_staff"],
            "declaration_themes_per_unit": data["declaration_themes_per_unit"],
            "declaration_required_kinds": data["declaration_required_kinds"],
            "declaration_due_on": data["declaration_due_on"],
            "declaration_categories": split_items(data["theme_areas"]),
            "banner_templates": data["banner_templates"],
            "site_requirements": data["site_requirements"].strip(),
        }
