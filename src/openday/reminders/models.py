"""What was sent to whom: one notification per recipient and occasion, one delivery per channel.

"Exactly once" rests on ``notification_unique_occasion``: the row is written before anything
is sent, and only the call that created it queues the deliveries.
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
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
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

    def __str__(self) -> str:
        return f"{self.notification} · {self.get_channel_display()} · {self.get_state_display()}"
