"""The campaign's materials for units: its LOGO and the banner wording with their name.

- ``campaign_set_logo``: the office uploads the LOGO (PNG or JPEG, checked by
  ``uploads.check_logo``). It writes the campaign's own ``logo`` field; it belongs with the
  campaign services and lives here only until that module takes it over.
- ``banner_lines``: the campaign's banner templates (``CampaignRules.banner_templates``) filled
  with a unit's name, the year and, where a template asks for it, each activity's theme.
"""

import re
from dataclasses import dataclass

from django.db import transaction

from openday.activities.models import Activity, ActivityHost
from openday.activities.services.files import file_journal
from openday.activities.uploads import CheckedFile
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import can_manage_campaign
from openday.core.audit import audit_record
from openday.core.errors import PermissionDenied
from openday.core.storage import fresh_name
from openday.orgs.enums import GROUP_KINDS
from openday.orgs.models import Unit

# Used when the notice sets no wording: what 浏阳市 asks for, which the other notices imply.
DEFAULT_BANNER = "{unit}{year}年“政务公开主题日”活动"
PLACEHOLDER_UNIT = "××××单位"
PLACEHOLDER_THEME = "××××"


def campaign_set_logo(*, actor, campaign: Campaign, logo: CheckedFile) -> Campaign:
    if actor is not None and not can_manage_campaign(actor, campaign):
        raise PermissionDenied("只有本地区公开办可以上传活动LOGO。")
    with transaction.atomic(), file_journal() as files:
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        before = locked.logo_name
        files.drop_after_commit(locked.logo)
        files.save(locked.logo, fresh_name(logo.suffix), logo.file)
        locked.logo_name = logo.name
        locked.save(update_fields=["logo", "logo_name", "updated_at"])
        audit_record(
            actor=actor,
            action="campaign.set_logo",
            obj=locked,
            region=campaign.region,
            before={"logo": before} if before else None,
            after={"logo": logo.name, "size": logo.size},
        )
    campaign.logo, campaign.logo_name = locked.logo, locked.logo_name
    return campaign


def unit_banner_name(unit: Unit) -> str:
    """The unit as a banner names it: "区人社局" of 天心区 → "天心区人社局"."""
    region = unit.region
    prefix = region.short_prefix
    if prefix and unit.name.startswith(prefix) and not unit.name.startswith(region.name):
        return region.name + unit.name[len(prefix) :]
    return unit.name


# Chinese characters and punctuation (CJK blocks, full-width forms, curly quotes).
_CJK = "[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
# A space beside Chinese text is a typing habit ("××××单位 2023 年"): printed, it is a gap.
_STRAY_SPACE = re.compile(rf"(?<={_CJK})\s+(?=[0-9]|{_CJK})|(?<=[0-9])\s+(?={_CJK})")


def _fill(template: str, *, unit: str, year: int, theme: str) -> str:
    # Plain replacement, not str.format: a brace typed into a template must not break it.
    filled = template.replace("{unit}", unit).replace("{year}", str(year)).replace("{theme}", theme)
    return _STRAY_SPACE.sub("", filled.strip())


def hosted_activities(campaign: Campaign, unit: Unit):
    """The campaign's activities the unit hosts, itself or as one of a group host."""
    groups = [group for group, kinds in GROUP_KINDS.items() if unit.kind in kinds]
    hosted = ActivityHost.objects.filter(activity__campaign=campaign).filter(
        unit=unit
    ) | ActivityHost.objects.filter(activity__campaign=campaign, group__in=groups)
    return Activity.objects.filter(pk__in=hosted.values("activity_id")).order_by("seq")


@dataclass(frozen=True)
class Banner:
    lines: list[str]
    is_default: bool


def banner_lines(campaign: Campaign, unit: Unit | None) -> Banner:
    """The banner wording for ``unit`` (``None``: with placeholders, as the office reads it)."""
    rules = getattr(campaign, "rules", None)
    templates = [t for t in (rules.banner_templates if rules else []) if t.strip()]
    is_default = not templates
    templates = templates or [DEFAULT_BANNER]
    name = unit_banner_name(unit) if unit else PLACEHOLDER_UNIT
    themes = None
    lines: list[str] = []
    for template in templates:
        if "{theme}" in template and unit is not None:
            if themes is None:
                themes = list(hosted_activities(campaign, unit).values_list("title", flat=True))
            for theme in themes or [PLACEHOLDER_THEME]:
                lines.append(_fill(template, unit=name, year=campaign.year, theme=theme))
        else:
            lines.append(_fill(template, unit=name, year=campaign.year, theme=PLACEHOLDER_THEME))
    return Banner(lines=list(dict.fromkeys(lines)), is_default=is_default)
