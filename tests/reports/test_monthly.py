"""The month's summary (月末总结): its numbers on a hand-built June (see ``monthly_world``), the
months activities belong to, the wording, and the .docx briefing read back."""

import io
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from openday.activities.enums import ActivityState as S
from openday.campaigns.models import Campaign
from openday.reports.monthly import (
    GroupCount,
    MediaItem,
    OverdueItem,
    UnitOverdue,
    UnitRow,
    headline,
    month_activities,
    monthly_briefing,
    monthly_summary,
)
from openday.reports.renderers.briefing import render_briefing_docx
from tests.factories import ActivityFactory, ActivityHostFactory
from tests.reports.monthly_world import TODAY, D, June

pytestmark = pytest.mark.django_db


@pytest.fixture
def june():
    return June()


@pytest.fixture
def summary(june):
    return monthly_summary(june.campaign, 2023, 6, today=TODAY)


def test_counts_of_june(summary):
    s = summary
    assert (s.planned, s.cancelled, s.held, s.reported, s.published) == (7, 1, 4, 3, 1)
    assert (s.region, s.year, s.month, s.today) == ("天心区", 2023, 6, TODAY)
    assert s.title == "天心区2023年6月政务公开主题日活动月末总结"


def test_coverage_counts_handed_in_reports_only(summary):
    # 100 + 60 + 40: the returned report's 80 people and 30 群众代表 wait for it to come back.
    assert summary.headcount == 200
    assert summary.attendance == (
        GroupCount("人大代表", 5),
        GroupCount("专家学者", 4),
        GroupCount("群众代表", 50),
    )
    # Units with a June activity: 教育局, 医保局 and both active streets (各乡镇 is no unit);
    # the streets' group activity is not held, 坡子街 held its own.
    assert (summary.units_planned, summary.units_held) == (4, 3)


def test_media_of_handed_in_reports(summary):
    assert (summary.media_count, summary.media_outlets) == (3, 2)
    assert summary.media == (
        MediaItem(1, "教育政策进校园", "长沙晚报", "教育政策走进校园",
                  "https://news.example.cn/1/0", D(2023, 6, 10)),
        MediaItem(1, "教育政策进校园", "天心发布", "教育局开放日",
                  "https://news.example.cn/1/1", D(2023, 6, 10)),
        MediaItem(2, "医保政策宣讲", "长沙晚报", "医保政策宣讲进社区",
                  "https://news.example.cn/2/0", D(2023, 6, 15)),
    )  # fmt: skip


def test_per_unit_rows_expand_group_hosts_to_active_units(june, summary):
    assert summary.units == (
        UnitRow("区医保局", june.yibao.pk, planned=2, held=2, reported=1, published=0, overdue=0),
        UnitRow("区教育局", june.jiaoyu.pk, planned=3, held=2, reported=2, published=1, overdue=1),
        UnitRow("坡子街街道办事处", june.poziji.pk, planned=2, held=1, reported=1, published=0,
                overdue=0),
        UnitRow("城南路街道办事处", june.chengnan.pk, planned=1, held=0, reported=0, published=0,
                overdue=1),
        UnitRow("各乡镇", None, planned=1, held=0, reported=0, published=0, overdue=0),
    )  # fmt: skip


def test_overdue_is_every_open_deadline_of_the_campaign_as_of_today(summary):
    # July's filing and May's report are late on 06-30; done, cancelled, provisional and
    # due-today deadlines are not, nor another region's.
    july = OverdueItem(6, "七月招生政策发布", "方案报备", D(2023, 6, 28), 2)
    may = OverdueItem(7, "五月社区宣讲", "材料报送", D(2023, 6, 6), 24)
    assert summary.overdue == (
        UnitOverdue("区教育局", (july,)),
        UnitOverdue("城南路街道办事处", (may,)),
    )
    assert (summary.overdue_count, summary.overdue_activities) == (2, 2)


