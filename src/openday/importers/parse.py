"""Plan documents → a checked, typed plan: read, find the table, normalise, validate.

``parse_plan_file`` never touches the database. It returns a ``ParsedPlan`` or raises
``PlanFileError`` listing every problem found, each with the file name and row.
"""

import itertools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from openday.campaigns.enums import PlanColumn
from openday.core.text import char_label, one_line
from openday.importers.cells import (
    CellError,
    CellWarning,
    FormValue,
    compact_title,
    parse_months,
    split_forms,
    split_units,
)
from openday.importers.errors import PlanFileError
from openday.importers.layout import FoundTable, TableRow, find_tables, seq_value
from openday.importers.limits import Limits, Work
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


@dataclass
class ParsedPlan:
    file_name: str
    table_title: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    declaration_form: bool = False

    def preview(self) -> dict:
        """The dry-run JSON: rows as the document gives them, and the warnings."""
        has_brief = any(key == PlanColumn.BRIEF for key, _ in self.columns)
        rows = []
        for row in self.rows:
            item = {
                "seq": row.seq,
                "month_start": row.month_start,
                "month_end": row.month_end,
                "title": row.title,
                "forms": [asdict(f) for f in row.forms],
                "units": row.units,
            }
            if has_brief:
                item["brief"] = row.brief
            rows.append(item)
        return {
            "file": self.file_name,
            "table_title": self.table_title,
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
) -> ParsedPlan:
    """``limits`` default to the settings; ``work``, when given, counts what was visited."""
    path = Path(path)
    limits = limits or Limits.from_settings(max_bytes=max_bytes)
    source = read_source(path, max_bytes=max_bytes, limits=limits, work=work)
    tables = find_tables(source, work)
    name = path.name
    if not tables:
        raise PlanFileError(
            f"文件“{name}”中没有找到计划表：需要一行表头，含“序号”“活动主题”“活动时间”"
            f"“责任单位”等列名。"
        )
    table = max(tables, key=lambda t: len(t.rows))
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
    if warning := control_warning(source):
        plan.warnings.append(warning)
    if not table.rows:
        if plan.declaration_form:
            plan.warnings.append(
                f"“{plan.table_title or name}”是空白的主题申报表（表头在{table.header_where}），"
                f"没有可导入的计划行。"
            )
            return plan
        raise PlanFileError(f"文件“{name}”{table.header_where}有计划表的表头，但表中没有任何活动。")
    errors = [f"{problem}" for problem in table.problems]
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


def control_warning(source: Source) -> str | None:
    """One warning for every control character the reader removed, naming where."""
    if not source.control_count:
        return None
    chars = "、".join(char_label(ch) for ch in source.control_chars)
    places = "、".join(source.control_places)
    shown = len(source.control_places)
    more = f"等 {source.control_count} 处" if source.control_count > shown else ""
    return f"文件“{source.name}”中有不可见的控制字符（{chars}），已删除：{places}{more}。"


def _is_declaration_form(table: FoundTable) -> bool:
    keys = {key for key, _ in table.columns}
    return "申报" in table.title or (PlanColumn.BRIEF in keys and PlanColumn.UNITS not in keys)


def _rows(table: FoundTable, plan: ParsedPlan, errors: list[str]) -> list[ParsedRow]:
    keys = {key for key, _ in table.columns}
    rows: list[ParsedRow] = []
    seen: dict[int, str] = {}
    months: tuple[int, int] | None = None
    for position, raw in enumerate(table.rows, start=1):
        seq = seq_value(raw.cells.get(PlanColumn.SEQ, "")) or position
        label = f"{raw.where}（序号 {seq}）"
        if seq in seen:
            errors.append(f"{label}：序号 {seq} 与{seen[seq]}重复")
            continue
        seen[seq] = raw.where
        months = _months(raw, label, months, errors, plan.warnings)
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
        rows.append(
            ParsedRow(
                seq=seq,
                month_start=months[0] if months else None,
                month_end=months[1] if months else None,
                title=title,
                forms=split_forms(raw.cells.get(PlanColumn.FORMS, "")),
                units=units,
                brief=clean_text(raw.cells.get(PlanColumn.BRIEF, "")),
                where=raw.where,
            )
        )
    _warn_gaps(rows, plan.warnings)
    return rows


def _months(raw: TableRow, label: str, previous, errors: list[str], warnings: list[str]):
    """The row's months; a blank cell means "same as the row above" (天心区's layout)."""
    text = raw.cells.get(PlanColumn.MONTH)
    if text is None:
        return None
    try:
        months = parse_months(text)
    except CellError as exc:
        errors.append(f"{label}：{exc}")
        return previous
    except CellWarning as exc:
        warnings.append(f"{label}：{exc}")
        return None
    return months if months is not None else (previous if not text.strip() else None)


def _warn_gaps(rows: list[ParsedRow], warnings: list[str]) -> None:
    for before, after in itertools.pairwise(rows):
        if after.seq != before.seq + 1:
            warnings.append(f"序号不连续：第 {before.seq} 条之后是第 {after.seq} 条")
