from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openday.campaigns.enums import DEFAULT_PLAN_COLUMNS, CampaignPhase, FormKind
from openday.campaigns.titles import retitle_year
from openday.core.models import TimeStampedModel


class Campaign(TimeStampedModel):
    """A year's 政务公开主题日 campaign of one region, as its implementation notice sets it up."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name="地区", on_delete=models.PROTECT, related_name="campaigns"
    )
    year = models.PositiveSmallIntegerField("年度")
    slug = models.SlugField("标识", max_length=60, unique=True)
    title = models.CharField("文件标题", max_length=255)
    issuer = models.CharField("发文机关", max_length=255, blank=True)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    issued_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    planned_count = models.PositiveIntegerField("计划场次", null=True, blank=True)
    # The first day activities may happen (the notice's 「2023年4月开始」): the 1st of that month.
    starts_on = models.DateField("活动起始日期", null=True, blank=True)
    phase = models.CharField(
        "阶段", max_length=16, choices=CampaignPhase.choices, default=CampaignPhase.DRAFT
    )
    column_title = models.CharField("专栏名称", max_length=120, blank=True)
    plan_title = models.CharField("计划表标题", max_length=200, blank=True)
    # The plan table's columns in the document's order: [[column key, header words], ...].
    plan_columns = models.JSONField("计划表列", default=list, blank=True)
    document = models.FileField("方案文件", upload_to="campaigns/", blank=True)
    # The campaign's LOGO for banners and photos; units download it from the materials page
    # (an access-checked view: no media URL is ever shown).
    logo = models.FileField("活动LOGO", upload_to="campaigns/logos/", blank=True, max_length=255)
    logo_name = models.CharField("LOGO原文件名", max_length=200, blank=True)
    source_text = models.TextField("通知原文", blank=True)
    # Whom the notice names for questions and hand-ins; printed on 附件2 (the statistics table).
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.CharField("电子邮箱", max_length=120, blank=True)
    # The rest of what the notice states (``importers.notice.campaign.NOTICE_FACT_KEYS``):
    # {"addressees": str, "logo_required": bool, "logo_on_photos": bool,
    #  "report_contents": [str], "recipient": str, "column_site": str, "assessment": str,
    #  "basis_documents": [{"title": str, "number": str | None}],
    #  "sources": {fact key: the notice's sentence}} — a key is absent when the notice is
    # silent. Banner wording, theme areas, start month, column name and contact have fields of
    # their own (rules.banner_templates, rules.declaration_categories, starts_on, column_title,
    # contact_*); their sentences are under "sources" too.
    notice_facts = models.JSONField("通知其他事项", default=dict, blank=True)
    # Set when the office closes the year: the date, and the statistics as they stood then
    # (``activities.selectors.campaign_totals``), shown on the archived column ever after.
    closed_on = models.DateField("结束日期", null=True, blank=True)
    closed_stats = models.JSONField("结束时统计", default=dict, blank=True, editable=False)
    # Bumped by every service that changes what the public column shows; part of cache keys.
    content_version = models.PositiveIntegerField("内容版本", default=1, editable=False)

    class Meta:
        verbose_name = "年度活动"
        verbose_name_plural = "年度活动"
        ordering = ["-year", "region__path"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="campaign_one_per_region_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年政务公开主题日"

    @property
    def columns(self) -> list[list[str]]:
        return self.plan_columns or DEFAULT_PLAN_COLUMNS

    # Titles follow the campaign's year, whichever year's document they were taken from.
    @property
    def display_plan_title(self) -> str:
        if self.plan_title:
            return retitle_year(self.plan_title, self.year)
        return f"{self.region.name}{self.year}年“政务公开主题日”活动计划表"

    @property
    def display_column_title(self) -> str:
        if self.column_title:
            return retitle_year(self.column_title, self.year)
        return f"{self.year}年政务公开主题日活动专栏"


class CampaignForm(models.Model):
    """A form of activity the campaign allows ("现场观摩"), mapped to a canonical kind."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="年度活动", on_delete=models.CASCADE, related_name="forms"
    )
    name = models.CharField("名称", max_length=40)
    kind = models.CharField("类别", max_length=20, choices=FormKind.choices)
    description = models.TextField("说明", blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "活动形式"
        verbose_name_plural = "活动形式"
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="campaign_form_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


# How many working days before a deadline its reminder goes out: 0 is on the day itself.
REMIND_BEFORE_MAX = 10
REMIND_BEFORE_MESSAGE = f"截止前提醒的工作日数应为 0 到 {REMIND_BEFORE_MAX} 之间的整数。"


class CampaignRules(TimeStampedModel):
    """The obligations a campaign's notice sets, as data the deadlines are computed from.

    Each "N days before/after" rule is a count and whether it counts working days; an empty
    count means the notice sets no such rule.
    """

    campaign = models.OneToOneField(
        Campaign, verbose_name="年度活动", on_delete=models.CASCADE, related_name="rules"
    )
    filing_lead_days = models.PositiveSmallIntegerField(
        "方案报备提前天数", null=True, blank=True, help_text="活动开展前多少天报送具体活动方案"
    )
    filing_lead_working = models.BooleanField("报备按工作日计", default=True)
    report_due_days = models.PositiveSmallIntegerField(
        "材料报送期限（天）", null=True, blank=True, help_text="活动结束后多少天内报送活动资料"
    )
    report_due_working = models.BooleanField("材料报送按工作日计", default=True)
    publicity_due_days = models.PositiveSmallIntegerField(
        "媒体宣传期限（天）", null=True, blank=True, help_text="活动结束后多少天内完成宣传报道"
    )
    publicity_due_working = models.BooleanField("媒体宣传按工作日计", default=False)
    # Not a rule the notices state: the platform's own, so an activity whose date has passed
    # without 确认开展 is overdue like any other step (by default the next working day).
    hold_confirm_days = models.PositiveSmallIntegerField(
        "确认开展期限（天）",
        null=True,
        blank=True,
        default=1,
        help_text="活动日期后多少天内在系统中确认开展；留空表示不设此期限",
    )
    hold_confirm_working = models.BooleanField("确认开展按工作日计", default=True)
    remind_before_workdays = models.PositiveSmallIntegerField(
        "截止前提醒（工作日）",
        default=2,
        validators=[
            MinValueValidator(0, message=REMIND_BEFORE_MESSAGE),
            MaxValueValidator(REMIND_BEFORE_MAX, message=REMIND_BEFORE_MESSAGE),
        ],
        help_text="各项期限截止前多少个工作日提醒承办单位联络员；0 表示截止当天提醒"
        "（截止日逢节假日的，在此前最后一个工作日提醒）",
    )
    min_staff = models.PositiveSmallIntegerField("现场工作人员最少人数", null=True, blank=True)
    banner_templates = models.JSONField(
        "会标模板",
        default=list,
        blank=True,
        help_text="每行一种会标，可用 {unit}（单位名称）、{year}（年度）、{theme}（活动主题）",
    )
    site_requirements = models.TextField("现场标识要求", blank=True)
    notice_review_required = models.BooleanField(
        "活动预告须经公开办审核",
        default=True,
        help_text="承办单位提交的活动预告经政务公开办审核通过后才在专栏公开",
    )
    declaration_due_on = models.DateField("申报截止日期", null=True, blank=True)
    declaration_themes_per_unit = models.PositiveSmallIntegerField(
        "每单位申报主题数", null=True, blank=True
    )
    declaration_required_kinds = models.JSONField(
        "申报必含形式", default=list, blank=True, help_text="至少一个主题须为其中一种形式"
    )
    declaration_categories = models.JSONField("主题类别", default=list, blank=True)

    class Meta:
        verbose_name = "活动规则"
        verbose_name_plural = "活动规则"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(remind_before_workdays__lte=REMIND_BEFORE_MAX),
                name="campaign_rules_remind_before_range",
                violation_error_message=REMIND_BEFORE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}的活动规则"
