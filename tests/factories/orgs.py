"""Factories of ``openday.orgs``. Regions and units are made through the services, so they get
their materialised path and matching keys as in the app."""

import factory
from django.contrib.auth import get_user_model

from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitKind
from openday.orgs.models import Account, Membership, Office, Region, Unit
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


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    user = factory.SubFactory(UserFactory)
    must_change_password = False
