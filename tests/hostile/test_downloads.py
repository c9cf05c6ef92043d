"""Every download succeeds whatever a liaison typed, and never carries a formula.

Hostile values are stored straight in the database (past every form, as an old row, an import
or the admin may leave them): control characters, formula starts, CR/LF, very long text, emoji
and direction marks. Each export the staff can download (plan, declarations, statistics,
banner, month's briefing, audit log) and the ``export-plan`` command must then answer 200 with
a file that opens again, holds no formula and no control character, keeps the text minus the
controls, and names itself in a clean Content-Disposition.
"""

import csv
import datetime as dt
import io
import re
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from openday.activities.enums import ActivityState
from openday.campaigns.models import CampaignRules
from openday.core.audit import audit_record
from openday.core.text import control_chars, looks_like_formula, one_line, strip_controls
from openday.declarations.enums import DeclarationState
from openday.orgs.enums import Role
from openday.orgs.models import Unit
from tests.factories import (
    ActivityDeadlineFactory,
    ActivityFactory,
    ActivityFormFactory,
    ActivityHostFactory,
    ActivityReportFactory,
    CampaignFactory,
    MediaReportFactory,
    MembershipFactory,
    OfficeFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories.declarations import DeclarationFactory, DeclarationItemFactory
from tests.reports.plans import BRIEF_COLUMNS

pytestmark = pytest.mark.django_db

# What a liaison or an old import may have left in the database. PostgreSQL cannot store NUL
# in text at all, so there the same places hold U+0001.
NUL = "\x01" if connection.vendor == "postgresql" else "\x00"
PLAN_TITLE = '天心区\r\n2023年"政务公开主题日"\x0b活动计划表'
UNIT = "@区人力资源\x0b社会保障局"
TITLE_CONTROLS = f"社保\x0b政策{NUL}宣讲\x1f\ufffe🎉"
TITLE_FORMULA = '=HYPERLINK("https://evil.example/","点击领取补贴")'
TITLE_RTL = "\u202e反转的活动主题\u200f"
BRIEF_LONG = "-1+2\r\n第二行\t制表\r第三行" + "长" * 5000
BRIEF_FORMULA = "\t=cmd|'/C calc'!A0"
FORM = "+政策\x0b宣传"
HOST = "@区人社局\x1f"
OUTLET = "@湖南日报\x1f"
MEDIA_TITLE = "\r=1+1 报道"
MEDIA_URL = "https://news.example.cn/a?b=\x0b=1+1"
OFFICE_CONTACT = "=王\x0b晓"
OFFICE_PHONE = f"+0731{NUL}-88990000"
LIAISON_NAME = "-张\x0b三"
CONTACT = "=张三\x0b"
PHONE = "@0731\x1f-8899"
ITEM_FORM = "+座谈\x0b"
CATEGORY = f"-经济{NUL}发展"
BANNER = ["{unit}\x0b“政务公开主题日”活动", "=主题：{theme}"]
SITE = "现场\x0b标识\r\n=要求"
AUDIT_COMMENT = '=HYPERLINK("https://evil.example/")\x0b\r\n第二行'


class World:
    def __init__(self):
        self.region = RegionFactory(name="天心区", slug="tianxin")
        OfficeFactory(region=self.region, contact_person=OFFICE_CONTACT, phone=OFFICE_PHONE)
        unit = UnitFactory(region=self.region, name="区人力资源社会保障局")
        Unit.objects.filter(pk=unit.pk).update(name=UNIT)  # past the service's checks
        self.unit = Unit.objects.get(pk=unit.pk)
        self.admin = self._member(Role.OFFICE_ADMIN)
        self.liaison = self._member(Role.UNIT_LIAISON, unit=self.unit, first_name=LIAISON_NAME)
        self.campaign = CampaignFactory(
            region=self.region,
            slug="tianxin-2023",
            year=2023,
            plan_title=PLAN_TITLE,
            plan_columns=BRIEF_COLUMNS,
        )
        CampaignRules.objects.create(
            campaign=self.campaign,
            banner_templates=BANNER,
            site_requirements=SITE,
            declaration_categories=[CATEGORY],
        )
        self._activity(1, TITLE_CONTROLS, BRIEF_LONG)
        self._activity(2, TITLE_FORMULA, BRIEF_FORMULA)
        self._activity(3, TITLE_RTL, "")
        declaration = DeclarationFactory(
            campaign=self.campaign,
            unit=self.unit,
            state=DeclarationState.SUBMITTED,
            contact_person=CONTACT,
            phone=PHONE,
        )
        for seq, title in enumerate([TITLE_CONTROLS, TITLE_FORMULA, TITLE_RTL], start=1):
            DeclarationItemFactory(
                declaration=declaration,
                seq=seq,
                title=title,
                form_text=ITEM_FORM,
                brief=BRIEF_LONG,
                category=CATEGORY,
            )
        self.declaration = declaration
        audit_record(
            actor=self.admin,
            action="campaign.update",
            obj=self.campaign,
            region=self.region,
            comment=AUDIT_COMMENT,
        )

    def _member(self, role, unit=None, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(role=role, region=self.region, unit=unit, user=user)
        return user

    def _activity(self, seq: int, title: str, brief: str) -> None:
        held = dt.date(2023, 5, 10 + seq)
        activity = ActivityFactory(
            campaign=self.campaign,
            seq=seq,
            title=title,
            brief=brief,
            month_start=5,
            month_end=5,
            state=ActivityState.REPORTED,
            scheduled_on=held,
            held_on=held,
        )
        ActivityFormFactory(activity=activity, text=FORM)
        ActivityHostFactory(activity=activity, unit=self.unit, text=HOST)
        report = ActivityReportFactory(activity=activity, held_on=held, headcount=100 * seq)
        MediaReportFactory(report=report, outlet=OUTLET, title=MEDIA_TITLE, url=MEDIA_URL)
        ActivityDeadlineFactory(activity=activity, due_on=dt.date(2023, 5, 31))


@pytest.fixture
def world() -> World:
    return World()


def clean(text: str) -> str:
    return strip_controls(text)


TITLES = [clean(TITLE_CONTROLS), TITLE_FORMULA, TITLE_RTL]
PLAN = [*TITLES, clean(BRIEF_LONG), BRIEF_FORMULA, clean(FORM), clean(HOST)]
DECLARATION = [*TITLES, clean(BRIEF_LONG), clean(ITEM_FORM), clean(CONTACT), clean(PHONE)]
STATISTICS = [*TITLES, clean(MEDIA_URL)]
MONTHLY = [*TITLES, clean(OUTLET), one_line(MEDIA_TITLE), clean(MEDIA_URL), clean(UNIT)]
BANNER_TEXT = [f"{clean(UNIT)}“政务公开主题日”活动", f"=主题：{TITLE_FORMULA}", "=要求"]


def _xlsx_texts(content: bytes) -> list[str]:
    cells = [
        cell
        for sheet in load_workbook(io.BytesIO(content)).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    return [str(cell.value) for cell in cells]


def _docx_texts(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    texts = [document.core_properties.title]
    texts += [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return texts


def _csv_texts(content: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert [cell for cell in cells if looks_like_formula(cell)] == []
    # A neutralised cell reads back as typed, behind its quote.
    return [cell.removeprefix("'") for cell in cells]


def _txt_texts(content: bytes) -> list[str]:
    return content.decode("utf-8-sig").split("\r\n")


READ_BACK = {"xlsx": _xlsx_texts, "docx": _docx_texts, "csv": _csv_texts, "txt": _txt_texts}


def read_back(content: bytes, fmt: str, expected: list[str]) -> list[str]:
    """The file's texts, checked: it opens, holds no formula and no control character, and
    every ``expected`` text is in it."""
    texts = READ_BACK[fmt](content)
    assert [text for text in texts if control_chars(text, multiline=True)] == []
    blob = "\n".join(texts)
    assert [text for text in expected if text not in blob] == []
    return texts


_DISPOSITION = re.compile(r"attachment; filename=\"([^\"\\\r\n]*)\"; filename\*=UTF-8''([\w%.~-]+)")


def disposition_name(response) -> str:
    """The file's name from a Content-Disposition that holds no line break and no stray quote."""
    match = _DISPOSITION.fullmatch(response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    name = unquote(match.group(2))
    assert control_chars(name) == []
    return name


DOWNLOADS = {
    # id: (URL name, its arguments, who downloads, format, texts the file must hold)
    "plan.xlsx": ("campaign-plan-export", lambda w: [w.campaign.slug, "xlsx"], "admin", PLAN),
    "plan.docx": ("campaign-plan-export", lambda w: [w.campaign.slug, "docx"], "admin", PLAN),
    "plan.csv": ("campaign-plan-export", lambda w: [w.campaign.slug, "csv"], "admin", PLAN),
    "declaration.xlsx": (
        "declaration-export",
        lambda w: [w.campaign.slug, w.declaration.pk, "xlsx"],
        "liaison",
        DECLARATION,
    ),
    "declaration.docx": (
        "declaration-export",
        lambda w: [w.campaign.slug, w.declaration.pk, "docx"],
        "admin",
        DECLARATION,
    ),
    "declarations.xlsx": (
        "declaration-export-all",
        lambda w: [w.campaign.slug],
        "admin",
        [*DECLARATION, clean(UNIT), clean(CATEGORY)],
    ),
    "statistics.xlsx": (
        "statistics-campaign",
        lambda w: [w.campaign.slug],
        "admin",
        [*STATISTICS, clean(HOST), clean(OFFICE_CONTACT), clean(OFFICE_PHONE)],
    ),
    "statistics-unit.xlsx": (
        "statistics-unit",
        lambda w: [w.campaign.slug, w.unit.pk],
        "liaison",
        [*STATISTICS, clean(UNIT), clean(LIAISON_NAME)],
    ),
    "banner.docx": (
        "campaign-banner",
        lambda w: [w.campaign.slug, w.unit.pk, "docx"],
        "liaison",
        BANNER_TEXT,
    ),
    "banner.txt": (
        "campaign-banner",
        lambda w: [w.campaign.slug, w.unit.pk, "txt"],
        "liaison",
        BANNER_TEXT,
    ),
    "monthly.docx": (
        "campaign-monthly-docx",
        lambda w: [w.campaign.slug, 2023, 5],
        "admin",
        MONTHLY,
    ),
}


@pytest.mark.parametrize("download", list(DOWNLOADS))
def test_every_download_succeeds_with_hostile_text_and_carries_no_formula(client, world, download):
    name, args, who, expected = DOWNLOADS[download]
    client.force_login(getattr(world, who))

    response = client.get(reverse(f"staff:{name}", args=args(world)))

    assert response.status_code == 200
    fmt = download.rsplit(".", 1)[-1]
    read_back(response.content, fmt, expected)
    assert disposition_name(response).endswith(f".{fmt}")


def test_the_plan_files_name_loses_the_line_breaks_and_controls_of_its_title(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("staff:campaign-plan-export", args=[world.campaign.slug, "xlsx"]))

    assert response.status_code == 200
    assert disposition_name(response) == '天心区2023年"政务公开主题日"活动计划表.xlsx'
    assert response["Content-Disposition"].startswith(
        'attachment; filename="tianxin-2023-plan.xlsx"; '
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == '天心区 2023年"政务公开主题日"活动计划表'


def test_a_declarations_file_named_after_a_hostile_unit_has_a_clean_name(client, world):
    client.force_login(world.liaison)
    args = [world.campaign.slug, world.declaration.pk, "docx"]

    response = client.get(reverse("staff:declaration-export", args=args))

    assert disposition_name(response) == "@区人力资源社会保障局-主题申报表.docx"


def test_the_plan_xlsx_cells_are_the_text_typed_minus_controls(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("staff:campaign-plan-export", args=[world.campaign.slug, "xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert rows == [
        [1, "5月", clean(TITLE_CONTROLS), clean(FORM), clean(HOST), clean(BRIEF_LONG)],
        # The month is one merged cell: written on its first row only.
        [2, None, TITLE_FORMULA, clean(FORM), clean(HOST), BRIEF_FORMULA],
        [3, None, TITLE_RTL, clean(FORM), clean(HOST), None],
    ]
    assert {sheet.cell(row, 3).data_type for row in (4, 5, 6)} == {"s"}


def test_the_plan_csv_quotes_every_cell_a_spreadsheet_would_run(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("staff:campaign-plan-export", args=[world.campaign.slug, "csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    form, host = "'" + clean(FORM), "'" + clean(HOST)
    assert rows[1:] == [
        ["1", "5月", clean(TITLE_CONTROLS), form, host, "'" + clean(BRIEF_LONG)],
        ["2", "5月", "'" + TITLE_FORMULA, form, host, "'" + BRIEF_FORMULA],
        ["3", "5月", TITLE_RTL, form, host, ""],
    ]


def test_the_audit_export_neutralises_what_people_typed(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("staff:audit-export"))

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert [cell for cell in cells if looks_like_formula(cell)] == []
    assert "'" + clean(AUDIT_COMMENT) in {clean(cell) for cell in cells}
    assert disposition_name(response).endswith(".csv")


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_the_export_plan_command_writes_hostile_text_safely(world, tmp_path, fmt):
    output = tmp_path / f"plan.{fmt}"
    stdout = io.StringIO()

    call_command("export_plan", campaign=world.campaign.slug, output=str(output), stdout=stdout)

    assert stdout.getvalue() == f"已导出 3 条计划到 {output}\n"
    read_back(output.read_bytes(), fmt, PLAN)


def test_a_month_of_1200_rows_downloads_as_docx_and_reads_back(client, world):
    for seq in range(4, 1204):
        ActivityFactory(campaign=world.campaign, seq=seq, title=f"活动{seq}", month_start=5)
    client.force_login(world.admin)

    response = client.get(reverse("staff:campaign-plan-export", args=[world.campaign.slug, "docx"]))

    assert response.status_code == 200
    grid = Document(io.BytesIO(response.content)).tables[0]
    assert len(grid.rows) == 1 + 1203
    assert {row.cells[1].text for row in grid.rows[1:]} == {"5月"}
    assert [row.cells[2].text for row in grid.rows[4:]] == [f"活动{n}" for n in range(4, 1204)]
