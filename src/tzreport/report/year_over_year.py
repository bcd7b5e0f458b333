"""同比: a report's figures against the same unit's previous year.

The previous year's file is the one 上年 names (relative to the file), or else the data file
in the same folder whose 单位, 期间 and 类型 are the same and whose 年度 is one less. A roll-up
without such a file compares with the sum of its members' previous years, when every member
has one and the roll-up writes no stats of its own.

How a change is said (change()): an annual report compares with 比上年, a half-year report
with the same half of last year (同比). Only two exact figures of 100 or more get a percentage,
rounded to the nearest whole percent, halves up (12.5% → 13%; under half a percent
"比上年增长不足1%"), and only in a report whose every exact comparison is between such figures
(uses_percent): a report says its changes one way, and a small count reads better as a
difference ("比上年增加30次", not "增长100%"). An approximate figure (“200余”) on either side gives
only the direction ("比上年有所增加"), or "与上年基本持平" where the printed figures overlap. Equal
exact figures are "与上年持平". A figure that is new this year, or was 0 last year, gets no
comparison.

Which figures a report compares (chosen()): a native writer does not tag every figure. Each
chapter's paragraph and each 工作事项 says at most one comparison: its first figure whose change
says something (worth_saying: not ±1, not under a tenth, not 持平, not an overlap of
approximate figures that proves nothing). A figure's 同比 key overrides the rule: true says its
comparison whatever it is, false never.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from math import floor
from pathlib import Path

from tzreport.data import headers, locate
from tzreport.data.models import Report
from tzreport.errors import DataError
from tzreport.report import figures
from tzreport.report.figures import Figure, Figures, Key
from tzreport.report.rollup import Node, Reports, inside, load_tree, referenced

# Figures under this are compared by their difference (“比上年增加30次”): a percentage of a
# small count says more than the figures do (30 → 60 is “增长100%”).
SMALL = 100
# A change smaller than this share of last year's figure, or than this many, says nothing worth
# a clause (a 公文 reviewer: "比上年增加2次" on 2, "增加3次" on 25 are trivial to a reader).
_NOTABLE = Fraction(1, 5)
_LEAST = 3


def change(
    current: Figure, previous: Figure, unit: str = "次", period: str = "全年", percent: bool = True
) -> str | None:
    """How a figure compares with last year's, or None when there is nothing to compare with.

    An annual report says 比上年; a half-year report says 同比 (the same half of last year).
    A percentage only between two exact figures both of 100 or more, and only when `percent`
    (the report says its changes as percentages: uses_percent): “比上年增长13%”; otherwise
    exact figures by their difference: “比上年增加30次”; with 余 or 约数 on either side only the
    direction, and only where the printed figures prove it: “比上年有所增加”; “与上年基本持平”
    where they overlap (200余 against 200, 12 against 10余, 60余 against 60余)."""
    if previous.value == 0:
        return None
    than, same = ("比上年", "与上年") if period == "全年" else ("同比", "与上年同期")
    up = current.value > previous.value
    if current.approx or previous.approx:
        # only what the printed figures prove: 12 against “10余” (10 to 19) may be no change at
        # all, and “60余” against “60余” reads the same whatever the lower bounds behind them
        if _apart(current, previous):
            return f"{than}有所{'增加' if up else '减少'}"
        return f"{same}基本持平"
    if current.value == previous.value:
        return f"{same}持平"
    if not percent or current.value < SMALL or previous.value < SMALL:
        return f"{than}{'增加' if up else '减少'}{abs(current.value - previous.value)}{unit}"
    word = "增长" if up else "下降"
    ratio = floor(Fraction(abs(current.value - previous.value) * 100, previous.value) + Fraction(1, 2))
    return f"{than}{word}不足1%" if ratio == 0 else f"{than}{word}{ratio}%"


def _apart(current: Figure, previous: Figure) -> bool:
    """Whether the printed figures prove a change: the ranges they can mean do not overlap."""
    (now_low, now_high), (then_low, then_high) = current.span(), previous.span()
    return now_low > then_high or now_high < then_low


def worth_saying(current: Figure, previous: Figure) -> bool:
    """Whether a comparison tells the reader something, so that a report says it unasked: a
    change of at least three and at least a fifth of last year's figure (“比上年增加4场次” on 5), or
    a direction the printed figures prove (40余 against 30余: “比上年有所增加”).

    Not: a difference under three, or under a fifth (“4次，比上年增加2次”, “28次，比上年增加3次”); 持平 and 基本持平
    (“2次，与上年持平”, “200余人次，与上年基本持平”: the figures say it, and a summary reports what
    changed); approximate figures whose printed ranges overlap (12 against 10余, 36 against
    30余: nothing is proved either way). The data asks for any of these with 同比: true."""
    if previous.value == 0:
        return False
    if current.approx or previous.approx:
        return _apart(current, previous)
    difference = abs(current.value - previous.value)
    return difference >= _LEAST and Fraction(difference, previous.value) >= _NOTABLE


def uses_percent(pairs: Iterable[tuple[Figure, Figure]]) -> bool:
    """Whether a report says its changes as percentages: only when every pair of exact figures
    it compares is of figures of 100 or more. One small count makes every change a difference
    (“参与群众350人次，比上年增加70人次” beside “开展活动9次，比上年增加2次”), never a lone “增长25%”
    among differences. Approximate figures get neither, and do not decide."""
    return all(
        now.value >= SMALL and then.value >= SMALL
        for now, then in pairs if not now.approx and not then.approx and then.value
    )


class Previous:
    """The previous year of each report of one build, found, loaded and added up once."""

    def __init__(self, reports: Reports) -> None:
        self.reports = reports
        self._nodes: dict[Path, Node | None] = {}
        self._figures: dict[Path, Figures | None] = {}
    def node(self, node: Node) -> Node | None:
        """The previous year's file of a report, loaded (with its own members, for a roll-up)."""
        key = self.reports.resolved(node.path)
        if key not in self._nodes:
            self._nodes[key] = self._load(node)
        return self._nodes[key]

    def figures(self, node: Node) -> Figures | None:
        """The figures this report's figures are compared with, or None when there are none."""
        key = self.reports.resolved(node.path)
        if key not in self._figures:
            self._figures[key] = self._figures_of(node)
        return self._figures[key]

    def contributors(self, node: Node) -> dict[Key, frozenset[str]] | None:
        """The units that added to each of a roll-up's sums last year: the previous roll-up
        file's, or (without one) the members' previous files'; None when there is no previous
        year."""
        before = self.node(node)
        if before is not None:
            return contributors(before)
        if self.figures(node) is None:
            return None
        found: dict[Key, set[str]] = {}
        for member in node.members:
            for key in self.figures(member) or {}:
                found.setdefault(key, set()).add(member.report.unit)
        return {key: frozenset(units) for key, units in found.items()}

    def _figures_of(self, node: Node) -> Figures | None:
        previous = self.node(node)
        if previous is not None:
            return previous.totals
        if not node.members or node.own:
            return None
        parts = [self.figures(m) for m in node.members]
        if any(p is None for p in parts):
            return None
        return figures.add(p for p in parts if p is not None)

    def _load(self, node: Node) -> Node | None:
        report, path = node.report, node.path
        if report.previous:
            try:
                found = referenced(path, report.previous, self.reports.anywhere, "上年的数据文件")
            except LookupError as exc:
                raise DataError([locate.diagnostic_at(path, "上年", str(exc))]) from None
            previous = self._tree(node, found)
            wrong = _mismatch(report, previous.report, found)
            if wrong:
                raise DataError([locate.diagnostic_at(path, "上年", wrong)])
            return previous
        candidates = self._previous_beside(path, report)
        loaded = [self._tree(node, p) for p in candidates]
        matching = [n for n in loaded if _is_previous(report, _header(n.report))]
        if len(matching) > 1:
            names = "、".join(f"“{n.path.name}”" for n in matching)
            message = f"同一文件夹中有{len(matching)}个上年的数据文件：{names}；请用“上年”写明用哪一个"
            raise DataError([locate.diagnostic_at(path, "年度", message)])
        return matching[0] if matching else None

    def _tree(self, node: Node, path: Path) -> Node:
        try:
            return load_tree(path, self.reports)
        except DataError as exc:
            field = "上年" if node.report.previous else "年度"
            note = locate.diagnostic_at(node.path, field, f"上年的数据文件“{path}”有错误，无法写同比")
            raise DataError([note, *exc.diagnostics]) from None

    def _previous_beside(self, path: Path, report: Report) -> list[Path]:
        """The files beside this one that state the report's previous year at the top."""
        folder = path.parent
        itself = _identity(os.stat(path))
        wanted = (report.unit, report.year - 1, report.period, report.kind)
        return [p for p, identity, within in _by_header(folder, folder.stat().st_mtime_ns).get(wanted, ())
                if identity != itself and (self.reports.anywhere or within)]


