"""The plan rows pages: add a row, edit one, remove one, by the region's office admin; the
links to them on the campaign's and the activity's pages."""

import re

import pytest
from django.urls import reverse

from openday.activities.models import Activity
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.core.models import AuditEntry
from tests.campaigns.office_world import office_world
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return office_world()


@pytest.fixture
def admin(client, world):
    client.force_login(world.people["admin"])
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _plan(campaign) -> list[tuple]:
    return [
        (
            a.seq,
            a.month_label,
            a.title,
            [f.text for f in a.forms.all()],
            [h.text for h in a.hosts.all()],
            a.state,
        )
        for a in Activity.objects.rows().filter(campaign=campaign).order_by("seq")
    ]


def _add_url(world) -> str:
    return reverse("staff:plan-row-add", args=[world.campaign.slug])


def _edit_url(world, seq) -> str:
    return reverse("staff:plan-row-edit", args=[world.campaign.slug, seq])


def _remove_url(world, seq) -> str:
    return reverse("staff:plan-row-remove", args=[world.campaign.slug, seq])


def _row(world, **changes) -> dict:
    data = {
        "title": "人社政策进园区",
        "month_start": "11",
        "month_end": "12",
        "forms": "现场宣讲、座谈交流",
        "hosts": [f"unit:{world.units['renshe'].pk}", "group:all_streets"],
        "brief": "走进园区企业",
    }
    return data | changes


# --- add --------------------------------------------------------------------------------------


def test_the_add_page_offers_the_regions_active_units_and_the_groups(admin, world):
    response = admin.get(_add_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    for unit in ("renshe", "jiaoyu", "chengnan"):
        assert f'value="unit:{world.units[unit].pk}"' in page
    assert f'value="unit:{world.units["old"].pk}"' not in page  # inactive
    assert f'value="unit:{world.units["liuyang"].pk}"' not in page  # another region
    assert 'value="group:all_streets"' in page
    assert "新增的活动排在计划表末尾，序号接续现有最大序号；其余各条的序号不变。" in _text(response)


def test_adding_a_row_puts_it_at_the_end_and_opens_its_page(admin, world):
    response = admin.post(_add_url(world), _row(world))

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:activity-detail", args=[world.campaign.slug, 6])
    assert _plan(world.campaign)[-1] == (
        6,
        "11-12月",
        "人社政策进园区",
        ["现场宣讲", "座谈交流"],
        ["区人力资源社会保障局", "各街道"],
        "planned",
    )
    assert "已在计划表中新增第 6 条“人社政策进园区”。" in _text(admin.get(response["Location"]))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "请填写活动主题。"),
        ({"title": "题" * 301}, "活动主题不能超过 300 个字。"),
        ({"month_start": "13"}, "开始月份应为 1 到 12 月。"),
        ({"month_start": "abc"}, "开始月份应为 1 到 12 月。"),
        ({"month_start": "9", "month_end": "3"}, "结束月份不能早于开始月份。"),
        ({"month_start": "", "month_end": "3"}, "填写结束月份时请同时填写开始月份。"),
        ({"hosts": []}, "请至少选择一个责任单位。"),
        ({"hosts": ["unit:999999"]}, "所选的责任单位不在本地区的单位名单中，请重新选择。"),
        ({"hosts": ["group:all_friends"]}, "所选的责任单位不在本地区的单位名单中，请重新选择。"),
        ({"hosts": ["unit:abc"]}, "所选的责任单位不在本地区的单位名单中，请重新选择。"),
        ({"brief": "简" * 2001}, "活动简介不能超过 2000 个字。"),
        ({"forms": "、".join(f"形式{i}" for i in range(11))}, "活动形式最多 10 种"),
    ],
)
def test_a_bad_row_comes_back_on_the_page_and_nothing_is_saved(admin, world, changes, message):
    before, entries = _plan(world.campaign), AuditEntry.objects.count()
    response = admin.post(_add_url(world), _row(world, **changes))
    assert response.status_code == 400
    assert message in _text(response)
    assert "计划活动未保存，请修改以下内容" in _text(response)
    assert (_plan(world.campaign), AuditEntry.objects.count()) == (before, entries)


def test_another_regions_unit_cannot_be_posted_as_a_host(admin, world):
    before = _plan(world.campaign)
    response = admin.post(_add_url(world), _row(world, hosts=[f"unit:{world.units['liuyang'].pk}"]))
    assert response.status_code == 400
    assert _plan(world.campaign) == before


# --- edit -------------------------------------------------------------------------------------


def test_the_edit_page_is_filled_with_the_row(admin, world):
    response = admin.get(_edit_url(world, 1))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="title" value="社保政策宣讲"' in page
    assert re.search(rf'value="unit:{world.units["renshe"].pk}"[^>]*checked', page)
    assert '<option value="10" selected>10月</option>' in page


def test_forms_are_set_on_a_row_that_had_none(admin, world):
    response = admin.post(
        _edit_url(world, 5),
        _row(
            world,
            title="街道开放日",
            month_start="11",
            month_end="11",
            forms="现场观摩／座谈交流",
            hosts=[f"unit:{world.units['chengnan'].pk}"],
            brief="",
        ),
    )
    assert response.status_code == 302
    assert _plan(world.campaign)[4] == (
        5,
        "11月",
        "街道开放日",
        ["现场观摩", "座谈交流"],
        ["城南路街道办事处"],
        "planned",
    )


