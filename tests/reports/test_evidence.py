"""The evidence pack (佐证材料包): the zip opens, its index links every entry, its photos are
the reports' photos, no phone number leaves in full, hostile titles make safe names; the
command writes it and the campaign page streams it."""

import datetime as dt
import html.parser
import io
import posixpath
import re
import zipfile
from urllib.parse import quote, unquote

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openday.activities.enums import ActivityState as S
from openday.activities.models import Activity, ReportPhoto
from openday.activities.services import (
    MediaInput,
    activity_accept,
    activity_file,
    activity_mark_held,
    activity_publish,
    activity_report,
    activity_return,
    activity_schedule,
)
from openday.core.text import mask_phones
from openday.orgs.enums import Role
from openday.reports.evidence import clean_name, evidence_chunks
from openday.reports.statistics import COUNTED_STATES
from tests.activities.materials import attachment, filing_input, processed_photos, report_input
from tests.factories import MembershipFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2023, 7, 1)
HOSTILE = "../../etc/passwd\x1f<script>alert(1)</script>/a\\b:c*?\u202e" + "长" * 200
# A phone number in any spelling the masking knows, and any 11-digit mobile or landline left.
PHONES = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")


@pytest.fixture
def campaign():
    campaign = make_tianxin_campaign()
    campaign.source_text = (
        "天心区2023年政务公开主题日活动实施方案。联系人：王晓，电话：0731-85123456。"
    )
    campaign.document.save("notice.docx", ContentFile(b"PK-notice"), save=True)
    return campaign


@pytest.fixture
def admin(campaign):
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user


def hand_in(admin, campaign, seq, held, *, photos=1, state=S.REPORTED, **fields):
    target = campaign.activities.get(seq=seq)
    activity_schedule(actor=admin, activity=target, on=held, reason="按佐证测试调整")
    activity_mark_held(actor=admin, activity=target, today=held)
    activity_report(
        actor=admin,
        activity=target,
        report=report_input(held, photos=processed_photos(photos), **fields),
        today=held,
    )
    if state in (S.ACCEPTED, S.PUBLISHED):
        activity_accept(actor=admin, activity=target)
    if state == S.PUBLISHED:
        activity_publish(actor=admin, activity=target)
    return target


@pytest.fixture
def pack_world(campaign, admin):
    """2 published (3 photos, a phone in its text, an attachment), 1 reported, 23 accepted,
    13 returned (not in the pack's reports), 50 only filed."""
    hand_in(
        admin,
        campaign,
        2,
        D(2023, 3, 15),
        photos=3,
        state=S.PUBLISHED,
        summary="联系人李明，手机 138 1234 5678，座机0731-85123456。\n第二段。",
        practices="咨询电话：+86 139-1234-5678",
        attachments=[attachment("签到表.xlsx")],
    )
    hand_in(admin, campaign, 1, D(2023, 3, 20), other_groups="社区居民（13712345678）")
    hand_in(admin, campaign, 23, D(2023, 6, 16), photos=2, state=S.ACCEPTED, media=[])
    returned = hand_in(admin, campaign, 13, D(2023, 5, 10))
    activity_return(actor=admin, activity=returned, comment="补充材料")
    filed = campaign.activities.get(seq=50)
    activity_schedule(actor=admin, activity=filed, on=D(2023, 8, 8), reason="按佐证测试调整")
    activity_file(actor=admin, activity=filed, filing=filing_input(), on=D(2023, 7, 1))
    return campaign


def build(campaign) -> zipfile.ZipFile:
    content = b"".join(evidence_chunks(campaign, today=TODAY))
    return zipfile.ZipFile(io.BytesIO(content))


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


def links(text: str) -> list[str]:
    parser = Links()
    parser.feed(text)
    return parser.hrefs


def local(hrefs: list[str]) -> list[str]:
    return [href for href in hrefs if not href.startswith(("http://", "https://"))]


def folder_of(seq: int, title: str) -> str:
    return f"活动/{seq}-{title}"


def test_the_pack_opens_and_holds_every_document(pack_world):
    archive = build(pack_world)

    assert archive.testzip() is None
    names = archive.namelist()
    assert names[:5] == [
        "通知.txt",
        "实施方案.docx",
        "计划表（附件1）.xlsx",
        "计划表（附件1）.docx",
        "活动情况统计表（附件2）.xlsx",
    ]
    assert archive.read("实施方案.docx") == b"PK-notice"
    assert names[-2:] == ["媒体报道.csv", "index.html"]
    folders = sorted({name.split("/")[1] for name in names if name.startswith("活动/")})
    assert folders == [
        "1-被征地农民社会保险业务政策宣讲",
        "2-老旧小区改造方案交流会",
        "23-安全生产月",
        f"50-{pack_world.activities.get(seq=50).title}",
    ]
    two = folder_of(2, "老旧小区改造方案交流会")
    assert sorted(name for name in names if name.startswith(two)) == [
        f"{two}/report.html",
        f"{two}/照片/01-现场1.jpg",
        f"{two}/照片/02-现场2.jpg",
        f"{two}/照片/03-现场3.jpg",
        f"{two}/附件/签到表.xlsx",
    ]
    five = f"活动/50-{pack_world.activities.get(seq=50).title}"
    assert sorted(name for name in names if name.startswith(five)) == [f"{five}/活动方案.docx"]
    plan = openpyxl.load_workbook(io.BytesIO(archive.read("计划表（附件1）.xlsx"))).active
    assert plan["A2"].value == "天心区2023年“政务公开主题日”活动计划表"
    statistics = openpyxl.load_workbook(
        io.BytesIO(archive.read("活动情况统计表（附件2）.xlsx"))
    ).active
    assert statistics["A1"].value == "附件2"
    # Three reports handed in (13 was returned): three rows and the total.
    assert statistics.max_row == 4 + 3 + 1


