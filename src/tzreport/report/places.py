"""The report walked once: every place of a report that holds 活动 and 统计 — a section, a 工作事项
at any level, a 要点 — and every figure (统计, its 其中, 概况), each with where it stands.

Every stage that looks at "each place" or "each figure" of a report walks it here: the
roll-up and 同比 (figures.py), the proofreader's data rules, the new-year file. So the order
is the report's own (sections as numbered, then within a section: itself, its 要点, its items
depth first, each followed by its 要点), and a place's path is the way to it in the data file,
in the Chinese keys the user writes: ("民族工作", "工作", 0, "工作", 1, "要点", 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tzreport import text
from tzreport.data import field_types
from tzreport.data.models import Event, Item, Item3, Item4, Point, Report, Section, Stat

# A path into the data file: Chinese keys and list indexes, as in ("思想引领", "统计", 1).
Loc = tuple[str | int, ...]
AnyItem = Item | Item3 | Item4
Holder = Section | AnyItem | Point

OVERVIEW = "overview"  # the section id of 概况, which counts as a section of its own


def section_id(key: str, title: str = "") -> str:
    """A section's identity across files: its data key; a 其他工作 section is known by its title."""
    return f"other:{text.strip_end(title).strip()}" if key == "other" else key


@dataclass(frozen=True)
class Place:
    """A place of a report that holds 活动 and 统计, and where it stands.

    section: the id of the section it is in ("ethnic", "other:群团工作"); key: that section's
    field name ("ethnic", "other"); path: the way to it in the data file; kind: a section, an
    item or a point; level: its heading's level (1 a section, 2–4 an item; a point has its
    holder's); holder: the model itself."""

    section: str
    key: str
    path: Loc
    kind: Literal["section", "item", "point"]
    level: int
    holder: Holder

    @property
    def events(self) -> list[Event]:
        return self.holder.events

    @property
    def stats(self) -> list[Stat]:
        return self.holder.stats


@dataclass(frozen=True)
class PlacedStat:
    """A figure of the report and where it stands: the section id (OVERVIEW for 概况), the path
    to the stat in the data file, the place holding it (None in 概况), and for a part (其中)
    the stat it is part of."""

    section: str
    path: Loc
    stat: Stat
    place: Place | None = None
    whole: Stat | None = None


def sections(report: Report) -> Iterator[Place]:
    """Each section written in the file (empty ones too), in report order."""
    for key, index, section in report.written_sections():
        name = field_types.key_of(Report, key)
        sid = section_id(key, section.title or "") if key == "other" else key
        yield Place(sid, key, (name,) if index is None else (name, index), "section", 1, section)


def below(place: Place) -> Iterator[Place]:
    """A place and every place inside it, in report order: its 要点, then its items depth
    first, each followed by its 要点."""
    yield place
    if place.kind == "point":
        return
    holder = place.holder
    assert not isinstance(holder, Point)
    for i, point in enumerate(holder.points):
        yield Place(place.section, place.key, (*place.path, "要点", i), "point", place.level, point)
    for i, item in enumerate(holder.items):
        yield from below(Place(place.section, place.key, (*place.path, "工作", i), "item", place.level + 1, item))


def places(report: Report) -> Iterator[Place]:
    """Every place of the report that holds 活动 and 统计, in report order."""
    for section in sections(report):
        yield from below(section)


def items(report: Report) -> Iterator[Place]:
    """Every 工作事项 at every level, in report order."""
    return (place for place in places(report) if place.kind == "item")


def events(report: Report) -> Iterator[tuple[Place, Event]]:
    """Every event of the report with the place that lists it, in report order."""
    for place in places(report):
        for event in place.events:
            yield place, event


def stats(report: Report) -> Iterator[PlacedStat]:
    """Every figure of the report with where it stands, in report order: 概况 first (the
    entries that hold a figure), then each place's 统计, each followed by its parts (其中)."""
    counted = {id(entry) for entry in report.counted_overview()}
    for i, entry in enumerate(report.overview):
        if id(entry) in counted:
            yield from _with_parts(entry, OVERVIEW, ("概况", i), None)
    for place in places(report):
        for i, stat in enumerate(place.stats):
            yield from _with_parts(stat, place.section, (*place.path, "统计", i), place)


def _with_parts(stat: Stat, section: str, path: Loc, place: Place | None) -> Iterator[PlacedStat]:
    yield PlacedStat(section, path, stat, place)
    for k, part in enumerate(stat.of):
        yield PlacedStat(section, (*path, "其中", k), part, place, stat)


def item_titles(report: Report) -> dict[Loc, str]:
    """The title of every 工作事项 of the report, by its path."""
    return {place.path: place.holder.title or "" for place in items(report)}  # type: ignore[union-attr]


def item_title(place: Place | None, titles: dict[Loc, str]) -> str:
    """The title of the innermost 工作事项 a place is in (a 要点's is its holder's); "" for a
    section itself and for 概况 (None). titles: item_titles of the report."""
    if place is None or place.kind == "section":
        return ""
    return titles.get(place.path if place.kind == "item" else place.path[:-2], "")
