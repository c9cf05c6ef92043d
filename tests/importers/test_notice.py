"""``read-notice``: what each notice states, field by field, and nothing it does not state.

Expected values are transcribed by hand from the five seed notices and from the hand-made
notices in ``tests/fixtures/notices/`` (other wordings: Chinese numerals, [ ] numbers, ranges).
"""

import datetime as dt
import json
import subprocess
import sys
import zipfile
from io import StringIO

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from openday.importers.notice import Deadline, NoticeFileError, notice_read
from openday.importers.notice import notice_facts as facts_of_text
from openday.importers.notice.text import NoticeText, to_number
from tests.conftest import FIXTURES, SEEDS

NOTICES = FIXTURES / "notices"

CAMPAIGN_KEYS = [
    "issuer",
    "doc_number",
    "issued_on",
    "title",
    "year",
    "planned_count",
    "forms",
    "filing_lead",
    "report_due",
    "publicity_due",
    "min_staff",
    "declaration",
]
NOTHING = dict.fromkeys(CAMPAIGN_KEYS) | {"forms": []}
# The facts stated in prose (``notice.prose``), after the extras; golden values per seed are in
# test_notice_prose.py.
PROSE_KEYS = [
    "addressees",
    "banner_templates",
    "logo_required",
    "logo_on_photos",
    "theme_areas",
    "starts_on",
    "report_contents",
    "recipient",
    "column_name",
    "column_site",
    "assessment",
    "basis_documents",
]


def working(days: int) -> dict:
    return {"days": days, "working": True}


def calendar(days: int) -> dict:
    return {"days": days, "working": False}


