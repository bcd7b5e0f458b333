"""`build -f xlsx`: a report's 统计表 as an .xlsx workbook (report/stat_book lays it out).

A figure sheet has one row per figure: 章节, 工作事项, 项目, 数量, 数量下限, 单位, then 口径 when
any figure has one, and 上年, 上年下限, 比上年 when there is a previous year. 数量 is a number
when the figure is exact and the text the report prints when it is a 约数 (“150余”, “1.2万余”);
数量下限 is always a number, so the column adds up.

A roll-up's 附表 has one row per member and one for the roll-up's own stats (街道本级), a
column per figure, and a 合计 row of formulas stored with their values. A column holding any
约数 gets a 下限 column beside it: its 合计 is the sum of the lower bounds, and the 合计 of the
column as printed is that sum written by the report's rule for a 约数 (two significant figures,
余, 万) as a formula too, so a recalculating spreadsheet shows what the report says. Below the
合计: 上年合计 and 比上年 when there is a previous year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tzreport.data.field_types import printed_figure
from tzreport.report.figures import Figure
from tzreport.report.stat_book import AnnexSheet, Book, FigureSheet
from tzreport.writers.xlsx.sheets import Workbook, cell_name, sheet_name

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

ANNEX = "附表"
BORDER: dict[str, Any] = {"border": 1}
TOTAL: dict[str, Any] = {"border": 1, "bold": True}
HEADER_WRAP = 8  # an 附表 header wider than this wraps: its columns stay narrow


def workbook(book: Book) -> bytes:
    """The .xlsx file's bytes."""
    out = Workbook()
    taken: set[str] = set()
    if book.annex is not None:
        _annex(out, out.sheet(sheet_name(ANNEX, taken)), book.annex)
    for figures in book.sheets:
        _figures(out, out.sheet(sheet_name(figures.name, taken)), figures)
    return out.close()


def _figure(out: Workbook, sheet: Worksheet, row: int, col: int, figure: Figure | None, **props: Any) -> None:
    """A figure: a number when exact (“3万” too: 30000) or when it prints as one (a 约数 under
    10 takes no 余), else the text the report prints (“150余”)."""
    if figure is None:
        out.blank(sheet, row, col, **props)
    elif figure.approx and str(figure) != str(figure.value):
        out.text(sheet, row, col, str(figure), align="right", **props)
    else:
        out.number(sheet, row, col, figure.value, **props)


def _lower(out: Workbook, sheet: Worksheet, row: int, col: int, figure: Figure | None, **props: Any) -> None:
    if figure is None:
        out.blank(sheet, row, col, **props)
    else:
        out.number(sheet, row, col, figure.value, **props)


def _figures(out: Workbook, sheet: Worksheet, table: FigureSheet) -> None:
    names = ["章节", "工作事项", "项目", "数量", "数量下限", "单位"]
    if table.has_basis:
        names.append("口径")
    if table.has_previous:
        names += ["上年", "上年下限", "比上年"]
    out.title(sheet, table.title, len(names))
    out.header(sheet, 1, names)
    for r, row in enumerate(table.rows, 2):
        for c, value in enumerate((row.section, row.item, row.label)):
            out.text(sheet, r, c, value, text_wrap=c > 0, **BORDER)
        _figure(out, sheet, r, 3, row.figure, **BORDER)
        _lower(out, sheet, r, 4, row.figure, **BORDER)
        out.text(sheet, r, 5, row.unit, align="center", **BORDER)
        col = 6
        if table.has_basis:
            out.text(sheet, r, col, row.basis, **BORDER)
            col += 1
        if table.has_previous:
            _figure(out, sheet, r, col, row.previous, **BORDER)
            _lower(out, sheet, r, col + 1, row.previous, **BORDER)
            out.text(sheet, r, col + 2, row.change, text_wrap=True, **BORDER)
    out.finish(sheet)


def rule_formula(cell: str) -> str:
    """The report's rule for printing a 约数 (data/field_types.printed_figure) as a formula on
    the cell holding its lower bound: under 10 as it is; else down to two significant figures
    (under 100, to the ten) with 余, from 10000 on in 万."""
    rounded = f"ROUNDDOWN({cell},MIN(-1,2-LEN({cell})))"
    return f'=IF({cell}<10,{cell}&"",IF({rounded}>=10000,{rounded}/10000&"万余",{rounded}&"余"))'


def _annex(out: Workbook, sheet: Worksheet, table: AnnexSheet) -> None:
    every = [*table.rows, table.total, *([table.previous] if table.previous else [])]
    # the columns: (index of the figure, whether this is its 下限 column)
    columns: list[tuple[int, bool]] = []
    names = ["单位"]
    for i, header in enumerate(table.headers):
        # the unit on a line of its own: “开展学习宣传活动” / “（次）”, never broken inside it
        label, bracket, unit = header.rpartition("（")
        label, unit = (label, bracket + unit) if bracket else (header, "")
        columns.append((i, False))
        names.append(f"{label}\n{unit}" if unit else label)
        if any(row.figures[i] is not None and row.figures[i].approx for row in every):  # type: ignore[union-attr]
            columns.append((i, True))
            names.append(f"{label}下限\n{unit}" if unit else f"{label}下限")
    out.title(sheet, table.title, len(names))
    out.header(sheet, 1, names, limit=HEADER_WRAP)
    sheet.freeze_panes(2, 1)
    first = 2
    for r, row in enumerate(table.rows, first):
        out.text(sheet, r, 0, row.unit, **BORDER)
        for c, (i, lower) in enumerate(columns, 1):
            (_lower if lower else _figure)(out, sheet, r, c, row.figures[i], **BORDER)
    total = first + len(table.rows)
    out.text(sheet, total, 0, table.total.unit, align="center", **TOTAL)
    for c, (i, lower) in enumerate(columns, 1):
        figure = table.total.figures[i]
        assert figure is not None  # every column is a figure of the sums
        span = f"{cell_name(first, c)}:{cell_name(total - 1, c)}"
        if lower or not figure.approx:
            out.formula(sheet, total, c, f"=SUM({span})", figure.value, **TOTAL)
            continue
        printed = str(figure)
        if printed == printed_figure(figure.value, True):  # as the rule prints it: a formula
            bound = cell_name(total, c + 1)
            out.formula(sheet, total, c, rule_formula(bound), printed, align="right", **TOTAL)
        else:  # a lone member's figure as typed (“上万”): what the report prints
            out.text(sheet, total, c, printed, align="right", **TOTAL)
    row_at = total + 1
    if table.previous is not None:
        out.text(sheet, row_at, 0, table.previous.unit, align="center", **BORDER)
        for c, (i, lower) in enumerate(columns, 1):
            (_lower if lower else _figure)(out, sheet, row_at, c, table.previous.figures[i], **BORDER)
        row_at += 1
    if table.changes is not None:
        out.text(sheet, row_at, 0, "比上年", align="center", **BORDER)
        for c, (i, lower) in enumerate(columns, 1):
            if lower:
                out.blank(sheet, row_at, c, **BORDER)
            else:
                out.text(sheet, row_at, c, table.changes[i], fit=False, text_wrap=True, **BORDER)
    out.finish(sheet)
