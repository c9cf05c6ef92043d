"""Find the plan table in a ``Source`` and cut it into rows of cells.

Three layouts cover what notices look like once they are text:

- **grid**: one row per line or table row, cells side by side (tab-separated text, .docx and
  .xlsx tables, .csv). Header rows repeated at page breaks are skipped; a line without a
  sequence number right after a row continues that row's wrapped cells.
- **cell per line**: a web page's table flattened to one cell per line (泸溪县). Records start
  at the next sequence number; a cell wrapped over two lines is joined back into the title.
  Records are found by their 序号 alone: one whose blank cells were left out is aligned by
  what its cells hold.
- **cell per line, marked**: each cell ends in (or is followed by) a separator such as ``|``,
  or stands in its own paragraph between blank lines; a cell's wrapped lines stay together.

A document with several tables (a Word plan followed by its 附件2 statistics table) yields
one ``FoundTable`` each: a table continues across grids only under the same header or with no
header at all (a table broken at a page break); any other table is kept, without columns, so
the parser can name it.

The result is a ``FoundTable`` of ``TableRow``s whose cells are keyed by column ("title",
"month", ...), still raw text. Page chrome around the table is ignored.

Everything here is linear in the number of lines and cells: a wrapped cell's pieces are
collected and joined once when the table is done (joining onto the cell each time re-cleaned
it, which grew with the square of the lines), and no pattern can backtrack over a whole line.
"""

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from openday.campaigns.enums import PlanColumn
from openday.importers.cells import CellError, CellWarning, join_wrapped, parse_months
from openday.importers.headers import (
    could_be_header,
    extra_key,
    header_key,
    header_mapping,
    is_extra,
)
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
    notes: list[str] = field(default_factory=list)  # warnings: how a record was read
    name: str = ""  # "表格 2", "工作表“统计”": where a table that is not the plan stands
    rank: int = 0  # between tables of as many rows, the clearer layout wins
    context: list[str] = field(default_factory=list)  # the text just before the header

    @property
    def is_plan(self) -> bool:
        return bool(self.columns)


def seq_value(text: str) -> int | None:
    match = _SEQ.match(unicodedata.normalize("NFKC", text).replace(" ", ""))
    return int(match[1]) if match else None


def find_tables(source: Source, work: Work | None = None) -> list[FoundTable]:
    tables = []
    if source.grids:
        tables.extend(_grids_tables(source, work))
    if source.lines:
        for splitter in (_tab_cells, _pipe_cells, _spaced_cells):
            # A line without ``|`` is never the rest of a ``|`` row (page text after it is).
            wraps = splitter is not _pipe_cells
            found = _grid_tables(_line_rows(source.lines, splitter), source, work, wraps=wraps)
            tables.extend(found)
            if any(table.rows for table in found):
                break  # spaces are the last resort: only where nothing clearer exists
        for rank, content in _cell_streams(source.lines):
            tables.extend(_cell_per_line_tables(content, work, rank=rank))
    return tables


def _grids_tables(source: Source, work: Work | None) -> list[FoundTable]:
    """The tables of a document's grids (a .docx's tables, a workbook's sheets), read in
    order: a grid continues the table before it when it repeats its header or starts with
    a record; otherwise it is a table of its own."""
    reader = _GridReader(source, work)
    for index, grid in enumerate(source.grids):
        texts = source.grid_texts[index] if index < len(source.grid_texts) else []
        name = source.grid_names[index] if index < len(source.grid_names) else ""
        if not source.grids_continue:
            reader.current = None  # a sheet never continues the one before
        reader.read(grid, texts=texts, name=name, first=index == 0)
    return reader.finish()


def _tab_cells(line: str) -> list[str] | None:
    """Tab-separated cells, as tables copied out of Word or a PDF arrive."""
    return line.split("\t") if "\t" in line else None


_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}")
_SEPARATORS = "|｜│"


def _pipe_cells(line: str) -> list[str] | None:
    """A row with its cells set apart by ``|``: a Markdown table row ("| 1 | 3月 | … |",
    whose "|---|" rule is a blank row) or a web page's row ("1 | 3月 | …")."""
    text = line.strip()
    for separator in _SEPARATORS[1:]:
        text = text.replace(separator, "|")
    if "|" not in text:
        return None
    if _PIPE_RULE.match(text):
        return [""]
    cells = text.split("|")
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells if len(cells) > 1 else None


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
    items: list[RawRow | str], source: Source, work: Work | None = None, *, wraps: bool = True
) -> list[FoundTable]:
    reader = _GridReader(source, work, wraps=wraps)
    reader.read(items, texts=[text for _, text in source.lines] if source.grids else [])
    return reader.finish()


