"""湘江新区 as its notice sets it up: 2 themes per unit, one of them 实地调研 or 现场观摩, a
category from eight, due 2023-03-31; two of its units, a sibling region, and one user per role."""

import pytest
from django.core.cache import cache

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.presets import rules_from_preset
from openday.campaigns.services import campaign_set_forms, campaign_set_rules
from openday.declarations.services import (
    declaration_accept,
    declaration_submit,
    declaration_window_open,
)
from openday.orgs.enums import RegionKind, RegionLevel, UnitKind
from tests.declarations.helpers import BEFORE_DUE, FORMS, make_user, save
from tests.factories import CampaignFactory, RegionFactory, UnitFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    # Primary keys are reused after a rolled-back test, and cached pages are keyed by pk.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(db):
    return RegionFactory(
        name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
    )


@pytest.fixture
def region(city):
    return RegionFactory(
        name="湘江新区",
        slug="xiangjiang",
        parent=city,
        kind=RegionKind.NEW_AREA,
        full_name="湖南湘江新区",
    )


@pytest.fixture
def campaign(region):
    campaign = CampaignFactory(
        region=region,
        year=2023,
        slug="xiangjiang-2023",
        title="湖南湘江新区2023年“政务公开主题日”活动实施方案",
        phase=CampaignPhase.DRAFT,
    )
    campaign_set_forms(campaign=campaign, names=FORMS)
    campaign_set_rules(campaign=campaign, **rules_from_preset("xiangjiang", 2023))
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def unit(region):
    return UnitFactory(region=region, name="新区行政审批服务局", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def other_unit(region):
    return UnitFactory(region=region, name="新区经济发展局", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def admin(region, unit, other_unit):
    return make_user("admin", region, unit, other_unit)


@pytest.fixture
def liaison(region, unit, other_unit):
    return make_user("liaison", region, unit, other_unit)


@pytest.fixture
def other_liaison(region, unit, other_unit):
    return make_user("other_liaison", region, unit, other_unit)


@pytest.fixture
def window(campaign, admin):
    return declaration_window_open(actor=admin, campaign=campaign)


@pytest.fixture
def draft(window, campaign, unit, liaison):
    return save(liaison, campaign, unit)


@pytest.fixture
def submitted(draft, liaison):
    return declaration_submit(actor=liaison, declaration=draft, today=BEFORE_DUE)


@pytest.fixture
def accepted(submitted, admin):
    return declaration_accept(actor=admin, declaration=submitted)
