from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.orgs.models import Membership, Region, Unit
from tests.demo.conftest import DEMO_TODAY

# The demo is loaded once for the module (``loaded_demo``); each test's changes roll back.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded_demo")]


def load() -> str:
    out = StringIO()
    call_command("load_demo", "--today", DEMO_TODAY.isoformat(), stdout=out)
    return out.getvalue()


def test_demo_loads_five_jurisdictions_in_their_tree():
    tree = {r.name: (r.parent.name if r.parent else None) for r in Region.objects.all()}
    assert tree == {
        "湖南省": None,
        "长沙市": "湖南省",
        "邵阳市": "湖南省",
        "湘西州": "湖南省",
        "天心区": "长沙市",
        "浏阳市": "长沙市",
        "湘江新区": "长沙市",
        "大祥区": "邵阳市",
        "泸溪县": "湘西州",
    }
    counts = {c.slug: c.activities.rows().count() for c in Campaign.objects.all()}
    assert counts == {
        "tianxin-2023": 50,
        "liuyang-2023": 35,
        "xiangjiang-2023": 0,
        "daxiang-2023": 39,
        "luxi-2025": 36,
        "tianxin-2025": 50,
    }


@pytest.mark.parametrize(
    ("slug", "title", "issuer", "number", "date", "phase"),
    [
        (
            "tianxin-2023",
            "天心区2023年“政务公开主题日”活动实施方案",
            "长沙市天心区政务公开政务服务工作领导小组办公室",
            "天政务公开办发〔2023〕1号",
            "2023-03-03",
            "running",
        ),
        (
            "liuyang-2023",
            "浏阳市2023年“政务公开主题日”活动计划安排表",
            "浏阳市政务公开和政务服务工作领导小组办公室",
            "浏政务领办发〔2023〕15号",
            "2023-04-26",
            "running",
        ),
        (
            "xiangjiang-2023",
            "湖南湘江新区2023年“政务公开主题日”活动实施方案",
            "湖南湘江新区政务公开政务服务工作领导小组办公室",
            "",
            "2023-03-24",
            "declaration",
        ),
        (
            "daxiang-2023",
            "大祥区2023年“政务公开主题日”活动计划安排表",
            "邵阳市大祥区推进政府职能转变和“放管服”改革协调小组办公室",
            "大改革协调办〔2023〕5号",
            "2023-05-29",
            "running",
        ),
        (
            "luxi-2025",
            "2025年泸溪县“政务公开主题日”活动实施方案",
            "泸溪县行政审批服务局",
            "泸行审服发〔2025〕1号",
            "2025-05-07",
            "running",
        ),
    ],
)
def test_each_campaign_carries_its_document_facts(slug, title, issuer, number, date, phase):
    campaign = Campaign.objects.get(slug=slug)
    assert (campaign.title, campaign.issuer, campaign.doc_number) == (title, issuer, number)
    assert (campaign.issued_on.isoformat(), campaign.phase) == (date, phase)


def test_loading_twice_duplicates_nothing():
    counts = (
        Region.objects.count(),
        Unit.objects.count(),
        Activity.objects.count(),
        Campaign.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    )
    output = load()
    assert counts == (
        Region.objects.count(),
        Unit.objects.count(),
        Activity.objects.count(),
        Campaign.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    )
    assert (
        "tianxin-2023: 已导入 50 条计划：新增 0，更新 0，未变 50，删除 0；新建单位 0 个。" in output
    )
    assert "tianxin-2025: 2025 年的年度活动已有，未改动。" in output
    assert "演示账号（密码均为 openday-demo，仅供演示）" in output
    assert "tianxin-admin" in output


def test_demo_accounts_log_in_with_the_demo_password():
    user = get_user_model().objects.get(username="tianxin-renshe")
    assert user.check_password("openday-demo")
    membership = user.memberships.get()
    assert (membership.role, membership.unit.name) == ("unit_liaison", "区人力资源社会保障局")


def test_aliases_registered_by_the_demo_catch_short_names():
    host = Activity.objects.get(campaign__slug="luxi-2025", seq=34).hosts.get()
    assert (host.text, host.unit.name) == ("县人社局", "县人力资源和社会保障局")
