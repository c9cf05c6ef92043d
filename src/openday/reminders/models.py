"""What was sent to whom: one notification per recipient and occasion, one delivery per channel,
and who wants which channels.

"Exactly once" rests on ``notification_unique_occasion``: the row is written before anything
is sent, and only the call that created it queues the deliveries. A delivery is claimed by one
worker at a time (``state`` SENDING, ``attempts`` as the claim's token) before it goes out.
"""

from django.conf import settings
from django.db import models

from openday.reminders.enums import Channel, DeliveryState


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    occasion = models.CharField("提醒场合", max_length=120)
    item_type = models.CharField("对象类型", max_length=60, blank=True)
    item_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    # The region of what it is about (the campaign's, the unit's): whose office's send log
    # shows its deliveries. Not the recipient's: a person may belong to several regions.
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name="所属地区",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "occasion"], name="notification_unique_occasion"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"

    @property
    def item(self) -> str:
        return f"{self.item_type}:{self.item_id}" if self.item_type else ""


class Delivery(models.Model):
    notification = models.ForeignKey(
        Notification, verbose_name="提醒", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    state = models.CharField(
        "状态", max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    address = models.CharField("发送地址", max_length=254, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    claimed_at = models.DateTimeField("开始发送时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_one_per_channel"
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.notification} · {self.get_channel_display()} · {self.get_state_display()}"


class ChannelChoice(models.Model):
    """Which channels besides the inbox: an office's defaults, or one person's own choice."""

    by_email = models.BooleanField("电子邮件", default=False)
    by_webhook = models.BooleanField("短信网关（Webhook）", default=False)

    class Meta:
        abstract = True

    @property
    def channels(self) -> list[str]:
        chosen = [Channel.INBOX]
        if self.by_email:
            chosen.append(Channel.EMAIL)
        if self.by_webhook:
            chosen.append(Channel.WEBHOOK)
        return chosen


class OfficeNotificationSettings(ChannelChoice):
    """An office's defaults for its people, and the webhook its SMS gateway listens on."""

    office = models.OneToOneField(
        "orgs.Office",
        verbose_name="政务公开办",
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    webhook_url = models.URLField("Webhook 地址", max_length=300, blank=True)
    webhook_secret = models.CharField("签名密钥", max_length=128, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "提醒渠道默认设置"
        verbose_name_plural = "提醒渠道默认设置"

    def __str__(self) -> str:
        return f"{self.office} · 提醒渠道默认设置"


class NotificationPreference(ChannelChoice):
    """One person's choice; while ``follow_office`` is set their office's defaults apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    follow_office = models.BooleanField("使用本单位默认设置", default=True)
    mobile = models.CharField("手机号码", max_length=20, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "个人提醒设置"
        verbose_name_plural = "个人提醒设置"

    def __str__(self) -> str:
        return f"{self.user} · 提醒设置"


class PublicEmail(models.Model):
    """An e-mail to a member of the public, who has no account and so no ``Notification``: a
    sign-up's reminder the day before, or word that they moved up from the waiting list.

    The same "exactly once" as notifications: the row is written (unique ``occasion``) before
    anything is sent, and the ``public-emails`` job sends each pending row, claiming it by its
    ``attempts`` first. The address is blanked once sent or given up, so no copy of it stays
    here past the send (the sign-up's own row is what the retention purge deletes).
    """

    occasion = models.CharField("提醒场合", max_length=120, unique=True)
    address = models.EmailField("电子邮箱", max_length=120, blank=True)
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name="所属地区",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "公众邮件"
        verbose_name_plural = "公众邮件"
        ordering = ["pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="public_email_due")]

    def __str__(self) -> str:
        return f"{self.occasion} · {self.get_state_display()}"