def test_editing_a_row_under_way_keeps_its_number_and_state(admin, world):
    response = admin.post(_edit_url(world, 2), _row(world, title="招生政策解读会"))
    assert response.status_code == 302
    assert _plan(world.campaign)[1][:3] == (2, "11-12月", "招生政策解读会")
    assert _plan(world.campaign)[1][5] == "held"
    assert [a[0] for a in _plan(world.campaign)] == [1, 2, 3, 4, 5]


def test_an_unknown_row_is_404(admin, world):
    assert admin.get(_edit_url(world, 99)).status_code == 404
    assert admin.get(_remove_url(world, 99)).status_code == 404


# --- remove -----------------------------------------------------------------------------------


def test_removing_a_planned_row_asks_first_then_leaves_a_gap(admin, world):
    page = admin.get(_remove_url(world, 5))
    assert page.status_code == 200
    assert "删除后，这一条从计划表和公开专栏中移除，其余各条的序号不变（留下空号）。" in _text(page)
    assert _plan(world.campaign)[-1][0] == 5

    response = admin.post(_remove_url(world, 5))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:campaign-detail", args=[world.campaign.slug])
    assert [a[0] for a in _plan(world.campaign)] == [1, 2, 3, 4]
    assert "已从计划表中删除第 5 条“街道开放日”；其余各条的序号不变。" in _text(
        admin.get(response["Location"])
    )


def test_a_row_under_way_points_to_cancel_instead(admin, world):
    refusal = (
        "第 2 条已是“已开展”状态，不能从计划中删除；如不再开展，请在活动页面办理“取消”并说明原因。"
    )
    page = admin.get(_remove_url(world, 2))
    assert page.status_code == 200
    assert refusal in _text(page)
    assert "到活动页面办理“取消”" in _text(page)
    assert "确认删除" not in _text(page)

    response = admin.post(_remove_url(world, 2))
    assert response.status_code == 400
    assert "第 2 条“招生政策解读”已是“已开展”状态，不能从计划中删除；" in _text(response)
    assert [a[0] for a in _plan(world.campaign)] == [1, 2, 3, 4, 5]


# --- who may, and the links -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("liaison", 403), ("viewer", 403), ("admin_other", 404)]
)
def test_only_the_office_admin_reaches_the_pages(client, world, who, status):
    client.force_login(world.people[who])
    before = _plan(world.campaign)
    for url in (_add_url(world), _edit_url(world, 1), _remove_url(world, 5)):
        assert client.get(url).status_code == status
        assert client.post(url, _row(world)).status_code == status
    assert _plan(world.campaign) == before


def test_the_office_admin_finds_the_links(admin, world):
    campaign_page = admin.get(reverse("staff:campaign-detail", args=[world.campaign.slug])).content
    assert _add_url(world).encode() in campaign_page
    assert reverse("staff:campaign-rules", args=[world.campaign.slug]).encode() in campaign_page

    planned = admin.get(reverse("staff:activity-detail", args=[world.campaign.slug, 5])).content
    assert _edit_url(world, 5).encode() in planned
    assert _remove_url(world, 5).encode() in planned
    held = admin.get(reverse("staff:activity-detail", args=[world.campaign.slug, 2])).content
    assert _edit_url(world, 2).encode() in held
    assert _remove_url(world, 2).encode() not in held


def test_others_see_the_rules_link_but_not_the_plan_links(client, world):
    client.force_login(world.people["liaison"])
    campaign_page = client.get(reverse("staff:campaign-detail", args=[world.campaign.slug])).content
    assert reverse("staff:campaign-rules", args=[world.campaign.slug]).encode() in campaign_page
    assert _add_url(world).encode() not in campaign_page
    activity_page = client.get(reverse("staff:activity-detail", args=[world.campaign.slug, 1]))
    assert _edit_url(world, 1).encode() not in activity_page.content


def test_a_closed_year_offers_no_plan_links(admin, world):
    Campaign.objects.filter(pk=world.campaign.pk).update(phase=CampaignPhase.CLOSED)
    campaign_page = admin.get(reverse("staff:campaign-detail", args=[world.campaign.slug])).content
    assert _add_url(world).encode() not in campaign_page
    activity_page = admin.get(reverse("staff:activity-detail", args=[world.campaign.slug, 5]))
    assert _edit_url(world, 5).encode() not in activity_page.content
    response = admin.post(_add_url(world), _row(world))
    assert response.status_code == 400
    assert "天心区2023年度已结束，不能再修改其计划。" in _text(response)


def test_kept_hosts_keep_their_order_and_new_ones_follow(admin, world):
    activity = world.activities[5]  # hosted by 城南路街道办事处
    response = admin.post(
        _edit_url(world, 5),
        _row(
            world,
            title=activity.title,
            hosts=[
                "group:all_streets",
                f"unit:{world.units['renshe'].pk}",
                f"unit:{world.units['chengnan'].pk}",
            ],
        ),
    )
    assert response.status_code == 302
    assert _plan(world.campaign)[4][4] == ["城南路街道办事处", "区人力资源社会保障局", "各街道"]


@pytest.mark.parametrize(("url", "queries"), [("add", 6), ("edit", 10)])
def test_the_row_pages_read_the_units_once(admin, world, url, queries, django_assert_num_queries):
    # Session, user, Scope, campaign; (the row, its hosts with their units, its forms;) the
    # region's units in one query however many; the campaign's forms vocabulary.
    for n in range(20):
        UnitFactory(region=world.campaign.region, name=f"区第{n}局")
    target = _add_url(world) if url == "add" else _edit_url(world, 1)
    with django_assert_num_queries(queries):
        assert admin.get(target).status_code == 200
