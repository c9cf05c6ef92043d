import pytest

from openday.orgs.enums import UnitGroup, UnitKind
from openday.orgs.names import group_of, unit_key, unit_kind_of

TIANXIN = ("天心区", "长沙市天心区")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("区人力资源社会保障局", "人力资源和社会保障局"),
        ("天心区人力资源社会保障局", "区人力资源社会保障局"),
        ("罗市镇人民政府", "罗市镇"),
        ("城南路街道办事处", "城南路街道"),
        ("区市场监管局", "市场监管局"),
        ("县城市管理和综合执法局", "城市管理综合执法局"),
    ],
)
def test_names_of_the_same_unit_share_a_key(a, b):
    assert unit_key(a, TIANXIN) == unit_key(b, TIANXIN)


@pytest.mark.parametrize(
    ("a", "b"),
    [("区委宣传部", "宣传部"), ("市场监督管理局", "场监督管理局"), ("区财政局", "区审计局")],
)
def test_different_units_keep_different_keys(a, b):
    assert unit_key(a, TIANXIN) != unit_key(b, TIANXIN)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("城南路街道办事处", UnitKind.STREET),
        ("荷花街道", UnitKind.STREET),
        ("罗市镇人民政府", UnitKind.TOWN),
        ("蔡锷乡人民政府", UnitKind.TOWNSHIP),
        ("区财政局", UnitKind.DEPARTMENT),
        ("自来水公司", UnitKind.OTHER),
    ],
)
def test_unit_kind_from_its_name(name, kind):
    assert unit_kind_of(name) == kind


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("各街道办事处", UnitGroup.ALL_STREETS),
        ("各街道", UnitGroup.ALL_STREETS),
        ("各乡镇", UnitGroup.ALL_TOWNS),
        ("各乡镇（街道）", UnitGroup.ALL_TOWNS_AND_STREETS),
        ("区直各单位", UnitGroup.ALL_DEPARTMENTS),
        ("区财政局", None),
    ],
)
def test_group_hosts(name, group):
    assert group_of(name) == group
