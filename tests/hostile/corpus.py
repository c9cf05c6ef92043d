"""Hostile documents, generated into a folder when a test needs them (nothing big committed).

Each builder writes one file under ``folder`` and returns its path. Office packages are written
by hand (a few XML parts in a zip) so that a test can say exactly what a hostile file declares:
a dimension, a merged range, an entry's size, a DOCTYPE.
"""

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = ["序号", "活动时间", "活动主题", "活动形式", "责任单位"]
UNITS = ["区财政局", "区教育局", "区卫健委", "区民政局", "区司法局"]


def plan_rows(count: int) -> list[list[str]]:
    """``count`` plan rows that parse cleanly: months 1–12, distinct titles."""
    return [
        [str(i), f"{(i - 1) % 12 + 1}月", f"政策宣讲第{i}场", "政策宣传", UNITS[i % len(UNITS)]]
        for i in range(1, count + 1)
    ]


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = Path(folder) / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# --- text -----------------------------------------------------------------------------------


def text_plan(folder: Path, rows: int, *, name: str = "plan.txt", encoding="utf-8") -> Path:
    lines = ["\t".join(HEADER)] + ["\t".join(row) for row in plan_rows(rows)]
    return write(folder, name, ("\n".join(lines) + "\n").encode(encoding))


def unicode_text_plan(folder: Path, rows: int = 3, *, big_endian: bool = False) -> Path:
    """Excel's "Unicode 文本": UTF-16 with a byte order mark, tab-separated, CRLF."""
    lines = ["\t".join(HEADER)] + ["\t".join(row) for row in plan_rows(rows)]
    text = "\r\n".join(lines) + "\r\n"
    data = text.encode("utf-16-be" if big_endian else "utf-16-le")
    bom = b"\xfe\xff" if big_endian else b"\xff\xfe"
    return write(folder, "unicode.txt", bom + data)


def wrapped_text(folder: Path, continuation_lines: int, *, name: str = "wrapped.txt") -> Path:
    """One row whose title goes on for ``continuation_lines`` lines without a 序号."""
    lines = ["\t".join(HEADER), "1\t3月\t政策宣讲\t政策宣传\t区财政局"]
    lines += [f"续写的标题第{i}行" for i in range(continuation_lines)]
    return write(folder, name, "\n".join(lines) + "\n")


def nul_text(folder: Path) -> Path:
    return write(folder, "nul.txt", "\t".join(HEADER).encode() + b"\x00" * 64 + b"\n1\t3\n")


def long_line(folder: Path, chars: int) -> Path:
    return write(folder, "long.txt", "\t".join(HEADER) + "\n1\t3月\t" + "长" * chars + "\n")


def many_lines(folder: Path, lines: int) -> Path:
    return write(folder, "lines.txt", "\t".join(HEADER) + "\n" + "\n" * lines)


def digits_notice(folder: Path, digits: int = 100_000, *, line_chars: int = 5_000) -> Path:
    """A notice of nothing but digits, cut into lines that the flat text joins back."""
    body = "1" * digits
    lines = [body[i : i + line_chars] for i in range(0, digits, line_chars)]
    return write(folder, "digits.txt", "关于开展活动的通知\n" + "\n".join(lines) + "\n")


def notice_text(repeat: int) -> list[str]:
    """A plausible notice whose body paragraphs are repeated ``repeat`` times."""
    head = [
        "关于印发《天心区2024年“政务公开主题日”活动实施方案》的通知",
        "各街道办事处、区直各单位：",
    ]
    body = [
        "一、活动形式",
        "（一）现场观摩。邀请群众代表参加。",
        "（二）座谈交流。",
        "二、工作要求",
        "全年计划开展50场活动，每场现场工作人员不少于5名。",
        "活动开展前3个工作日报送活动方案，活动后5个工作日内报送总结材料。",
        "联系人：王晓，电话：0731-85000000，邮箱：openday@example.cn。",
    ]
    tail = ["天心区政务公开办", "2024年3月1日"]
    return head + body * repeat + tail


# --- zip packages -----------------------------------------------------------------------------

_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _zip(path: Path, parts: dict[str, bytes | str], *, level: int = 6) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


def _docx(folder: Path, name: str, body: str, *, prolog: str = "") -> Path:
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {W}><w:body>{body}</w:body></w:document>"
    )
    parts = {"[Content_Types].xml": _DOCX_TYPES, "_rels/.rels": _DOCX_RELS}
    parts["word/document.xml"] = document
    return _zip(Path(folder) / name, parts)


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{_p(text)}</w:tc>"


def docx_plan(folder: Path, rows: int, *, name: str = "plan.docx") -> Path:
    """A Word plan: a title paragraph and a table of ``rows`` rows."""
    table = "".join(
        "<w:tr>" + "".join(_tc(cell) for cell in row) + "</w:tr>"
        for row in [HEADER, *plan_rows(rows)]
    )
    body = _p("天心区2024年活动计划表") + f"<w:tbl>{table}</w:tbl>"
    return _docx(folder, name, body)


