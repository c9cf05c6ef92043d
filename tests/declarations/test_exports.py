"""The 申报表 in the notice's layout, read back from the files the pages serve."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from openday.declarations.services import declaration_accept, declaration_submit
from openday.reports.declaration_export import declaration_table, declarations_table
from tests.declarations.helpers import BEFORE_DUE, good_items, save
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TITLE = "湖南湘江新区2023年“政务公开主题日”活动主题申报表"
HEADER = ["序号", "活动主题", "活动时间(月份)", "活动形式", "活动简介"]
ROWS = [
    [1, "“一件事一次办”现场观摩", "6月", "现场观摩", "邀请市民群众现场体验办事流程。"],
    [2, "政务服务满意度问卷调查", "9-10月", "问卷调查", "面向办事群众开展问卷调查。"],
]
SUBTITLE = "填报单位（公章）：新区行政审批服务局   联系人：李娟   联系电话：0731-88999337"


def test_the_table_has_the_notices_title_line_and_columns(submitted):
    table = declaration_table(submitted)

    assert table.title == TITLE
    assert table.subtitle_lines == [SUBTITLE]
    assert table.header == HEADER
    assert table.rows == ROWS


def test_blanks_show_as_the_notice_prints_them(window, campaign, unit, liaison):
    declaration = save(liaison, campaign, unit, contact_person="", phone="")

    assert declaration_table(declaration).subtitle_lines == [
        "填报单位（公章）：新区行政审批服务局   联系人：×××   联系电话：×××"
    ]


def _get(client, user, name, args):
    client.force_login(user)
    response = client.get(reverse(f"staff:{name}", args=args))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response


def test_the_xlsx_download_reads_back(client, submitted, campaign, liaison):
    response = _get(client, liaison, "declaration-export", [campaign.slug, submitted.pk, "xlsx"])

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="xiangjiang-2023-declaration-{submitted.pk}.xlsx"; '
        "filename*=UTF-8''%E6%96%B0%E5%8C%BA%E8%A1%8C%E6%94%BF%E5%AE%A1%E6%89%B9%E6%9C%8D"
        "%E5%8A%A1%E5%B1%80-%E4%B8%BB%E9%A2%98%E7%94%B3%E6%8A%A5%E8%A1%A8.xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == TITLE
    assert values[1][0] == SUBTITLE
    assert values[2] == HEADER
    assert values[3:] == ROWS


def test_the_docx_download_reads_back(client, submitted, campaign, admin):
    response = _get(client, admin, "declaration-export", [campaign.slug, submitted.pk, "docx"])

    document = Document(io.BytesIO(response.content))
    assert [p.text for p in document.paragraphs[:2]] == [TITLE, SUBTITLE]
    grid = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in grid.rows] == [
        HEADER,
        *[[str(cell) for cell in row] for row in ROWS],
    ]


def test_all_declarations_in_one_sheet_with_the_unit_column(
    client, accepted, campaign, other_unit, admin
):
    other = UserFactory()
    MembershipFactory(user=other, role="unit_liaison", region=campaign.region, unit=other_unit)
    draft = save(other, campaign, other_unit)  # a draft is the unit's own: left out

    response = _get(client, admin, "declaration-export-all", [campaign.slug])

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "湖南湘江新区2023年“政务公开主题日”活动主题申报汇总表"
    assert values[1] == [
        "填报单位",
        *HEADER,
        "主题类别",
        "联系人",
        "联系电话",
        "申报状态",
    ]
    contact = ["政务服务", "李娟", "0731-88999337", "已采纳"]
    assert values[2:] == [
        ["新区行政审批服务局", *ROWS[0], *contact],
        [None, *ROWS[1], *contact],  # the unit's cell is merged over its rows
    ]
    assert "A3:A4" in {str(r) for r in sheet.merged_cells.ranges}
    assert draft.state == "draft"


def test_the_summary_lists_units_in_registry_order(window, campaign, unit, other_unit, admin):
    for target in (unit, other_unit):
        user = UserFactory()
        MembershipFactory(user=user, role="unit_liaison", region=campaign.region, unit=target)
        declaration = save(user, campaign, target, items=good_items())
        declaration_submit(actor=user, declaration=declaration, today=BEFORE_DUE)
    declaration_accept(actor=admin, declaration=declaration)

    table = declarations_table(campaign)

    assert [(row[0], row[1], row[-1]) for row in table.rows] == [
        ("新区经济发展局", 1, "已采纳"),
        ("新区经济发展局", 2, "已采纳"),
        ("新区行政审批服务局", 1, "已提交"),
        ("新区行政审批服务局", 2, "已提交"),
    ]
