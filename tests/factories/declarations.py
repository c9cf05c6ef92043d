"""Factories of ``openday.declarations``: declarations, their items, merges."""

import factory

from openday.declarations.enums import DeclarationState
from openday.declarations.models import Declaration, DeclarationItem, DeclarationMerge
from tests.factories.campaigns import CampaignFactory
from tests.factories.orgs import UnitFactory


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory, region=factory.SelfAttribute("..campaign.region"))
    state = DeclarationState.DRAFT
    contact_person = "张三"
    phone = "0731-88990000"


class DeclarationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclarationItem

    declaration = factory.SubFactory(DeclarationFactory)
    seq = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"申报主题{n}")
    month_start = 6
    month_end = 6
    form_text = "实地调研"
    form_kind = "field_research"
    brief = "活动简介"
    category = "经济发展"


class DeclarationMergeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclarationMerge

    campaign = factory.SubFactory(CampaignFactory)
    title = "合并主题"
    month_start = 9
    month_end = 9