def test_a_deadline_done_is_no_longer_overdue(june):
    june.may_report.done_on = D(2023, 6, 29)
    june.may_report.save()

    summary = monthly_summary(june.campaign, 2023, 6, today=TODAY)

    assert [group.unit for group in summary.overdue] == ["区教育局"]
    assert summary.units[3].overdue == 0


def test_a_joint_activity_overdue_is_listed_under_each_host_and_counted_once(june):
    june.july_filing.activity.hosts.create(unit=june.yibao, text="区医保局", position=1)

    summary = monthly_summary(june.campaign, 2023, 6, today=TODAY)

    assert [(group.unit, len(group.items)) for group in summary.overdue] == [
        ("区医保局", 1),
        ("区教育局", 1),
        ("城南路街道办事处", 1),
    ]
    assert (summary.overdue_count, summary.overdue_activities) == (2, 2)


def test_queries_do_not_grow_with_the_plan(june, django_assert_num_queries):
    campaign = Campaign.objects.select_related("region").get(pk=june.campaign.pk)
    with django_assert_num_queries(7):
        monthly_summary(campaign, 2023, 6, today=TODAY)

    for seq in range(20, 40):
        extra = ActivityFactory(campaign=campaign, seq=seq, month_start=6, month_end=6)
        ActivityHostFactory(activity=extra, unit=june.jiaoyu, text="区教育局")
    with django_assert_num_queries(7):
        summary = monthly_summary(campaign, 2023, 6, today=TODAY)
    assert summary.planned == 27


@pytest.mark.parametrize(
    ("month", "seqs"),
    [
        # 2 (plan 5-7月) is dated 06-15 and 9 (plan 5月) now 06-02: both June's only; 8 (plan
        # 6月) was held 05-28: May's.
        (5, {7, 8}),
        (6, {1, 2, 3, 4, 5, 9, 10, 11}),
        (7, {6}),
        (8, set()),
    ],
)
def test_an_activity_belongs_to_the_month_it_was_held_or_is_scheduled_else_its_plan(
    june, month, seqs
):
    assert set(month_activities(june.campaign, 2023, month).values_list("seq", flat=True)) == seqs


def test_a_month_of_another_year_has_no_undated_activities(june):
    summary = monthly_summary(june.campaign, 2024, 6, today=TODAY)

    assert (summary.planned, summary.cancelled, summary.held, summary.headcount) == (0, 0, 0, 0)
    # Only the lines of the overdue deadlines, which are the campaign's as of today.
    assert summary.units == (
        UnitRow("区教育局", june.jiaoyu.pk, 0, 0, 0, 0, 1),
        UnitRow("城南路街道办事处", june.chengnan.pk, 0, 0, 0, 0, 1),
    )


def test_an_activity_without_hosts_has_a_line_of_its_own(june):
    ActivityFactory(campaign=june.campaign, seq=30, month_start=6, month_end=6, state=S.PLANNED)

    summary = monthly_summary(june.campaign, 2023, 6, today=TODAY)

    assert summary.units[-1] == UnitRow("未指定责任单位", None, 1, 0, 0, 0, 0)


def test_headline_sentences(summary):
    assert headline(summary) == [
        "6月计划开展主题日活动7场（另有1场已取消），已开展4场，已报送活动材料3场，已在专栏发布1场。",
        "活动覆盖200人，其中人大代表5人、专家学者4人、群众代表50人。"
        "计划开展活动的4个单位中，3个已开展活动。",
        "媒体宣传报道3条，涉及2家媒体。",
        "截至2023年6月30日，逾期未完成事项2项，涉及2场活动、2个单位。",
    ]


def test_headline_of_an_empty_month(june):
    summary = monthly_summary(june.campaign, 2023, 12, today=D(2023, 6, 1))

    assert headline(summary) == [
        "12月计划开展主题日活动0场，已开展0场，已报送活动材料0场，已在专栏发布0场。",
        "活动覆盖0人。计划开展活动的0个单位中，0个已开展活动。",
        "媒体宣传报道0条，涉及0家媒体。",
        "截至2023年6月1日，没有逾期未完成的事项。",
    ]


