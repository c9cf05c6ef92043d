"""What the public leaves: sign-ups (报名) for an activity, opinions (意见征集) with the
office's or the host's reply (回应), and how long their personal data is kept.

Personal fields (name, phone, email) are blanked by ``purge_expired_personal_data`` once the
campaign has been closed longer than its retention; ``purged_at`` says it happened. Nothing
personal goes into the audit log, so the purge leaves no copy behind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from openday.activities.enums import ReportGroup
from openday.core.models import TimeStampedModel
from openday.participation.enums import OpinionState, SignupState

DEFAULT_RETENTION_DAYS = 180


class SignupSettings(TimeStampedModel):
    """Whether and how an activity takes sign-ups. The row is also the lock every sign-up,
    cancellation and promotion of the activity takes (``select_for_update``), so concurrent
    requests never confirm more people than ``capacity``."""

    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name="活动",
        on_delete=models.CASCADE,
        related_name="signup_settings",
    )
    enabled = models.BooleanField("开放在线报名", default=False)
    capacity = models.PositiveIntegerField("名额（人）")
    waitlist_size = models.PositiveIntegerField("候补名额（人）", default=0)
    deadline = models.DateTimeField("报名截止时间")
    purpose = models.TextField("个人信息用途说明")
    ask_email = models.BooleanField("请报名人填写电子邮箱（选填）", default=False)

    class Meta:
        verbose_name = "报名设置"
        verbose_name_plural = "报名设置"

    def __str__(self) -> str:
        return f"{self.activity}（报名设置）"


class Signup(TimeStampedModel):
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="活动",
        on_delete=models.CASCADE,
        related_name="signups",
    )
    code = models.CharField("确认码", max_length=8, unique=True)
    # The cancel link's secret, as its SHA-256: the link is shown once, never stored.
    cancel_token_hash = models.CharField("取消凭据摘要", max_length=64, unique=True)
    state = models.CharField("状态", max_length=12, choices=SignupState.choices)
    name = models.CharField("姓名", max_length=40, blank=True)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    group = models.CharField("身份类别", max_length=16, choices=ReportGroup.choices)
    party_size = models.PositiveSmallIntegerField("人数")
    email = models.EmailField("电子邮箱", max_length=120, blank=True)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签到登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purged_at = models.DateTimeField("个人信息删除时间", null=True, blank=True)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["activity", "created_at", "id"]
        constraints = [
            # One live sign-up per phone and activity, whatever the race.
            models.UniqueConstraint(
                fields=["activity", "phone"],
                condition=~Q(state=SignupState.CANCELLED) & ~Q(phone=""),
                name="signup_one_live_per_phone",
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1) & Q(party_size__lte=10),
                name="signup_party_size_1_10",
            ),
        ]
        indexes = [models.Index(fields=["activity", "state"])]

    def __str__(self) -> str:
        return f"{self.code}（{self.get_state_display()}）"


class Opinion(TimeStampedModel):
    """An opinion on a campaign (``activity`` empty) or on one of its activities."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    text = models.TextField("留言内容")
    name = models.CharField("姓名", max_length=40, blank=True)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    email = models.EmailField("电子邮箱", max_length=120, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=OpinionState.choices, default=OpinionState.PENDING
    )
    hidden_reason = models.TextField("不予公开的原因", blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="与之重复的留言",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purged_at = models.DateTimeField("个人信息删除时间", null=True, blank=True)

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return f"留言 {self.pk}（{self.get_state_display()}）"


class OpinionReply(TimeStampedModel):
    """The public reply (回应) to an opinion: by the office (``unit`` empty) or a host unit."""

    opinion = models.OneToOneField(
        Opinion, verbose_name="留言", on_delete=models.CASCADE, related_name="reply"
    )
    text = models.TextField("回应内容")
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name="回应单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_replies",
    )
    # Who answered, as the public reads it ("区人力资源社会保障局" or the office's name).
    responder = models.CharField("回应单位名称", max_length=120)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回应人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("回应时间")

    class Meta:
        verbose_name = "留言回应"
        verbose_name_plural = "留言回应"

    def __str__(self) -> str:
        return f"对留言 {self.opinion_id} 的回应"


class RetentionSetting(TimeStampedModel):
    """How long after the campaign closes the public's personal data is kept. Kept here, by
    campaign, rather than on the campaign: it is participation's business."""

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="participation_retention",
    )
    days_after_close = models.PositiveSmallIntegerField(
        "结束后保留天数", default=DEFAULT_RETENTION_DAYS
    )

    class Meta:
        verbose_name = "个人信息保留期限"
        verbose_name_plural = "个人信息保留期限"
        constraints = [
            models.CheckConstraint(
                condition=Q(days_after_close__gte=1) & Q(days_after_close__lte=3650),
                name="retention_days_1_3650",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}：结束后 {self.days_after_close} 天"
