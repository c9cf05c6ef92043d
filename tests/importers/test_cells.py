import pytest

from openday.importers.cells import (
    CellError,
    CellWarning,
    compact_title,
    join_wrapped,
    parse_months,
    split_forms,
    split_units,
)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("3 月", (3, 3)),
        ("12月", (12, 12)),
        ("5-6 月", (5, 6)),
        ("6-8月", (6, 8)),
        ("5月-6月", (5, 6)),
        ("5至6月", (5, 6)),
        ("5～6月", (5, 6)),
        ("５月", (5, 5)),
        ("十一月", (11, 11)),
        ("三至四月", (3, 4)),
        ("2023年5月", (5, 5)),
        ("2023年5月15日", (5, 5)),
        ("4月中旬", (4, 4)),
        ("全年", (1, 12)),
        ("第二季度", (4, 6)),
        ("下半年", (7, 12)),
        ("7", (7, 7)),
        ("2023-07", (7, 7)),
        ("", None),
        ("待定", None),
        ("—", None),
    ],
)
def test_parse_months(text, months):
    assert parse_months(text) == months


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13月", "活动时间“13月”中的月份 13 不存在（应为 1 至 12 月）"),
        ("0月", "活动时间“0月”中的月份 0 不存在（应为 1 至 12 月）"),
        ("8-6月", "活动时间“8-6月”的结束月份早于开始月份"),
        ("11-14月", "活动时间“11-14月”中的月份 14 不存在（应为 1 至 12 月）"),
    ],
)
def test_impossible_months_are_errors(text, message):
    with pytest.raises(CellError) as excinfo:
        parse_months(text)
    assert str(excinfo.value) == message


def test_text_that_names_no_month_is_a_warning():
    with pytest.raises(CellWarning, match="无法识别活动时间“春季”"):
        parse_months("春季")


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("政策宣传", [("政策宣传", "publicity")]),
        ("政策宣传、其他形式", [("政策宣传", "publicity"), ("其他形式", "other")]),
        ("政策宣传 座谈交流", [("政策宣传", "publicity"), ("座谈交流", "discussion")]),
        ("现场交流", [("现场交流", "discussion")]),
        ("走访调查", [("走访调查", "survey")]),
        ("媒体公示", [("媒体公示", "policy_release")]),
        ("现场调研", [("现场调研", "field_research")]),
        ("调查问卷", [("调查问卷", "survey")]),
        ("现场宣讲", [("现场宣讲", "publicity")]),
        (
            "律师事务所进中小微企业开展法律服务座谈交流",
            [("律师事务所进中小微企业开展法律服务座谈交流", "discussion")],
        ),
        (
            "通过现场宣讲未成年人保护法律法规、社保、失保、就业等政策，与群众代表座谈交流",
            [
                (
                    "通过现场宣讲未成年人保护法律法规、社保、失保、就业等政策，与群众代表座谈交流",
                    "discussion",
                )
            ],
        ),
        ("", []),
    ],
)
def test_split_forms(text, forms):
    assert [(f.text, f.kind) for f in split_forms(text)] == forms


def test_campaign_vocabulary_decides_the_kind_first():
    forms = split_forms("云上直播", vocabulary={"云上直播": "policy_release"})
    assert [(f.text, f.kind) for f in forms] == [("云上直播", "policy_release")]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("区应急管理局、各街道办事处", ["区应急管理局", "各街道办事处"]),
        ("供销合作社 联合社", ["供销合作社联合社"]),
        ("文化旅游广电 体育局", ["文化旅游广电体育局"]),
        ("区城管执法局、区城市管理综合执法大队", ["区城管执法局", "区城市管理综合执法大队"]),
        ("区财政局 区审计局", ["区财政局", "区审计局"]),
        ("区教育局（牵头）、区卫健局", ["区教育局", "区卫健局"]),
        ("", []),
    ],
)
def test_split_units(text, units):
    assert split_units(text) == units


def test_wrapped_lines_join_without_space_between_chinese():
    assert join_wrapped(["推动绩效管理提质", "增效"]) == "推动绩效管理提质增效"
    assert join_wrapped(["Open", "Day"]) == "Open Day"


def test_compact_title_drops_conversion_spaces_only_next_to_chinese():
    assert compact_title("## 天心区 2023 年“政务公开主题日”活动计划表") == (
        "天心区2023年“政务公开主题日”活动计划表"
    )
