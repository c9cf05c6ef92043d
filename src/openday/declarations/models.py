"""Theme declarations (主题申报): the window the office opens, each unit's declaration and its
items, and the office's merges of several units' items into one plan item."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from openday.campaigns.enums import FormKind
from openday.core.errors import DomainError
from openday.core.formats import months_label
from openday.core.models import TimeStampedModel
from openday.core.storage import private_storage
from openday.declarations.enums import TRANSITIONS, DeclarationState, refusal


class DeclarationWindow(TimeStampedModel):
    """The office has opened declarations for a campaign: until when, and what it asks for."""

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="declaration_window",
    )
    opened_at = models.DateTimeField("开放时间")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="开放人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closes_on = models.DateField("申报截止日期", help_text="当天仍可提交")
    requires_stamp = models.BooleanField("须上传盖章申报表", default=False)
    note = models.TextField("申报说明", blank=True)

    class Meta:
        verbose_name = "主题申报安排"
        verbose_name_plural = "主题申报安排"

    def __str__(self) -> str:
        return f"{self.campaign}主题申报"


def stamp_path(declaration: "Declaration", filename: str) -> str:
    # A random name: the original name is kept in ``stamp_name`` and never reaches the disk.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"declarations/{declaration.campaign_id}/{secrets.token_urlsafe(16)}{suffix}"


class Declaration(TimeStampedModel):
    """One unit's 主题申报表 for a campaign."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="declarations",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name="填报单位", on_delete=models.PROTECT, related_name="declarations"
    )
    state = models.CharField(
        "状态", max_length=16, choices=DeclarationState.choices, default=DeclarationState.DRAFT
    )
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    # Private storage: the scan carries the unit's seal; served only through an access check.
    stamp = models.FileField(
        "盖章申报表", upload_to=stamp_path, storage=private_storage, max_length=255, blank=True
    )
    stamp_name = models.CharField("盖章申报表文件名", max_length=200, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "主题申报"
        verbose_name_plural = "主题申报"
        ordering = ["campaign", "unit__kind", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="declaration_one_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}的主题申报"

    def move_to(self, target: str) -> str:
        """Check the transition table; returns the action's name. The caller sets the rest."""
        action = TRANSITIONS.get((self.state, target))
        if action is None:
            wanted = {
                DeclarationState.SUBMITTED: "submit",
                DeclarationState.ACCEPTED: "accept",
                DeclarationState.RETURNED: "return",
            }[target]
            raise DomainError(refusal(self.state, wanted))
        self.state = target
        return action


class DeclarationMerge(TimeStampedModel):
    """Several declared items the office makes one plan item, hosted by all their units."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="declaration_merges",
    )
    title = models.CharField("活动主题", max_length=300)
    month_start = models.PositiveSmallIntegerField("开始月份")
    month_end = models.PositiveSmallIntegerField("结束月份")
    brief = models.TextField("活动简介", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="合并人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "合并主题"
        verbose_name_plural = "合并主题"
        ordering = ["campaign", "month_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month_start__gte=1)
                & Q(month_end__gte=F("month_start"))
                & Q(month_end__lte=12),
                name="declaration_merge_months_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def month_label(self) -> str:
        return months_label(self.month_start, self.month_end)


class DeclarationItem(models.Model):
    """One row of the 申报表: a theme the unit proposes."""

    declaration = models.ForeignKey(
        Declaration, verbose_name="主题申报", on_delete=models.CASCADE, related_name="items"
    )
    seq = models.PositiveSmallIntegerField("序号")
    title = models.CharField("活动主题", max_length=300)
    month_start = models.PositiveSmallIntegerField("开始月份", null=True, blank=True)
    month_end = models.PositiveSmallIntegerField("结束月份", null=True, blank=True)
    form_text = models.CharField("活动形式", max_length=40, blank=True)
    form_kind = models.CharField(
        "活动形式类别", max_length=20, choices=FormKind.choices, blank=True
    )
    brief = models.TextField("活动简介", blank=True)
    category = models.CharField("主题类别", max_length=40, blank=True)
    merged_into = models.ForeignKey(
        DeclarationMerge,
        verbose_name="合并到",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )

    class Meta:
        verbose_name = "申报主题"
        verbose_name_plural = "申报主题"
        ordering = ["declaration", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "seq"], name="declaration_item_seq"),
            models.CheckConstraint(
                condition=(Q(month_start__isnull=True) & Q(month_end__isnull=True))
                | (
                    Q(month_start__gte=1)
                    & Q(month_end__gte=F("month_start"))
                    & Q(month_end__lte=12)
                ),
                name="declaration_item_months_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.title}"

    @property
    def month_label(self) -> str:
        return months_label(self.month_start, self.month_end)
