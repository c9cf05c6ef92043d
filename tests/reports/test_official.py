"""Documents an office hands over in the GB/T 9704 layout (``renderers.official``), read back
from the .docx's XML: page, margins, fonts, the grid of 22 lines × 28 characters, the page
numbers, the issuing office and date; the year-end summary's page (draft, save, download) and
the monthly briefing's download in the same layout."""

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from openday.activities.enums import ActivityState
from openday.assessment.models import YearSummary
from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from openday.reports.renderers.briefing import Section
from openday.reports.renderers.official import (
    CHAR_SPACE,
    LINE_PITCH_TWIPS,
    render_official_docx,
)
from openday.reports.tables import Table
from openday.reports.year_summary import summary_sections
from tests.factories.activities import ActivityFactory
from tests.factories.campaigns import CampaignFactory
from tests.factories.orgs import MembershipFactory, RegionFactory, UserFactory

D = dt.date
SECTIONS = [
    Section(heading="一、总体情况", paragraphs=["全年开展活动 12 场。", "（一）组织有力"]),
    Section(
        heading="二、各单位开展情况",
        table=Table(title="", header=["单位", "场次"], rows=[["区教育局", 2]]),
    ),
]


def _document(**kwargs) -> Document:
    content = render_official_docx(
        title=kwargs.get("title", "天心区2023年政务公开主题日活动工作总结"),
        sections=kwargs.get("sections", SECTIONS),
        issuer="天心区政务公开办",
        issued_on=D(2023, 12, 5),
    )
    return Document(io.BytesIO(content))


def _mm(*lengths) -> tuple:
    """Lengths in millimetres, to 0.1 mm: the file stores twentieths of a point."""
    return tuple(round(length / Mm(1), 1) for length in lengths)


def _east_asia(run) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_page_is_a4_with_the_gbt_9704_margins():
    section = _document().sections[0]
    assert _mm(section.page_width, section.page_height) == (210, 297)
    assert _mm(section.top_margin, section.left_margin) == (37, 28)
    assert _mm(section.right_margin, section.bottom_margin) == (26, 35)
    # The text block is 156 × 225 mm.
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert (round(text_width / Mm(1)), round(text_height / Mm(1))) == (156, 225)


