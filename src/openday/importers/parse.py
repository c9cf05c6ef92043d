"""Plan documents → a checked, typed plan: read, find the table, normalise, validate.

``parse_plan_file`` never touches the database. It returns a ``ParsedPlan`` or raises
``PlanFileError`` listing every problem found, each with the file name and row.
"""

import datetime as dt
import itertools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from openday.campaigns.enums import PlanColumn
from openday.campaigns.titles import years_named
from openday.core.text import one_line
from openday.importers.cells import (
    CellError,
    CellWarning,
    DateText,
    FormValue,
    compact_title,
    parse_date_text,
    split_forms,
    split_units,
)
from openday.importers.errors import PlanFileError
from openday.importers.headers import DETAIL_KEYS, INVITEES, NOTE, SIZE, VENUE, is_extra
from openday.importers.layout import FoundTable, TableRow, find_tables, seq_value
from openday.importers.limits import Limits, Work, limits_with
from openday.importers.readers import Source, read_source
from openday.orgs.names import clean_text

MAX_ERRORS_SHOWN = 20


@dataclass
class ParsedRow:
    seq: int
    month_start: int | None
    month_end: int | None
    title: str
    forms: list[FormValue]
    units: list[str]
    brief: str = ""
    where: str = ""
    # The days the row names (exact days, or the part of a month: see ``exact``), resolved
    # with the year of the cell, the table or the campaign; None when only months are given.
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    exact: bool = False
    tentative: bool = False  # 暂定 / 待定
    venue: str = ""
    invitees: str = ""
    expected_size: str = ""
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # unknown columns: header → value

    @property
    def scheduled_on(self) -> dt.date | None:
        """The day the activity is set for: the first of the exact days the row names."""
        return self.date_start if self.exact else None


@dataclass
class ParsedPlan:
    file_name: str
    table_title: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    declaration_form: bool = False
    year: int | None = None  # the year dates are read in: the table's, the text's or given
    has_units: bool = True  # False: no unit column, every row is the issuing body's

    @property
    def plan_columns(self) -> list[tuple[str, str]]:
        """The campaign's plan columns (exports keep them); details and extras are not."""
        return [(key, header) for key, header in self.columns if key in PlanColumn.values]

    def preview(self) -> dict:
        """The dry-run JSON: rows as the document gives them, and the warnings."""
        keys = {key for key, _ in self.columns}
        details = [key for key in DETAIL_KEYS if key in keys]
        has_extra = any(is_extra(key) for key in keys)
        rows = []
        for row in self.rows:
            item = {
                "seq": row.seq,
                "month_start": row.month_start,
                "month_end": row.month_end,
                "date_start": row.date_start.isoformat() if row.date_start else None,
                "date_end": row.date_end.isoformat() if row.date_end else None,
                "tentative": row.tentative,
                "title": row.title,
                "forms": [asdict(f) for f in row.forms],
                "units": row.units,
            }
            if PlanColumn.BRIEF in keys:
                item["brief"] = row.brief
            for key in details:
                item[key] = getattr(row, key)
            if has_extra:
                item["extra"] = row.extra
            rows.append(item)
        return {
            "file": self.file_name,
            "table_title": self.table_title,
            "year": self.year,
            "columns": [{"key": key, "header": header} for key, header in self.columns],
            "declaration_form": self.declaration_form,
            "rows": rows,
            "warnings": self.warnings,
        }

    def preview_json(self) -> str:
        return json.dumps(self.preview(), ensure_ascii=False, indent=2)


def parse_plan_file(
    path: Path | str,
    *,
    vocabulary: dict[str, str] | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
    work: Work | None = None,
    year: int | None = None,
) -> ParsedPlan:
    """``limits`` default to the settings; ``work``, when given, counts what was visited.
    ``year`` (the campaign's) dates the rows when neither the table's title nor the text
    around it names a year."""
    path = Path(path)
    limits = limits_with(limits, max_bytes)
    source = read_source(path, limits=limits, work=work)
    found = find_tables(source, work)
    tables = [table for table in found if table.is_plan]
    name = path.name
    if not tables:
        raise PlanFileError(
            f"文件“{name}”中没有找到计划表：需要一行表头，含“序号”“活动主题”“活动时间”"
            f"“责任单位”等列名。"
        )
    table = max(tables, key=lambda t: (len(t.rows), t.rank))
    if len(table.rows) > limits.max_rows:
        raise PlanFileError(
            f"文件“{name}”的计划表有 {len(table.rows)} 行，超过 {limits.max_rows} 行的上限，"
            f"无法导入。"
        )
    plan = ParsedPlan(
        file_name=name,
        table_title=one_line(compact_title(table.title)),
        columns=table.columns,
        declaration_form=_is_declaration_form(table),
    )
    plan.year = _year(plan.table_title, table.context, source) or year
    if warning := source.control_warning():
        plan.warnings.append(warning)
    plan.warnings.extend(_other_tables(found, table))
    if not table.rows:
        if plan.declaration_form:
            plan.warnings.append(
                f"“{plan.table_title or name}”是空白的主题申报表（表头在{table.header_where}），"
                f"没有可导入的计划行。"
            )
            return plan
        raise PlanFileError(f"文件“{name}”{table.header_where}有计划表的表头，但表中没有任何活动。")
    errors = [f"{problem}" for problem in table.problems]
    plan.warnings.extend(table.notes)
    plan.rows = _rows(table, plan, errors)
    if errors:
        shown = "\n".join(f"- {e}" for e in errors[:MAX_ERRORS_SHOWN])
        more = (
            f"\n……另有 {len(errors) - MAX_ERRORS_SHOWN} 处"
            if len(errors) > MAX_ERRORS_SHOWN
            else ""
        )
        raise PlanFileError(f"文件“{name}”有 {len(errors)} 处错误，未导入任何内容：\n{shown}{more}")
    return plan


