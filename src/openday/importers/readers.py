"""Files → raw text: lines for text documents, grids of cells for tables.

A ``Source`` is what the layout finder works on: ``lines`` (each with its line number) for
free text, ``grids`` (each a list of ``RawRow``) for real tables. Readers never interpret the
content; they only fail with a clear message when the file is not what its name says.
"""

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
from docx.opc.exceptions import PackageNotFoundError

from openday.importers.errors import PlanFileError

SUPPORTED = (".txt", ".docx", ".xlsx", ".csv")


@dataclass(frozen=True)
class RawRow:
    where: str  # "第 12 行", "表格 1 第 3 行", "工作表“Sheet1”第 3 行"
    cells: list[str]


@dataclass
class Source:
    name: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    grids: list[list[RawRow]] = field(default_factory=list)


def read_source(path: Path, *, max_bytes: int | None = None) -> Source:
    name = path.name
    if not path.is_file():
        raise PlanFileError(f"找不到文件“{path}”。")
    size = path.stat().st_size
    if size == 0:
        raise PlanFileError(f"文件“{name}”是空的，没有可导入的内容。")
    if max_bytes and size > max_bytes:
        raise PlanFileError(f"文件“{name}”超过 {max_bytes // (1024 * 1024)} MB，无法导入。")
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".txt":
        return _read_text(name, data)
    if suffix == ".csv":
        return _read_csv(name, data)
    if suffix == ".docx":
        return _read_docx(name, data)
    if suffix == ".xlsx":
        return _read_xlsx(name, data)
    if suffix in (".doc", ".xls", ".wps", ".et"):
        raise PlanFileError(
            f"文件“{name}”是旧版 Office 格式（{suffix}），请另存为 .docx 或 .xlsx 后再导入。"
        )
    raise PlanFileError(
        f"文件“{name}”的格式（{suffix or '无扩展名'}）不支持；可导入 {'、'.join(SUPPORTED)} 文件。"
    )


def decode_text(name: str, data: bytes) -> str:
    if b"\x00" in data[:4096] or data[:4] in (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"):
        raise PlanFileError(f"文件“{name}”不是文本文件（看起来是二进制内容），无法按文本导入。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return text
    raise PlanFileError(f"文件“{name}”的文字编码无法识别（支持 UTF-8 和 GBK）。")


def _mostly_printable(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for ch in sample if not (ch.isprintable() or ch.isspace()))
    return bad <= max(2, len(sample) // 100)


def _read_text(name: str, data: bytes) -> Source:
    text = decode_text(name, data)
    if not text.strip():
        raise PlanFileError(f"文件“{name}”是空的，没有可导入的内容。")
    return Source(name=name, lines=list(enumerate(text.splitlines(), start=1)))


def _read_csv(name: str, data: bytes) -> Source:
    text = decode_text(name, data)
    if not text.strip():
        raise PlanFileError(f"文件“{name}”是空的，没有可导入的内容。")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise PlanFileError(f"文件“{name}”不是有效的 CSV 表格：{exc}") from exc
    grid = [RawRow(f"第 {i} 行", [c.strip() for c in row]) for i, row in enumerate(rows, 1)]
    return Source(name=name, grids=[grid])


def _read_docx(name: str, data: bytes) -> Source:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanFileError(f"文件“{name}”不是有效的 Word (.docx) 文件，无法打开。") from exc
    except Exception as exc:  # lxml and zip errors of a corrupt package vary widely
        raise PlanFileError(f"文件“{name}”已损坏，无法作为 Word (.docx) 文件打开。") from exc
    # A table broken by page breaks often arrives as several tables: read them as one grid.
    grid: list[RawRow] = []
    for t_index, table in enumerate(document.tables, start=1):
        for r_index, row in enumerate(table.rows, start=1):
            cells, previous = [], None
            for cell in row.cells:
                # A horizontally merged cell appears once per grid column: keep it once.
                if previous is not None and cell._tc is previous:
                    continue
                previous = cell._tc
                cells.append("\n".join(p.text for p in cell.paragraphs).strip())
            grid.append(RawRow(f"表格 {t_index} 第 {r_index} 行", cells))
    lines = [(i, p.text) for i, p in enumerate(document.paragraphs, start=1)]
    return Source(name=name, lines=lines, grids=[grid] if grid else [])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.month}月"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(name: str, data: bytes) -> Source:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanFileError(f"文件“{name}”不是有效的 Excel (.xlsx) 文件，无法打开。") from exc
    except Exception as exc:  # corrupt packages raise lxml/zip errors of many kinds
        raise PlanFileError(f"文件“{name}”已损坏，无法作为 Excel (.xlsx) 文件打开。") from exc
    grids = []
    for sheet in workbook.worksheets:
        values = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        # A merged range shows its value in every cell it covers, as a reader sees it.
        for merged in sheet.merged_cells.ranges:
            top = values[merged.min_row - 1][merged.min_col - 1] if values else ""
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(values) and c - 1 < len(values[r - 1]):
                        values[r - 1][c - 1] = top
        grid = [
            RawRow(f"工作表“{sheet.title}”第 {i} 行", _trim_trailing(row))
            for i, row in enumerate(values, start=1)
        ]
        grids.append(grid)
    return Source(name=name, grids=grids)


def _trim_trailing(row: list[str]) -> list[str]:
    """Keep grid positions (columns line up with the header); only trailing blanks go."""
    while row and not row[-1]:
        row = row[:-1]
    return row
