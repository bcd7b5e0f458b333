"""Roll-up files (汇总): a 街道 or 区 report over its members' data files.

A file with 汇总 names its members by paths or globs relative to itself. Each member is loaded
and validated like any data file, and may itself be a roll-up (a 区 over its 街道). A roll-up's
figures are its own stats plus the sums of its members' figures per (section, 项目, 单位).

Members come in the order 汇总 names them; the files one glob matches come in path order. A
glob passes over the roll-up file itself and over YAML files that are not data files; a file
named twice counts once. Every member must be of the roll-up's 年度 and 期间, and no two
members may be the same 单位. A member's errors fail the roll-up; a member that leads back
to a file already on the way (a cycle) is an error naming the chain.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from tzreport.data import headers, loader, locate
from tzreport.data.models import Event, Report
from tzreport.errors import DataError, Diagnostic, os_reason
from tzreport.report import figures, places
from tzreport.report.figures import Figures

_GLOB = re.compile(r"[*?\[]")

# The word for a kind of member unit, told by the end of its name: 所辖4个社区, 各街道….
LEVELS = (("社区", "社区"), ("街道", "街道"), ("乡镇", "乡镇"), ("镇", "乡镇"), ("乡", "乡镇"),
          ("苏木", "苏木"), ("嘎查", "嘎查"), ("村", "村"))


class Reports:
    """Data files loaded once per build: one file is often a report, a member and a previous
    year at the same time."""

    def __init__(self, known: dict[Path, Report] | None = None, anywhere: bool = False) -> None:
        # known: files the caller has loaded already (build loads a file to lint it first)
        self._resolved: dict[Path, Path] = {}
        self._loaded: dict[Path, Report] = {self.resolved(p): r for p, r in (known or {}).items()}
        # anywhere (--allow-outside): 汇总 and 上年 may name files outside the folder of
        # the file naming them; without it a data file someone sends cannot make tzreport
        # read other files of this computer
        self.anywhere = anywhere

    def resolved(self, path: Path) -> Path:
        """The path resolved, once per file for these reports (a report is looked up as
        itself, a member and a previous year: each a handful of system calls)."""
        if path not in self._resolved:
            self._resolved[path] = path.resolve()
        return self._resolved[path]

    def known(self, path: Path, report: Report) -> None:
        """A file the caller has loaded already."""
        self._loaded[self.resolved(path)] = report

    def paths(self) -> list[Path]:
        """Every file loaded so far (the preview watches them)."""
        return list(self._loaded)

    def load(self, path: Path) -> Report:
        key = self.resolved(path)
        if key not in self._loaded:
            self._loaded[key] = loader.load(path)
        return self._loaded[key]


@dataclass(eq=False)
class Node:
    """A data file with its members (none for a plain file), each loaded and validated."""

    path: Path
    report: Report
    members: list[Node] = field(default_factory=list)

    @property
    def is_rollup(self) -> bool:
        return bool(self.report.rollup)

    @cached_property
    def own(self) -> Figures:
        """The figures of the stats written in this file."""
        return figures.of_report(self.report)

    @cached_property
    def totals(self) -> Figures:
        """Its own figures plus its members' totals; 概况 in the order this file writes it."""
        total = figures.add([self.own, *(m.totals for m in self.members)])
        written = [figures.Key.of(places.OVERVIEW, s, period=self.report.period) for s in self.report.overview]
        if not written:
            return total
        rank = {key: i for i, key in enumerate(written)}
        first = sorted((k for k in total if k in rank), key=rank.__getitem__)
        return {**{k: total[k] for k in first}, **{k: f for k, f in total.items() if k not in rank}}

    def descendants(self) -> list[Node]:
        """This file and every file below it, depth first, in member order."""
        return [self, *(d for m in self.members for d in m.descendants())]


def load_tree(path: Path, reports: Reports, chain: tuple[Path, ...] = ()) -> Node:
    """Load a data file and, for a roll-up, its members recursively. Raises DataError with
    every problem found, in this file and in its members' files."""
    node = Node(path, reports.load(path))
    if node.is_rollup:
        node.members = _members(node, reports, (*chain, path))
    return node


def _members(node: Node, reports: Reports, chain: tuple[Path, ...]) -> list[Node]:
    problems: list[Diagnostic] = []
    found: dict[Path, Node] = {}
    units: dict[str, Path] = {}
    for index, pattern in enumerate(node.report.rollup):

        def here(message: str, index: int = index) -> Diagnostic:
            return locate.diagnostic_at(node.path, "汇总", message, index)

        try:
            paths = expand(node.path, pattern, reports.anywhere)
        except LookupError as exc:
            problems.append(here(str(exc)))
            continue
        for path in paths:
            resolved = path.resolve()
            if resolved in found:
                continue
            on_the_way = [p.resolve() for p in chain]
            if resolved in on_the_way:
                loop = [*chain[on_the_way.index(resolved):], path]
                problems.append(here("循环汇总：" + " → ".join(str(p) for p in loop)))
                continue
            try:
                member = load_tree(path, reports, chain)
            except DataError as exc:
                problems.append(here(f"成员“{path}”有错误，本汇总无法生成"))
                problems += exc.diagnostics
                continue
            mismatch = _mismatch(node.report, member.report, path, units)
            if mismatch:
                problems.append(here(mismatch))
                continue
            units[member.report.unit] = path
            found[resolved] = member
    if problems:
        raise DataError(problems)
    return list(found.values())


