"""``read-notice``: the facts a notice states in prose (issue 12) — who must act, the banner
wording, the LOGO, theme areas, the start month, what a report contains, who receives it, the
column, the assessment and the documents implemented — each with its sentence.

The expected values are transcribed by hand from the five seed notices; null / [] where the
notice is silent.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from openday.importers.notice import notice_facts, notice_read
from openday.importers.notice.prose import banner_placeholders
from openday.importers.notice.text import NoticeText
from tests.conftest import SEEDS

TIANXIN = SEEDS / "000_d804d73a4347b30d.txt"
LIUYANG = SEEDS / "001_ddfed9181dbfe701.txt"
XIANGJIANG = SEEDS / "002_bbd494da69939ab6.txt"
DAXIANG = SEEDS / "003_6ad499dfcbe107b4.txt"
LUXI = SEEDS / "004_50dbb51384bb21f8.txt"

SILENT = {
    "addressees": None,
    "banner_templates": [],
    "logo_required": None,
    "logo_on_photos": None,
    "theme_areas": [],
    "starts_on": None,
    "report_contents": [],
    "recipient": None,
    "column_name": None,
    "column_site": None,
    "assessment": None,
    "basis_documents": [],
}

GOLDEN = {
    TIANXIN: SILENT
    | {
        "addressees": "各街道办事处、区直各相关单位",
        # "活动结束后 5 个工作日内报送整套活动资料（含活动方案、图片、总结和附件 2）"
        "report_contents": ["活动方案", "图片", "总结", "附件2"],
        "column_name": "“2023年政务公开主题日”活动专栏",
        "column_site": "区政府门户网站",
        "assessment": "天心区2023年经济工作“十大行动”工作任务",
        "basis_documents": [{"title": "长沙市天心区2023年经济工作“十大行动”方案", "number": None}],
    },
    LIUYANG: SILENT
    | {
        "addressees": "各乡、镇人民政府，街道办事处，市直各单位",
        "banner_templates": [
            "××××单位 2023 年“政务公开主题日”活动",
            "××××单位 2023 年“政务公开主题日”活动暨××××",
        ],
        "logo_required": True,
        "logo_on_photos": True,  # "图片…要体现“政务公开主题日”的统一 LOGO"
        "report_contents": ["图片", "经验做法", "工作实效"],
        # Reports go to 市政务公开办, which the notice defines as its own issuer: no recipient.
        "recipient": None,
        "column_name": "2023年政务公开主题日活动专栏",
        "column_site": "政府网站",
        "assessment": "长沙市对浏阳市2023年政务公开绩效考核和湖南省第三方评估指标范围",
        "basis_documents": [{"title": "2023年政务公开工作要点", "number": None}],
    },
    XIANGJIANG: SILENT
    | {
        "addressees": "各部门(单位)、各街道(镇)及有关单位",
        "logo_required": True,  # "活动现场要张贴“政务公开主题日”LOGO标识"
        "theme_areas": [
            "经济发展",
            "科技创新",
            "营商环境",
            "城市品质",
            "民生福祉",
            "政务服务",
            "社会治理",
            "政府自身建设",
        ],
        "starts_on": "2023-04-01",  # "2023年4月开始"
        "column_site": "政府网站",  # "在政府网站开设活动专栏": no name
        "assessment": "省市对我区2023年政务公开绩效考核和第三方评估指标范围",
        "basis_documents": [
            {
                "title": "湖南省政务公开政务服务领导小组办公室关于印发〈湖南省“政务公开主题日”"
                "活动实施方案〉的通知",
                # Written "〔20231号": the lost bracket is put back.
                "number": "湘政务公开办发〔2023〕1号",
            },
            {
                # Written without its opening 《.
                "title": "长沙市政务公开政务服务领导小组办公室关于印发〈长沙市“政务公开主题日”"
                "活动实施方案〉的通知",
                "number": None,
            },
        ],
    },
    DAXIANG: SILENT
    | {
        "addressees": "各乡镇人民政府、街道办事处，区直和省市驻区有关单位",
        "report_contents": ["相关图文", "视频资料"],
        "recipient": "大祥区行政审批服务局",  # not the issuer, the 协调小组办公室
        "column_site": "大祥区人民政府门户网站",  # "将在…门户网站展示各单位活动成果"
        "basis_documents": [
            {
                "title": "关于征集大祥区“政务公开主题日”活动主题的通知",
                "number": "大改革协调办发〔2023〕1号",
            }
        ],
    },
    LUXI: SILENT
    | {
        "addressees": "县直各单位",
        "theme_areas": ["新质生产力培育", "重大项目攻坚", "民生实事推进"],
        "report_contents": ["文字", "图片", "视频资料"],
        # "报送至县行政审批服务局": the issuer itself.
        "recipient": None,
        "column_name": "“政务公开主题日”活动专栏",
        "column_site": "政府门户网站",
    },
}


@pytest.fixture(scope="module")
def read():
    cache = {}

    def read(path):
        if path not in cache:
            cache[path] = notice_read(path)
        return cache[path]

    return read


@pytest.mark.parametrize("path", list(GOLDEN), ids=[p.stem for p in GOLDEN])
def test_seed_prose_facts_are_exact(read, path):
    data = read(path).as_dict()
    assert {key: data[key] for key in SILENT} == GOLDEN[path]


@pytest.mark.parametrize("path", list(GOLDEN), ids=[p.stem for p in GOLDEN])
def test_every_stated_fact_has_its_sentence(read, path):
    facts = read(path)
    stated = {key for key, value in GOLDEN[path].items() if value not in (None, [])}
    assert stated <= set(facts.sources)


def test_sources_of_liuyang_are_its_sentences(read):
    sources = read(LIUYANG).sources
    assert sources["logo_on_photos"] == (
        "图片要清晰全面，能真实反映活动情况，要体现“政务公开主题日”的统一 LOGO。"
    )
    assert (
        sources["logo_required"] == "2. LOGO: 活动现场要设置、显示统一的“政务公开主题日”醒目标识。"
    )
    assert sources["forms"] == (
        "各单位在开展实地调研和现场观摩形式的“政务公开主题日”活动时，要注意丰富活动内容，"
        "可以融合座谈、互动交流、政策宣传、问卷调查等多种形式灵活开展。"
    )
    assert sources["addressees"] == "各乡、镇人民政府，街道办事处，市直各单位："


def test_sources_of_xiangjiang_and_daxiang(read):
    assert read(XIANGJIANG).sources["starts_on"] == (
        "五、时间安排2023年4月开始,各单位按照新区全年“政务公开主题日”活动计划和要求组织开展"
        "“政务公开主题日”活动。"
    )
    assert read(DAXIANG).sources["recipient"] == (
        "各单位在活动开展前，要提前5个工作日，将具体活动方案报大祥区行政审批服务局（联系人：雷景,"
        "电话:18673943200,电子邮箱:sysdxqxzspfwj@163.com)。"
    )


def test_read_notice_json_has_every_new_key_and_its_source():
    out = StringIO()
    call_command("read_notice", str(XIANGJIANG), "--json", "--sources", stdout=out)
    data = json.loads(out.getvalue())
    assert {key: data[key] for key in SILENT} == GOLDEN[XIANGJIANG]
    assert "着力突出经济发展、科技创新" in data["sources"]["theme_areas"]
    assert data["sources"]["assessment"].endswith(
        "纳入省市对我区2023年政务公开绩效考核和第三方评估指标范围。"
    )


# --- wordings ---------------------------------------------------------------------------------


def facts(*lines: str):
    return notice_facts(NoticeText.from_lines(list(lines)))


def test_an_email_with_xxx_is_no_banner_placeholder():
    assert facts("邮箱：lxxxzspfwj@126.com，活动资料请发送。").banner_templates == []


def test_a_banner_line_is_kept_as_written():
    found = facts("1. 会标为：", "XX单位 2024 年“政务公开主题日”活动")
    assert found.banner_templates == ["XX单位 2024 年“政务公开主题日”活动"]


@pytest.mark.parametrize(
    ("template", "year", "placeholders"),
    [
        (
            "××××单位 2023 年“政务公开主题日”活动",
            2023,
            "{unit} {year} 年“政务公开主题日”活动",
        ),
        (
            "××××单位 2023 年“政务公开主题日”活动暨××××",
            2023,
            "{unit} {year} 年“政务公开主题日”活动暨{theme}",
        ),
        ("××局政务公开主题日", None, "{unit}政务公开主题日"),
    ],
)
def test_banner_wording_becomes_a_template(template, year, placeholders):
    assert banner_placeholders(template, year) == placeholders


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # The month alone takes the campaign's year (from the title).
        (
            ["关于开展2024年“政务公开主题日”活动的通知", "自5月起，各单位按计划开展活动。"],
            "2024-05-01",
        ),
        (["四月份开始，各单位组织开展活动。", "2025年12月1日"], None),  # no year anywhere
        (["2024年3月31日前报送活动方案。"], None),  # a deadline, not a start
    ],
)
def test_start_month_wordings(lines, expected):
    starts = facts(*lines).starts_on
    assert (starts.isoformat() if starts else None) == expected


def test_a_recipient_the_notice_calls_by_its_own_short_name_is_the_issuer():
    found = facts(
        "市政务公开和政务服务工作领导小组办公室（以下简称“市政务公开办”）负责组织。",
        "活动结束后5个工作日内报市政务公开办。",
        "浏阳市政务公开和政务服务工作领导小组办公室",
        "2023年4月26日",
    )
    assert found.issuer == "浏阳市政务公开和政务服务工作领导小组办公室"
    assert found.recipient is None


def test_logo_only_for_photos_is_both_rules():
    found = facts("活动照片须体现统一LOGO。")
    assert (found.logo_required, found.logo_on_photos) == (True, True)


def test_a_wording_mark_is_no_logo():
    found = facts("开展活动过程中统一标识“政务公开主题日”字样。")
    assert (found.logo_required, found.logo_on_photos) == (None, None)


def test_an_own_attachment_is_no_basis_document():
    found = facts("根据《某区活动规范》（见附件2），各单位认真组织。")
    assert found.basis_documents == []