def test_a_filed_activity_has_its_filing_document(pack_world):
    archive = build(pack_world)
    five = pack_world.activities.get(seq=50)

    stored = five.filings.get().document
    with stored.open("rb") as handle:
        assert archive.read(f"活动/50-{five.title}/活动方案.docx") == handle.read()


def test_every_link_of_the_index_and_the_reports_resolves_to_an_entry(pack_world):
    archive = build(pack_world)
    names = set(archive.namelist())
    index = archive.read("index.html").decode()

    targets = {unquote(href) for href in local(links(index))}
    # Every entry but the index itself is linked from it.
    assert targets == names - {"index.html"}
    for name in names:
        if name.endswith("report.html"):
            folder = name.rsplit("/", 1)[0]
            for href in local(links(archive.read(name).decode())):
                resolved = posixpath.normpath(posixpath.join(folder, unquote(href)))
                assert resolved in names, (name, href)


def test_the_index_lists_every_published_activity_and_counts_the_reports_photos(pack_world):
    archive = build(pack_world)
    index = archive.read("index.html").decode()

    published = Activity.objects.filter(campaign=pack_world, state=S.PUBLISHED)
    assert published.count() == 1
    for activity in published:
        assert f"<td>{activity.ref}</td><td>{activity.title}</td>" in index
    photos = ReportPhoto.objects.filter(
        report__activity__campaign=pack_world, report__activity__state__in=COUNTED_STATES
    ).count()
    assert photos == 6
    assert f'<span id="photo-count">{photos}</span>' in index
    assert sum(1 for name in archive.namelist() if "/照片/" in name) == photos
    # The returned report's photo is not among them.
    assert not any(name.startswith("活动/13-") for name in archive.namelist())


def test_photos_are_the_stored_originals(pack_world):
    archive = build(pack_world)
    photo = ReportPhoto.objects.filter(report__activity__seq=2).order_by("position").first()

    with photo.image.open("rb") as handle:
        original = handle.read()
    assert archive.read(f"{folder_of(2, '老旧小区改造方案交流会')}/照片/01-现场1.jpg") == original


def test_no_text_entry_carries_a_phone_number(pack_world):
    archive = build(pack_world)

    texts = [n for n in archive.namelist() if n.endswith((".html", ".txt", ".csv"))]
    assert len(texts) == 2 + 3 + 1  # notice, index, media csv, three reports
    for name in texts:
        text = archive.read(name).decode("utf-8-sig")
        assert PHONES.findall(re.sub(r"[\s+-]", "", text)) == [], name
    report = archive.read(f"{folder_of(2, '老旧小区改造方案交流会')}/report.html").decode()
    assert "<p>联系人李明，手机 138****5678，座机073****3456。</p><p>第二段。</p>" in report
    assert "咨询电话：139****5678" in report
    assert "073****3456" in archive.read("通知.txt").decode()


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0731-85123456", "073****3456"),
        # A long number that is no phone, and a ten-digit one, stay as they are.
        ("编号 20230101123456", "编号 20230101123456"),
        ("电话 010 12345678 或 1391234567", "电话 010****5678 或 1391234567"),
    ],
)
def test_the_masking_the_pack_shares_with_the_public_pages(text, masked):
    assert mask_phones(text) == masked


def test_media_links_are_a_csv_with_safe_cells(pack_world, admin):
    hand_in(
        admin,
        pack_world,
        16,
        D(2023, 6, 20),
        media=[MediaInput("=HYPERLINK(1)", "@SUM(A1)", "https://n.example.cn/16", D(2023, 6, 20))],
    )
    archive = build(pack_world)

    text = archive.read("媒体报道.csv").decode("utf-8")
    assert text.startswith("\ufeff序号,活动主题,媒体名称,报道标题,报道日期,报道网址\r\n")
    assert "'=HYPERLINK(1),'@SUM(A1),2023-06-20,https://n.example.cn/16" in text
    # One line per media report: 2 has one, 1 has one, 23 none, 16 one.
    assert text.count("\r\n") == 1 + 3