# --- The briefing (.docx) ---------------------------------------------------------------------


def _docx(summary):
    return Document(io.BytesIO(render_briefing_docx(monthly_briefing(summary))))


def _east_asia(run) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_briefing_title_headings_and_headline(summary):
    document = _docx(summary)
    texts = [p.text for p in document.paragraphs]

    assert document.core_properties.title == "天心区2023年6月政务公开主题日活动月末总结"
    assert texts[:2] == ["天心区2023年6月政务公开主题日活动月末总结", "（统计截至2023年6月30日）"]
    assert [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、")] == [
        "一、总体情况",
        "二、各单位开展情况",
        "三、逾期未完成事项",
        "四、媒体宣传报道",
    ]
    assert texts[3:7] == headline(summary)


def test_briefing_fonts_are_named_for_chinese(summary):
    document = _docx(summary)
    title, body = document.paragraphs[0].runs[0], document.paragraphs[3].runs[0]

    assert (title.font.name, _east_asia(title), title.font.bold) == ("黑体", "黑体", True)
    assert (body.font.name, _east_asia(body)) == ("宋体", "宋体")
    cell_run = document.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert (cell_run.font.name, _east_asia(cell_run)) == ("宋体", "宋体")


def test_briefing_tables_hold_units_overdue_and_media(summary):
    units, overdue, media = _docx(summary).tables

    assert _cells(units) == [
        ["责任单位", "计划场次", "已开展", "已报送材料", "已发布", "逾期事项"],
        ["区医保局", "2", "2", "1", "0", "0"],
        ["区教育局", "3", "2", "2", "1", "1"],
        ["坡子街街道办事处", "2", "1", "1", "0", "0"],
        ["城南路街道办事处", "1", "0", "0", "0", "1"],
        ["各乡镇", "1", "0", "0", "0", "0"],
        ["合计", "7", "4", "3", "1", "2"],
    ]
    assert _cells(overdue) == [
        ["责任单位", "序号", "活动主题", "事项", "截止日期", "逾期天数"],
        ["区教育局", "6", "七月招生政策发布", "方案报备", "2023年6月28日", "2"],
        ["城南路街道办事处", "7", "五月社区宣讲", "材料报送", "2023年6月6日", "24"],
    ]
    assert _cells(media)[1:] == [
        ["1", "教育政策进校园", "长沙晚报", "教育政策走进校园", "2023年6月10日",
         "https://news.example.cn/1/0"],
        ["1", "教育政策进校园", "天心发布", "教育局开放日", "2023年6月10日",
         "https://news.example.cn/1/1"],
        ["2", "医保政策宣讲", "长沙晚报", "医保政策宣讲进社区", "2023年6月15日",
         "https://news.example.cn/2/0"],
    ]  # fmt: skip


def test_briefing_of_a_month_without_overdue_or_media_says_so(june):
    document = _docx(monthly_summary(june.campaign, 2023, 12, today=D(2023, 6, 1)))
    texts = [p.text for p in document.paragraphs]

    assert len(document.tables) == 1
    assert texts[texts.index("三、逾期未完成事项") + 1] == "无。"
    assert texts[texts.index("四、媒体宣传报道") + 1] == "本月暂无媒体宣传报道。"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_briefing(soffice, summary, tmp_path):
    source = tmp_path / "monthly.docx"
    source.write_bytes(render_briefing_docx(monthly_briefing(summary)))
    profile = (tmp_path / "lo-profile").as_uri()

    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(tmp_path / "out"), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )  # fmt: skip

    text = (tmp_path / "out" / "monthly.txt").read_text(encoding="utf-8-sig")
    assert "天心区2023年6月政务公开主题日活动月末总结" in text
    for expected in ("活动覆盖200人", "城南路街道办事处", "七月招生政策发布", "医保政策宣讲进社区"):
        assert expected in text
