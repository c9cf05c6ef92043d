"""Files and inputs for the activity workflows with materials: real and broken uploads, and
the inputs of ``activity_file``, ``activity_announce`` and ``activity_report``.

Uploads are ``SimpleUploadedFile``s built in memory: a .docx is a real zip with
``word/document.xml``, photos are encoded by Pillow (optionally with GPS EXIF), and the broken
ones are broken on purpose (text renamed .jpg, a JPEG cut in half, a pixel bomb).
"""

import datetime as dt
import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openday.activities.services import FilingInput, MediaInput, NoticeInput, ReportInput
from openday.activities.uploads import (
    check_attachment,
    check_filing_document,
    process_photo,
)

GPS_IFD = 0x8825
GPS_LATITUDE = (28, 7, 30.5)  # 天心区, roughly


def docx_bytes(text: str = "活动方案") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def docx_upload(name: str = "活动方案.docx") -> SimpleUploadedFile:
    return upload(name, docx_bytes())


def pdf_upload(name: str = "活动方案.pdf") -> SimpleUploadedFile:
    return upload(name, PDF, "application/pdf")


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0131] = "openday-tests"  # Software
    exif[GPS_IFD] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (112, 59, 1.2)}
    return exif


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (64, 48), *, color="red", exif=None, mode="RGB"
) -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, color)
    params = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def photo_upload(name: str = "现场.jpg", **kwargs) -> SimpleUploadedFile:
    return upload(name, image_bytes(**kwargs), "image/jpeg")


def gps_photo_upload(name: str = "带定位.jpg") -> SimpleUploadedFile:
    return upload(name, image_bytes(size=(80, 60), exif=gps_exif()), "image/jpeg")


def truncated_jpeg_upload(name: str = "不完整.jpg") -> SimpleUploadedFile:
    # Noise does not compress: the cut falls in the middle of the image data.
    image = Image.effect_noise((400, 300), 80).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    data = buffer.getvalue()
    return upload(name, data[: len(data) // 2], "image/jpeg")


def noise_bytes(fmt: str = "JPEG", size: tuple[int, int] = (200, 150)) -> bytes:
    """A picture that does not compress, so a cut falls inside its pixel data."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def corrupt_png_crc() -> bytes:
    """A whole PNG with one byte of its pixel data changed: its checksum no longer matches."""
    data = bytearray(noise_bytes("PNG", (40, 30)))
    data[data.index(b"IDAT") + 20] ^= 0xFF
    return bytes(data)


def mpo_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    """A multi-picture JPEG as Android phones write it: a red first picture, a blue second."""
    buffer = io.BytesIO()
    first, second = Image.new("RGB", size, "red"), Image.new("RGB", size, "blue")
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb_bytes(width: int = 60_000, height: int = 60_000) -> bytes:
    """A small PNG whose header claims 3.6 billion pixels: decoding it would take gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    data = zlib.compress(b"\x00" * (width // 8 + 1) * 16)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def fake_image_upload(name: str = "照片.jpg") -> SimpleUploadedFile:
    return upload(name, "这不是图片，只是改了扩展名的文本。".encode(), "image/jpeg")


def filing_input(**fields) -> FilingInput:
    values = {
        "document": check_filing_document(docx_upload()),
        "leader": "张副局长",
        "section": "政务公开科",
        "person": "李明",
        "phone": "13812345678",
        "comment": "",
    }
    values.update(fields)
    return FilingInput(**values)


def notice_input(activity, **fields) -> NoticeInput:
    values = {
        "theme": activity.title,
        "host": "区政务服务中心",
        "held_on": activity.scheduled_on,
        "start_time": dt.time(9, 30),
        "end_time": dt.time(11, 30),
        "venue": "区政务服务中心一楼大厅",
        "audience": "人大代表、政协委员、企业代表、群众代表",
        "content": "现场体验“一网通办”服务。",
        "form": "现场观摩",
        "signup": "电话报名，名额 30 人",
        "contact": "0731-85123456",
    }
    values.update(fields)
    return NoticeInput(**values)


def processed_photos(count: int = 1) -> list:
    return [process_photo(photo_upload(f"现场{n}.jpg")) for n in range(1, count + 1)]


def report_input(held_on: dt.date, **fields) -> ReportInput:
    values = {
        "held_on": held_on,
        "headcount": 120,
        "staff_count": 8,
        "summary": "活动邀请群众代表现场体验。",
        "attendance": {"deputies": 3, "public": 40},
        "media": [
            MediaInput(
                outlet="长沙晚报",
                title="天心区开展政务公开主题日活动",
                url="https://www.example.cn/news/1.html",
                published_on=held_on,
            )
        ],
        "photos": processed_photos(1),
    }
    values.update(fields)
    return ReportInput(**values)


def attachment(name: str = "签到表.xlsx"):
    return check_attachment(upload(name, xlsx_bytes()))
