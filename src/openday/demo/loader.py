"""Load the demo: the region tree, offices, the five campaigns with their plans, accounts,
天心区's reminder channels, its 2023 in progress (``demo.progress``) and its campaign of the
current year around today (``demo.current_year``).

Runs any number of times: everything is looked up before it is created, and plan imports are
idempotent, so a second run changes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from openday.campaigns.models import Campaign
from openday.campaigns.presets import rules_from_preset
from openday.campaigns.services import campaign_create, campaign_set_forms, campaign_set_rules
from openday.declarations.demo import load_demo_declarations
from openday.demo.current_year import current_year_slug, load_current_year
from openday.demo.data import ACCOUNTS, CAMPAIGNS, DEMO_PASSWORD, NOTICES, REGIONS, REGISTRY
from openday.demo.experiences import load_demo_experiences
from openday.demo.participation import load_demo_participation
from openday.demo.progress import load_demo_progress
from openday.demo.website import load_demo_websites
from openday.importers.notice import notice_read
from openday.importers.notice.campaign import campaign_fields
from openday.importers.services import plan_import
from openday.orgs.models import Membership, Region, Unit
from openday.orgs.services import office_set, region_create, unit_create
from openday.reminders.models import OfficeNotificationSettings
from openday.reminders.services import office_settings_save

__all__ = ["NOTICES", "DemoReport", "load_demo"]


@dataclass
class DemoReport:
    lines: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def load_demo(today: dt.date | None = None) -> DemoReport:
    """``today`` (default: the local date, read here once) places the current year's
    campaign: its year and where its activities stand."""
    today = today or timezone.localdate()
    report = DemoReport()
    with transaction.atomic():
        regions = _regions()
        for region_slug, units in REGISTRY.items():
            for name, aliases in units:
                if not Unit.objects.filter(region=regions[region_slug], name=name).exists():
                    unit_create(region=regions[region_slug], name=name, aliases=tuple(aliases))
        for spec in CAMPAIGNS:
            campaign = _campaign(spec, regions[spec["region"]])
            result = plan_import(campaign=campaign, path=NOTICES / spec["notice"])
            report.lines.append(f"{campaign.slug}: {result.summary()}")
        report.lines.extend(load_demo_declarations())
        report.accounts = _accounts(regions)
        _reminder_channels(regions["tianxin"])
        # After the accounts: the liaisons and the office act in it.
        report.lines.extend(load_demo_progress())
        report.lines.extend(load_current_year(today))
        # The public's sign-ups and opinions on this year's announced activity.
        report.lines.extend(load_demo_participation(today))
        report.lines.extend(load_demo_websites())
        # After the progress: only published reports are recommended.
        report.lines.extend(load_demo_experiences(current_year_slug(today.year)))
    return report


def _regions() -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for slug, name, full_name, level, kind, parent, office in REGIONS:
        region = Region.objects.filter(slug=slug).first() or region_create(
            name=name,
            slug=slug,
            level=level,
            kind=kind,
            parent=regions.get(parent),
            full_name=full_name,
        )
        office_set(region=region, name=office)
        regions[slug] = region
    return regions


def _campaign(spec: dict, region: Region) -> Campaign:
    campaign = Campaign.objects.filter(slug=spec["slug"]).first()
    if campaign is None:
        facts = {
            k: v
            for k, v in spec.items()
            if k not in {"slug", "region", "year", "title", "notice", "forms", "preset"}
        }
        facts["source_text"] = (NOTICES / spec["notice"]).read_text(encoding="utf-8")
        facts = campaign_fields(notice_read(NOTICES / spec["notice"])) | facts
        campaign = campaign_create(
            region=region, year=spec["year"], slug=spec["slug"], title=spec["title"], **facts
        )
        campaign_set_forms(campaign=campaign, names=spec["forms"])
    if not hasattr(campaign, "rules"):
        campaign_set_rules(campaign=campaign, **rules_from_preset(spec["preset"], spec["year"]))
    return campaign


def _accounts(regions: dict[str, Region]) -> list[tuple[str, str, str]]:
    users = get_user_model()
    accounts = []
    for username, role, region_slug, unit_name in ACCOUNTS:
        user = users.objects.filter(username=username).first()
        if user is None:
            user = users(username=username, is_staff=False)
            user.set_password(DEMO_PASSWORD)
            user.save()
        _demo_email(user)
        region = regions[region_slug]
        unit = Unit.objects.get(region=region, name=unit_name) if unit_name else None
        Membership.objects.get_or_create(user=user, role=role, region=region, unit=unit)
        label = Membership(role=role).get_role_display()
        accounts.append((username, label, f"{region.name}{' · ' + unit.name if unit else ''}"))
    admin = users.objects.filter(username="admin").first()
    if admin is None:
        admin = users.objects.create_superuser("admin", "", DEMO_PASSWORD)
    _demo_email(admin)
    accounts.append(("admin", "系统管理员", "全部地区（含 /admin/ 配置后台）"))
    return accounts


def _demo_email(user) -> None:
    """An address for the email reminders; one the user set stays."""
    if not user.email:
        user.email = f"{user.username}@demo.openday.local"
        user.save(update_fields=["email"])


def _reminder_channels(region: Region) -> None:
    """The office's people get reminders in the inbox and by email (in the demo, files under
    var/mail). Only when the office has no defaults yet: its own choice stays."""
    office = region.office
    if not OfficeNotificationSettings.objects.filter(office=office).exists():
        office_settings_save(
            actor=None,
            office=office,
            by_email=True,
            by_webhook=False,
            webhook_url="",
            webhook_secret=None,
        )
