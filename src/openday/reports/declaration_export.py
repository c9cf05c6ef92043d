"""Declarations as format-neutral ``Table``s, in the layout of the notice's 申报表 (附件).

``declaration_table`` is one unit's form as the notice prints it; ``declarations_table`` is
every handed-in declaration of a campaign in one table with a 填报单位 column, for the office.
The renderers (``openday.reports.renderers``) turn either into .xlsx or .docx.
"""

from openday.campaigns.models import Campaign
from openday.declarations.models import Declaration, DeclarationItem
from openday.declarations.selectors import declaration_items, declarations_for_export
from openday.reports.tables import Table

HEADER = ["序号", "活动主题", "活动时间(月份)", "活动形式", "活动简介"]
_WIDTHS = [5, 34, 10, 12, 44]
_ALIGN = ["center", "left", "center", "center", "left"]
_BLANK = "×××"
# The notice leaves space between the three blanks of the line under the title.
_GAP = "   "


def form_title(campaign: Campaign) -> str:
    """ "湖南湘江新区2023年“政务公开主题日”活动主题申报表": the region's full name, as the
    notice's own title has it."""
    region = campaign.region
    return f"{region.full_name or region.name}{campaign.year}年“政务公开主题日”活动主题申报表"


def _cells(item: DeclarationItem) -> list:
    return [item.seq, item.title, item.month_label, item.form_text, item.brief]


def declaration_table(declaration: Declaration) -> Table:
    """One unit's 申报表: the unit, contact and phone above, one row per theme."""
    subtitle = _GAP.join(
        [
            f"填报单位（公章）：{declaration.unit.name}",
            f"联系人：{declaration.contact_person or _BLANK}",
            f"联系电话：{declaration.phone or _BLANK}",
        ]
    )
    return Table(
        title=form_title(declaration.campaign),
        header=HEADER,
        rows=[_cells(item) for item in declaration_items(declaration)],
        column_widths=_WIDTHS,
        subtitle_lines=[subtitle],
        column_align=_ALIGN,
    )


def declarations_table(campaign: Campaign) -> Table:
    """Every handed-in declaration, unit by unit: the unit's name once per run of its rows."""
    has_categories = bool(getattr(getattr(campaign, "rules", None), "declaration_categories", []))
    header = ["填报单位", *HEADER]
    widths = [18, *_WIDTHS]
    align = ["center", *_ALIGN]
    if has_categories:
        header.append("主题类别")
        widths.append(10)
        align.append("center")
    header += ["联系人", "联系电话", "申报状态"]
    widths += [8, 12, 8]
    align += ["center", "center", "center"]
    rows = []
    for declaration in declarations_for_export(campaign):
        for item in declaration.items.all():
            row = [declaration.unit.name, *_cells(item)]
            if has_categories:
                row.append(item.category)
            row += [declaration.contact_person, declaration.phone, declaration.get_state_display()]
            rows.append(row)
    return Table(
        title=form_title(campaign).replace("申报表", "申报汇总表"),
        header=header,
        rows=rows,
        merge_column=0,
        column_widths=widths,
        column_align=align,
        nowrap_columns=(header.index("联系电话"),),
    )
