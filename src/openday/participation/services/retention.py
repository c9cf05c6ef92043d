"""How long the public's personal data is kept, and its removal.

- ``retention_set``: the office sets, per campaign, the days after the campaign closes that
  names, phones and emails of sign-ups and opinions are kept (default 180).
- ``purge_expired_personal_data(today)``: blanks them for every campaign closed longer than
  that; the rows stay (counts, groups, checked-in people, published opinions and replies), and
  each campaign's purge is one audit entry holding counts only. Idempotent: a purged row is
  never touched again, so a rerun (or a second scheduler) finds nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openday.campaigns.models import Campaign
from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.participation.models import (
    DEFAULT_RETENTION_DAYS,
    Opinion,
    RetentionSetting,
    Signup,
)
from openday.participation.permissions import manages_campaign_participation

MAX_DAYS = 3650


def retention_set(*, actor, campaign: Campaign, days: int) -> RetentionSetting:
    if not manages_campaign_participation(actor, campaign):
        raise PermissionDenied("只有本地区政务公开办可以设置个人信息保留期限。")
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"保留天数应在 1 至 {MAX_DAYS} 天之间。", field="days")
    with transaction.atomic():
        setting = RetentionSetting.objects.select_for_update().filter(campaign=campaign).first()
        before = {"days_after_close": setting.days_after_close if setting else None}
        if setting is None:
            setting = RetentionSetting(campaign=campaign)
        setting.days_after_close = days
        setting.save()
        audit_record(
            actor=actor,
            action="participation.retention_set",
            obj=campaign,
            region=campaign.region,
            before=before,
            after={"days_after_close": days},
        )
    return setting


@dataclass
class PurgeResult:
    # (campaign slug, sign-ups blanked, opinions blanked), one per campaign past its term.
    campaigns: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def signups(self) -> int:
        return sum(item[1] for item in self.campaigns)

    @property
    def opinions(self) -> int:
        return sum(item[2] for item in self.campaigns)


def expired_campaigns(today: dt.date) -> list[Campaign]:
    """Closed campaigns whose retention ended before ``today``."""
    closed = list(
        Campaign.objects.filter(closed_on__isnull=False)
        .select_related("region", "participation_retention")
        .order_by("closed_on", "pk")
    )
    expired = []
    for campaign in closed:
        setting = getattr(campaign, "participation_retention", None)
        days = setting.days_after_close if setting else DEFAULT_RETENTION_DAYS
        if campaign.closed_on + dt.timedelta(days=days) < today:
            expired.append(campaign)
    return expired


# Rows still holding something personal.
_PERSONAL = Q(purged_at__isnull=True) & (~Q(name="") | ~Q(phone="") | ~Q(email=""))


def purge_expired_personal_data(
    today: dt.date, *, dry_run: bool = False, now: dt.datetime | None = None
) -> PurgeResult:
    """Blank the personal fields of sign-ups and opinions of campaigns closed longer than
    their retention (``dry_run``: only count them)."""
    now = now or timezone.now()
    result = PurgeResult()
    for campaign in expired_campaigns(today):
        signups = Signup.objects.filter(activity__campaign=campaign).filter(_PERSONAL)
        opinions = Opinion.objects.filter(campaign=campaign).filter(_PERSONAL)
        if dry_run:
            counts = (signups.count(), opinions.count())
        else:
            with transaction.atomic():
                counts = (
                    signups.update(name="", phone="", email="", purged_at=now),
                    opinions.update(name="", phone="", email="", purged_at=now),
                )
                if any(counts):
                    audit_record(
                        actor=None,
                        action="participation.purge",
                        obj=campaign,
                        region=campaign.region,
                        after={"signups": counts[0], "opinions": counts[1]},
                        comment="个人信息保留期满，已删除报名和留言中的姓名、电话和邮箱。",
                    )
        if any(counts):
            result.campaigns.append((campaign.slug, *counts))
    return result