def contributors(node: Node) -> dict[Key, frozenset[str]]:
    """The units that added to each of a roll-up's sums: members by their 单位, the roll-up
    itself by its own. A sum is compared with last year's only when the same units added to
    it both years (the prose's 比上年, the 附表's brackets): a member whose file this year or
    last leaves the figure out (a 民族工作 special in place of its 统战 report) would read as the
    街道's work going up or down."""
    found: dict[Key, set[str]] = {}
    for unit, own in [(node.report.unit, node.own), *((m.report.unit, m.totals) for m in node.members)]:
        for key in own:
            found.setdefault(key, set()).add(unit)
    return {key: frozenset(units) for key, units in found.items()}


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_dev, stat.st_ino


@functools.lru_cache(maxsize=64)
def _headers(
    folder: Path, stamp: int
) -> tuple[tuple[Path, headers.Header, tuple[int, int], bool], ...]:
    """The data files of a folder with what they state at the top, read once per process for
    all the reports of a folder build (stamp: the folder's modification time, which changes
    when a file is added or removed). Each file comes with its identity (device, inode), which
    tells a report's own file from the others without resolving every path: check looks at
    every file beside the one it checks, and resolving them cost more than reading them. And
    whether it is inside the folder: only a link can lead out, so only links are resolved
    (once per folder, not once per report: a folder build of 500 took 30 s that way)."""
    device = folder.stat().st_dev
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    found = []
    for entry in entries:
        if entry.name.lower().endswith(headers.DATA_SUFFIXES) and entry.is_file():
            path = Path(entry.path)
            header = headers.header(path)
            if header is not None:
                # a link is known by the file it leads to; a plain file by its directory entry
                link = entry.is_symlink()
                identity = _identity(entry.stat()) if link else (device, entry.inode())
                found.append((path, header, identity, not link or inside(path, folder)))
    return tuple(found)


