"""The 附表 of a roll-up: one row per member, a row for the roll-up's own stats when it writes
any (“新城街道本级”), and a total row; one column per 项目 (section, 项目) in report order.

A cell reads as the report writes figures ("12", "10余"); "—" where a unit has no such figure.
A 项目 counted in different units by different members (载体活动 in 场次 here, in 次 there) is
one column whose cells carry their unit ("8场次", "12余次"); its total gives each unit's sum
("32场次、12余次"): figures in different units are never added up.

Last year's figure stands in brackets ("12（10）") only where it counts the same thing: where
the same units added to the figure both years, the rule the prose's 比上年 follows
(year_over_year.contributors). A member's cell, where the member had the figure both years; the
total's, where the same members (and the roll-up itself) added to it both years. Not
"—（18）" for a member whose file this year leaves the figure out (a 民族工作 special in place
of its 统战 report), nor a total of four members' figures beside last year's of five.

In a wide table (more 项目 than one landscape page holds), a 项目 only one unit has (this year,
and last year if any) is no column of “—” but for one cell: the note under the table names it
with its unit (“京汉新城社区另有设置宣传图板12个”), and the table is a page shorter.

A figure of a 口径 other than this period's work (a stock: 截至目前, 累计 …) is a column of its
own whose header says its basis (“发放宣传手册（截至目前，份）”), or in the note with its basis
after it (“京汉新城社区另有设置宣传图板12个（截至目前）”): never one cell, nor one total, with
this year's work of the same 项目.

Its title says whose figures it holds: “各社区统战工作主要数据统计表” when the rows are the
members', “新城街道2023年统战工作主要数据统计表” when the roll-up's own row (街道本级) is among
them, which no “各社区” covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tzreport.report import figures
from tzreport.report.figures import Figures, Key
from tzreport.report.rollup import Node, member_word
from tzreport.report.year_over_year import Previous, contributors

MISSING = "—"
# A 项目 one unit alone has goes in the note only in a table of more columns than this: about
# what a landscape page holds in 小四 (a narrower table is set whole, its columns no waste).
_WIDE = 8


@dataclass(frozen=True)
class Column:
    keys: tuple[Key, ...]  # one per unit its figures are counted in, in report order
    header: str  # "开展各项活动（次）"; without a unit when its cells carry theirs

    @property
    def key(self) -> Key:
        return self.keys[0]


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
    shows_previous: bool  # some cell reads "本年（上年）"
    has_gaps: bool  # some cell is "—"
    note: str = ""  # what goes under it after “注：”, its full stop included; "" for none


def _said(*words: str) -> str:
    """What a header says after its 项目, in brackets: “（截至目前，思想引领，次）”; "" for nothing."""
    found = [w for w in words if w]
    return f"（{'，'.join(found)}）" if found else ""


def headers(keys: Iterable[Key]) -> list[str]:
    """A column's header for each key: "开展各项活动（次）", with the section's name where two
    sections share the 项目 ("开展活动（思想引领，次）"), the 口径 of a stock first
    ("发放宣传手册（截至目前，份）"), "其中……" for a part."""
    keys = list(keys)
    shared = Counter((k.label, k.unit, k.basis) for k in keys if not k.part_of)
    return [
        f"其中{k.label}{_said(k.basis, k.unit)}" if k.part_of  # stands right after its whole's column
        else f"{k.label}{_said(k.basis, figures.short_name(k.section), k.unit)}"
        if shared[(k.label, k.unit, k.basis)] > 1
        else f"{k.label}{_said(k.basis, k.unit)}"
        for k in keys
    ]


def _columns(keys: list[Key]) -> list[Column]:
    """The keys by 项目 and 口径: one column for the figures of one 项目 in each of its units; a
    stock (截至目前) apart from this year's work of the same 项目."""
    grouped: dict[tuple[str, str, str, str], list[Key]] = {}
    for key in keys:
        grouped.setdefault((key.section, key.label, key.part_of, key.basis), []).append(key)
    shared = Counter((label, part_of, basis) for _, label, part_of, basis in grouped)
    single = dict(zip(keys, headers(keys), strict=True))
    out = []
    for (section, label, part_of, basis), same in grouped.items():
        if len(same) == 1:
            out.append(Column((same[0],), single[same[0]]))
            continue
        where = figures.short_name(section) if shared[(label, part_of, basis)] > 1 else ""
        out.append(Column(tuple(same), f"{'其中' if part_of else ''}{label}{_said(basis, where)}"))
    return out


def title(node: Node) -> str:
    """The 附表's title: “各社区{类型}主要数据统计表” for the members' rows alone; with the
    roll-up's own row, the roll-up's name and period: “新城街道2023年{类型}主要数据统计表”."""
    report = node.report
    if not node.own:
        return f"各{member_word(node)}{report.kind}主要数据统计表"
    period = "" if report.period == "全年" else report.period
    return f"{report.unit}{report.year}年{period}{report.kind}主要数据统计表"


