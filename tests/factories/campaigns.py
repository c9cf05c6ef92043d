"""Factories of ``openday.campaigns``."""

import factory

from openday.campaigns.enums import CampaignPhase, FormKind
from openday.campaigns.models import Campaign, CampaignForm
from tests.factories.orgs import RegionFactory


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
