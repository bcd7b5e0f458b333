"""A report's figures laid out as the tables of a workbook (the 统计表 of `build -f xlsx`).

A plain report gives one sheet: one row per figure it states (概况, then each 统计 and its 其中
in report order, walked by places.stats), with where it stands (章节, 工作事项), the figure as
the report prints it and its lower bound, and last year's figure and its 同比 where there are
any (every figure's, worded as the report words it, though the prose says only a few). A
roll-up gives its 附表 — one row per member and one for its own stats (街道本级), the sums, last
year's sums and the 同比 of each — and then one such sheet per member.

Figures are Figure objects (report/figures), never printed text read back: a writer puts an
exact figure as a number and a 约数 as written beside its lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from tzreport.data.loader import Loaded
from tzreport.data.models import Report
from tzreport.errors import Diagnostic
from tzreport.report import annex_table, figures, gather, places
from tzreport.report.figures import Figure, Figures, Key
from tzreport.report.rollup import Node
from tzreport.report.year_over_year import Previous

# The most characters (UTF-16 units) a spreadsheet cell holds: Excel's limit, which every
# program reading .xlsx keeps to.
CELL_LIMIT = 32767
# Neither 概况 (how things are) nor plans (targets) is compared with last year.
_NO_PREVIOUS = frozenset({places.OVERVIEW, "plans"})


@dataclass(frozen=True)
class FigureRow:
    """One figure of a report: where it stands, what it counts, and how it compares."""

    section: str  # 章节: 概况, 民族工作, or a 其他工作 section's title
    item: str  # 工作事项: the title of the innermost item holding it; "" in a section itself
    label: str  # 项目; a part reads “其中被采纳”
    figure: Figure
    unit: str
    basis: str = ""  # 口径: 截至目前, 累计 …
    previous: Figure | None = None
    change: str = ""  # “比上年增加7次”, worded as the report words it


@dataclass(frozen=True)
class FigureSheet:
    """One unit's figures: the sheet's name (the unit) and its title."""

    name: str
    title: str
    rows: tuple[FigureRow, ...]

    @property
    def has_basis(self) -> bool:
        return any(row.basis for row in self.rows)

    @property
    def has_previous(self) -> bool:
        return any(row.previous is not None or row.change for row in self.rows)


@dataclass(frozen=True)
class AnnexRow:
    """A row of the 附表: a unit's figure in each column (None: the unit has none)."""

    unit: str
    figures: tuple[Figure | None, ...]


@dataclass(frozen=True)
class AnnexSheet:
    """A roll-up's 附表: the units' rows, the sums (合计), and where known last year's sums
    and the 同比 of each column."""

    title: str
    headers: tuple[str, ...]  # one per column: “开展各项活动（次）”
    rows: tuple[AnnexRow, ...]
    total: AnnexRow
    previous: AnnexRow | None
    changes: tuple[str, ...] | None


@dataclass(frozen=True)
class Book:
    """The sheets of a report's workbook: the 附表 first for a roll-up, then a figure sheet for
    a plain report or for each member."""

    annex: AnnexSheet | None
    sheets: tuple[FigureSheet, ...]


def sheet_title(report: Report) -> str:
    """“京汉新城社区2023年统战工作主要数据统计表”."""
    period = "" if report.period == "全年" else report.period
    return f"{report.unit}{report.year}年{period}{report.kind}主要数据统计表"


def book(gathered: gather.Gathered) -> Book:
    """The workbook of a gathered report (its node and previous years are needed)."""
    node, previous = gathered.node, gathered.previous
    if node is None or previous is None:
        return of_report(gathered.report)
    # a table lists the 同比 of every figure beside last year's, not only the few the prose says
    changes = gather.compared_changes(node, previous)
    if not node.is_rollup:
        return Book(None, (_sheet(node, previous, changes),))
    view = gathered.extra["rollup"]
    return Book(_annex(node, previous, view.table, changes),
                tuple(_sheet(m, previous, gather.compared_changes(m, previous)) for m in node.members))


def of_report(report: Report) -> Book:
    """The workbook of a report alone: its figures, with no previous year to compare with."""
    return Book(None, (FigureSheet(report.unit, sheet_title(report), tuple(_rows(report, None, {}))),))


