"""Files for the demo's activities: small site photos drawn by Pillow and plan documents.

They go through the same checks as staff uploads (``activities.uploads``), so the services
receive exactly what a real upload would give them. Everything is built in memory and
deterministically: the same seed draws the same photo.
"""

import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from openday.activities.uploads import (
    CheckedFile,
    ProcessedImage,
    check_filing_document,
    process_photo,
)

PHOTO_SIZE = (640, 427)
PHOTO_QUALITY = 80

# (wall, floor, banner) of a few meeting rooms and squares.
_SCENES = [
    ((226, 232, 240), (150, 120, 90), (190, 32, 36)),
    ((205, 226, 245), (120, 130, 140), (200, 40, 30)),
    ((240, 232, 214), (110, 95, 80), (176, 28, 40)),
    ((215, 235, 220), (135, 140, 120), (196, 48, 36)),
]
_CLOTHES = [(40, 52, 80), (70, 70, 70), (150, 40, 40), (30, 90, 120), (200, 200, 205)]


def scene_jpeg(seed: int) -> bytes:
    """A site photo of an activity: the red banner (会标) over a table and rows of people."""
    width, height = PHOTO_SIZE
    wall, floor, banner = _SCENES[seed % len(_SCENES)]
    image = Image.new("RGB", PHOTO_SIZE, wall)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 3 // 5, width, height), fill=floor)
    # The banner, its pale bars standing for the words of the activity's name.
    draw.rectangle((48, 28, width - 48, 96), fill=banner)
    for i in range(10 + seed % 4):
        left = 80 + i * 46
        if left + 30 < width - 80:
            draw.rectangle((left, 50, left + 30, 74), fill=(250, 226, 160))
    # The speakers' table.
    draw.rectangle((150, 150, width - 150, 200), fill=(110, 60, 40))
    for i in range(4):
        x = 200 + i * 80
        draw.ellipse((x, 118, x + 26, 144), fill=(60, 45, 35))
    # The audience, in rows growing towards the camera.
    for row in range(4):
        radius = 12 + row * 4
        y = 230 + row * 46
        step = radius * 3
        for i in range((width - 40) // step):
            x = 20 + i * step + (row % 2) * radius + (seed * 7) % 9
            cloth = _CLOTHES[(i * 3 + row + seed) % len(_CLOTHES)]
            draw.rectangle((x - 4, y + radius, x + 2 * radius + 4, y + 4 * radius), fill=cloth)
            draw.ellipse((x, y, x + 2 * radius, y + 2 * radius), fill=(55, 40, 32))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return out.getvalue()


def demo_photo(name: str, seed: int) -> ProcessedImage:
    """A photo as ``activity_report`` takes it: checked and re-encoded like an upload."""
    return process_photo(SimpleUploadedFile(name, scene_jpeg(seed), content_type="image/jpeg"))


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def _paragraph(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx_bytes(title: str, lines: list[str]) -> bytes:
    """A minimal Word document (one part, no styles) that Word and LibreOffice open."""
    body = _paragraph(title, bold=True) + "".join(_paragraph(line) for line in lines)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELATIONSHIPS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def plan_document(name: str, title: str, lines: list[str]) -> CheckedFile:
    """A filed plan (具体活动方案) as ``activity_file`` takes it."""
    return check_filing_document(SimpleUploadedFile(name, docx_bytes(title, lines)))