def test_the_grid_gives_22_lines_of_28_characters():
    section = _document().sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == str(LINE_PITCH_TWIPS) == "579"
    assert int(grid.get(qn("w:charSpace"))) == CHAR_SPACE
    # The pitches fill the text block: 22 lines of 28.95 pt, 28 characters of 16 pt + space.
    text_height_pt = (Mm(225)).pt
    assert int(text_height_pt // (LINE_PITCH_TWIPS / 20)) == 22
    char_pitch = 16 + CHAR_SPACE / 4096
    assert int((Mm(156).pt + 0.01) // char_pitch) == 28


def test_the_title_is_xiaobiaosong_22pt_with_a_song_fallback():
    document = _document()
    title = document.paragraphs[0]
    run = title.runs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (_east_asia(run), run.font.name, run.font.size, run.font.bold) == (
        "方正小标宋简体",
        "宋体",
        Pt(22),
        True,
    )
    fonts = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")
    )
    root = etree.fromstring(fonts.blob)
    font = root.find(f"{qn('w:font')}[@{qn('w:name')}='方正小标宋简体']")
    assert font.find(qn("w:altName")).get(qn("w:val")) == "宋体"


def test_the_body_is_fangsong_16pt_at_exact_28_95pt():
    document = _document()
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("仿宋_GB2312", Pt(16))
    texts = {p.text: p for p in document.paragraphs}
    body = texts["全年开展活动 12 场。"]
    assert (_east_asia(body.runs[0]), body.runs[0].font.size) == ("仿宋_GB2312", Pt(16))
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert _east_asia(texts["一、总体情况"].runs[0]) == "黑体"
    assert _east_asia(texts["（一）组织有力"].runs[0]) == "楷体_GB2312"
    assert document.tables[0].rows[1].cells[0].text == "区教育局"


def test_page_numbers_read_dash_page_dash_outward_on_odd_and_even_pages():
    document = _document()
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer is True
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert paragraph.alignment == alignment
        assert paragraph.text == "— 1 —"
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert xml.count('w:fldCharType="begin"') == 1


def test_the_issuing_office_and_date_close_it_right_aligned():
    last = [p for p in _document().paragraphs if p.text][-2:]
    assert [p.text for p in last] == ["天心区政务公开办", "2023年12月5日"]
    assert {p.alignment for p in last} == {WD_ALIGN_PARAGRAPH.RIGHT}


def test_hostile_text_still_makes_a_file():
    document = _document(
        title="总结\x00\x07\n第二行",
        sections=[Section(heading="一、情况\x0b", paragraphs=["正文\x1f带控制字符"])],
    )
    assert document.paragraphs[0].text == "总结 第二行"
    assert "正文带控制字符" in [p.text for p in document.paragraphs]


def test_summary_text_is_cut_into_sections():
    sections = summary_sections("前言一段\n\n一、总体情况\n第一段\r\n  第二段  \n二、问题\n")
    assert [(s.heading, s.paragraphs) for s in sections] == [
        ("", ["前言一段"]),
        ("一、总体情况", ["第一段", "第二段"]),
        ("二、问题", []),
    ]


# --- the year-end summary's page ------------------------------------------------------------


@pytest.fixture
def county(db):
    region = RegionFactory(name="天心区", slug="tianxin")
    campaign = CampaignFactory(region=region, slug="tianxin-2023", year=2023)
    ActivityFactory(campaign=campaign, seq=1, state=ActivityState.PUBLISHED)
    ActivityFactory(campaign=campaign, seq=2, state=ActivityState.HELD)
    ActivityFactory(campaign=campaign, seq=3, state=ActivityState.PLANNED)
    admin, viewer = UserFactory(), UserFactory()
    MembershipFactory(user=admin, role=Role.OFFICE_ADMIN, region=region)
    MembershipFactory(user=viewer, role=Role.SUPERIOR_VIEWER, region=region)
    return campaign, admin, viewer


def _url(campaign) -> str:
    return reverse("staff:campaign-year-summary", args=[campaign.slug])


def test_the_draft_is_written_from_the_dashboard_figures(client, county):
    campaign, admin, _viewer = county
    client.force_login(admin)

    html = client.get(_url(campaign)).content.decode()

    assert "全年计划开展活动 3 场，已开展 2 场（开展率 66.7%），" in html
    assert "已在公开专栏发布活动报道 1 场" in html
    assert "本年度推荐典型经验 0 个" in html
    assert not YearSummary.objects.exists()


def test_the_office_saves_its_text_and_downloads_it_as_a_gbt_9704_docx(client, county):
    campaign, admin, _viewer = county
    client.force_login(admin)
    data = {
        "title": "天心区2023年工作总结",
        "body": "一、总体情况\n我们做得很好。",
        "issued_by": "天心区政务公开办",
        "issued_on": "2023-12-20",
    }

    response = client.post(_url(campaign), data)

    assert response.status_code == 302
    stored = YearSummary.objects.get(campaign=campaign)
    assert (stored.title, stored.issued_on) == ("天心区2023年工作总结", D(2023, 12, 20))
    entry = AuditEntry.objects.get(action="year_summary.save")
    assert entry.after["body_chars"] == len("一、总体情况\n我们做得很好。")
    download = client.get(_url(campaign), {"format": "docx"})
    document = Document(io.BytesIO(download.content))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == ["天心区2023年工作总结", "一、总体情况", "我们做得很好。", "天心区政务公开办",
                     "2023年12月20日"]  # fmt: skip
    assert _mm(document.sections[0].top_margin) == (37,)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "x", "issued_by": "办", "issued_on": "2023-12-20"}, "请填写标题"),
        ({"title": "t", "body": " ", "issued_by": "办", "issued_on": "2023-12-20"}, "请填写正文"),
        ({"title": "t", "body": "x", "issued_by": "办", "issued_on": "12/20"}, "成文日期格式"),
        ({"title": "长" * 121, "body": "x", "issued_by": "办", "issued_on": "2023-12-20"},
         "标题最多 120 个字"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_saved(client, county, data, message):
    campaign, admin, _viewer = county
    client.force_login(admin)

    response = client.post(_url(campaign), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not YearSummary.objects.exists()


def test_a_viewer_reads_but_cannot_save(client, county):
    campaign, _admin, viewer = county
    client.force_login(viewer)
    assert client.get(_url(campaign)).status_code == 200
    response = client.post(
        _url(campaign), {"title": "t", "body": "x", "issued_by": "办", "issued_on": "2023-12-20"}
    )
    assert response.status_code == 403
    assert not YearSummary.objects.exists()


def test_the_monthly_briefing_downloads_in_the_gbt_9704_layout(client, county):
    campaign, admin, _viewer = county
    client.force_login(admin)

    response = client.get(
        reverse(
            "staff:campaign-monthly-docx",
            kwargs={"slug": campaign.slug, "year": 2023, "month": 5},
        )
    )

    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert _mm(section.top_margin, section.left_margin) == (37, 28)
    assert _east_asia(document.paragraphs[0].runs[0]) == "方正小标宋简体"
    assert [p.text for p in document.paragraphs if p.text][-1].endswith("日")


# --- LibreOffice ----------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_opens_the_document(soffice, tmp_path: Path):
    source = tmp_path / "summary.docx"
    source.write_bytes(
        render_official_docx(
            title="天心区2023年政务公开主题日活动工作总结",
            sections=SECTIONS,
            issuer="天心区政务公开办",
            issued_on=D(2023, 12, 5),
        )
    )
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(tmp_path / "out"), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )  # fmt: skip

    text = (tmp_path / "out" / "summary.txt").read_text(encoding="utf-8-sig")
    for words in ("天心区2023年政务公开主题日活动工作总结", "全年开展活动 12 场。", "区教育局",
                  "天心区政务公开办", "2023年12月5日"):  # fmt: skip
        assert words in text
