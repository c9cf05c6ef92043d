from django.db import models


class Channel(models.TextChoices):
    INBOX = "inbox", "站内消息"
    EMAIL = "email", "电子邮件"
    WEBHOOK = "webhook", "短信网关（Webhook）"


# Channels a person may switch on or off; the inbox is always on, it is the record itself.
OPTIONAL_CHANNELS = (Channel.EMAIL, Channel.WEBHOOK)


class DeliveryState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
