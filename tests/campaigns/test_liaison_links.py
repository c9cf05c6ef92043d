"""A liaison's campaign page links only the activities their unit hosts."""

import pytest

from openday.orgs.enums import Role, UnitGroup, UnitKind
from tests.factories import (
    ActivityFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_liaison_sees_links_for_own_and_group_hosted_rows_only(client):
    campaign = CampaignFactory(slug="tianxin-2023")
    street = UnitFactory(region=campaign.region, name="城南路街道办事处", kind=UnitKind.STREET)
    other = UnitFactory(region=campaign.region, name="区财政局")
    own = ActivityFactory(campaign=campaign, seq=1, title="街道活动")
    ActivityHostFactory(activity=own, unit=street, text=street.name)
    foreign = ActivityFactory(campaign=campaign, seq=2, title="财政活动")
    ActivityHostFactory(activity=foreign, unit=other, text=other.name)
    grouped = ActivityFactory(campaign=campaign, seq=3, title="全体街道活动")
    ActivityHostFactory(
        activity=grouped, unit=None, group=UnitGroup.ALL_STREETS, text="各街道办事处"
    )
    liaison = MembershipFactory(role=Role.UNIT_LIAISON, region=campaign.region, unit=street)
    client.force_login(liaison.user)

    page = client.get("/staff/campaigns/tianxin-2023/").content.decode()

    assert 'href="/staff/campaigns/tianxin-2023/activities/1/"' in page
    assert 'href="/staff/campaigns/tianxin-2023/activities/3/"' in page
    assert 'href="/staff/campaigns/tianxin-2023/activities/2/"' not in page
    assert "财政活动" in page  # the plan itself is public; only the link is withheld
    assert client.get("/staff/campaigns/tianxin-2023/activities/2/").status_code == 404