EXPECTED = {
    SEEDS / "000_d804d73a4347b30d.txt": {
        "issuer": "长沙市天心区政务公开政务服务工作领导小组办公室",
        "doc_number": "天政务公开办发〔2023〕1号",
        "issued_on": "2023-03-03",
        "title": "关于印发《天心区2023年“政务公开主题日”活动实施方案》的通知",
        "year": 2023,
        "planned_count": 50,
        "forms": ["现场观摩", "座谈交流", "调查征集", "政策发布", "政策宣传", "其他形式"],
        "filing_lead": calendar(3),  # "于活动开展前 3 日内报送具体活动方案"
        "report_due": working(5),  # "活动结束后 5 个工作日内报送整套活动资料"
        "publicity_due": None,
        "min_staff": None,
        "declaration": None,
    },
    SEEDS / "001_ddfed9181dbfe701.txt": {
        "issuer": "浏阳市政务公开和政务服务工作领导小组办公室",
        "doc_number": "浏政务领办发〔2023〕15号",
        "issued_on": "2023-04-26",
        "title": "关于印发《浏阳市2023年“政务公开主题日”活动计划安排表》的通知",
        "year": 2023,
        "planned_count": None,
        # No forms section: the forms named in a sentence ("开展实地调研和现场观摩形式的…活动时，
        # …可以融合座谈、互动交流、政策宣传、问卷调查等多种形式").
        "forms": ["实地调研", "现场观摩", "座谈", "互动交流", "政策宣传", "问卷调查"],
        "filing_lead": working(5),  # "提前 5 个工作日将具体活动方案报送"
        "report_due": working(5),  # "于 5 个工作日内报市政务公开办"
        "publicity_due": calendar(3),  # "活动开展后的 3 天内，通过在新闻媒体发布宣传报道"
        "min_staff": 6,  # "参加的" / blank line / "工作人员 6 人以上"
        "declaration": None,
    },
    SEEDS / "002_bbd494da69939ab6.txt": {
        "issuer": "湖南湘江新区政务公开政务服务工作领导小组办公室",
        "doc_number": None,  # only a cited number, 湘政务公开办发〔2023…, in a sentence
        "issued_on": "2023-03-24",
        "title": "关于印发《湖南湘江新区2023年“政务公开主题日”活动实施方案》的通知",
        "year": 2023,
        "planned_count": None,
        "forms": ["实地调研", "现场观摩", "座谈交流", "政策发布", "问卷调查"],
        "filing_lead": None,
        "report_due": None,
        "publicity_due": None,
        "min_staff": None,
        "declaration": {
            "themes_per_unit": 2,
            "required_kinds": ["实地调研", "现场观摩"],
            "due_on": "2023-03-31",
        },
    },
    SEEDS / "003_6ad499dfcbe107b4.txt": {
        # The signature is wrapped over two lines.
        "issuer": "邵阳市大祥区推进政府职能转变和“放管服”改革协调小组办公室",
        "doc_number": "大改革协调办〔2023〕5号",  # not 大改革协调办发〔2023〕1号 cited in the body
        "issued_on": "2023-05-29",
        "title": "关于印发《大祥区2023年“政务公开主题日”活动计划安排表》的通知",
        "year": 2023,
        "planned_count": None,
        "forms": [],
        "filing_lead": working(5),
        "report_due": working(5),
        "publicity_due": None,
        "min_staff": None,
        # Themes came from an earlier solicitation; this notice states no declaration rule.
        "declaration": None,
    },
    SEEDS / "004_50dbb51384bb21f8.txt": {
        "issuer": "泸溪县行政审批服务局",
        "doc_number": "泸行审服发〔2025〕1号",
        "issued_on": "2025-05-07",  # the signature, not the page's posting date 2025-05-14
        "title": "关于印发《2025年泸溪县“政务公开主题日”活动实施方案》的通知",
        "year": 2025,
        "planned_count": None,
        "forms": ["实地调研", "现场观摩", "座谈交流", "政策发布", "现场宣讲", "问卷调查"],
        "filing_lead": None,
        "report_due": working(5),  # "于活动结束后的5个工作日内…报送"
        "publicity_due": None,
        "min_staff": None,
        "declaration": None,
    },
    NOTICES / "furong_2024.txt": {
        "issuer": "长沙市芙蓉区政务公开工作领导小组办公室",
        "doc_number": "芙政公办发[2024]2号",
        "issued_on": "2024-03-01",  # "二〇二四年三月一日"
        "title": "关于开展芙蓉区2024年“政务公开主题日”活动的通知",  # wrapped over two lines
        "year": 2024,
        "planned_count": 24,  # "全年计划组织主题日活动24场次", not "每月安排2至3场"
        "forms": ["实地调研", "政策解读", "网络直播", "问卷调查"],  # "1.实地调研：…"
        "filing_lead": working(3),  # "提前三个工作日"
        "report_due": calendar(7),  # "活动结束后7日内…报送"
        "publicity_due": working(2),  # "活动结束后2个工作日内在区政府门户网站发布"
        "min_staff": 4,  # "现场工作人员不少于4名"
        "declaration": None,
    },
    NOTICES / "rucheng_2024_declaration.txt": {
        "issuer": "汝城县政务服务中心",
        "doc_number": "汝政务办发〔2024〕3号",  # written "〔 2024 〕 3 号"; not the cited 湘…1号
        "issued_on": "2024-03-01",
        "title": "关于征集2024年“政务公开主题日”活动主题的通知",
        "year": 2024,
        "planned_count": None,
        "forms": ["实地调研", "现场观摩", "座谈交流", "政策发布", "问卷调查"],  # inline list
        "filing_lead": None,
        "report_due": None,
        "publicity_due": None,
        "min_staff": None,
        "declaration": {
            "themes_per_unit": 2,  # "每个单位申报1至2个主题"
            "required_kinds": ["现场观摩", "座谈交流"],  # unquoted: "至少1个为现场观摩或座谈交流"
            "due_on": "2024-03-15",  # "二〇二四年三月十五日前", in a later paragraph
        },
    },
    NOTICES / "mayang_2024_gbk.txt": {  # GBK-encoded
        # The signature has no office above the date: the letterhead "…办公室文件" names it.
        "issuer": "麻阳苗族自治县政务公开办公室",
        "doc_number": "麻政公发〔2024〕4号",  # the same line also holds "签发人：王强"
        "issued_on": "2024-04-10",  # "二〇二四年四月十日"
        "title": "关于印发麻阳县2024年“政务公开主题日”活动方案的通知",
        "year": 2024,
        "planned_count": 12,  # "全年开展主题日活动不少于12场"
        "forms": ["现场宣讲", "开放体验", "意见征集"],
        "filing_lead": calendar(3),  # "提前3天…报备活动方案"
        "report_due": working(10),  # "十个工作日内提交总结材料"
        "publicity_due": calendar(3),  # "三日内，通过政务新媒体发布", then "；" and the report
        "min_staff": 5,
        "declaration": None,
    },
    NOTICES / "nothing_stated.txt": NOTHING,
}
CASES = [(path, key) for path in EXPECTED for key in CAMPAIGN_KEYS]


