"""Download headers: an ASCII name for old clients beside the real one (RFC 5987)."""

import pytest

from openday.core.http import CONTENT_TYPES, disposition


@pytest.mark.parametrize(
    ("filename", "fallback", "attachment", "expected"),
    [
        (
            "操作记录-20231013.csv",
            "audit-20231013.csv",
            True,
            'attachment; filename="audit-20231013.csv"; '
            "filename*=UTF-8''%E6%93%8D%E4%BD%9C%E8%AE%B0%E5%BD%95-20231013.csv",
        ),
        # Without a fallback, the name's ASCII part; a name whose only ASCII is its suffix is
        # not handed to old clients as a hidden ".docx" file.
        (
            "方案.docx",
            "",
            True,
            "attachment; filename=\"download.docx\"; filename*=UTF-8''%E6%96%B9%E6%A1%88.docx",
        ),
        (
            "photo 1.jpg",
            "",
            False,
            "inline; filename=\"photo 1.jpg\"; filename*=UTF-8''photo%201.jpg",
        ),
        # Quotes and line breaks never reach the header.
        (
            'a"b\r\n.pdf',
            "",
            True,
            "attachment; filename=\"ab.pdf\"; filename*=UTF-8''a%22b.pdf",
        ),
    ],
)
def test_disposition(filename, fallback, attachment, expected):
    assert disposition(filename, fallback=fallback, attachment=attachment) == expected


def test_jpeg_by_either_suffix():
    assert CONTENT_TYPES[".jpg"] == CONTENT_TYPES[".jpeg"] == "image/jpeg"
