"""One factory per model. Regions get their materialised path from ``region_create``."""

import factory
from django.contrib.auth import get_user_model

from openday.activities.models import Activity, ActivityForm, ActivityHost
from openday.campaigns.enums import CampaignPhase, FormKind
from openday.campaigns.models import Campaign, CampaignForm
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitKind
from openday.orgs.models import Membership, Office, Region, Unit
from openday.orgs.services import region_create, unit_create


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}区")
    slug = factory.Sequence(lambda n: f"region-{n}")
    level = RegionLevel.COUNTY
    kind = RegionKind.DISTRICT
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return region_create(**kwargs)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    region = factory.SubFactory(RegionFactory)
    name = factory.LazyAttribute(lambda o: f"{o.region.name}政务公开办")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"区第{n}局")
    kind = UnitKind.DEPARTMENT

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return unit_create(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("openday-test-pass")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.OFFICE_ADMIN
    region = factory.SubFactory(RegionFactory)
    unit = None


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    region = factory.SubFactory(RegionFactory)
    year = 2023
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    title = factory.LazyAttribute(
        lambda o: f"{o.region.name}{o.year}年“政务公开主题日”活动实施方案"
    )
    phase = CampaignPhase.RUNNING


class CampaignFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignForm

    campaign = factory.SubFactory(CampaignFactory)
    name = "政策宣传"
    kind = FormKind.PUBLICITY
    position = factory.Sequence(int)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    campaign = factory.SubFactory(CampaignFactory)
    seq = factory.Sequence(lambda n: n + 1)
    month_start = 5
    month_end = 5
    title = factory.Sequence(lambda n: f"测试活动{n}")


class ActivityFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityForm

    activity = factory.SubFactory(ActivityFactory)
    text = "政策宣传"
    kind = FormKind.PUBLICITY


class ActivityHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityHost

    activity = factory.SubFactory(ActivityFactory)
    unit = factory.SubFactory(
        UnitFactory, region=factory.SelfAttribute("..activity.campaign.region")
    )
    text = factory.LazyAttribute(lambda o: o.unit.name)
