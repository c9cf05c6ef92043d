"""The stack test's data, written into the stack's own database by a process of the stack
(``Stack.python``, after ``django.setup()``), through the same factories as the other tests.

- ``stack-cached``: a running campaign with a published plan (the micro-cache checks);
- ``stack-publish``: a campaign still planning, its plan not yet public (the publish check);
- ``stack-files``: this year's campaign with activity 7 scheduled, hosted by 区政务服务中心,
  whose liaison files its plan (the upload check); another unit's liaison and the office admin.
"""

import datetime as dt
import json
import sys

from django.utils import timezone

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.campaigns.enums import CampaignPhase
from openday.orgs.enums import RegionKind, RegionLevel, Role
from tests.factories import (
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.portal.plans import add_activity

PASSWORD = "stack-test-password-2025"
CACHED_TITLE = "缓存检查：被征地农民社会保险政策宣讲"
PUBLISHED_TITLE = "发布检查：老旧小区改造方案交流会"


def setup() -> dict:
    today = timezone.localdate()
    city = RegionFactory(
        name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    region = RegionFactory(name="天心区", slug="tianxin", parent=city)

    cached = CampaignFactory(region=region, year=today.year - 2, slug="stack-cached")
    add_activity(cached, 1, (3, 3), CACHED_TITLE, ["政策宣传"], ["区人力资源社会保障局"])

    planning = CampaignFactory(
        region=region, year=today.year - 1, slug="stack-publish", phase=CampaignPhase.PLANNING
    )
    add_activity(planning, 1, (4, 4), PUBLISHED_TITLE, ["座谈交流"], ["区人居环境局"])

    files = CampaignFactory(region=region, year=today.year, slug="stack-files")
    on = today + dt.timedelta(days=20)
    activity = add_activity(files, 7, (on.month, on.month), "“一网通办”现场体验", [], [])
    host = UnitFactory(region=region, name="区政务服务中心")
    ActivityHostFactory(activity=activity, unit=host, text=host.name)
    Activity.objects.filter(pk=activity.pk).update(state=ActivityState.SCHEDULED, scheduled_on=on)
    other = UnitFactory(region=region, name="区教育局")

    people = {
        "admin": ("stack-admin", {"role": Role.OFFICE_ADMIN}),
        "liaison": ("stack-liaison", {"role": Role.UNIT_LIAISON, "unit": host}),
        "other": ("stack-other", {"role": Role.UNIT_LIAISON, "unit": other}),
    }
    for username, grant in people.values():
        user = UserFactory(username=username, password=PASSWORD)
        MembershipFactory(user=user, region=region, **grant)
    return {
        "cached": cached.slug,
        "publish": planning.slug,
        "files": files.slug,
        "seq": activity.seq,
        "password": PASSWORD,
        "users": {key: username for key, (username, _grant) in people.items()},
        "cached_title": CACHED_TITLE,
        "published_title": PUBLISHED_TITLE,
    }


def main() -> None:
    if sys.argv[1:] == ["setup"]:
        print(json.dumps(setup(), ensure_ascii=False))
    else:
        raise SystemExit(f"usage: stack_data setup, not {sys.argv[1:]}")
