"""Files → raw text: lines for text documents, grids of cells for tables.

A ``Source`` is what the layout finder works on: ``lines`` (each with its line number) for
free text, ``grids`` (each a list of ``RawRow``) for real tables. Readers never interpret the
content; they only fail with a clear message when the file is not what its name says, or when
it is past one of the ``Limits`` (the message names the limit and the file).

Every reader is linear in what the file holds: a .xlsx sheet is read from the cells it
actually stores (never its declared dimension), a .docx table from its rows as they stand
(never python-docx's per-row grid, which walks the whole table for each row), and a zip
package's entries are checked against the limits before any of them is opened. Control
characters are stripped from every line and cell; ``Source.control_places`` says where.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from openday.core.text import char_label, control_chars, strip_controls
from openday.importers.errors import PlanFileError
from openday.importers.limits import RATIO_FLOOR, Limits, Work, count, size_label

SUPPORTED = (".txt", ".docx", ".xlsx", ".csv")
_DELIMITERS = (",", "\t", ";", "，")
_SNIFF_LINES = 20
# csv's own cap on a field; past it the reader stops with an English error.
_CSV_FIELD_LIMIT = csv.field_size_limit()
_W_P, _W_TBL = qn("w:p"), qn("w:tbl")


@dataclass(frozen=True)
class RawRow:
    where: str  # "第 12 行", "表格 1 第 3 行", "工作表“Sheet1”第 3 行"
    cells: list[str]


@dataclass
class Source:
    name: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    grids: list[list[RawRow]] = field(default_factory=list)
    # For each grid: the text just before it (a .docx table's title paragraphs), and its name
    # as messages give it ("表格 2", "工作表“统计”").
    grid_texts: list[list[str]] = field(default_factory=list)
    grid_names: list[str] = field(default_factory=list)
    # A .docx's tables may be one table broken at page breaks; sheets never continue.
    grids_continue: bool = False
    # Control characters removed while reading: which ones, and where (first few places).
    control_chars: list[str] = field(default_factory=list)
    control_places: list[str] = field(default_factory=list)
    control_count: int = 0

    def clean(self, text: str, where: str) -> str:
        """``text`` without control characters; the first places are remembered."""
        found = control_chars(text, multiline=True)
        if not found:
            return text
        for ch in found:
            if ch not in self.control_chars:
                self.control_chars.append(ch)
        self.control_count += 1
        if len(self.control_places) < 5:
            self.control_places.append(where)
        return strip_controls(text, multiline=True)

    def control_warning(self) -> str | None:
        """One warning for every control character the reader removed, naming where."""
        if not self.control_count:
            return None
        chars = "、".join(char_label(ch) for ch in self.control_chars)
        places = "、".join(self.control_places)
        shown = len(self.control_places)
        more = f"等 {self.control_count} 处" if self.control_count > shown else ""
        return f"文件“{self.name}”中有不可见的控制字符（{chars}），已删除：{places}{more}。"


def read_source(
    path: Path,
    *,
    limits: Limits | None = None,
    work: Work | None = None,
) -> Source:
    limits = limits or Limits.from_settings()
    name = path.name
    if not path.is_file():
        raise PlanFileError(f"找不到文件“{path}”。")
    size = path.stat().st_size
    if size == 0:
        raise PlanFileError(f"文件“{name}”是空的，没有可导入的内容。")
    if limits.max_bytes and size > limits.max_bytes:
        raise PlanFileError(f"文件“{name}”超过 {size_label(limits.max_bytes)}，无法导入。")
    suffix = path.suffix.lower()
    if suffix in (".doc", ".xls", ".wps", ".et"):
        raise PlanFileError(
            f"文件“{name}”是旧版 Office 格式（{suffix}），请另存为 .docx 或 .xlsx 后再导入。"
        )
    if suffix not in SUPPORTED:
        raise PlanFileError(
            f"文件“{name}”的格式（{suffix or '无扩展名'}）不支持；"
            f"可导入 {'、'.join(SUPPORTED)} 文件。"
        )
    data = path.read_bytes()
    count(work, len(data) // 1024)
    if suffix == ".txt":
        return _read_text(name, data, limits, work)
    if suffix == ".csv":
        return _read_csv(name, data, limits, work)
    if suffix == ".docx":
        return _read_docx(name, data, limits, work)
    return _read_xlsx(name, data, limits, work)


# --- text -------------------------------------------------------------------------------------


def decode_text(name: str, data: bytes) -> str:
    # Excel's "Unicode 文本" is UTF-16 with a byte order mark: full of NUL bytes, yet text.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PlanFileError(
                f"文件“{name}”标明是 UTF-16 编码，但内容不是有效的 UTF-16 文字，无法导入。"
            ) from exc
    if b"\x00" in data[:4096] or data[:4] in (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"):
        raise PlanFileError(f"文件“{name}”不是文本文件（看起来是二进制内容），无法按文本导入。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return text
    raise PlanFileError(f"文件“{name}”的文字编码无法识别（支持 UTF-8、GBK 和 UTF-16）。")


def _mostly_printable(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for ch in sample if not (ch.isprintable() or ch.isspace()))
    return bad <= max(2, len(sample) // 100)


def split_lines(text: str) -> list[str]:
    """Lines as a text editor shows them: broken at LF, CRLF and CR only. ``str.splitlines``
    also breaks at U+000B, U+000C, U+001C–U+001E and U+0085, which a plan's cell may contain
    and which are stripped (with a warning) instead."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _checked_lines(name: str, text: str, limits: Limits, work: Work | None) -> list[str]:
    lines = split_lines(text)
    count(work, len(lines))
    if len(lines) > limits.max_lines:
        raise PlanFileError(f"文件“{name}”超过 {limits.max_lines} 行的上限，无法导入。")
    for number, line in enumerate(lines, start=1):
        if len(line) > limits.max_cell_chars:
            raise PlanFileError(
                f"文件“{name}”第 {number} 行超过 {limits.max_cell_chars} 字的上限，无法导入。"
            )
    return lines


