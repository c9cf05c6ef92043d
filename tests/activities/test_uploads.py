"""Uploads are checked by content: documents, photos (EXIF stripped, thumbnails), videos, LOGO."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from PIL import Image

from openday.activities.enums import ActivityState
from openday.activities.models import Activity, ReportPhoto
from openday.activities.uploads import (
    UploadError,
    check_attachment,
    check_filing_document,
    check_logo,
    check_video,
    process_photo,
)
from openday.campaigns.models import Campaign
from tests.activities.conftest import stored_files
from tests.activities.materials import (
    GPS_IFD,
    MP4,
    PDF,
    corrupt_png_crc,
    docx_bytes,
    docx_upload,
    fake_image_upload,
    gps_photo_upload,
    image_bytes,
    mpo_bytes,
    noise_bytes,
    png_bomb_bytes,
    truncated_jpeg_upload,
    upload,
    xlsx_bytes,
)
from tests.activities.test_pages import report_post
from tests.portal.html import parse, select, text_of

HELD_ON = dt.date(2023, 10, 12)


def refused(check, the_upload) -> str:
    with pytest.raises(UploadError) as excinfo:
        check(the_upload)
    return excinfo.value.message


# --- Documents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "suffix"),
    [("活动方案.docx", docx_bytes(), ".docx"), ("活动方案.PDF", PDF, ".pdf")],
)
def test_a_real_docx_or_pdf_is_accepted(name, content, suffix):
    checked = check_filing_document(upload(name, content))

    assert (checked.name, checked.suffix, checked.size) == (name, suffix, len(content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "方案.doc",
            b"\xd0\xcf\x11\xe0" + b"\x00" * 100,
            "活动方案“方案.doc”的格式不支持，请上传 Word 文档（.docx）或 PDF 文档（.pdf）。",
        ),
        (
            "方案.docx",
            "只是文本".encode(),
            "活动方案“方案.docx”不是有效的 Word 文档（.docx），文件可能已损坏或只是改了扩展名。",
        ),
        (
            "方案.docx",
            xlsx_bytes(),
            "活动方案“方案.docx”不是有效的 Word 文档（.docx），文件可能已损坏或只是改了扩展名。",
        ),
        (
            "方案.pdf",
            docx_bytes(),
            "活动方案“方案.pdf”不是有效的 PDF 文档（.pdf），文件可能已损坏或只是改了扩展名。",
        ),
        ("方案.pdf", b"", "活动方案“方案.pdf”是空文件。"),
        (
            "../../etc/方案.exe",
            b"MZ",
            "活动方案“方案.exe”的格式不支持，请上传 Word 文档（.docx）或 PDF 文档（.pdf）。",
        ),
    ],
)
def test_a_filing_document_that_is_not_what_it_says_is_refused(name, content, message):
    assert refused(check_filing_document, upload(name, content)) == message


def test_a_filing_document_over_the_limit_is_refused(settings):
    settings.FILING_MAX_BYTES = 1024 * 1024
    big = upload("方案.pdf", PDF + b"0" * (1024 * 1024))

    assert refused(check_filing_document, big) == (
        "活动方案“方案.pdf”大小为 1.0 MB，超过上限 1 MB。"
    )


def test_the_filing_limit_defaults_to_20_mb():
    big = upload("方案.pdf", PDF + b"0" * (20 * 1024 * 1024))

    assert refused(check_filing_document, big) == (
        "活动方案“方案.pdf”大小为 20.0 MB，超过上限 20 MB。"
    )


def test_attachments_take_xlsx_too_but_not_images():
    assert check_attachment(upload("签到表.xlsx", xlsx_bytes())).suffix == ".xlsx"
    assert refused(check_attachment, upload("照片.jpg", image_bytes())) == (
        "附件“照片.jpg”的格式不支持，"
        "请上传 Word 文档（.docx）、PDF 文档（.pdf）或 Excel 表格（.xlsx）。"
    )


def test_the_uploaders_folder_never_reaches_the_name():
    assert (
        check_filing_document(docx_upload("C:\\Users\\李明\\桌面\\方案.docx")).name == "方案.docx"
    )


# --- Photos ---------------------------------------------------------------------------------


def reopen(file) -> Image.Image:
    file.seek(0)
    image = Image.open(io.BytesIO(file.read()))
    image.load()
    return image


def test_a_photo_is_re_encoded_without_its_gps_position():
    original = gps_photo_upload()
    assert Image.open(original).getexif().get_ifd(GPS_IFD)  # the test photo has a position
    original.seek(0)

    photo = process_photo(original)

    stored = reopen(photo.image)
    assert stored.format == "JPEG"
    assert stored.getexif().get_ifd(GPS_IFD) == {}
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert (photo.width, photo.height, photo.suffix, photo.name) == (80, 60, ".jpg", "带定位.jpg")


def test_a_photo_is_turned_upright_by_its_orientation_before_the_tag_goes():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    photo = process_photo(upload("竖拍.jpg", image_bytes(size=(80, 60), exif=exif)))

    assert (photo.width, photo.height) == (60, 80)
    assert dict(reopen(photo.image).getexif()) == {}


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", ".png"), ("WEBP", ".webp")])
def test_png_and_webp_keep_their_format(fmt, suffix):
    photo = process_photo(upload(f"现场{suffix}", image_bytes(fmt, size=(100, 50))))

    assert photo.suffix == suffix
    assert reopen(photo.image).format == fmt


def test_a_thumbnail_is_a_small_jpeg():
    photo = process_photo(upload("大图.png", image_bytes("PNG", size=(1200, 900), mode="RGBA")))

    thumbnail = reopen(photo.thumbnail)
    assert (thumbnail.format, thumbnail.size, thumbnail.mode) == ("JPEG", (480, 360), "RGB")


@pytest.mark.parametrize(
    ("the_upload", "message"),
    [
        (
            fake_image_upload("现场照片.jpg"),
            "照片“现场照片.jpg”不是有效的图片文件，只支持 JPEG、PNG、WebP 格式的图片。",
        ),
        (
            upload("动图.gif", image_bytes("GIF")),
            "照片“动图.gif”是 GIF 格式，只支持 JPEG、PNG、WebP 格式的图片。",
        ),
        (
            upload("炸弹.png", png_bomb_bytes()),
            "照片“炸弹.png”的像素数异常巨大，可能是恶意构造的文件，已拒绝。",
        ),
        (upload("空.jpg", b""), "照片“空.jpg”是空文件。"),
    ],
    ids=["fake", "gif", "bomb", "empty"],
)
def test_a_photo_that_is_not_a_real_image_is_refused_by_name(the_upload, message):
    assert refused(process_photo, the_upload) == message


DAMAGED = "已损坏或不完整（图片数据无法完整读出），请重新导出后上传。"


def test_a_truncated_jpeg_is_refused_without_pillows_english():
    message = refused(process_photo, truncated_jpeg_upload("不完整.jpg"))

    # Before: "照片“不完整.jpg”已损坏或不完整（image file is truncated (… bytes not processed)）…"
    assert message == f"照片“不完整.jpg”{DAMAGED}"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("缺结尾.png", noise_bytes("PNG")[:-12]),  # no IEND chunk: ``verify`` finds it
        ("坏校验.png", corrupt_png_crc()),
        ("半张.webp", noise_bytes("WEBP")[:600]),
    ],
    ids=["png-without-end", "png-bad-checksum", "webp-cut"],
)
def test_other_damaged_images_are_named_in_chinese(name, content):
    assert refused(process_photo, upload(name, content)) == f"照片“{name}”{DAMAGED}"


def test_a_truncated_jpeg_logo_is_refused():
    assert refused(check_logo, truncated_jpeg_upload("logo.jpg")) == (
        f"LOGO 文件“logo.jpg”{DAMAGED}"
    )


# --- Multi-picture JPEG (MPO) ---------------------------------------------------------------


def test_a_multi_picture_jpeg_photo_is_kept_as_its_first_picture():
    # Before: "照片“安卓.jpg”是 JPEG 格式，只支持 JPEG、PNG、WebP 格式的图片。"
    photo = process_photo(upload("安卓.jpg", mpo_bytes(), "image/jpeg"))

    stored = reopen(photo.image)
    assert (photo.suffix, photo.width, photo.height) == (".jpg", 64, 48)
    assert stored.format == "JPEG"
    assert getattr(stored, "n_frames", 1) == 1
    # The first picture (red), not the second (blue); JPEG rounds the exact values.
    red, green, blue = stored.getpixel((32, 24))
    assert (red > 200, green < 50, blue < 50) == (True, True, True)


def test_a_multi_picture_jpeg_logo_is_kept_byte_for_byte_as_a_jpeg():
    data = mpo_bytes()

    checked = check_logo(upload("logo.jpg", data))

    assert (checked.suffix, checked.size) == (".jpg", len(data))
    assert checked.file.read() == data


def test_a_photo_over_the_pixel_limit_is_refused(settings):
    settings.PHOTO_MAX_PIXELS = 2_000_000
    wide = upload("全景.png", image_bytes("PNG", size=(2000, 1001), mode="1"))

    assert refused(process_photo, wide) == (
        "照片“全景.png”的尺寸为 2000×1001，超过 2 百万像素的上限，请缩小后再上传。"
    )


def test_a_photo_over_forty_megapixels_is_refused_by_default():
    huge = upload("超大.png", image_bytes("PNG", size=(8000, 5001), mode="1"))

    assert refused(process_photo, huge) == (
        "照片“超大.png”的尺寸为 8000×5001，超过 40 百万像素的上限，请缩小后再上传。"
    )


def test_a_photo_over_the_byte_limit_is_refused(settings):
    settings.PHOTO_MAX_BYTES = 1000
    noisy = Image.effect_noise((200, 200), 80).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=95)

    data = buffer.getvalue()

    assert refused(process_photo, upload("大.jpg", data)) == (
        f"照片“大.jpg”大小为 {round(len(data) / 1024)} KB，超过上限 1000 字节。"
    )


# --- Video and LOGO -------------------------------------------------------------------------


def test_an_mp4_is_accepted_and_anything_else_refused():
    assert check_video(upload("现场.mp4", MP4)).suffix == ".mp4"
    assert refused(check_video, upload("现场.mp4", b"<html>not a video</html>")) == (
        "视频“现场.mp4”不是有效的 MP4 视频。"
    )
    assert refused(check_video, upload("现场.avi", MP4)) == (
        "视频“现场.avi”的格式不支持，请上传 MP4 视频，或改填视频链接。"
    )


def test_a_video_over_the_limit_is_refused(settings):
    settings.VIDEO_MAX_BYTES = 100

    assert refused(check_video, upload("长.mp4", MP4 + b"\x00" * 100)) == (
        "视频“长.mp4”大小为 188 字节，超过上限 100 字节。"
    )


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", ".png"), ("JPEG", ".jpg")])
def test_a_png_or_jpeg_logo_is_accepted(fmt, suffix):
    assert check_logo(upload("logo" + suffix, image_bytes(fmt))).suffix == suffix


@pytest.mark.parametrize(
    ("the_upload", "message"),
    [
        (
            upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            "LOGO 文件“logo.svg”不是有效的图片文件，只支持 JPEG、PNG 格式的图片。",
        ),
        (
            upload("logo.webp", image_bytes("WEBP")),
            "LOGO 文件“logo.webp”是 WebP 格式，只支持 JPEG、PNG 格式的图片。",
        ),
    ],
)
def test_other_logos_are_refused(the_upload, message):
    assert refused(check_logo, the_upload) == message


# --- Through the pages ----------------------------------------------------------------------


@pytest.fixture
def held(activity):
    Activity.objects.filter(pk=activity.pk).update(
        state=ActivityState.HELD, scheduled_on=HELD_ON, held_on=HELD_ON
    )
    activity.refresh_from_db()
    return activity


def report_url(activity) -> str:
    return reverse(
        "staff:activity-transition", args=[activity.campaign.slug, activity.seq, "report"]
    )


def materials_url(campaign) -> str:
    return reverse("staff:campaign-materials", args=[campaign.slug])


def error_summary(response) -> list[str]:
    return [text_of(li) for li in select(parse(response.content), ".error-summary li")]


@pytest.mark.django_db
def test_a_phones_multi_picture_jpeg_is_reported_through_the_page(client, held, liaison, today):
    today(HELD_ON + dt.timedelta(days=3))
    client.force_login(liaison)

    response = client.post(
        report_url(held), report_post(photos=[upload("IMG_20231012.jpg", mpo_bytes())])
    )

    assert response.status_code == 302, error_summary(response)
    (photo,) = ReportPhoto.objects.all()
    assert photo.original_name == "IMG_20231012.jpg"
    with photo.image.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"


@pytest.mark.django_db
def test_a_truncated_photo_is_named_on_the_page_and_nothing_is_saved(client, held, liaison, today):
    today(HELD_ON + dt.timedelta(days=3))
    client.force_login(liaison)

    response = client.post(
        report_url(held), report_post(photos=[truncated_jpeg_upload("现场.jpg")])
    )

    assert response.status_code == 400
    assert error_summary(response) == [f"活动照片：照片“现场.jpg”{DAMAGED}"]
    assert not ReportPhoto.objects.exists()
    assert stored_files() == []


@pytest.mark.django_db
def test_a_truncated_logo_is_refused_on_the_materials_page(client, campaign, admin):
    client.force_login(admin)

    response = client.post(materials_url(campaign), {"logo": truncated_jpeg_upload("logo.jpg")})

    assert response.status_code == 400
    assert error_summary(response) == [f"活动LOGO：LOGO 文件“logo.jpg”{DAMAGED}"]
    assert Campaign.objects.get(pk=campaign.pk).logo_name == ""


@pytest.mark.django_db
def test_a_multi_picture_jpeg_logo_is_accepted_on_the_materials_page(client, campaign, admin):
    client.force_login(admin)
    data = mpo_bytes()

    response = client.post(materials_url(campaign), {"logo": upload("主题日LOGO.jpg", data)})

    assert response.status_code == 302, error_summary(response)
    campaign.refresh_from_db()
    assert (campaign.logo_name, campaign.logo.name[-4:]) == ("主题日LOGO.jpg", ".jpg")
    with campaign.logo.open("rb") as stored:
        assert stored.read() == data
