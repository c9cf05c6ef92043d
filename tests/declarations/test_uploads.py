"""The stamped scan is judged by its content: real PDF, JPEG or PNG, within the size limit."""

import pytest
from PIL import Image

from openday.core.errors import DomainError
from openday.declarations.uploads import stamp_check
from tests.declarations.helpers import PDF, jpeg_bytes, png_bytes, upload


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
        (
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

    assert refused.value.message == (
        "文件“scan.png”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。"
    )
