from django.conf import settings
from django.db import models
from django.db.models import F, Q

from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.months import months_label
from openday.campaigns.enums import FormKind
from openday.core.models import TimeStampedModel
from openday.orgs.enums import UnitGroup


class Activity(TimeStampedModel):
    """One row of a campaign's plan table, and later the activity it becomes."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="活动方案",
        on_delete=models.CASCADE,
        related_name="activities",
    )
    seq = models.PositiveIntegerField("序号")
    month_start = models.PositiveSmallIntegerField("开始月份", null=True, blank=True)
    month_end = models.PositiveSmallIntegerField("结束月份", null=True, blank=True)
    title = models.CharField("活动主题", max_length=300)
    brief = models.TextField("活动简介", blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=ActivityState.choices, default=ActivityState.PLANNED
    )
    scheduled_on = models.DateField("活动日期", null=True, blank=True)
    start_time = models.TimeField("开始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    venue = models.CharField("活动地点", max_length=200, blank=True)
    held_on = models.DateField("实际开展日期", null=True, blank=True)

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["campaign", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "seq"], name="activity_unique_seq"),
            models.CheckConstraint(
                condition=(Q(month_start__isnull=True) & Q(month_end__isnull=True))
                | (
                    Q(month_start__gte=1)
                    & Q(month_start__lte=12)
                    & Q(month_end__gte=F("month_start"))
                    & Q(month_end__lte=12)
                ),
                name="activity_months_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.title}"

    @property
    def month_label(self) -> str:
        return months_label(self.month_start, self.month_end)


class ActivityForm(models.Model):
    """A form of the activity as the document wrote it, with its canonical kind."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="forms"
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    text = models.CharField("原文", max_length=300)
    kind = models.CharField("类别", max_length=20, choices=FormKind.choices)

    class Meta:
        verbose_name = "活动形式"
        verbose_name_plural = "活动形式"
        ordering = ["activity", "position"]

    def __str__(self) -> str:
        return self.text


class ActivityHost(models.Model):
    """A host of the activity: one unit, or a group such as "各街道办事处" (every street)."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="hosts"
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted",
    )
    group = models.CharField("单位组", max_length=32, choices=UnitGroup.choices, blank=True)
    text = models.CharField("原文", max_length=120)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["activity", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(group=""))
                | (Q(unit__isnull=True) & ~Q(group="")),
                name="activity_host_unit_xor_group",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ActivityEvent(models.Model):
    """One transition of an activity's lifecycle: who moved it, when, why, with what data."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=20)
    from_state = models.CharField("原状态", max_length=16, choices=ActivityState.choices)
    to_state = models.CharField("新状态", max_length=16, choices=ActivityState.choices)
    comment = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = "活动记录"
        verbose_name_plural = "活动记录"
        ordering = ["activity", "at", "id"]

    def __str__(self) -> str:
        return f"{self.activity} {self.from_state}→{self.to_state}"


class ActivityDeadline(models.Model):
    """A deadline of an activity: its rule, the date it resolves to, and when it was met.

    Stored resolved so lists and reminders can filter by date; ``deadlines.refresh`` recomputes
    it whenever the base date, the campaign's rule or a holiday arrangement changes.
    """

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField("类型", max_length=16, choices=DeadlineKind.choices)
    rule_days = models.SmallIntegerField("天数")
    rule_working = models.BooleanField("按工作日计")
    base_date = models.DateField("起算日期")
    due_on = models.DateField("截止日期", db_index=True)
    provisional = models.BooleanField("依据未公布的节假日安排", default=False)
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "活动期限"
        verbose_name_plural = "活动期限"
        ordering = ["activity", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "kind"], name="deadline_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.get_kind_display()} {self.due_on}"
