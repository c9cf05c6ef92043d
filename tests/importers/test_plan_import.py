"""Applying a plan document to a campaign: units, forms, hosts, re-import, all or nothing."""

import pytest

from openday.activities.enums import ActivityState, JointRole
from openday.activities.models import Activity, ActivityHost
from openday.campaigns.models import Campaign
from openday.core.errors import DomainError
from openday.core.models import AuditEntry
from openday.importers.errors import PlanFileError
from openday.importers.services import plan_import
from openday.orgs.enums import UnitGroup, UnitKind
from openday.orgs.models import Unit
from openday.orgs.services import unit_create
from tests.factories import CampaignFactory, CampaignFormFactory, RegionFactory

pytestmark = pytest.mark.django_db

HEADER = "序号\t活动时间\t活动主题\t活动形式\t责任单位\n"


@pytest.fixture
def tianxin():
    region = RegionFactory(name="天心区", slug="tianxin")
    return CampaignFactory(region=region, slug="tianxin-2023")


def plan_file(tmp_path, body: str, name="plan.txt"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_the_tianxin_seed_becomes_the_campaign_plan(tianxin, seeds_dir):
    unit_create(region=tianxin.region, name="区人力资源社会保障局", aliases=("区人社局",))

    result = plan_import(campaign=tianxin, path=seeds_dir / "000_d804d73a4347b30d.txt")

    assert Activity.objects.rows().filter(campaign=tianxin).count() == 50
    assert result.change.created == list(range(1, 51))
    first = Activity.objects.rows().get(campaign=tianxin, seq=1)
    assert (first.month_start, first.month_end, first.title) == (
        3,
        3,
        "被征地农民社会保险业务政策宣讲",
    )
    assert first.hosts.get().unit.name == "区人力资源社会保障局"
    joint = Activity.objects.rows().get(campaign=tianxin, seq=23)
    assert [(h.text, h.unit.name if h.unit else None, h.group) for h in joint.hosts.all()] == [
        ("区应急管理局", "区应急管理局", ""),
        ("各街道办事处", None, UnitGroup.ALL_STREETS),
    ]
    # The lead holds the row; every street of the region has a part of its own.
    streets = set(
        Unit.objects.filter(region=tianxin.region, kind=UnitKind.STREET).values_list(
            "name", flat=True
        )
    )
    parts = list(joint.parts.order_by("part_no"))
    assert joint.joint == JointRole.LED
    assert {p.hosts.get().unit.name for p in parts} == streets
    assert [p.ref for p in parts] == [f"23-{n}" for n in range(1, len(streets) + 1)]
    assert not any(p.with_lead for p in parts)
    assert {p.title for p in parts} == {joint.title}
    nine = Activity.objects.rows().get(campaign=tianxin, seq=9)
    assert [(f.text, f.kind) for f in nine.forms.all()] == [
        ("政策宣传", "publicity"),
        ("现场观摩", "site_visit"),
        ("调查征集", "survey"),
        ("其他形式", "other"),
    ]
    tianxin.refresh_from_db()
    assert tianxin.plan_title == "天心区2023年“政务公开主题日”活动计划表"
    assert [h for _, h in tianxin.plan_columns] == [
        "序号",
        "活动时间",
        "活动主题",
        "活动形式",
        "责任单位",
    ]
    # 50 host units less the registered one; every new unit is named in a warning.
    assert len(result.new_units) == 50
    assert sum("已新建" in w for w in result.warnings) == 50
    assert Unit.objects.get(region=tianxin.region, name="城南路街道办事处").kind == UnitKind.STREET


def test_unit_names_match_the_registry_through_aliases(tianxin, tmp_path):
    unit = unit_create(region=tianxin.region, name="区人力资源社会保障局", aliases=("区人社局",))
    path = plan_file(
        tmp_path,
        "1\t5月\t社保宣传\t政策宣传\t区人社局\n"
        "2\t5月\t就业政策\t政策宣传\t天心区人力资源和社会保障局\n",
    )

    result = plan_import(campaign=tianxin, path=path)

    assert result.new_units == []
    hosts = ActivityHost.objects.filter(activity__campaign=tianxin).order_by("activity__seq")
    assert [(h.text, h.unit_id) for h in hosts] == [
        ("区人社局", unit.pk),
        ("天心区人力资源和社会保障局", unit.pk),
    ]


def test_importing_the_same_file_again_leaves_the_same_plan(tianxin, seeds_dir):
    path = seeds_dir / "000_d804d73a4347b30d.txt"
    plan_import(campaign=tianxin, path=path)
    before = list(
        Activity.objects.rows().filter(campaign=tianxin).values_list("pk", "seq", "title")
    )
    units = Unit.objects.count()
    version = Campaign.objects.get(pk=tianxin.pk).content_version

    result = plan_import(campaign=tianxin, path=path)

    assert result.change.unchanged == list(range(1, 51))
    assert not result.change.changed
    assert (
        list(Activity.objects.rows().filter(campaign=tianxin).values_list("pk", "seq", "title"))
        == before
    )
    assert Unit.objects.count() == units
    assert (
        ActivityHost.objects.filter(activity__campaign=tianxin, activity__lead__isnull=True).count()
        == 52
    )
    assert Campaign.objects.get(pk=tianxin.pk).content_version == version
    assert AuditEntry.objects.filter(action="plan.replace").count() == 1


def test_a_changed_file_updates_adds_and_removes_rows(tianxin, tmp_path):
    plan_import(
        campaign=tianxin,
        path=plan_file(
            tmp_path, "1\t3月\t甲\t政策宣传\t区财政局\n2\t3月\t乙\t政策宣传\t区财政局\n"
        ),
    )
    kept = Activity.objects.rows().get(campaign=tianxin, seq=1).pk

    result = plan_import(
        campaign=tianxin,
        path=plan_file(
            tmp_path, "1\t4月\t甲（改）\t座谈交流\t区财政局\n3\t5月\t丙\t政策宣传\t区财政局\n"
        ),
    )

    assert (result.change.updated, result.change.created, result.change.deleted) == ([1], [3], [2])
    first = Activity.objects.rows().get(campaign=tianxin, seq=1)
    assert first.pk == kept
    assert (first.month_start, first.title) == (4, "甲（改）")
    assert [f.kind for f in first.forms.all()] == ["discussion"]
    assert sorted(
        Activity.objects.rows().filter(campaign=tianxin).values_list("seq", flat=True)
    ) == [1, 3]


def test_an_activity_under_way_is_not_dropped_by_a_new_plan(tianxin, tmp_path):
    plan_import(
        campaign=tianxin,
        path=plan_file(
            tmp_path, "1\t3月\t甲\t政策宣传\t区财政局\n2\t3月\t乙\t政策宣传\t区财政局\n"
        ),
    )
    Activity.objects.rows().filter(campaign=tianxin, seq=2).update(state=ActivityState.SCHEDULED)

    with pytest.raises(DomainError, match="第 2 条“乙”"):
        plan_import(campaign=tianxin, path=plan_file(tmp_path, "1\t4月\t甲\t政策宣传\t区新单位\n"))

    assert sorted(
        Activity.objects.rows().filter(campaign=tianxin).values_list("seq", "month_start")
    ) == [
        (1, 3),
        (2, 3),
    ]
    assert not Unit.objects.filter(name="区新单位").exists()


def test_a_broken_file_changes_nothing(tianxin, tmp_path, seeds_dir):
    plan_import(campaign=tianxin, path=seeds_dir / "000_d804d73a4347b30d.txt")
    before = Activity.objects.rows().filter(campaign=tianxin).count()
    with pytest.raises(PlanFileError):
        plan_import(campaign=tianxin, path=plan_file(tmp_path, "1\t15月\t甲\t政策宣传\t区财政局\n"))
    assert Activity.objects.rows().filter(campaign=tianxin).count() == before


def test_the_campaign_vocabulary_maps_its_own_form_names(tianxin, tmp_path):
    CampaignFormFactory(campaign=tianxin, name="云上直播", kind="policy_release")
    plan_import(
        campaign=tianxin, path=plan_file(tmp_path, "1\t6月\t新政发布\t云上直播\t区财政局\n")
    )
    assert Activity.objects.rows().get(campaign=tianxin).forms.get().kind == "policy_release"


def test_the_blank_declaration_form_imports_nothing_and_succeeds(seeds_dir):
    campaign = CampaignFactory(slug="xiangjiang-2023")
    result = plan_import(campaign=campaign, path=seeds_dir / "002_bbd494da69939ab6.txt")
    assert result.plan.declaration_form is True
    assert Activity.objects.rows().filter(campaign=campaign).count() == 0


def test_a_blank_declaration_form_leaves_the_plan_layout_alone(seeds_dir):
    campaign = CampaignFactory(slug="xiangjiang-2023")
    plan_import(campaign=campaign, path=seeds_dir / "002_bbd494da69939ab6.txt")
    campaign.refresh_from_db()
    assert (campaign.plan_columns, campaign.plan_title) == ([], "")
