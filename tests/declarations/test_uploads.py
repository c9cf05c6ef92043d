"""The stamped scan is judged by its content: real PDF, JPEG or PNG, within the size limit."""

import pytest
from PIL import Image

from openday.core.errors import DomainError
from openday.declarations.models import Declaration
from openday.declarations.uploads import stamp_check
from tests.activities.materials import (
    corrupt_png_crc,
    image_bytes,
    mpo_bytes,
    noise_bytes,
    truncated_jpeg_upload,
)
from tests.declarations.helpers import PDF, jpeg_bytes, png_bytes, upload
from tests.declarations.test_views import GOOD_ROWS, errors, field_error, form_data, url
from tests.portal.html import parse


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("盖章申报表.pdf", PDF, "pdf"),
        ("scan.JPG", jpeg_bytes(), "jpeg"),
        ("scan.jpeg", jpeg_bytes(), "jpeg"),
        ("scan.png", png_bytes(), "png"),
    ],
)
def test_real_files_pass(name, content, kind):
    checked = stamp_check(upload(name, content))

    assert (checked.kind, checked.name) == (kind, name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.docx", PDF, "文件“scan.docx”的格式不支持，请上传 PDF、JPG 或 PNG 文件。"),
        ("scan", PDF, "文件“scan”的格式不支持，请上传 PDF、JPG 或 PNG 文件。"),
        ("scan.pdf", b"", "文件“scan.pdf”是空的。"),
        (
            "scan.pdf",
            b"%PDF-1.4 truncated without an end",
            "文件“scan.pdf”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。",
        ),
        (  # only the header: Pillow cannot tell what it is
            "scan.png",
            png_bytes()[:40],
            "文件“scan.png”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。",
        ),
        (
            "scan.jpg",
            b"GIF89a" + b"\0" * 40,
            "文件“scan.jpg”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。",
        ),
        ("scan.png", jpeg_bytes(), "文件“scan.png”的内容与扩展名不符。"),
        ("scan.pdf", png_bytes(), "文件“scan.pdf”的内容与扩展名不符。"),
    ],
)
def test_fakes_and_mismatches_are_refused(name, content, message):
    with pytest.raises(DomainError) as refused:
        stamp_check(upload(name, content))

    assert (refused.value.field, refused.value.message) == ("stamp", message)


def test_the_limit_comes_from_settings(settings):
    settings.DECLARATION_STAMP_MAX_BYTES = 3 * 1024 * 1024

    with pytest.raises(DomainError) as refused:
        stamp_check(upload("scan.pdf", PDF + b"\0" * (3 * 1024 * 1024)))

    assert refused.value.message == "文件“scan.pdf”超过 3 MB。"


def test_a_path_in_the_name_is_dropped():
    assert stamp_check(upload("../../etc/scan.pdf", PDF)).name == "scan.pdf"


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)

    with pytest.raises(DomainError) as refused:
        stamp_check(upload("scan.png", png_bytes()))

    assert refused.value.message == "文件“scan.png”的像素数异常巨大，可能是恶意构造的文件，已拒绝。"


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(DomainError) as refused:
        stamp_check(upload(name, content))
    assert refused.value.field == "stamp"
    return refused.value.message


DAMAGED = "已损坏或不完整（图片数据无法完整读出），请重新扫描后上传。"


def test_a_truncated_jpeg_scan_is_refused():
    # Before: accepted, as ``verify`` alone does not decode a JPEG's pixels.
    assert (
        refusal("盖章申报表.jpg", truncated_jpeg_upload().read())
        == f"文件“盖章申报表.jpg”{DAMAGED}"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.png", png_bytes()[:-12]),  # cut before its end chunk
        ("scan.png", corrupt_png_crc()),
        ("scan.jpg", noise_bytes("JPEG")[:-200]),
    ],
    ids=["png-without-end", "png-bad-checksum", "jpeg-cut-near-end"],
)
def test_damaged_scans_are_refused_in_chinese(name, content):
    message = refusal(name, content)

    assert message == f"文件“{name}”{DAMAGED}"


def test_a_scan_over_the_pixel_limit_is_refused(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    big = upload("scan.png", image_bytes("PNG", size=(1000, 1001), mode="1"))

    with pytest.raises(DomainError) as refused:
        stamp_check(big)

    assert refused.value.message == (
        "文件“scan.png”的尺寸为 1000×1001，超过 1 百万像素的上限，请降低扫描分辨率后上传。"
    )


def test_another_image_format_is_named():
    assert refusal("scan.jpg", image_bytes("GIF")) == (
        "文件“scan.jpg”是 GIF 图片，只支持 PDF、JPG 或 PNG 文件。"
    )


def test_a_multi_picture_jpeg_scan_is_a_jpeg():
    # Before: refused as "not a valid PDF, JPG or PNG" although phones call it a .jpg.
    data = mpo_bytes()

    checked = stamp_check(upload("手机拍照.jpg", data))

    assert (checked.kind, checked.name) == ("jpeg", "手机拍照.jpg")


# --- Through the declaration page -----------------------------------------------------------


@pytest.mark.django_db
def test_a_truncated_scan_is_refused_on_the_page_and_nothing_is_saved(
    client, window, unit, liaison, campaign
):
    client.force_login(liaison)
    data = form_data(GOOD_ROWS)
    data["stamp"] = truncated_jpeg_upload("盖章申报表.jpg")

    response = client.post(url("declaration-edit", campaign, unit.pk), data)

    assert response.status_code == 400
    page = parse(response.content)
    assert field_error(page, "id_stamp") == f"文件“盖章申报表.jpg”{DAMAGED}"
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_a_phones_multi_picture_scan_is_stored_as_received(client, window, unit, liaison, campaign):
    client.force_login(liaison)
    data = form_data(GOOD_ROWS)
    scan = mpo_bytes()
    data["stamp"] = upload("盖章申报表.jpg", scan)

    response = client.post(url("declaration-edit", campaign, unit.pk), data)

    assert response.status_code == 302, errors(parse(response.content))
    declaration = Declaration.objects.get(unit=unit)
    download = client.get(url("declaration-stamp", campaign, declaration.pk))
    assert download["Content-Type"] == "image/jpeg"
    assert b"".join(download.streaming_content) == scan