@pytest.fixture(scope="module")
def read():
    cache = {}

    def read(path):
        if path not in cache:
            cache[path] = notice_read(path).as_dict()
        return cache[path]

    return read


@pytest.mark.parametrize(("path", "key"), CASES, ids=[f"{p.stem}-{k}" for p, k in CASES])
def test_notice_field_matches_the_document(read, path, key):
    assert read(path)[key] == EXPECTED[path][key]


@pytest.mark.parametrize("path", list(EXPECTED), ids=[p.stem for p in EXPECTED])
def test_json_has_the_campaign_keys_first_then_named_extras(read, path):
    assert list(read(path)) == [
        *CAMPAIGN_KEYS,
        "declaration_themes_min",
        "form_kinds",
        "published_on",
        "contact",
        *PROSE_KEYS,
    ]


@pytest.mark.parametrize(
    ("path", "extras"),
    [
        (
            SEEDS / "000_d804d73a4347b30d.txt",
            {
                "declaration_themes_min": None,
                "form_kinds": [
                    "site_visit",
                    "discussion",
                    "survey",
                    "policy_release",
                    "publicity",
                    "other",
                ],
                "published_on": None,
                "contact": {
                    "name": "张莎莎",
                    "phone": "85898155",
                    "email": "txqzhengwu85898155@163.com",
                },
            },
        ),
        (
            SEEDS / "002_bbd494da69939ab6.txt",
            {
                "declaration_themes_min": 2,
                "form_kinds": [
                    "field_research",
                    "site_visit",
                    "discussion",
                    "policy_release",
                    "survey",
                ],
                "published_on": None,
                # "联系人:" on the blank declaration form is followed by no name.
                "contact": {"name": None, "phone": "88999337", "email": "ylqzwfwzx@126.com"},
            },
        ),
        (
            SEEDS / "003_6ad499dfcbe107b4.txt",
            {
                "declaration_themes_min": None,
                "form_kinds": [],
                "published_on": None,
                # "联系人：雷" / blank line / "景" joined back; an 11-digit mobile number.
                "contact": {
                    "name": "雷景",
                    "phone": "18673943200",
                    "email": "sysdxqxzspfwj@163.com",
                },
            },
        ),
        (
            SEEDS / "004_50dbb51384bb21f8.txt",
            {
                "declaration_themes_min": None,
                "form_kinds": [
                    "field_research",
                    "site_visit",
                    "discussion",
                    "policy_release",
                    "publicity",
                    "survey",
                ],
                "published_on": "2025-05-14",
                "contact": {
                    "name": "彭新月",
                    "phone": "0743-4260567",
                    "email": "lxxxzspfwj@126.com",
                },
            },
        ),
        (
            NOTICES / "rucheng_2024_declaration.txt",
            {
                "declaration_themes_min": 1,
                "form_kinds": [
                    "field_research",
                    "site_visit",
                    "discussion",
                    "policy_release",
                    "survey",
                ],
                "published_on": None,
                "contact": None,
            },
        ),
    ],
    ids=lambda value: value.stem if hasattr(value, "stem") else "",
)
def test_extras(read, path, extras):
    assert {key: read(path)[key] for key in extras} == extras


def test_facts_are_typed_for_the_campaign_page():
    facts = notice_read(SEEDS / "002_bbd494da69939ab6.txt")
    assert facts.issued_on == dt.date(2023, 3, 24)
    assert facts.declaration.due_on == dt.date(2023, 3, 31)
    assert facts.declaration.themes_per_unit == 2
    assert facts.filing_lead is None
    assert notice_read(SEEDS / "001_ddfed9181dbfe701.txt").publicity_due == Deadline(3, False)
    assert "确定2个活动主题" in facts.text


# --- wordings ---------------------------------------------------------------------------------


def facts(*lines: str):
    return facts_of_text(NoticeText.from_lines(list(lines)))


