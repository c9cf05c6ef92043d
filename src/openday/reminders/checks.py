"""Start-up checks of the sending settings (``openday check``)."""

from django.conf import settings
from django.core.checks import Error, Warning, register


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