def _sheet(node: Node, previous: Previous, changes: dict[Key, str]) -> FigureSheet:
    before = previous.figures(node)
    report = node.report
    rows = _sums(node, before, changes) if node.is_rollup else _rows(report, before, changes)
    return FigureSheet(report.unit, sheet_title(report), tuple(rows))


def _label(label: str, part: bool) -> str:
    return f"其中{label}" if part else label


def _rows(report: Report, before: Figures | None, changes: dict[Key, str]) -> list[FigureRow]:
    """A plain report's figures, one row each, in report order. Last year's figure goes with a
    figure whose key appears once in the report (the figure the 同比 compares)."""
    titles = places.item_titles(report)
    counted = figures.occurrences(report)
    rows = []
    for found in places.stats(report):
        whole = found.whole
        key = Key.placed(found, report.period)
        item = places.item_title(found.place, titles)
        stat = found.stat
        earlier = None
        if before is not None and key.section not in _NO_PREVIOUS and counted[key] == 1:
            earlier = before.get(key)
        rows.append(FigureRow(
            figures.short_name(found.section), item, _label(stat.label, whole is not None),
            Figure(stat.value, stat.approx, stat.written), stat.unit, stat.basis or "",
            earlier, changes.get(key, "") if counted[key] == 1 else "",
        ))
    return rows


def _sums(node: Node, before: Figures | None, changes: dict[Key, str]) -> list[FigureRow]:
    """A roll-up member's figures: its sums, one row per key (a stock's with its 口径), in
    report order."""
    return [
        FigureRow(figures.short_name(key.section), "", _label(key.label, bool(key.part_of)),
                  node.totals[key], key.unit, key.basis,
                  before.get(key) if before is not None and key.section not in _NO_PREVIOUS else None,
                  changes.get(key, ""))
        for key in figures.ordered(node.totals)
    ]


def _annex(node: Node, previous: Previous, table: annex_table.Table, changes: dict[Key, str]) -> AnnexSheet:
    # every figure a column of its own, in one unit (the printed 附表 puts a 项目's units in one
    # column and leaves one unit's figures to its note): a sheet's columns add up
    keys = figures.ordered(node.totals)

    def row(unit: str, found: Figures) -> AnnexRow:
        return AnnexRow(unit, tuple(found.get(key) for key in keys))

    rows = [row(m.report.unit, m.totals) for m in node.members]
    if node.own:
        rows.append(row(f"{node.report.unit}本级", node.own))
    before = previous.figures(node)
    # last year's sum only where it counts the same thing, as in the printed 附表
    same = annex_table.compared(node, previous)
    return AnnexSheet(
        table.title,
        tuple(annex_table.headers(keys)),
        tuple(rows),
        row("合计", node.totals),
        row("上年合计", {k: f for k, f in before.items() if k in same}) if before is not None else None,
        tuple(changes.get(key, "") for key in keys) if before is not None else None,
    )


def overlong(loaded: Loaded[Report], limit: int = CELL_LIMIT) -> list[Diagnostic]:
    """The texts of a data file that a table would put in a cell and that no cell holds: every
    event's 名称, 地点, 形式 and 备注, every figure's 项目 and 口径, every item's 标题 — each
    located at its line and field."""
    report = loaded.data
    found: list[tuple[places.Loc, str]] = []
    for place in places.places(report):
        if place.kind == "item":
            found.append(((*place.path, "标题"), place.holder.title or ""))  # type: ignore[union-attr]
        for i, event in enumerate(place.events):
            found += [((*place.path, "活动", i, key), value or "") for key, value in
                      (("名称", event.name), ("地点", event.place), ("形式", event.form), ("备注", event.note))]
    for stat in places.stats(report):
        found += [((*stat.path, "项目"), stat.stat.label), ((*stat.path, "口径"), stat.stat.basis or "")]
    problems = []
    for loc, value in found:
        if len(value) > limit // 2 and len(value.encode("utf-16-le")) // 2 > limit:
            node, _, shown = loaded.find(loc)
            mark = node.start_mark
            problems.append(Diagnostic(loaded.path, mark.line + 1, mark.column + 1,
                                       f"文字太长（{len(value)} 字）：表格的一个单元格最多 {limit} 个字符", shown))
    return problems