def test_a_hostile_title_makes_a_safe_bounded_folder_name(pack_world):
    Activity.objects.filter(campaign=pack_world, seq=2).update(title=HOSTILE)
    Activity.objects.filter(campaign=pack_world, seq=1).update(title=HOSTILE)
    archive = build(pack_world)

    names = archive.namelist()
    hostile = [name for name in names if name.startswith(("活动/1-", "活动/2-"))]
    assert hostile
    for name in hostile:
        folder = name.split("/")[1]
        assert ".." not in name
        assert not {"\\", ":", "\x1f"} & set(name)
        assert "\u202e" not in name
        assert len(folder) <= 60
        assert folder.startswith(("1-_etc_passwd_script_alert(1)_script_a_b_c_", "2-_etc"))
    assert len(set(names)) == len(names)
    index = archive.read("index.html").decode()
    assert "<script>" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../a", "a"),
        ("a/b\\c", "a_b_c"),
        ("..", "未命名"),
        ("  报告\r\n\x00 ", "报告"),
        ("x" * 100, "x" * 60),
        ("电话13812345678", "电话138_5678"),
    ],
)
def test_clean_name(text, expected):
    assert clean_name(text) == expected


def test_same_names_are_numbered(pack_world, admin):
    Activity.objects.filter(campaign=pack_world, seq=1).update(title="同名")
    hand_in(admin, pack_world, 16, D(2023, 6, 20), photos=2)
    activity = pack_world.activities.get(seq=16)
    activity.report.photos.update(original_name="同名.jpg", position=0)
    archive = build(pack_world)

    photos = sorted(
        n for n in archive.namelist() if n.startswith(f"活动/16-{activity.title}/照片/")
    )
    assert [n.rsplit("/", 1)[1] for n in photos] == ["01-同名.jpg", "01-同名（2）.jpg"]


def test_a_missing_stored_file_is_named_in_the_index_not_a_failure(pack_world):
    photo = ReportPhoto.objects.filter(report__activity__seq=2).order_by("position").first()
    photo.image.storage.delete(photo.image.name)
    archive = build(pack_world)

    names = archive.namelist()
    assert f"{folder_of(2, '老旧小区改造方案交流会')}/照片/01-现场1.jpg" not in names
    assert "（文件缺失）" in archive.read("index.html").decode()
    assert '<span id="photo-count">5</span>' in archive.read("index.html").decode()


def test_the_command_writes_the_pack(pack_world, tmp_path):
    path = tmp_path / "pack.zip"
    out = io.StringIO()

    call_command("evidence", campaign="tianxin-2023", output=str(path), stdout=out)

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert "考核得分表.xlsx" in names
        sheet = openpyxl.load_workbook(io.BytesIO(archive.read("考核得分表.xlsx"))).active
        assert "得分表" in sheet["A1"].value
    assert out.getvalue().startswith(
        f"已导出佐证材料包到 {path}：{len(names)} 个文件，4 项活动，照片 6 张，"
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".evidence-")]
    # Filing documents name people: the pack is for its owner only, like a backup.
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"output": "x.zip"}, "请用 --campaign 指定年度活动标识"),
        ({"campaign": "tianxin-2023"}, "请用 -o 指定输出文件（.zip）"),
        ({"campaign": "no-such", "output": "x.zip"}, "找不到标识为“no-such”的年度活动"),
    ],
)
def test_the_command_refuses_in_chinese(campaign, options, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("evidence", **options)


def test_the_command_refuses_a_missing_folder(campaign, tmp_path):
    target = tmp_path / "nowhere" / "pack.zip"
    with pytest.raises(CommandError, match="所在目录不存在"):
        call_command("evidence", campaign="tianxin-2023", output=str(target))
    assert not target.exists()


def test_the_campaign_page_streams_the_pack(client, pack_world, admin):
    client.force_login(admin)

    response = client.get(reverse("staff:campaign-evidence", args=[pack_world.slug]))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response.headers["Content-Type"] == "application/zip"
    filename = "天心区2023年政务公开主题日佐证材料.zip"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="tianxin-2023-evidence.zip"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert "考核得分表.xlsx" in archive.namelist()
    assert "考核得分表" in archive.read("index.html").decode()


def test_the_campaign_page_links_the_pack(client, campaign, admin):
    client.force_login(admin)

    response = client.get(reverse("staff:campaign-detail", args=[campaign.slug]))

    url = reverse("staff:campaign-evidence", args=[campaign.slug])
    assert f'href="{url}">佐证材料包（.zip）</a>' in response.content.decode()


def test_a_liaison_may_not_download_the_pack(client, campaign):
    unit = campaign.region.units.first()
    liaison = MembershipFactory(role=Role.UNIT_LIAISON, region=campaign.region, unit=unit).user
    client.force_login(liaison)

    response = client.get(reverse("staff:campaign-evidence", args=[campaign.slug]))

    assert response.status_code == 403
    assert not isinstance(response, StreamingHttpResponse)


def test_the_queries_do_not_grow_with_the_activities(pack_world, admin):
    build(pack_world)  # the region's office is read once, then kept on the campaign
    with CaptureQueriesContext(connection) as before:
        build(pack_world)
    hand_in(admin, pack_world, 16, D(2023, 6, 20), photos=2, attachments=[attachment()])
    with CaptureQueriesContext(connection) as after:
        build(pack_world)

    # 14: 附件2 also reads the answers each report cites (问卷调查答卷).
    assert len(before.captured_queries) == 14
    assert len(after.captured_queries) == 14
