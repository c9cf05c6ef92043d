"""Forms of the import pages: a notice or plan document to upload, and the campaign a notice
describes, for staff to correct before it is saved."""

import re

from django import forms
from django.conf import settings

from openday.campaigns.enums import FormKind
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import Campaign
from openday.core.forms import Form
from openday.importers.notice import NoticeFacts

NOTICE_SUFFIXES = (".txt", ".docx")
PLAN_SUFFIXES = (".txt", ".docx", ".xlsx", ".csv")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RESERVED_SLUGS = {"new"}  # /staff/campaigns/new/ is the page that opens a campaign
DAY_UNITS = [("working", "个工作日"), ("calendar", "天（自然日）")]


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
        return data

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
            )
        }

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
        }
