"""A report's stats added up per (section, 项目, 单位, 口径): what a roll-up sums over its members
and what 同比 compares with the previous year.

A stat is identified by the section it is written in, its 项目 (without end punctuation), its
单位 and its basis (口径); stats with the same key in one file add up. 概况 counts as a section
of its own.

A figure's basis is part of what it counts: a stock (截至目前, 累计, 截至11月底 …) is never added
to this period's work, nor compared with it. A lead that only names the report's own period
(全年, 全年共计 in an annual report; 上半年 in a 上半年 report; 共计) says this period's work, as
no basis does: such figures add up with those that have none (period_lead).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tzreport import text
from tzreport.data.field_types import parse_figure, printed_figure, printed_span, printed_sum
from tzreport.data.models import STANDARD_SECTIONS, Report, Stat
from tzreport.report import places
from tzreport.report.places import OVERVIEW, PlacedStat

# Units whose figures are shares, not amounts: never added up.
SHARE_UNITS = frozenset({"%", "％", "‰"})
# Where each kind of section stands in a report (其他工作 sections keep their written order).
SECTION_RANK = {OVERVIEW: 0, **{k: i for i, k in enumerate(STANDARD_SECTIONS, 1)}, "other": 4,
                "problems": 5, "plans": 6}
SHORT_NAMES = {OVERVIEW: "概况", "ideology": "思想引领", "ethnic": "民族工作", "religion": "宗教工作",
               "problems": "存在问题", "plans": "下一步计划"}


def section_kind(sid: str) -> str:
    """"other:群团工作" → "other"; a standard section's id is its kind."""
    return sid.split(":", 1)[0]


def short_name(sid: str) -> str:
    """The section as a reader names it: 民族工作, or a 其他工作 section's title."""
    return sid.split(":", 1)[1] if sid.startswith("other:") else SHORT_NAMES[sid]


# Words that add nothing to a period lead: “全年共计”, “上半年合计”, “共”.
_TOTAL_WORDS = "共计|合计|总计|累计|共"


def period_lead(basis: str, period: str) -> bool:
    """Whether a 口径 only names the report's own period, so that its figure is this period's
    work like one with no 口径: “全年”, “全年共计”, “全年累计” in an annual report, “上半年” in
    a 上半年 report, “共计” alone. Not “累计” alone (a total since whenever), “截至目前” (a
    stock), nor another period than the report's (“上半年” in an annual report)."""
    return bool(re.fullmatch(rf"(?:{re.escape(period)}(?:{_TOTAL_WORDS})?|共计|合计|总计|共)", basis))


def basis_of(written: str | None, period: str) -> str:
    """A figure's basis as its key holds it: the 口径 without end punctuation (“截至目前，” is
    “截至目前”); "" for none and for a lead of the report's own period."""
    basis = text.strip_end(written or "").strip()
    return "" if period_lead(basis, period) else basis


@dataclass(frozen=True)
class Key:
    """What a figure counts: the section it belongs to, its 项目, its 单位 and its basis (口径:
    "" for this period's work, “截至目前” for a stock …); for a part (其中), also the 项目 of the
    whole it is part of."""

    section: str
    label: str
    unit: str
    part_of: str = ""
    basis: str = ""

    @classmethod
    def of(cls, section: str, stat: Stat, part_of: str = "", *, period: str, basis: str | None = None) -> Key:
        """The key of a stat of a report of `period`; basis: the 口径 it counts by when not its
        own (a part's is its whole's, unless it writes one). 概况 says how things are (现有……):
        every figure of it is a stock, whatever 口径 it writes, and they add up."""
        written = None if section == OVERVIEW else stat.basis or basis
        return cls(section, text.strip_end(stat.label).strip(), stat.unit, part_of, basis_of(written, period))

    @classmethod
    def placed(cls, found: PlacedStat, period: str) -> Key:
        """The key of a stat where it stands: a part (其中) is known by its whole's 项目 too, and
        counts by its whole's 口径 unless it writes its own."""
        whole = found.whole
        if whole is None:
            return cls.of(found.section, found.stat, period=period)
        return cls.of(found.section, found.stat, text.strip_end(whole.label).strip(), period=period,
                      basis=whole.basis)


@dataclass(frozen=True)
class Figure:
    """A number (for a 约数, its lower bound), whether it is approximate (约数), and the text the
    user typed for it (“150余”). A sum adds the lower bounds, and is approximate when any part
    is; it keeps the largest its parts as printed can mean (high), which 同比 compares by, and
    is written by the 约数 rule (10余 + 27 → 30余: data/field_types.printed_sum)."""

    value: int
    approx: bool = False
    written: str | None = None
    high: int | None = None  # a sum's: its parts' highest values added; None for one figure

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.value + other.value, self.approx or other.approx, None,
                      self.span()[1] + other.span()[1])

    @property
    def summed(self) -> bool:
        return self.high is not None

    def span(self) -> tuple[int, int]:
        """The least and the largest number the figure can mean: “10余” 10 to 19; a sum, what
        its parts can add up to (10余 + 8 → 18 to 27) and what it says as printed (10余 + 27 is
        printed 30余: 30 to 39), both: a change on last year is said only where neither could
        be the same (the report's reader, or an import of it, has only the printed figure)."""
        if self.high is not None:
            low, high = printed_span(self.value, self.approx)
            return min(low, self.value), max(high, self.high)
        written = parse_figure(self.written) if self.written else None
        return printed_span(self.value, self.approx, written)

    def __str__(self) -> str:
        """As the report writes it: as typed, or 12 → "12", 12 approximate → "10余"; a sum
        10余 + 27 → "30余"."""
        if self.high is not None:
            return printed_sum(self.value, self.approx)
        return printed_figure(self.value, self.approx, self.written)


Figures = dict[Key, Figure]


def stats(report: Report) -> Iterator[tuple[Key, Stat]]:
    """Every stat that can be added up, with its key: 概况 first (without its 其中), then the
    sections' 统计 in report order, each followed by its parts (其中). Shares (%) in the
    sections are not amounts: left out, with their parts."""
    for found in places.stats(report):
        if found.section == OVERVIEW:
            if found.whole is None:
                yield Key.placed(found, report.period), found.stat
        elif found.whole is None:
            if found.stat.unit not in SHARE_UNITS:
                yield Key.placed(found, report.period), found.stat
        elif found.whole.unit not in SHARE_UNITS and found.stat.unit not in SHARE_UNITS:
            yield Key.placed(found, report.period), found.stat


def of_report(report: Report) -> Figures:
    """The report's own figures: its stats added up per key, keys in order of first use."""
    return add(({key: Figure(stat.value, stat.approx, stat.written)} for key, stat in stats(report)))


def occurrences(report: Report) -> Counter[Key]:
    """How many stats of the report have each key."""
    return Counter(key for key, _ in stats(report))


def add(parts: Iterable[Figures]) -> Figures:
    """The sum of several sets of figures, key by key; keys in order of first appearance."""
    total: Figures = {}
    for part in parts:
        for key, figure in part.items():
            total[key] = total[key] + figure if key in total else figure
    return total


def ordered(keys: Iterable[Key]) -> list[Key]:
    """Keys in report order: 概况, then the sections in the order they are numbered; within a
    section, in order of first appearance."""
    keys = list(keys)
    first: dict[str, int] = {}
    for key in keys:
        first.setdefault(key.section, len(first))
    return sorted(keys, key=lambda k: (SECTION_RANK[section_kind(k.section)], first[k.section]))