def _year(title: str, context: list[str], source: Source) -> int | None:
    """The year the table's dates are in: its title's, else the nearest the text before it
    names, else the first the document names."""
    if years := years_named(title):
        return years[0]
    for text in reversed(context):
        if years := years_named(text):
            return years[0]
    texts = [text for _, text in source.lines]
    texts += [text for group in source.grid_texts for text in group]
    for text in texts[:200]:
        if years := years_named(text):
            return years[0]
    return None


def _other_tables(found: list[FoundTable], chosen: FoundTable) -> list[str]:
    """One warning per table of the document that is not the plan, by its title."""
    seen = {chosen.header_where}
    warnings = []
    for table in found:
        if table is chosen or table.header_where in seen:
            continue
        seen.add(table.header_where)
        title = one_line(compact_title(table.title)) if table.title else ""
        named = f"“{title}”" if title else ""
        where = table.name or f"{table.header_where}起的表格"
        warnings.append(f"{where}{named}不是计划表，未导入。")
    return warnings


def _is_declaration_form(table: FoundTable) -> bool:
    """A 申报表 (declaration form): so titled, or blank with a brief and no unit column. A
    filled table without a unit column is a plan whose rows the issuing body hosts."""
    keys = {key for key, _ in table.columns}
    briefs = PlanColumn.BRIEF in keys and PlanColumn.UNITS not in keys
    return "申报" in table.title or (briefs and not table.rows)


def _rows(table: FoundTable, plan: ParsedPlan, errors: list[str]) -> list[ParsedRow]:
    keys = {key for key, _ in table.columns}
    headers = dict(table.columns)
    rows: list[ParsedRow] = []
    seen: dict[int, str] = {}
    when: DateText | None = None
    for key, header in table.columns:
        if is_extra(key):
            plan.warnings.append(
                f"计划表的“{header}”列不是已知的列，已作为“其他信息”随各条活动保存。"
            )
    plan.has_units = PlanColumn.UNITS in keys or plan.declaration_form
    if not plan.has_units:
        plan.warnings.append("计划表没有责任单位列：每条活动都由发文单位承办。")
    undated = []
    for position, raw in enumerate(table.rows, start=1):
        seq = seq_value(raw.cells.get(PlanColumn.SEQ, "")) or position
        label = f"{raw.where}（序号 {seq}）"
        if seq in seen:
            errors.append(f"{label}：序号 {seq} 与{seen[seq]}重复")
            continue
        seen[seq] = raw.where
        when = _when(raw, label, when, errors, plan.warnings)
        title = one_line(clean_text(raw.cells.get(PlanColumn.TITLE, "")))
        if not title:
            errors.append(f"{label}：缺少活动主题")
            continue
        if len(title) > 300:
            errors.append(f"{label}：活动主题超过 300 字")
            continue
        units = split_units(raw.cells.get(PlanColumn.UNITS, ""))
        if PlanColumn.UNITS in keys and not units:
            plan.warnings.append(f"{label}：没有填写责任单位")
        row = ParsedRow(
            seq=seq,
            month_start=when.months[0] if when and when.months else None,
            month_end=when.months[1] if when and when.months else None,
            title=title,
            forms=split_forms(raw.cells.get(PlanColumn.FORMS, "")),
            units=units,
            brief=clean_text(raw.cells.get(PlanColumn.BRIEF, "")),
            where=raw.where,
            tentative=bool(when and when.tentative),
            venue=one_line(clean_text(raw.cells.get(VENUE, ""))),
            invitees=clean_text(raw.cells.get(INVITEES, "")),
            expected_size=one_line(clean_text(raw.cells.get(SIZE, ""))),
            note=clean_text(raw.cells.get(NOTE, "")),
            extra={
                headers[key]: clean_text(value)
                for key, value in raw.cells.items()
                if is_extra(key) and clean_text(value)
            },
        )
        if when and when.days and not _date_row(row, when, plan.year, label, errors):
            undated.append(seq)
        rows.append(row)
    if undated:
        plan.warnings.append(
            f"计划表没有写明年份，第 {'、'.join(map(str, undated[:10]))} 条的具体日期未能确定，"
            f"只按月份导入；导入到年度活动时按该年度计算。"
        )
    _warn_gaps(rows, plan.warnings)
    return rows


def _date_row(row: ParsedRow, when: DateText, year: int | None, label, errors) -> bool:
    """Give ``row`` the dates ``when`` names; False when no year is known to date them."""
    year = when.year or year
    if year is None:
        return False
    dates = []
    for month, day in when.days:
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            errors.append(f"{label}：{year} 年没有 {month}月{day}日")
            return True
    row.date_start, row.date_end = dates
    row.exact = when.exact
    return True


def _when(raw: TableRow, label: str, previous, errors: list[str], warnings: list[str]):
    """The row's time; a blank cell means "same as the row above" (天心区's layout)."""
    text = raw.cells.get(PlanColumn.MONTH)
    if text is None:
        return None
    try:
        when = parse_date_text(text)
    except CellError as exc:
        errors.append(f"{label}：{exc}")
        return previous
    except CellWarning as exc:
        warnings.append(f"{label}：{exc}")
        return None
    if not text.strip():
        return previous
    return when


def _warn_gaps(rows: list[ParsedRow], warnings: list[str]) -> None:
    for before, after in itertools.pairwise(rows):
        if after.seq != before.seq + 1:
            warnings.append(f"序号不连续：第 {before.seq} 条之后是第 {after.seq} 条")