@dataclass(frozen=True)
class _Source:
    unit: str  # as the row names it
    now: Figures
    before: Figures | None  # last year's figures it is compared with
    same: frozenset[Key]  # the keys whose last year's figure counts the same thing
    total: bool = False


def _sources(node: Node, previous: Previous) -> list[_Source]:
    before = previous.node(node)
    # a member's previous figures are those last year's roll-up added up for it (京汉新城社区's
    # 统战工作 report of 2023, though its 2024 file is a 民族工作 special with no previous of its
    # own): so that each column's bracketed figures add up to the total's
    last_year = {m.report.unit: m.totals for m in before.members} if before is not None else None
    found = []
    for member in node.members:
        then = previous.figures(member) if last_year is None else last_year.get(member.report.unit)
        found.append(_Source(member.report.unit, member.totals, then,
                             frozenset(k for k in member.totals if then is not None and k in then)))
    if node.own:
        then = before.own if before is not None else None
        found.append(_Source(f"{node.report.unit}本级", node.own, then,
                             frozenset(k for k in node.own if then is not None and k in then)))
    found.append(_Source("合计", node.totals, previous.figures(node), compared(node, previous), total=True))
    return found


def compared(node: Node, previous: Previous) -> frozenset[Key]:
    """The sums of a roll-up whose last year's figure counts the same thing: those the same
    units added to both years."""
    before, now_by, then_by = previous.figures(node), contributors(node), previous.contributors(node)
    if before is None or then_by is None:
        return frozenset()
    return frozenset(k for k in node.totals if k in before and now_by.get(k) == then_by.get(k))


def _cell(column: Column, source: _Source) -> str:
    """A figure (with its unit where the column's cells carry theirs), last year's in brackets
    where it counts the same thing; one per unit the row has it in; "—" for none."""
    unit = len(column.keys) > 1
    parts = []
    for key in column.keys:
        if key not in source.now:
            continue
        said = f"{source.now[key]}{key.unit if unit else ''}"
        if key in source.same and source.before is not None:
            said += f"（{source.before[key]}）"
        parts.append(said)
    return "、".join(parts) or MISSING


def _alone(column: Column, sources: list[_Source], shows_previous: bool) -> _Source | None:
    """The one row (not the total) that has a column's figures, when no other has them this
    year or last; else None."""
    rows = [s for s in sources if not s.total]
    having = [s for s in rows if any(k in s.now for k in column.keys)]
    if len(having) != 1:
        return None
    had = [s for s in rows if s.before is not None and any(k in s.before for k in column.keys)]
    if shows_previous and any(s is not having[0] for s in had):
        return None
    return having[0]


def _noted(source: _Source, columns: list[Column]) -> str:
    """A unit's figures the table leaves to the note: “京汉新城社区另有设置宣传图板12个、
    张贴宣传画10余份”, last year's in brackets where it counts the same thing; a run of
    figures of one 口径 other than this year's work closes with it: “设置宣传图板12个、张贴
    宣传画10余份（均为截至目前）”."""
    runs: list[tuple[str, list[str]]] = []
    for column in columns:
        for key in column.keys:
            if key in source.now:
                earlier = (f"（上年{source.before[key]}{key.unit}）"
                           if key in source.same and source.before is not None else "")
                said = f"{'其中' if key.part_of else ''}{key.label}{source.now[key]}{key.unit}{earlier}"
                if runs and runs[-1][0] == key.basis:
                    runs[-1][1].append(said)
                else:
                    runs.append((key.basis, [said]))
    return f"{source.unit}另有" + "、".join(
        "、".join(said) + (f"（{'均为' if len(said) > 1 else ''}{basis}）" if basis else "") for basis, said in runs)


def table(node: Node, previous: Previous) -> Table:
    """The 附表 of a roll-up."""
    sources = _sources(node, previous)
    columns = _columns(figures.ordered(node.totals))
    shows_previous = any(s.same for s in sources)
    noted: dict[str, list[Column]] = {}
    if len(columns) > _WIDE:
        kept = []
        for column in columns:
            alone = _alone(column, sources, shows_previous)
            if alone is None:
                kept.append(column)
            else:
                noted.setdefault(alone.unit, []).append(column)
        if kept:  # a table of only such columns keeps them
            columns = kept
        else:
            noted = {}
    rows = tuple(Row(s.unit, tuple(_cell(c, s) for c in columns), s.total) for s in sources)
    gaps = any(MISSING in c for r in rows for c in r.cells)
    shows_previous = any(k in s.same and k in s.now for s in sources for c in columns for k in c.keys)
    notes = [_noted(s, noted[s.unit]) for s in sources if s.unit in noted]
    if shows_previous:
        notes.append("括号内为上年数，仅列两年报送单位相同的数据")
    if gaps:
        notes.append("“—”表示没有该项数据")
    return Table(title(node), tuple(columns), rows, shows_previous, gaps,
                 f"{'；'.join(notes)}。" if notes else "")
