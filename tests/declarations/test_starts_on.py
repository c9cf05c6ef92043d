"""The campaign's first day (``Campaign.starts_on``, the notice's 「2023年4月开始」): no theme is
declared for a month before it (湘江新区 accepted a March theme)."""

import pytest

from openday.campaigns.models import Campaign
from openday.declarations.models import Declaration
from openday.declarations.services import DeclarationInvalid, ItemInput
from tests.declarations.helpers import D, good_items, save
from tests.declarations.test_views import GOOD_ROWS, errors, form_data, url
from tests.portal.html import parse

pytestmark = pytest.mark.django_db

MARCH_REFUSED = (
    "第 1 项““一件事一次办”现场观摩”的活动时间（3月）早于本年度活动的起始月份；"
    "实施方案规定活动自 2023年4月 开始，请选择 4 月或以后的月份。"
)


@pytest.fixture
def starts_in_april(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(starts_on=D(2023, 4, 1))
    campaign.refresh_from_db()
    return campaign


def march_first() -> list[ItemInput]:
    first, second = good_items()
    return [ItemInput(**{**first.__dict__, "month_start": 3, "month_end": 3}), second]


def test_a_march_theme_is_refused_when_activities_start_in_april(
    window, starts_in_april, unit, liaison
):
    with pytest.raises(DeclarationInvalid) as refused:
        save(liaison, starts_in_april, unit, items=march_first())

    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("items.0.month_start", MARCH_REFUSED)
    ]
    assert not Declaration.objects.filter(campaign=starts_in_april, unit=unit).exists()


def test_a_range_starting_before_the_first_month_is_refused(window, starts_in_april, unit, liaison):
    first, second = good_items()
    items = [ItemInput(**{**first.__dict__, "month_start": 3, "month_end": 5}), second]

    with pytest.raises(DeclarationInvalid, match="3-5月"):
        save(liaison, starts_in_april, unit, items=items)


def test_april_and_later_are_accepted(window, starts_in_april, unit, liaison):
    first, second = good_items()
    items = [ItemInput(**{**first.__dict__, "month_start": 4, "month_end": 4}), second]

    declaration = save(liaison, starts_in_april, unit, items=items)

    assert [item.month_start for item in declaration.items.order_by("seq")] == [4, 9]


def test_without_a_first_day_march_is_accepted(window, campaign, unit, liaison):
    declaration = save(liaison, campaign, unit, items=march_first())

    assert declaration.items.order_by("seq").first().month_start == 3


def test_the_declaration_page_says_why_march_is_refused(
    client, window, starts_in_april, unit, liaison
):
    client.force_login(liaison)
    rows = [{**GOOD_ROWS[0], "month_start": "3", "month_end": ""}, GOOD_ROWS[1]]

    response = client.post(url("declaration-edit", starts_in_april, unit.pk), form_data(rows))

    assert response.status_code == 400
    assert errors(parse(response.content)) == [f"开始月份：{MARCH_REFUSED}"]