class _GridReader:
    """Reads grids one after another, carrying the table being read from one to the next."""

    def __init__(self, source: Source, work: Work | None, *, wraps: bool = True):
        self.source, self.work = source, work
        self.tables: list[FoundTable] = []
        self.current: FoundTable | None = None
        self.index_of: dict[int, str] = {}
        self.previous = "none"  # what the last non-blank item was: header, data, text
        self.texts_seen: list[str] = []
        self.wraps = wraps  # a line of text after a row is the rest of its last cell
        self.name = ""  # the grid being read, as messages name it

    def read(self, items, *, texts: list[str], name: str = "", first: bool = True) -> None:
        if not first and not self._continues(items):
            self.current, self.index_of, self.previous = None, {}, "none"
            if not self._has_header(items) and self._first_row(items) is not None:
                self._other(items, texts, name)
                return
        self.name = name
        if first or self.current is None:
            self.texts_seen = list(texts)
        for item in items:
            self._item(item)

    def _first_row(self, items) -> RawRow | None:
        for item in items:
            if isinstance(item, RawRow) and any(c.strip() for c in item.cells):
                return item
        return None

    def _has_header(self, items) -> bool:
        return any(isinstance(i, RawRow) and header_mapping(i.cells) for i in items[:10])

    def _continues(self, items) -> bool:
        """A grid after the first goes on with the table before it: the same header, or
        records of the same width with no header (the table broken at a page break)."""
        row = self._first_row(items)
        if self.current is None or row is None:
            return False
        mapping = header_mapping(row.cells)
        if mapping:
            return mapping == self.index_of
        return (
            abs(len(row.cells) - (max(self.index_of) + 1)) <= 1
            and _starts_record(row.cells, self.index_of)
            and not self._has_header(items)
        )

    def _other(self, items, texts: list[str], name: str) -> None:
        """A grid that is not the plan: kept without columns so it can be named."""
        row = self._first_row(items)
        self.tables.append(
            FoundTable(
                columns=[],
                header_where=row.where if row else name,
                title=_title_before(texts) or _first_words(row),
                name=name,
            )
        )

    def _item(self, item: RawRow | str) -> None:
        count(self.work, 1 + (len(item) if isinstance(item, str) else len(item.cells)))
        current = self.current
        if isinstance(item, str):
            if not item or _PAGE_CHROME.match(item):
                self.previous = "blank" if not item else self.previous
                return
            if current is not None and self.previous == "data" and self.wraps:
                _continue_row(current.rows[-1], [item], self.index_of, aligned=False)
                return
            self.texts_seen.append(item)
            self.previous = "text"
            return
        cells = item.cells
        if not any(c.strip() for c in cells):
            self.previous = "blank"
            return
        mapping = header_mapping(cells)
        if mapping:
            if current is not None and mapping == self.index_of:
                self.previous = "header"  # the header repeated at a page break
                return
            self.index_of = mapping
            self.current = FoundTable(
                columns=[(key, cells[i].strip()) for i, key in sorted(mapping.items())],
                header_where=item.where,
                title=_title_before(self.texts_seen),
                name=self.name,
                context=self.texts_seen[-8:],
            )
            self.tables.append(self.current)
            self.previous = "header"
            return
        if _other_header(cells):
            # Another table's header (序号 and words that are not a plan's): it ends the plan;
            # its rows are never joined onto the plan's last row.
            self.tables.append(
                FoundTable(
                    columns=[],
                    header_where=item.where,
                    title=_title_before(self.texts_seen) or "、".join(c for c in cells if c)[:40],
                    name=self.name,
                )
            )
            self.current, self.index_of, self.previous = None, {}, "other"
            return
        if current is None:
            self.texts_seen.extend(c for c in cells if c.strip())
            return
        if _starts_record(cells, self.index_of):
            current.rows.append(
                TableRow(item.where, {key: _at(cells, i) for i, key in self.index_of.items()})
            )
            self.previous = "data"
        elif self.previous == "data":
            row_width = max(self.index_of) + 1
            _continue_row(current.rows[-1], cells, self.index_of, aligned=len(cells) >= row_width)

    def finish(self) -> list[FoundTable]:
        for table in self.tables:
            _join_pieces(table, self.work)
        return self.tables


