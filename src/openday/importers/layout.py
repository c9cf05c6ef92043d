"""Find the plan table in a ``Source`` and cut it into rows of cells.

Two layouts cover what notices look like once they are text:

- **grid**: one row per line or table row, cells side by side (tab-separated text, .docx and
  .xlsx tables, .csv). Header rows repeated at page breaks are skipped; a line without a
  sequence number right after a row continues that row's wrapped cells.
- **cell per line**: a web page's table flattened to one cell per line (泸溪县). Records start
  at the next sequence number; a cell wrapped over two lines is joined back into the title.

The result is a ``FoundTable`` of ``TableRow``s whose cells are keyed by column ("title",
"month", ...), still raw text. Page chrome around the table is ignored.

Everything here is linear in the number of lines and cells: a wrapped cell's pieces are
collected and joined once when the table is done (joining onto the cell each time re-cleaned
it, which grew with the square of the lines), and no pattern can backtrack over a whole line.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from openday.campaigns.enums import PlanColumn
from openday.importers.cells import CellError, CellWarning, join_wrapped, parse_months
from openday.importers.headers import header_key, header_mapping
from openday.importers.limits import Work, count
from openday.importers.readers import RawRow, Source
from openday.orgs.names import clean_text

_SEQ = re.compile(r"^[（(]?(\d{1,5})[)）.、．]?$")
_PAGE_CHROME = re.compile(r"^([-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页.*|共\s*\d+\s*页.*)$")
_TITLE_WORDS = ("计划", "安排", "申报", "活动")


@dataclass
class TableRow:
    where: str
    cells: dict[str, str]
    # While the table is read: a wrapped cell's pieces and whether any holds text; joined
    # into ``cells`` once, when the table is done.
    pieces: dict[str, list] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class FoundTable:
    columns: list[tuple[str, str]]  # (key, header words) in document order
    header_where: str
    title: str = ""
    rows: list[TableRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def seq_value(text: str) -> int | None:
    match = _SEQ.match(unicodedata.normalize("NFKC", text).replace(" ", ""))
    return int(match[1]) if match else None


def find_tables(source: Source, work: Work | None = None) -> list[FoundTable]:
    tables = []
    for grid in source.grids:
        tables.extend(_grid_tables(grid, source, work))
    if source.lines:
        for splitter in (_tab_cells, _pipe_cells, _spaced_cells):
            found = _grid_tables(_line_rows(source.lines, splitter), source, work)
            tables.extend(found)
            if any(table.rows for table in found):
                break  # spaces are the last resort: only where nothing clearer exists
        tables.extend(_cell_per_line_tables(source.lines, work))
    return tables


def _tab_cells(line: str) -> list[str] | None:
    """Tab-separated cells, as tables copied out of Word or a PDF arrive."""
    return line.split("\t") if "\t" in line else None


_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}")


def _pipe_cells(line: str) -> list[str] | None:
    """A Markdown table row ("| 1 | 3月 | … |"); its "|---|" rule is a blank row."""
    text = line.strip()
    if not (text.startswith("|") and text.endswith("|") and len(text) > 1):
        return None
    if _PIPE_RULE.match(text):
        return [""]
    return text[1:-1].split("|")


_WIDE_GAP = re.compile(r"\s{2,}|\u3000+")


def _spaced_cells(line: str) -> list[str] | None:
    """Cells set apart by runs of spaces (a PDF's text layer without tabs)."""
    cells = _WIDE_GAP.split(line.strip())
    return cells if len(cells) > 1 else None


def _line_rows(lines: list[tuple[int, str]], splitter) -> list[RawRow | str]:
    """Text lines as grid rows; a line the splitter leaves alone stays a string."""
    items: list[RawRow | str] = []
    for number, line in lines:
        cells = splitter(line)
        if cells is None:
            items.append(line.strip())
        else:
            items.append(RawRow(f"第 {number} 行", [c.strip() for c in cells]))
    return items


def _title_before(texts: list[str]) -> str:
    for text in reversed(texts[-8:]):
        cleaned = text.strip().lstrip("#").strip()
        if _is_table_title(cleaned):
            return cleaned
    return ""


def _is_table_title(text: str) -> bool:
    """ "2024年活动计划表": a line ending in 表 after 计划/安排/申报/活动 (one pass, where
    the pattern ``(计划|…).*表\\s*$`` went back over the line for each keyword)."""
    text = text.rstrip()
    if not text.endswith("表"):
        return False
    last_line = text[text.rfind("\n") + 1 : -1]
    return any(word in last_line for word in _TITLE_WORDS)


def _grid_tables(
    items: list[RawRow | str], source: Source, work: Work | None = None
) -> list[FoundTable]:
    tables: list[FoundTable] = []
    current: FoundTable | None = None
    index_of: dict[int, str] = {}
    previous = "none"  # what the last non-blank item was: header, data, text
    texts_seen: list[str] = [text for _, text in source.lines] if source.grids else []
    for item in items:
        count(work, 1 + (len(item) if isinstance(item, str) else len(item.cells)))
        if isinstance(item, str):
            if not item or _PAGE_CHROME.match(item):
                previous = "blank" if not item else previous
                continue
            if current is not None and previous == "data":
                _continue_row(current.rows[-1], [item], index_of, aligned=False)
                continue
            texts_seen.append(item)
            previous = "text"
            continue
        cells = item.cells
        if not any(c.strip() for c in cells):
            previous = "blank"
            continue
        mapping = header_mapping(cells)
        if mapping:
            if current is not None and mapping == index_of:
                previous = "header"  # the header repeated at a page break
                continue
            index_of = mapping
            current = FoundTable(
                columns=[(key, cells[i].strip()) for i, key in sorted(mapping.items())],
                header_where=item.where,
                title=_title_before(texts_seen),
            )
            tables.append(current)
            previous = "header"
            continue
        if current is None:
            texts_seen.extend(c for c in cells if c.strip())
            continue
        if _starts_record(cells, index_of, current):
            current.rows.append(
                TableRow(item.where, {key: _at(cells, i) for i, key in index_of.items()})
            )
            previous = "data"
        elif previous == "data":
            row_width = max(index_of) + 1
            _continue_row(current.rows[-1], cells, index_of, aligned=len(cells) >= row_width)
    for table in tables:
        _join_pieces(table, work)
    return tables


def _at(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _starts_record(cells: list[str], index_of: dict[int, str], table: FoundTable) -> bool:
    seq_index = next((i for i, k in index_of.items() if k == PlanColumn.SEQ), None)
    if seq_index is not None:
        return seq_value(_at(cells, seq_index)) is not None
    # No 序号 column: every row with a title starts a record.
    title_index = next(i for i, k in index_of.items() if k == PlanColumn.TITLE)
    return bool(_at(cells, title_index))


def _continue_row(row: TableRow, cells: list[str], index_of: dict[int, str], *, aligned: bool):
    """Fold a wrapped line back into ``row``.

    ``aligned``: the line has the table's columns (a PDF line cut into cells), so each piece
    joins the cell above it. Otherwise the line is the rest of the row's last cell, followed
    by the row's remaining cells (a cell with a line break in a tab-separated export).
    """
    if aligned:
        for index, key in index_of.items():
            piece = _at(cells, index)
            if piece:
                _add_piece(row, key, piece)
        return
    filled = [i for i in sorted(index_of) if _has_text(row, index_of[i])]
    last = filled[-1] if filled else min(index_of)
    _add_piece(row, index_of[last], cells[0])
    following = [i for i in sorted(index_of) if i > last]
    for index, piece in zip(following, cells[1:], strict=False):
        row.pieces.pop(index_of[index], None)
        row.cells[index_of[index]] = piece.strip()


def _add_piece(row: TableRow, key: str, piece: str) -> None:
    entry = row.pieces.get(key)
    if entry is None:
        first = row.cells.get(key, "")
        entry = row.pieces[key] = [[first], bool(clean_text(first))]
    entry[0].append(piece)
    entry[1] = entry[1] or bool(clean_text(piece))


def _has_text(row: TableRow, key: str) -> bool:
    """What ``row.cells[key]`` will be once its pieces are joined: empty or not."""
    entry = row.pieces.get(key)
    return entry[1] if entry is not None else bool(row.cells.get(key))


def _join_pieces(table: FoundTable, work: Work | None) -> None:
    for row in table.rows:
        for key, (parts, _) in row.pieces.items():
            count(work, sum(len(part) for part in parts))
            row.cells[key] = join_wrapped(parts)
        row.pieces = {}


# --- one cell per line --------------------------------------------------------------------------


def _cell_per_line_tables(
    lines: list[tuple[int, str]], work: Work | None = None
) -> list[FoundTable]:
    content = [(n, line.strip()) for n, line in lines if line.strip() and "\t" not in line]
    count(work, len(content))
    tables = []
    i = 0
    while i < len(content):
        run = _header_run(content, i)
        if not run:
            i += 1
            continue
        table = FoundTable(
            columns=run,
            header_where=f"第 {content[i][0]} 行",
            title=_title_before([text for _, text in content[max(0, i - 8) : i]]),
        )
        i = _read_records(content, i + len(run), table)
        count(work, len(table.rows) * len(run))
        tables.append(table)
    return tables


def _header_run(content: list[tuple[int, str]], start: int) -> list[tuple[str, str]] | None:
    run: list[tuple[str, str]] = []
    keys: set[str] = set()
    # By index: slicing ``content[start:]`` copied the rest of the document for every line.
    for position in range(start, len(content)):
        text = content[position][1]
        key = header_key(text)
        if key is None or key in keys:
            break
        run.append((key, text))
        keys.add(key)
    if len(run) >= 3 and PlanColumn.TITLE in keys and PlanColumn.SEQ in keys:
        return run if run[0][0] == PlanColumn.SEQ else None
    return None


def _read_records(content: list[tuple[int, str]], i: int, table: FoundTable) -> int:
    width = len(table.columns)
    expected = 1
    while i < len(content) and seq_value(content[i][1]) == expected:
        number = content[i][0]
        end = _record_end(content, i + 1, expected + 1, table)
        if end is None:
            break
        cells = [text for _, text in content[i + 1 : end]]
        table.rows.append(TableRow(f"第 {number} 行", _assign(expected, cells, table, number)))
        i = end
        expected += 1
        if i < len(content) and _header_run(content, i):
            i += width  # the header repeated at a page break
    return i


def _record_end(content, start: int, next_seq: int, table: FoundTable) -> int | None:
    """Where the record whose cells start at ``start`` ends (exclusive)."""
    width = len(table.columns)
    window = content[start : start + width * 3]
    for offset, (_, text) in enumerate(window):
        if offset >= width - 1 and (seq_value(text) == next_seq or header_key(text) == "seq"):
            return start + offset
    # The last record: its own cells, and more only while a last month column is not a month.
    end = start + width - 1
    if end > len(content):
        return None
    if table.columns[-1][0] == PlanColumn.MONTH:
        for stretch in range(end, min(end + 3, len(content) + 1)):
            if month_is_valid(content[stretch - 1][1]):
                return stretch
    return end


def _assign(seq: int, cells: list[str], table: FoundTable, number: int) -> dict[str, str]:
    """Spread a record's lines over the columns; extra lines belong to the title's cell.

    Columns before the title take lines from the start, columns after it from the end, so a
    title wrapped over several lines is joined back whole.
    """
    keys = [key for key, _ in table.columns[1:]]
    if len(cells) < len(keys):
        table.problems.append(
            f"第 {number} 行（序号 {seq}）：只有 {len(cells) + 1} 个单元格，"
            f"表头有 {len(keys) + 1} 列"
        )
        cells = cells + [""] * (len(keys) - len(cells))
    title_at = keys.index(PlanColumn.TITLE)
    tail_count = len(keys) - title_at - 1
    head = cells[:title_at]
    title = join_wrapped(cells[title_at : len(cells) - tail_count])
    tail = cells[len(cells) - tail_count :] if tail_count else []
    values = {PlanColumn.SEQ.value: str(seq)}
    values.update(zip(keys, [*head, title, *tail], strict=True))
    return values


def month_is_valid(text: str) -> bool:
    try:
        return parse_months(text) is not None
    except (CellError, CellWarning):
        return False