def _read_text(name: str, data: bytes, limits: Limits, work: Work | None) -> Source:
    text = decode_text(name, data)
    if not text.strip():
        raise PlanFileError(f"文件“{name}”是空的，没有可导入的内容。")
    source = Source(name=name)
    lines = _checked_lines(name, text, limits, work)
    source.lines = [
        (number, source.clean(line, f"第 {number} 行"))
        for number, line in enumerate(lines, start=1)
    ]
    return source


def _guess_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently (csv.Sniffer's regular
    expressions can take seconds on a hostile sample; counting cannot)."""
    lines = [line for line in text[:8192].splitlines() if line.strip()][:_SNIFF_LINES]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        common = Counter(n for n in counts if n)
        if not common:
            continue
        mode, _ = common.most_common(1)[0]
        score = (sum(1 for n in counts if n == mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _too_wide(name: str, where: str, limits: Limits) -> PlanFileError:
    return PlanFileError(f"文件“{name}”{where}超过 {limits.max_columns} 列的上限，无法导入。")


def _too_long(name: str, where: str, limits: Limits) -> PlanFileError:
    return PlanFileError(
        f"文件“{name}”{where}有单元格超过 {limits.max_cell_chars} 字的上限，无法导入。"
    )


def _too_many_rows(name: str, place: str, limits: Limits) -> PlanFileError:
    return PlanFileError(f"文件“{name}”{place}超过 {limits.max_rows} 行的上限，无法导入。")


def _too_many_cells(name: str, place: str, limits: Limits) -> PlanFileError:
    return PlanFileError(f"文件“{name}”{place}超过 {limits.max_cells} 个单元格的上限，无法导入。")


def _read_csv(name: str, data: bytes, limits: Limits, work: Work | None) -> Source:
    text = decode_text(name, data)
    if not text.strip():
        raise PlanFileError(f"文件“{name}”是空的，没有可导入的内容。")
    reader = csv.reader(io.StringIO(text), delimiter=_guess_delimiter(text))
    source = Source(name=name)
    grid: list[RawRow] = []
    cells_seen = 0
    try:
        for index, row in enumerate(reader, start=1):
            where = f"第 {index} 行"
            if index > limits.max_rows:
                raise _too_many_rows(name, "", limits)
            if len(row) > limits.max_columns:
                raise _too_wide(name, where, limits)
            cells_seen += len(row)
            count(work, len(row) + 1)
            if cells_seen > limits.max_cells:
                raise _too_many_cells(name, "", limits)
            if any(len(cell) > limits.max_cell_chars for cell in row):
                raise _too_long(name, where, limits)
            grid.append(RawRow(where, [source.clean(c.strip(), where) for c in row]))
    except csv.Error as exc:
        where = f"第 {reader.line_num} 行"
        if "field larger than field limit" in str(exc):
            raise _too_long(name, where, limits) from exc
        raise PlanFileError(
            f"文件“{name}”不是有效的 CSV 表格：{where}的引号或分隔符有误。"
        ) from exc
    source.grids = [grid]
    return source


# --- zip packages -----------------------------------------------------------------------------


def check_zip(name: str, data: bytes, limits: Limits, invalid: str) -> None:
    """Refuse a .docx/.xlsx whose entries would unpack past the limits, before reading any.

    The sizes are those the package declares; Python's zip reader never returns more than the
    declared size of an entry, so a package cannot unpack to more than is checked here.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise PlanFileError(invalid) from exc
    if len(entries) > limits.max_zip_entries:
        raise PlanFileError(
            f"文件“{name}”包含的压缩条目超过 {limits.max_zip_entries} 个的上限，无法导入。"
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > limits.max_uncompressed:
            raise PlanFileError(
                f"文件“{name}”解压后超过 {size_label(limits.max_uncompressed)} 的上限，无法导入。"
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR and ratio > limits.max_zip_ratio:
            raise PlanFileError(
                f"文件“{name}”中的“{entry.filename}”压缩比超过 {limits.max_zip_ratio} 倍的上限"
                f"（疑似压缩炸弹），无法导入。"
            )


# --- .docx ------------------------------------------------------------------------------------


def _read_docx(name: str, data: bytes, limits: Limits, work: Work | None) -> Source:
    invalid = f"文件“{name}”不是有效的 Word (.docx) 文件，无法打开。"
    check_zip(name, data, limits, invalid)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanFileError(invalid) from exc
    except Exception as exc:  # lxml and zip errors of a corrupt package vary widely
        raise PlanFileError(f"文件“{name}”已损坏，无法作为 Word (.docx) 文件打开。") from exc
    source = Source(name=name)
    body = document.element.body
    try:
        paragraphs = body.p_lst
        if len(paragraphs) > limits.max_lines:
            raise PlanFileError(f"文件“{name}”超过 {limits.max_lines} 段的上限，无法导入。")
        lines, before, texts = [], [], []
        tables_seen = 0
        for child in body.iterchildren():
            if child.tag == _W_TBL:
                tables_seen += 1
                texts.append(before)
                before = []
                continue
            if child.tag != _W_P:
                continue
            number = len(lines) + 1
            text = child.text
            count(work, 1 + len(text) // 64)
            if len(text) > limits.max_cell_chars:
                raise PlanFileError(
                    f"文件“{name}”第 {number} 段超过 {limits.max_cell_chars} 字的上限，无法导入。"
                )
            line = source.clean(text, f"第 {number} 段")
            lines.append((number, line))
            if line.strip():
                before.append(line.strip())
        grids = _docx_grids(name, body, source, limits, work)
    except PlanFileError:
        raise
    except Exception as exc:  # malformed table XML: python-docx raises what lxml gives it
        raise PlanFileError(f"文件“{name}”已损坏，无法作为 Word (.docx) 文件打开。") from exc
    source.lines = lines
    kept = [(grid, text) for grid, text in zip(grids, texts, strict=False) if grid]
    source.grids = [grid for grid, _ in kept]
    source.grid_texts = [text[-8:] for _, text in kept]
    source.grid_names = [grid[0].where.split(" 第 ")[0] for grid, _ in kept]
    source.grids_continue = True
    return source


def _docx_grids(name: str, body, source: Source, limits: Limits, work: Work | None):
    """Every top-level table's rows, one grid per table: the layout finder decides which
    belong together (a table broken by page breaks often arrives as several tables, and a
    second table such as 附件2 must not be read as more rows of the plan). A horizontally
    merged cell is kept once; a vertically merged one shows its top cell's text, as Word
    shows it."""
    grids: list[list[RawRow]] = []
    rows_seen = cells_seen = 0
    for t_index, table in enumerate(body.tbl_lst, start=1):
        grid: list[RawRow] = []
        above: dict[int, tuple] = {}  # grid column → (the cell that holds its text, the text)
        for r_index, row in enumerate(table.tr_lst, start=1):
            where = f"表格 {t_index} 第 {r_index} 行"
            if rows_seen >= limits.max_rows:
                raise _too_many_rows(name, "的表格", limits)
            rows_seen += 1
            cells, previous, here = [], None, {}
            offset = row.grid_before
            tcs = row.tc_lst
            if len(tcs) > limits.max_columns:
                raise _too_wide(name, where, limits)
            for tc in tcs:
                span = max(1, min(tc.grid_span, limits.max_columns))
                merged = above.get(offset) if tc.vMerge == "continue" else None
                if merged is None:
                    text = "\n".join(p.text for p in tc.p_lst).strip()
                    if len(text) > limits.max_cell_chars:
                        raise _too_long(name, where, limits)
                    merged = (tc, source.clean(text, where))
                for column in range(offset, offset + span):
                    here[column] = merged
                offset += span
                if merged[0] is previous:
                    continue
                previous = merged[0]
                cells.append(merged[1])
            cells_seen += len(cells)
            count(work, len(cells) + 1)
            if cells_seen > limits.max_cells:
                raise _too_many_cells(name, "的表格", limits)
            above = here
            grid.append(RawRow(where, cells))
        grids.append(grid)
    return grids


# --- .xlsx ------------------------------------------------------------------------------------


_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _date_shows(workbook, style_id) -> str:
    """Which parts of a date cell its number format shows: "ymd", "md", "ym" or "m"."""
    try:
        number_format = workbook._cell_styles[style_id].numFmtId
        if number_format >= BUILTIN_FORMATS_MAX_SIZE:
            code = workbook._number_formats[number_format - BUILTIN_FORMATS_MAX_SIZE]
        else:
            code = BUILTIN_FORMATS.get(number_format, "")
    except (IndexError, AttributeError, TypeError):
        return "ymd"
    code = _QUOTED.sub("", code or "").lower()
    shows = "y" if "y" in code else ""
    shows += "m"
    return shows + ("d" if "d" in code else "")


def _cell_text(value, shows: str = "m") -> str:
    """A cell's value as the sheet shows it; a date keeps the parts its format shows (a month
    typed as "5月" is stored as a date of some year, a day as "9月12日")."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        year = f"{value.year}年" if "y" in shows and "d" in shows else ""
        return f"{year}{value.month}月{value.day}日" if "d" in shows else f"{value.month}月"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Budget:
    """Elements parsed across the workbook's sheets, against ``max_cells``."""

    limit: int
    used: int = 0

    def spend(self, amount: int) -> bool:
        self.used += amount
        return self.used <= self.limit


def _read_xlsx(name: str, data: bytes, limits: Limits, work: Work | None) -> Source:
    invalid = f"文件“{name}”不是有效的 Excel (.xlsx) 文件，无法打开。"
    check_zip(name, data, limits, invalid)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanFileError(invalid) from exc
    except Exception as exc:  # corrupt packages raise lxml/zip errors of many kinds
        raise PlanFileError(f"文件“{name}”已损坏，无法作为 Excel (.xlsx) 文件打开。") from exc
    source = Source(name=name)
    budget = _Budget(limits.max_cells)
    try:
        source.grids = [
            _sheet_grid(name, workbook, sheet, source, limits, budget, work)
            for sheet in workbook.worksheets
        ]
        source.grid_names = [f"工作表“{sheet.title}”" for sheet in workbook.worksheets]
        source.grid_texts = [[] for _ in workbook.worksheets]
    except PlanFileError:
        raise
    except Exception as exc:  # a sheet's XML that openpyxl cannot make sense of
        raise PlanFileError(f"文件“{name}”已损坏，无法作为 Excel (.xlsx) 文件打开。") from exc
    finally:
        workbook.close()
    return source


def _sheet_grid(name, workbook, sheet, source, limits, budget, work) -> list[RawRow]:
    """The sheet's cells that hold something, laid out on their rows and columns.

    Only cells the sheet stores are visited: a declared ``<dimension ref="A1:XFD1048576">``
    or an empty styled cell far away costs nothing. A merged range shows its value in every
    cell it covers, as a reader sees it.
    """
    place = f"的工作表“{sheet.title}”"
    values: dict[int, dict[int, str]] = {}
    with sheet._get_source() as xml:
        parser = WorkSheetParser(
            xml,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for _, cells in parser.parse():
            count(work, len(cells) + 1)
            if not budget.spend(len(cells) + 1):
                raise _too_many_cells(name, place, limits)
            for cell in cells:
                value = cell["value"]
                shows = _date_shows(workbook, cell["style_id"]) if cell["data_type"] == "d" else ""
                text = _cell_text(value, shows)
                if not text:
                    continue
                row, column = cell["row"], cell["column"]
                if row > limits.max_rows:
                    raise _too_many_rows(name, place, limits)
                if column > limits.max_columns:
                    raise _too_wide(name, place, limits)
                if len(text) > limits.max_cell_chars:
                    raise _too_long(name, f"{place}第 {row} 行", limits)
                values.setdefault(row, {})[column] = text
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    for merge in merged:
        min_col, min_row, max_col, max_row = range_boundaries(merge.ref)
        top = values.get(min_row, {}).get(min_col)
        if not top:
            continue
        if max_row > limits.max_rows:
            raise _too_many_rows(name, place, limits)
        if max_col > limits.max_columns:
            raise _too_wide(name, place, limits)
        area = (max_row - min_row + 1) * (max_col - min_col + 1)
        count(work, area)
        if not budget.spend(area):
            raise _too_many_cells(name, place, limits)
        for r in range(min_row, max_row + 1):
            row_values = values.setdefault(r, {})
            for c in range(min_col, max_col + 1):
                row_values[c] = top
    last_row = max(values, default=0)
    positions = sum(max(row) for row in values.values())
    count(work, positions + last_row)
    # Where the stored cells sit: a sparse sheet may place few cells far apart.
    if positions > limits.max_cells:
        raise _too_many_cells(name, place, limits)
    grid = []
    for r in range(1, last_row + 1):
        row_values = values.get(r, {})
        where = f"工作表“{sheet.title}”第 {r} 行"
        cells = [row_values.get(c, "") for c in range(1, max(row_values, default=0) + 1)]
        grid.append(RawRow(where, [source.clean(c, where) if c else c for c in cells]))
    return grid