def _mismatch(report: Report, member: Report, path: Path, units: dict[str, Path]) -> str:
    if member.year != report.year:
        return f"成员“{path}”是{member.year}年的数据，本文件是{report.year}年的"
    if member.period != report.period:
        return f"成员“{path}”的期间是“{member.period}”，本文件是“{report.period}”"
    if member.unit in units:
        return f"成员“{path}”与“{units[member.unit]}”的单位都是“{member.unit}”：一个单位只能汇总一次"
    return ""


MAX_MEMBERS = 1000  # members of one roll-up: a 区 has some hundreds of 社区
MAX_VISITED = 100_000  # files and folders a glob may look through
OUTSIDE = "在本文件所在的文件夹以外，出于安全考虑不读取；确需使用，请加 --allow-outside"


def inside(path: Path, folder: Path) -> bool:
    """Whether path, links followed, is in folder or below it."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def referenced(source: Path, written: str, anywhere: bool, what: str) -> Path:
    """The data file a 汇总 or 上年 entry names, relative to source: it must exist, be inside
    source's folder (unless anywhere) and be a data file, checked before it is read, so that
    no message ever quotes a file that is not one of ours. Raises LookupError saying which."""
    path = Path(os.path.normpath(os.path.join(source.parent, written)))
    shown = written if len(written) <= 60 else written[:60] + "……"
    if not anywhere and (Path(written).is_absolute() or not inside(path, source.parent)):
        raise LookupError(f"{what}“{shown}”{OUTSIDE}")
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except OSError as exc:  # a name too long for the system, a folder without permission
        raise LookupError(f"无法读取{what}“{shown}”：{os_reason(exc)}") from None
    if is_dir:
        raise LookupError(f"“{shown}”是文件夹：请写出其中的数据文件，如“{shown}/*.yaml”")
    if not is_file:
        raise LookupError(f"找不到{what}“{shown}”")
    if path.suffix.lower() not in headers.DATA_SUFFIXES or not headers.is_data_file(path):
        raise LookupError(f"{what}“{shown}”不是 tzreport 的数据文件（数据文件是顶格写有“单位:”的 .yaml 文件）")
    return path


def expand(rollup: Path, pattern: str, anywhere: bool = False) -> list[Path]:
    """The member files one 汇总 entry names, relative to the roll-up's folder. A plain path
    must exist; a glob must match at least one data file. Raises LookupError saying which.

    A glob is matched by walking the folder without following links to folders (a link
    `up -> ..` made ** go round for ever), and stops past MAX_VISITED entries."""
    if not _GLOB.search(pattern):
        return [referenced(rollup, pattern, anywhere, "成员文件")]
    if not anywhere and (Path(pattern).is_absolute() or ".." in Path(pattern).parts):
        raise LookupError(f"成员“{pattern}”{OUTSIDE}")
    itself = rollup.resolve()
    members = [
        m for m in _walk_glob(Path(os.path.normpath(os.path.join(rollup.parent, pattern))))
        if m.suffix.lower() in headers.DATA_SUFFIXES and m.is_file() and m.resolve() != itself
        and (anywhere or inside(m, rollup.parent)) and headers.is_data_file(m)
    ]
    if not members:
        raise LookupError(f"没有与“{pattern}”匹配的数据文件")
    if len(members) > MAX_MEMBERS:
        raise LookupError(f"“{pattern}”匹配了 {len(members)} 个数据文件，一个汇总最多 {MAX_MEMBERS} 个成员")
    return members


def _walk_glob(pattern: Path) -> list[Path]:
    """The files a glob pattern matches, in path order; ** is any number of folders."""
    parts = pattern.parts
    fixed = next((i for i, part in enumerate(parts) if _GLOB.search(part)), len(parts))
    base, rest = Path(*parts[:fixed]), [os.path.normcase(p) for p in parts[fixed:]]
    found: list[Path] = []
    visited = 0
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs.sort()
        visited += len(dirs) + len(files)
        if visited > MAX_VISITED:
            raise LookupError(f"“{pattern}”要查找的文件超过 {MAX_VISITED} 个，请写得更具体些")
        relative = [os.path.normcase(p) for p in Path(folder).relative_to(base).parts]
        found += [Path(folder, name) for name in files if _matches([*relative, os.path.normcase(name)], rest)]
    return sorted(found)


def _matches(names: list[str], pattern: list[str]) -> bool:
    if not pattern:
        return not names
    if pattern[0] == "**":
        return any(_matches(names[i:], pattern[1:]) for i in range(len(names) + 1))
    return bool(names) and fnmatch.fnmatchcase(names[0], pattern[0]) and _matches(names[1:], pattern[1:])


@dataclass(frozen=True)
class MemberEvent:
    """An event written in a member's file (at any depth), with the unit that held it."""

    unit: str
    section: str  # the section id (places.section_id)
    event: Event
    # the figure its own report folds it into: the first stat of the place holding it (an
    # item, a 要点, a section); None when that place has no stats
    counted: figures.Key | None = None


def events(node: Node) -> list[MemberEvent]:
    """Every event of every file below a roll-up, in member order."""
    return [
        MemberEvent(d.report.unit, place.section, event,
                    figures.Key.of(place.section, place.stats[0], period=d.report.period) if place.stats else None)
        for d in node.descendants()[1:]
        for place, event in places.events(d.report)
    ]


def member_word(node: Node) -> str:
    """What the members are: 社区, 街道, 乡镇 … when their names all say the same, else 单位."""
    words = {next((w for end, w in LEVELS if m.report.unit.endswith(end)), "单位") for m in node.members}
    return words.pop() if len(words) == 1 else "单位"