@pytest.mark.parametrize(
    ("sentence", "filing", "report", "publicity"),
    [
        ("各单位须提前 5 个工作日报送活动方案。", working(5), None, None),
        ("请于活动举办5个工作日前将活动方案报区政务公开办。", working(5), None, None),
        ("活动开展前，应提前至少两个工作日报备。", working(2), None, None),
        ("活动结束后十五个工作日内报送活动总结。", None, working(15), None),
        ("活动结束后 3 天内在门户网站发布活动信息。", None, None, calendar(3)),
        # A date is not a count of days.
        ("请于3月31日前报送活动方案。", None, None, None),
        ("请于10日前报送活动方案。", None, None, None),
        # A lead time for something other than the plan is not the filing lead.
        ("提前3天发布活动预告。", None, None, None),
        # A count of days for the declaration is not the report.
        ("请于通知印发后5个工作日内报送主题申报表。", None, None, None),
        ("活动持续3天。", None, None, None),
    ],
)
def test_deadline_wordings(sentence, filing, report, publicity):
    found = facts(sentence).as_dict()
    assert (found["filing_lead"], found["report_due"], found["publicity_due"]) == (
        filing,
        report,
        publicity,
    )


@pytest.mark.parametrize(
    ("sentence", "staff"),
    [
        ("参加的工作人员 6 人以上。", 6),
        ("每场活动现场工作人员原则上不少于8人。", 8),
        ("安排不少于三名工作人员到场。", 3),
        ("街道社区工作人员敲门入户推广。", None),
    ],
)
def test_staff_wordings(sentence, staff):
    assert facts(sentence).min_staff == staff


@pytest.mark.parametrize(
    ("lines", "declaration", "least"),
    [
        (
            ["各单位确定两个活动主题，于2024年1月20日前报送申报表。"],
            {"themes_per_unit": 2, "required_kinds": [], "due_on": "2024-01-20"},
            2,
        ),
        (
            ["每个单位至少申报1个活动主题。"],
            {"themes_per_unit": None, "required_kinds": [], "due_on": None},
            1,
        ),
        (
            # Issued in December: a January due date falls in the next year.
            ["请各单位于1月10日前报送活动主题申报表。", "XX区政务公开办公室", "2023年12月20日"],
            {"themes_per_unit": None, "required_kinds": [], "due_on": "2024-01-10"},
            None,
        ),
        (["根据前期征集的活动主题，制定本计划。"], None, None),
    ],
)
def test_declaration_wordings(lines, declaration, least):
    found = facts(*lines).as_dict()
    assert found["declaration"] == declaration
    assert found["declaration_themes_min"] == least


def test_signature_on_one_line_with_the_date():
    found = facts(
        "关于开展主题日活动的通知", "各单位：", "特此通知。", "XX县政务服务中心 2024年5月6日"
    )
    assert (found.issuer, found.issued_on) == ("XX县政务服务中心", dt.date(2024, 5, 6))


def test_a_dated_sentence_is_not_the_signature():
    found = facts("报送截止时间2024年3月1日")
    assert (found.issuer, found.issued_on) == (None, None)


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("5", 5),
        ("三", 3),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("两", 2),
        ("一百零五", 105),
        ("二〇二四", 2024),
        ("二○二五", 2025),
        ("三十一", 31),
    ],
)
def test_numbers(token, value):
    assert to_number(token) == value


# --- other formats and broken files -----------------------------------------------------------


def test_docx_notice_reads_like_its_text(tmp_path):
    """Paragraphs for prose, a real table for the plan, office and date in one paragraph."""
    source = SEEDS / "000_d804d73a4347b30d.txt"
    document = docx.Document()
    table_rows = []
    lines = source.read_text("utf-8").splitlines()
    for index, line in enumerate(lines):
        if "\t" in line:
            table_rows.append(line.split("\t"))
        elif line.strip() == "2023 年 3 月 3 日":
            continue
        elif line.strip() == "长沙市天心区政务公开政务服务工作领导小组办公室" and index > 10:
            paragraph = document.add_paragraph(line)
            paragraph.add_run().add_break()
            paragraph.add_run("2023 年 3 月 3 日")
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=0, cols=5)
    for row in table_rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = value
    path = tmp_path / "tianxin.docx"
    document.save(path)
    assert {key: notice_read(path).as_dict()[key] for key in CAMPAIGN_KEYS} == EXPECTED[source]


def fake_xlsx(tmp_path):
    path = tmp_path / "plan.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "活动主题"])
    workbook.save(path)
    return path


