"""Start-up checks of the sending settings (``openday check``)."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from openday.reminders.channels import SECRET_MIN_LENGTH
from openday.reminders.outbound import UnsafeWebhook, bad_networks, webhook_target


@register("openday")
def delivery_settings(app_configs, **kwargs):
    problems = []
    delays = settings.OPENDAY_DELIVERY_RETRY_DELAYS
    if any(delay < 0 for delay in delays):
        problems.append(
            Error(
                "OPENDAY_DELIVERY_RETRY_DELAYS 的每一项都应为不小于 0 的秒数。",
                id="openday.E101",
            )
        )
    slowest = max(settings.OPENDAY_WEBHOOK_TIMEOUT, getattr(settings, "EMAIL_TIMEOUT", 0) or 0)
    if slowest >= settings.OPENDAY_DELIVERY_LEASE:
        problems.append(
            Warning(
                f"OPENDAY_DELIVERY_LEASE（{settings.OPENDAY_DELIVERY_LEASE} 秒）不长于发送超时"
                f"（{slowest:g} 秒）：一次慢的发送可能被另一个 worker 接手，造成重复发送。",
                hint="把 OPENDAY_DELIVERY_LEASE 设为发送超时的数倍，默认 300 秒。",
                id="openday.W101",
            )
        )
    return problems


@register("openday")
def webhook_settings(app_configs, **kwargs):
    """The deployment's webhook (``OPENDAY_WEBHOOK_URL``) is signed and one the sender will
    call; the allowed networks parse. No DNS here: the sender checks the host at every send."""
    problems = []
    bad = bad_networks(settings.OPENDAY_WEBHOOK_ALLOWED_NETWORKS)
    if bad:
        problems.append(
            Error(
                f"OPENDAY_WEBHOOK_ALLOWED_NETWORKS 中的“{'、'.join(bad)}”不是 IP 地址或网段。",
                hint="用逗号分隔，例如 10.8.0.0/24,192.168.5.20。",
                id="openday.E102",
            )
        )
    url, secret = settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET
    if not url:
        return problems
    if not secret:
        problems.append(
            Warning(
                "设置了 OPENDAY_WEBHOOK_URL，却没有设置 OPENDAY_WEBHOOK_SECRET：请求无法签名，"
                "Webhook 提醒一律不会发送。",
                hint=f"把 OPENDAY_WEBHOOK_SECRET 设为至少 {SECRET_MIN_LENGTH} 个字符的随机串，"
                "并在短信网关上用它核对 X-Openday-Signature。",
                id="openday.W102",
            )
        )
    elif len(secret) < SECRET_MIN_LENGTH:
        problems.append(
            Warning(
                f"OPENDAY_WEBHOOK_SECRET 不足 {SECRET_MIN_LENGTH} 个字符，签名容易被猜中。",
                id="openday.W103",
            )
        )
    if not bad:
        try:
            webhook_target(url)
        except UnsafeWebhook as error:
            problems.append(
                Warning(
                    f"OPENDAY_WEBHOOK_URL 不会被使用：{error.message}",
                    id="openday.W104",
                )
            )
    return problems
