"""Shared set-up of the activity tests: 天心区 under 长沙市, its 2023 campaign with 浏阳市's
rules (filing 5 working days before, report 5 working days after, publicity 3 days, at least 6
staff on site), one activity hosted by 区政务服务中心, and people in every role."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from openday.campaigns.services import campaign_set_rules
from openday.core.storage import private_root
from openday.orgs.enums import RegionKind, RegionLevel, Role
from tests.factories import (
    ActivityFactory,
    ActivityFormFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)

ROLES = ["host_liaison", "other_liaison", "other_region", "admin", "viewer", "anonymous"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def region(db):
    city = RegionFactory(
        name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    return RegionFactory(name="天心区", slug="tianxin", parent=city)


@pytest.fixture
def campaign(region):
    campaign = CampaignFactory(region=region, year=2023, slug="tianxin-2023")
    campaign_set_rules(
        campaign=campaign,
        filing_lead_days=5,
        filing_lead_working=True,
        report_due_days=5,
        report_due_working=True,
        publicity_due_days=3,
        publicity_due_working=False,
        min_staff=6,
        banner_templates=["{unit} {year} 年“政务公开主题日”活动"],
    )
    return campaign


@pytest.fixture
def host_unit(region):
    return UnitFactory(region=region, name="区政务服务中心")


@pytest.fixture
def activity(campaign, host_unit):
    activity = ActivityFactory(
        campaign=campaign, seq=7, month_start=10, month_end=10, title="“一网通办”现场体验"
    )
    ActivityFormFactory(activity=activity, text="现场观摩", kind="site_visit")
    ActivityHostFactory(activity=activity, unit=host_unit, text="区政务服务中心")
    return activity


def make_user(kind: str, campaign, host_unit):
    """A person in role ``kind`` (see ``ROLES``); None for the anonymous visitor."""
    region = campaign.region
    names = {"admin": "王晓", "host_liaison": "李明", "other_liaison": "赵强"}
    if kind == "anonymous":
        return None
    user = UserFactory(first_name=names.get(kind, ""))
    if kind == "admin":
        MembershipFactory(user=user, role=Role.OFFICE_ADMIN, region=region)
    elif kind == "host_liaison":
        MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=region, unit=host_unit)
    elif kind == "other_liaison":
        other = UnitFactory(region=region, name="区教育局")
        MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=region, unit=other)
    elif kind == "viewer":
        MembershipFactory(user=user, role=Role.SUPERIOR_VIEWER, region=region.parent)
    elif kind == "other_region":
        sibling = RegionFactory(name="浏阳市", slug="liuyang", parent=region.parent)
        MembershipFactory(user=user, role=Role.OFFICE_ADMIN, region=sibling)
    else:
        raise ValueError(kind)
    return user


@pytest.fixture
def admin(campaign, host_unit):
    return make_user("admin", campaign, host_unit)


@pytest.fixture
def liaison(campaign, host_unit):
    return make_user("host_liaison", campaign, host_unit)


@pytest.fixture
def today(monkeypatch):
    """Freeze ``timezone.localdate()`` (what the views and services take as today)."""
    real = timezone.localdate

    def freeze(on: dt.date) -> None:
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, tz=None: on if value is None else real(value, tz),
        )

    return freeze


def stored_files() -> list[Path]:
    """Every file in the private storage (activity files), for "nothing half-saved"."""
    root = private_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