def broken_docx(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "不是 Word 文件")
    return path


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda t: t / "missing.txt", "找不到文件“{t}/missing.txt”。"),
        (lambda t: write(t, "empty.txt", b""), "文件“empty.txt”是空的，没有可导入的内容。"),
        (
            lambda t: write(t, "binary.txt", b"\x00\x01\x02" * 100),
            "文件“binary.txt”不是文本文件（看起来是二进制内容），无法按文本导入。",
        ),
        (
            lambda t: write(t, "notice.pdf", b"%PDF-1.4"),
            "文件“notice.pdf”的格式（.pdf）不支持；可导入 .txt、.docx、.xlsx、.csv 文件。",
        ),
        (broken_docx, "文件“broken.docx”不是有效的 Word (.docx) 文件，无法打开。"),
        (
            fake_xlsx,
            "文件“plan.xlsx”中没有通知正文；"
            "请提供通知的 .txt 或 .docx 文件（表格文件无法读取通知）。",
        ),
    ],
    ids=["missing", "empty", "binary", "pdf", "broken-docx", "spreadsheet"],
)
def test_unreadable_file_raises_a_chinese_message(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(NoticeFileError) as excinfo:
        notice_read(path)
    assert excinfo.value.message == message.format(t=tmp_path)
    with pytest.raises(CommandError) as excinfo:
        call_command("read_notice", str(path))
    assert str(excinfo.value) == message.format(t=tmp_path)


# --- the command ------------------------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command("read_notice", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_command_json_is_the_facts(read):
    path = SEEDS / "002_bbd494da69939ab6.txt"
    assert json.loads(run(path, "--json")) == read(path)


def test_command_text_has_one_labelled_line_per_fact():
    assert run(SEEDS / "002_bbd494da69939ab6.txt").splitlines() == [
        "发文机关: 湖南湘江新区政务公开政务服务工作领导小组办公室",
        "文号: 未说明",
        "成文日期: 2023-03-24",
        "标题: 关于印发《湖南湘江新区2023年“政务公开主题日”活动实施方案》的通知",
        "年度: 2023",
        "计划场次: 未说明",
        "活动形式: 实地调研、现场观摩、座谈交流、政策发布、问卷调查",
        "方案报备: 未说明",
        "情况报送: 未说明",
        "媒体宣传: 未说明",
        "现场工作人员: 未说明",
        "主题申报: 每单位 2 个主题；其中须有实地调研或现场观摩；2023-03-31 前报送",
        "发布日期: 未说明",
        "联系方式: 88999337，ylqzwfwzx@126.com",
        "主送单位: 各部门(单位)、各街道(镇)及有关单位",
        "会标: 未说明",
        "统一LOGO: 是",
        "图片体现LOGO: 未说明",
        "主题方向: 经济发展、科技创新、营商环境、城市品质、民生福祉、政务服务、社会治理、"
        "政府自身建设",
        "活动起始: 2023-04-01",
        "报送内容: 未说明",
        "报送对象: 未说明",
        "专栏名称: 未说明",
        "专栏网站: 政府网站",
        "纳入考核: 省市对我区2023年政务公开绩效考核和第三方评估指标范围",
        "依据文件: 《湖南省政务公开政务服务领导小组办公室关于印发〈湖南省“政务公开主题日”活动实施"
        "方案〉的通知》（湘政务公开办发〔2023〕1号）；《长沙市政务公开政务服务领导小组办公室关于印发"
        "〈长沙市“政务公开主题日”活动实施方案〉的通知》",
    ]


@pytest.mark.parametrize(
    ("path", "lines"),
    [
        (
            SEEDS / "000_d804d73a4347b30d.txt",
            ["方案报备: 活动前 3 日", "情况报送: 活动后 5 个工作日内", "计划场次: 50"],
        ),
        (
            SEEDS / "001_ddfed9181dbfe701.txt",
            ["方案报备: 活动前 5 个工作日", "媒体宣传: 活动后 3 日内", "现场工作人员: 不少于 6 人"],
        ),
        (
            NOTICES / "rucheng_2024_declaration.txt",
            ["主题申报: 每单位 1 至 2 个主题；其中须有现场观摩或座谈交流；2024-03-15 前报送"],
        ),
    ],
    ids=["tianxin", "liuyang", "range"],
)
def test_command_text_wording(path, lines):
    output = run(path).splitlines()
    for line in lines:
        assert line in output


def test_console_script_exits_non_zero_with_the_message(tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    result = subprocess.run(
        [sys.executable, "-m", "openday.cli", "read-notice", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    assert "文件“empty.txt”是空的" in result.stderr
    assert "Traceback" not in result.stderr
