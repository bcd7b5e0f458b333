"""A report's stats added up per (section, 项目, 单位): what a roll-up sums over its members and
what 同比 compares with the previous year.

A stat is identified by the section it is written in, its 项目 (without end punctuation) and its
单位; stats with the same key in one file add up. 概况 counts as a section of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tzreport import text
from tzreport.data.models import STANDARD_SECTIONS, Report, Section, Stat

OVERVIEW = "overview"
# Where each kind of section stands in a report (其他工作 sections keep their written order).
SECTION_RANK = {OVERVIEW: 0, **{k: i for i, k in enumerate(STANDARD_SECTIONS, 1)}, "other": 4,
                "problems": 5, "plans": 6}
SHORT_NAMES = {OVERVIEW: "概况", "ideology": "思想引领", "ethnic": "民族工作", "religion": "宗教工作",
               "problems": "存在问题", "plans": "下一步计划"}


def section_id(key: str, title: str = "") -> str:
    """A section's identity across files: its data key; a 其他工作 section is known by its title."""
    return f"other:{text.strip_end(title).strip()}" if key == "other" else key


def section_kind(sid: str) -> str:
    """"other:群团工作" → "other"; a standard section's id is its kind."""
    return sid.split(":", 1)[0]


def short_name(sid: str) -> str:
    """The section as a reader names it: 民族工作, or a 其他工作 section's title."""
    return sid.split(":", 1)[1] if sid.startswith("other:") else SHORT_NAMES[sid]


@dataclass(frozen=True)
class Key:
    """What a figure counts: the section it belongs to, its 项目 and its 单位."""

    section: str
    label: str
    unit: str

    @classmethod
    def of(cls, section: str, stat: Stat) -> Key:
        return cls(section, text.strip_end(stat.label).strip(), stat.unit)


@dataclass(frozen=True)
class Figure:
    """A number, and whether it is approximate (约数): a sum with any approximate part is."""

    value: int
    approx: bool = False

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.value + other.value, self.approx or other.approx)

    def __str__(self) -> str:
        """As the report writes it: 12 → "12", 12 approximate → "10余"."""
        return text.about(self.value, self.approx)


Figures = dict[Key, Figure]


def sections(report: Report) -> Iterator[tuple[str, Section]]:
    """(section id, section) for every section written in the report, in report order."""
    for key, _, section in report.written_sections():
        yield (section_id(key, section.title or "") if key == "other" else key), section


def items(report: Report) -> Iterator[tuple[str, Any]]:
    """(section id, item) for every 工作事项 at every level, in report order."""

    def walk(sid: str, found: Iterable[Any]) -> Iterator[tuple[str, Any]]:
        for item in found:
            yield sid, item
            yield from walk(sid, item.items)

    for sid, section in sections(report):
        yield from walk(sid, section.items)


def stats(report: Report) -> Iterator[tuple[Key, Stat]]:
    """Every stat with its key: 概况 first, then the sections' 统计 in report order."""
    for stat in report.overview:
        yield Key.of(OVERVIEW, stat), stat
    for sid, item in items(report):
        for stat in item.stats:
            yield Key.of(sid, stat), stat


def of_report(report: Report) -> Figures:
    """The report's own figures: its stats added up per key, keys in order of first use."""
    return add(({key: Figure(stat.value, stat.approx)} for key, stat in stats(report)))


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