def _other_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return (
        len(filled) >= 3
        and header_key(filled[0]) == PlanColumn.SEQ
        and all(could_be_header(c) for c in filled)
    )


def _first_words(row: RawRow | None) -> str:
    if row is None:
        return ""
    return "、".join(c.strip() for c in row.cells if c.strip())[:40]


def _at(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _starts_record(cells: list[str], index_of: dict[int, str]) -> bool:
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


def _cell_streams(lines: list[tuple[int, str]]):
    """The document's lines as streams of cells, each with its rank (the clearer the layout,
    the higher): one cell per non-blank line; one cell per paragraph where blank lines set
    the cells apart; one cell per separator where cells end in ``|``."""
    plain = [(n, line.strip()) for n, line in lines if line.strip() and "\t" not in line]
    yield 0, plain
    paragraphs = _paragraph_cells(lines)
    if paragraphs is not None:
        yield 1, paragraphs
    marked = _marked_cells(lines)
    if marked is not None:
        yield 2, marked


def _paragraph_cells(lines: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
    """Cells as paragraphs: consecutive lines are one cell's wrapped text. None when no
    paragraph has more than one line (the stream would be the plain one)."""
    cells: list[tuple[int, str]] = []
    pieces: list[str] = []
    start = 0
    wrapped = False
    for number, line in [*lines, (0, "")]:
        text = line.strip()
        if text and "\t" not in line:
            if not pieces:
                start = number
            pieces.append(text)
            continue
        if pieces:
            wrapped = wrapped or len(pieces) > 1
            cells.append((start, join_wrapped(pieces)))
            pieces = []
    return cells if wrapped else None


def _is_separator(ch: str) -> bool:
    return ch in _SEPARATORS


def _marked_cells(lines: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
    """Cells that end in a separator ("序号|", "1|", and "|" alone for an empty cell, or a
    cell's text followed by a line holding the separator). A cell's text may run over
    several lines; lines with no separator and a blank line after them stay cells of their
    own (page chrome). None when fewer than six lines end in a separator."""
    ends = sum(1 for _, line in lines if line.strip() and _is_separator(line.strip()[-1]))
    if ends < 6:
        return None
    cells: list[tuple[int, str]] = []
    pieces: list[tuple[int, str]] = []
    for number, line in lines:
        text = line.strip()
        if not text:
            cells.extend(pieces)  # text set apart by a blank line: not a cell's start
            pieces = []
            continue
        if not _is_separator(text[-1]):
            pieces.append((number, text.lstrip(_SEPARATORS).strip()))
            continue
        body = text.rstrip(_SEPARATORS).lstrip(_SEPARATORS).strip()
        parts = [piece for _, piece in pieces] + ([body] if body else [])
        cells.append((pieces[0][0] if pieces else number, join_wrapped(parts)))
        pieces = []
    cells.extend(pieces)
    return cells


def _cell_per_line_tables(
    content: list[tuple[int, str]], work: Work | None = None, *, rank: int = 0
) -> list[FoundTable]:
    count(work, len(content))
    tables = []
    i = 0
    while i < len(content):
        run = _header_run(content, i)
        if not run:
            i += 1
            continue
        context = [text for _, text in content[max(0, i - 8) : i]]
        table = FoundTable(
            columns=run,
            header_where=f"第 {content[i][0]} 行",
            title=_title_before(context),
            rank=rank,
            context=context,
        )
        i = _read_records(content, i + len(run), table)
        count(work, len(table.rows) * len(run))
        tables.append(table)
    return tables


_MAX_HEADER_RUN = 16


def _header_run(content: list[tuple[int, str]], start: int) -> list[tuple[str, str]] | None:
    """The header's words, one a line, from a 序号 at ``start`` to the first record's 序号.

    Words that are no known column's are kept as extra columns when the known ones name at
    least three columns, the title among them, and outnumber them."""
    run: list[tuple[str, str]] = []
    keys: set[str] = set()
    unknown = 0
    # By index: slicing ``content[start:]`` copied the rest of the document for every line.
    for position in range(start, min(len(content), start + _MAX_HEADER_RUN)):
        text = content[position][1]
        key = header_key(text)
        if key == PlanColumn.TITLE and key in keys and PlanColumn.BRIEF not in keys:
            key = PlanColumn.BRIEF
        if key is None or key in keys:
            if seq_value(text) is not None or not could_be_header(text) or not run:
                break
            key = extra_key(text)
            unknown += 1
        run.append((key, text))
        keys.add(key)
    while run and is_extra(run[-1][0]):  # words after the header: not its columns
        run.pop()
        unknown -= 1
    known = len(run) - unknown
    if PlanColumn.TITLE not in keys and PlanColumn.BRIEF in keys:
        run = [(PlanColumn.TITLE if k == PlanColumn.BRIEF else k, t) for k, t in run]
        keys = {k for k, _ in run}
    if known >= 3 and PlanColumn.TITLE in keys and PlanColumn.SEQ in keys:
        if unknown > max(1, known // 2):
            return None
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
    # A record whose blank cells were left out: the next 序号 comes early. The latest such
    # place is taken (an earlier number is more likely a cell's value).
    for offset in range(min(width - 2, len(window) - 1), 0, -1):
        if seq_value(window[offset][1]) == next_seq and _record_follows(content, start + offset):
            return start + offset
    # The last record: its own cells, and more only while a last month column is not a month.
    end = start + width - 1
    if end > len(content):
        # A last record with blank cells left out, at the end of the text.
        return len(content) if len(content) > start else None
    if table.columns[-1][0] == PlanColumn.MONTH:
        for stretch in range(end, min(end + 3, len(content) + 1)):
            if month_is_valid(content[stretch - 1][1]):
                return stretch
    return end


def _record_follows(content, at: int) -> bool:
    """The 序号 at ``at`` starts a record: a title-like cell follows it."""
    following = content[at + 1 : at + 2]
    return bool(following) and seq_value(following[0][1]) is None


def _assign(seq: int, cells: list[str], table: FoundTable, number: int) -> dict[str, str]:
    """Spread a record's lines over the columns; extra lines belong to the title's cell.

    Columns before the title take lines from the start, columns after it from the end, so a
    title wrapped over several lines is joined back whole. A record with fewer lines than
    columns had blank cells left out: its lines go where they read best (a date in the time
    column), and the reading is reported.
    """
    keys = [key for key, _ in table.columns[1:]]
    if len(cells) < len(keys):
        placed = _align_short(cells, keys)
        if placed is None:
            table.problems.append(
                f"第 {number} 行（序号 {seq}）：只有 {len(cells) + 1} 个单元格，"
                f"表头有 {len(keys) + 1} 列"
            )
            cells = cells + [""] * (len(keys) - len(cells))
        else:
            blank = "、".join(
                f"“{header}”" for (key, header) in table.columns[1:] if not placed.get(key)
            )
            table.notes.append(
                f"第 {number} 行（序号 {seq}）：只有 {len(cells) + 1} 个单元格，"
                f"表头有 {len(keys) + 1} 列；按内容对齐，{blank}为空"
            )
            return {PlanColumn.SEQ.value: str(seq), **placed}
    title_at = keys.index(PlanColumn.TITLE)
    tail_count = len(keys) - title_at - 1
    head = cells[:title_at]
    title = join_wrapped(cells[title_at : len(cells) - tail_count])
    tail = cells[len(cells) - tail_count :] if tail_count else []
    values = {PlanColumn.SEQ.value: str(seq)}
    values.update(zip(keys, [*head, title, *tail], strict=True))
    return values


_MAX_ALIGNMENTS = 500


def _align_short(cells: list[str], keys: list[str]) -> dict[str, str] | None:
    """Which columns a short record's cells belong to, keeping their order: the placement
    that puts a time in the time column, and nothing but a time there, with the blanks as
    late as possible. None when no placement reads cleanly."""
    missing = len(keys) - len(cells)
    best, best_score = None, None
    # Each placement tries a cell in the time column: read each distinct cell once.
    valid_month = functools.cache(month_is_valid)
    for tried, blanks in enumerate(itertools.combinations(range(len(keys)), missing)):
        if tried >= _MAX_ALIGNMENTS:
            break
        values = iter(cells)
        placed = {key: ("" if i in blanks else next(values)) for i, key in enumerate(keys)}
        if not placed.get(PlanColumn.TITLE):
            continue
        month = placed.get(PlanColumn.MONTH)
        if month and not valid_month(month):
            continue
        score = (bool(month), sum(blanks))
        if best_score is None or score > best_score:
            best, best_score = placed, score
    if best is None or (PlanColumn.MONTH in keys and not best.get(PlanColumn.MONTH)):
        return None
    return best


def month_is_valid(text: str) -> bool:
    try:
        return parse_months(text) is not None
    except (CellError, CellWarning):
        return False