def docx_merged_month(folder: Path, rows: int) -> Path:
    """Every row's month cell merged vertically into the first one (one month, many rows)."""
    lines = ["<w:tr>" + "".join(_tc(c) for c in HEADER) + "</w:tr>"]
    for i, row in enumerate(plan_rows(rows)):
        month = _tc("3月", '<w:vMerge w:val="restart"/>') if i == 0 else _tc("", "<w:vMerge/>")
        cells = [_tc(row[0]), month, *(_tc(c) for c in row[2:])]
        lines.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return _docx(folder, "merged.docx", f"<w:tbl>{''.join(lines)}</w:tbl>")


def docx_paragraphs(folder: Path, lines: list[str], *, name: str = "notice.docx") -> Path:
    return _docx(folder, name, "".join(_p(line) for line in lines))


def docx_expanding(folder: Path, megabytes: int = 35) -> Path:
    """A small .docx whose document.xml unpacks to ``megabytes`` MB of repeated paragraphs."""
    paragraph = _p("重复的段落")
    body = paragraph * (megabytes * 1024 * 1024 // len(paragraph.encode()))
    return _docx(folder, "expanding.docx", body)


def docx_entity_bomb(folder: Path) -> Path:
    """The "billion laughs": entities that would expand to gigabytes if resolved."""
    entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    return _docx(folder, "laughs.docx", _p("&a9;"), prolog=prolog)


def zip_bomb(folder: Path, name: str, *, megabytes: int = 200) -> Path:
    """An Office-looking package with one entry of ``megabytes`` MB of spaces (ratio ~1000)."""
    path = Path(folder) / name
    main = "word/document.xml" if name.endswith(".docx") else "xl/worksheets/sheet1.xml"
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        with archive.open(main, "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(chunk)
    return path


def many_entries(folder: Path, name: str, entries: int) -> Path:
    parts = {f"customXml/item{i}.xml": "<a/>" for i in range(entries)}
    return _zip(Path(folder) / name, {"[Content_Types].xml": _DOCX_TYPES, **parts})


def truncated(path: Path, keep: float = 0.5) -> Path:
    data = path.read_bytes()
    cut = path.with_name(f"truncated{path.suffix}")
    cut.write_bytes(data[: int(len(data) * keep)])
    return cut


# --- .xlsx ------------------------------------------------------------------------------------

_XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _c(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def xlsx(
    folder: Path,
    name: str,
    cells: dict[tuple[int, int], str],
    *,
    dimension: str | None = None,
    merges: list[str] = (),
    prolog: str = "",
    raw_rows: str = "",
) -> Path:
    """A one-sheet workbook holding exactly ``cells`` ((row, column) → text)."""
    by_row: dict[int, list[str]] = {}
    for (row, column), text in sorted(cells.items()):
        by_row.setdefault(row, []).append(_c(f"{column_letter(column)}{row}", text))
    rows = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(by_row.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = (
        f'<mergeCells count="{len(merges)}">'
        + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
        + "</mergeCells>"
        if merges
        else ""
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<worksheet {S}>{dim}<sheetData>{rows}{raw_rows}</sheetData>{merge}</worksheet>"
    )
    parts = {
        "[Content_Types].xml": _XLSX_TYPES,
        "_rels/.rels": _XLSX_RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
    }
    return _zip(Path(folder) / name, parts)


def grid_cells(grid: list[list[str]], *, top: int = 1) -> dict[tuple[int, int], str]:
    return {
        (top + r, c + 1): text for r, row in enumerate(grid) for c, text in enumerate(row) if text
    }


def xlsx_plan(folder: Path, rows: int, *, name: str = "plan.xlsx") -> Path:
    return xlsx(folder, name, grid_cells([HEADER, *plan_rows(rows)]))


def xlsx_far_cell(folder: Path, ref: tuple[int, int] = (50_000, 100)) -> Path:
    """A small plan and one cell far down and right (CV50000 by default)."""
    cells = grid_cells([HEADER, *plan_rows(3)])
    cells[ref] = "远处"
    return xlsx(folder, "far.xlsx", cells)


def xlsx_declared_dimension(folder: Path) -> Path:
    """A small plan whose sheet declares the largest possible dimension."""
    cells = grid_cells([HEADER, *plan_rows(3)])
    return xlsx(folder, "dimension.xlsx", cells, dimension="A1:XFD1048576")


def xlsx_merged_bomb(folder: Path) -> Path:
    """A title cell merged over the whole sheet."""
    cells = {(1, 1): "计划表", **grid_cells([HEADER, *plan_rows(3)], top=2)}
    return xlsx(folder, "merged.xlsx", cells, merges=["A1:XFD1048576"])


def xlsx_entity_bomb(folder: Path) -> Path:
    entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row>'
    return xlsx(folder, "laughs.xlsx", {}, prolog=prolog, raw_rows=row)