@functools.lru_cache(maxsize=64)
def _by_header(
    folder: Path, stamp: int
) -> dict[tuple[str, int | None, str, str], list[tuple[Path, tuple[int, int], bool]]]:
    """The data files of a folder (_headers) by what they state at the top: each report of a
    folder build finds its previous year's candidates at once instead of looking through all
    of them (a folder of 500 looked at 250 000 headers)."""
    found: dict[tuple[str, int | None, str, str], list[tuple[Path, tuple[int, int], bool]]] = {}
    for path, header, identity, within in _headers(folder, stamp):
        key = (header.unit, header.year, header.period, header.kind)
        found.setdefault(key, []).append((path, identity, within))
    return found


def _header(report: Report) -> headers.Header:
    return headers.Header(report.unit, report.year, report.period, report.kind)


def _is_previous(report: Report, header: headers.Header) -> bool:
    return (header.unit, header.year, header.period, header.kind) == (
        report.unit, report.year - 1, report.period, report.kind
    )


def _mismatch(report: Report, previous: Report, path: Path) -> str:
    if previous.year != report.year - 1:
        return f"上年的数据文件“{path}”是{previous.year}年的，应为{report.year - 1}年的"
    if previous.period != report.period:
        return f"上年的数据文件“{path}”的期间是“{previous.period}”，应与本文件相同（“{report.period}”）"
    return ""


def changes(
    current: Figures, previous: Figures | None, period: str = "全年", keys: Iterable[figures.Key] | None = None
) -> dict[figures.Key, str]:
    """The 同比 wording of every figure that has a previous one to compare with (see change),
    all said one way (uses_percent); keys: only these figures (default: all)."""
    if previous is None:
        return {}
    wanted = [k for k in (current if keys is None else keys) if k in current and k in previous]
    percent = uses_percent((current[k], previous[k]) for k in wanted)
    found = {}
    for key in wanted:
        said = change(current[key], previous[key], key.unit, period, percent)
        if said is not None:
            found[key] = said
    return found


def chosen(
    groups: Iterable[Sequence[figures.Key]], current: Figures, previous: Figures,
    asked: Mapping[figures.Key, bool],
) -> set[figures.Key]:
    """The figures a report compares, among those it may (each group: the figures of one
    chapter's paragraph or one 工作事项, in print order). A figure the data asks for (同比: true)
    is said; in a group with none asked for, its first figure that is worth saying, unless the
    data says no (同比: false). A part (其中) is compared only when asked for."""
    found = set()
    for group in groups:
        keys = [k for k in group if k in current and k in previous]
        wanted = [k for k in keys if asked.get(k) is True]
        if not wanted:
            wanted = [k for k in keys if asked.get(k) is None and not k.part_of
                      and worth_saying(current[k], previous[k])][:1]
        found.update(wanted)
    return found
