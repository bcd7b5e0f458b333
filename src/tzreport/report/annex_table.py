"""The 附表 of a roll-up: one row per member, a row for the roll-up's own stats when it writes
any (“新城街道本级”), and a total row; one column per figure (section, 项目, 单位) in report order.

A cell reads as the report writes figures ("12", "10余"); "—" where a unit has no such figure.
When any row has a previous year, each cell also gives it in brackets: "12（10）". The total
row's previous figure is the one the prose compares with (compare.Previous.figures).

Its title says whose figures it holds: “各社区统战工作主要数据统计表” when the rows are the
members', “新城街道2023年统战工作主要数据统计表” when the roll-up's own row (街道本级) is among
them, which no “各社区” covers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tzreport.report import figures
from tzreport.report.figures import Figures, Key
from tzreport.report.rollup import Node, member_word
from tzreport.report.year_over_year import Previous

MISSING = "—"


@dataclass(frozen=True)
class Column:
    key: Key
    header: str  # "开展各项活动（次）", with the section's name where two sections share one


@dataclass(frozen=True)
class Row:
    unit: str
    cells: tuple[str, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    title: str  # “各社区统战工作主要数据统计表”
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    shows_previous: bool  # cells read "本年（上年）"
    has_gaps: bool  # some cell is "—"


def _headers(keys: list[Key]) -> list[str]:
    shared = Counter((k.label, k.unit) for k in keys if not k.part_of)
    return [
        f"其中{k.label}（{k.unit}）" if k.part_of  # stands right after its whole's column
        else f"{k.label}（{figures.short_name(k.section)}，{k.unit}）" if shared[(k.label, k.unit)] > 1
        else f"{k.label}（{k.unit}）"
        for k in keys
    ]


def title(node: Node) -> str:
    """The 附表's title: “各社区{类型}主要数据统计表” for the members' rows alone; with the
    roll-up's own row, the roll-up's name and period: “新城街道2023年{类型}主要数据统计表”."""
    report = node.report
    if not node.own:
        return f"各{member_word(node)}{report.kind}主要数据统计表"
    period = "" if report.period == "全年" else report.period
    return f"{report.unit}{report.year}年{period}{report.kind}主要数据统计表"


def table(node: Node, previous: Previous) -> Table:
    """The 附表 of a roll-up."""
    before = previous.node(node)
    # a member's previous figures are those last year's roll-up added up for it (京汉新城社区's
    # 统战工作 report of 2023, though its 2024 file is a 民族工作 special with no previous of its
    # own): so that each column's bracketed figures add up to the total's
    last_year = {m.report.unit: m.totals for m in before.members} if before is not None else None
    sources: list[tuple[str, Figures, Figures | None, str]] = [
        (m.report.unit, m.totals,
         previous.figures(m) if last_year is None else last_year.get(m.report.unit), "member")
        for m in node.members
    ]
    if node.own:
        sources.append((f"{node.report.unit}本级", node.own, before.own if before else None, "own"))
    sources.append(("合计", node.totals, previous.figures(node), "total"))
    keys = figures.ordered(node.totals)
    shows_previous = any(before is not None for _, _, before, _ in sources)

    def cell(key: Key, now: Figures, before: Figures | None) -> str:
        current = str(now[key]) if key in now else MISSING
        earlier = str(before[key]) if before is not None and key in before else MISSING
        if not shows_previous or current == earlier == MISSING:
            return current
        return f"{current}（{earlier}）"

    rows = tuple(
        Row(unit, tuple(cell(k, now, before) for k in keys), kind == "total")
        for unit, now, before, kind in sources
    )
    return Table(
        title(node),
        tuple(Column(k, h) for k, h in zip(keys, _headers(keys), strict=True)),
        rows,
        shows_previous,
        any(MISSING in c for r in rows for c in r.cells),
    )
