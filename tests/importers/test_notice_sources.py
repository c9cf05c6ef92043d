"""The sentence each rule of a notice was read from, as the notice writes it (spaces and
full-width marks kept): ``NoticeFacts.sources``, ``notice_sources`` and ``read-notice
--sources``. Expected sentences are copied by hand from the seed notices."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from openday.importers.notice import SOURCE_KEYS, notice_read, notice_sources
from openday.importers.notice.text import NoticeText
from tests.conftest import FIXTURES, SEEDS

NOTICES = FIXTURES / "notices"

TIANXIN = SEEDS / "000_d804d73a4347b30d.txt"
LIUYANG = SEEDS / "001_ddfed9181dbfe701.txt"
XIANGJIANG = SEEDS / "002_bbd494da69939ab6.txt"

# 天心区 states filing and report in one sentence.
TIANXIN_DEADLINES = (
    "区政务公开政务服务工作领导小组办公室按照月初提醒、月末总结、实时跟进的方式指导各单位活动"
    "开展，各单位要及时报送工作进展情况，总结活动经验，于活动开展前 3 日内报送具体活动方案，"
    "活动结束后 5 个工作日内报送整套活动资料（含活动方案、图片、总结和附件 2），及时在区政府门户"
    "网站“2023 年政务公开主题日”活动专栏上传动态信息，区政务公开政务服务工作领导小组办公室将通过"
    "各类媒体、各级简报内刊等推介典型经验做法。"
)


RULE_KEYS = (
    "planned_count",
    "filing_lead",
    "report_due",
    "publicity_due",
    "min_staff",
    "banner_templates",
    "site_requirements",
    "declaration",
    "declaration_due_on",
)


def test_each_rule_of_liuyang_gives_its_sentence():
    sources = notice_read(LIUYANG).sources
    assert {key: sources[key] for key in RULE_KEYS if key in sources} == {
        "filing_lead": "(一) 活动报备：活动开展前，请各单位提前 5 个工作日将具体活动方案报送至"
        "市政务公开办（电话：83603968, 电子邮箱：lyszfxxgk@163.com）。",
        "report_due": "活动开展后，各单位需将活动开展情况形成报告材料(含图片、经验做法和"
        "工作实效等)，于 5 个工作日内报市政务公开办。",
        "publicity_due": "要加大宣传力度，积极营造浓厚氛围，活动开展后的 3 天内，通过在新闻媒体"
        "发布宣传报道、在政府网站“2023 年政务公开主题日活动专栏”公开宣传、"
        "在政务新媒体发布活动消息等方式，"
        "充分发挥主题日活动集中宣传的作用，扩大影响力。",
        # "参加的" / blank line / "工作人员 6 人以上": one sentence, joined back.
        "min_staff": "参加的工作人员 6 人以上，要求专业素质高，应变能力强，服务意识好，"
        "能高效、微笑地为群众解答问题。",
        "banner_templates": "1. 会标：活动现场的会标可设计为以下两种：××××单位 2023 年"
        "“政务公开主题日”活动××××单位 2023 年“政务公开主题日”活动暨××××",
        # Not the heading "（一）标识统一" before it: a heading says nothing to quote.
        "site_requirements": "2. LOGO: 活动现场要设置、显示统一的“政务公开主题日”醒目标识。",
    }


def test_the_header_facts_give_their_lines_as_written():
    sources = notice_read(TIANXIN).sources
    assert {key: sources[key] for key in ("issuer", "doc_number", "issued_on", "title")} == {
        "issuer": "长沙市天心区政务公开政务服务工作领导小组办公室",
        "doc_number": "天政务公开办发〔2023〕1号",
        "issued_on": "2023 年 3 月 3 日",
        "title": "关于印发《天心区 2023 年“政务公开主题日”活动实施方案》的通知",
    }
    assert sources["year"] == sources["title"]
    assert sources["forms"].startswith("三、活动形式 （一）现场观摩。邀请人大代表、")
    assert sources["contact"] == (
        "（联系人：张莎莎，电话：85898155，电子邮箱：txqzhengwu85898155@163.com）。"
    )


def test_a_wrapped_signature_gives_both_lines():
    sources = notice_read(SEEDS / "003_6ad499dfcbe107b4.txt").sources
    assert sources["issuer"] == "邵阳市大祥区推进政府职能转变和 “放管服”改革协调小组办公室"
    assert sources["issued_on"] == "2023年5月29日"


def test_a_web_page_gives_its_posting_line():
    sources = notice_read(SEEDS / "004_50dbb51384bb21f8.txt").sources
    assert sources["published_on"] == "来源:泸溪县行政审批服务局 时间:2025-05-14"


def test_a_sentence_stating_two_rules_stands_behind_both():
    sources = notice_read(TIANXIN).sources
    assert sources["filing_lead"] == sources["report_due"] == TIANXIN_DEADLINES
    assert sources["planned_count"].startswith(
        "天心区 2023 年“政务公开主题日”活动全年计划开展 50 场，"
    )
    assert "min_staff" not in sources  # the notice sets no staff minimum


def test_the_declaration_rule_and_its_due_date_give_their_sentence():
    sources = notice_read(XIANGJIANG).sources
    assert "确定2个活动主题(其中一个主题为“实地调研”或“现场观摩”)" in sources["declaration"]
    assert sources["declaration_due_on"] == sources["declaration"]
    assert "并于3月31日(星期五)前报送" in sources["declaration"]
    assert set(sources) <= set(SOURCE_KEYS)


def test_sources_are_read_again_from_the_kept_text():
    facts = notice_read(LIUYANG)
    # What the campaign keeps: the import page's "\n".join(lines), or the file's text.
    assert notice_sources(facts.text) == facts.sources
    assert notice_sources(LIUYANG.read_text(encoding="utf-8")) == facts.sources
    assert notice_sources("") == {}
    assert notice_sources("  \n ") == {}


def test_a_silent_notice_has_no_sources():
    assert notice_sources("各单位要认真组织。\n请按时完成。") == {}
    # It states whom it addresses, and nothing else.
    assert notice_read(NOTICES / "nothing_stated.txt").sources == {"addressees": "各单位："}


@pytest.mark.parametrize(
    ("lines", "quotes"),
    [
        # Full-width marks and the spaces around numbers stay as written.
        (
            ["提前 5 个工作日报送方案。活动后３天内宣传！"],
            ["提前 5 个工作日报送方案。", "活动后３天内宣传！"],
        ),
        # A sentence broken over lines is one sentence; a list item starts another.
        (["参加的", "工作人员 6 人以上。", "1. 会标"], ["参加的工作人员 6 人以上。", "1. 会标"]),
    ],
)
def test_quotes_keep_the_documents_characters(lines, quotes):
    text = NoticeText.from_lines(lines)
    assert text.quotes == quotes
    assert len(text.quotes) == len(text.sentences)


def test_read_notice_json_is_unchanged_without_sources():
    out = StringIO()
    call_command("read_notice", str(LIUYANG), "--json", stdout=out)
    assert "sources" not in json.loads(out.getvalue())


def test_read_notice_json_with_sources_adds_one_key():
    plain, with_sources = StringIO(), StringIO()
    call_command("read_notice", str(LIUYANG), "--json", stdout=plain)
    call_command("read_notice", str(LIUYANG), "--json", "--sources", stdout=with_sources)
    data = json.loads(with_sources.getvalue())
    assert data.pop("sources") == notice_read(LIUYANG).sources
    assert data == json.loads(plain.getvalue())


def test_read_notice_lists_the_sentences_under_the_facts():
    out = StringIO()
    call_command("read_notice", str(LIUYANG), "--sources", stdout=out)
    lines = out.getvalue().splitlines()
    start = lines.index("依据原文:")
    assert lines[start + 1 : start + 3] == [
        "  发文机关: 浏阳市政务公开和政务服务工作领导小组办公室",
        "  文号: 浏政务领办发〔2023〕15号",
    ]
    filing = next(i for i, line in enumerate(lines) if line.startswith("  方案报备: "))
    assert lines[filing : filing + 2] == [
        "  方案报备: (一) 活动报备：活动开展前，请各单位提前 5 个工作日将具体活动方案报送至市政务"
        "公开办（电话：83603968, 电子邮箱：lyszfxxgk@163.com）。",
        "  情况报送: 活动开展后，各单位需将活动开展情况形成报告材料(含图片、经验做法和工作实效等)，"
        "于 5 个工作日内报市政务公开办。",
    ]
