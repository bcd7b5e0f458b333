"""What a report's templates are told beyond its own file: the 同比 of its figures, and for a
roll-up its members' sums, their events and the 附表.

gather() loads a data file with everything it depends on (members, previous years), validating
all of them, and returns the report with these template variables:
  overview  the 概况 stats to state (a roll-up's added up over its members)
  sections  the numbered sections; a roll-up's include those only its members write in
  changes   the figure's Key (section, 项目, 单位) → "比上年增长13%" … for each figure that gets
            one; the render finds the stats it prints by their keys (printed_changes), so a copy
            of the report keeps its 同比
  rollup    None, or a RollupView (members, events, section sums, the 附表)

Which stats may get a 同比: in a plain report, each stat whose (section, 项目, 单位) appears once
in the file (where it appears several times, no one of them is the figure compared); in a
roll-up, the section sums. 概况 gets none: it states how things are, not work done. Which of
them the prose says: at most one in each chapter's paragraph and each 工作事项, the first worth
saying, or those the data asks for (year_over_year.chosen); the 统计表 lists them all.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tzreport.data.models import Event, ExtraSection, OverviewStat, Report, Section, Stat
from tzreport.report import figures, outline, places, year_over_year
from tzreport.report.figures import Figures, Key
from tzreport.report.outline import NumberedSection
from tzreport.report.rollup import (
    MemberEvent,
    Node,
    Reports,
    events,
    load_tree,
    member_word,
)

if TYPE_CHECKING:  # a roll-up's annex table: laid out, and its module imported, for roll-ups only
    from tzreport.report import annex_table

# How many members a roll-up's sums sentence names, when not all of them added to a figure; a
# longer list of names is no longer read: “所辖40个社区中的36个”.
_NAMED = 5
# The word a roll-up calls itself by when it says its own part of a sum (其中，街道本级……).
_SELF_WORDS = ("街道", "社区", "乡镇", "镇", "乡", "苏木", "嘎查", "村", "区", "县", "旗", "市")
# 概况 states how things are, and plans are targets: neither is compared with last year.
_NO_CHANGE = frozenset({places.OVERVIEW, "plans"})


@dataclass(frozen=True)
class Clause:
    """Sums said in one clause: the events go with the first of them, the figure they are
    counted in (“开展甲、乙等载体活动36场次，参与群众1100余人次”)."""

    events: list[Event]
    stats: list[Stat]


@dataclass(frozen=True)
class Group:
    """Sums of a roll-up's section that the same units contributed to, and who they are:
    “新城街道所辖4个社区”, “河畔花园社区、希望新城社区”; in clauses, each named event with the
    sum that counts it in its member's file."""

    who: str
    stats: list[Stat]
    events: list[Event]  # the named events of this group's sums (the section's most attended)
    summed: bool  # more than one unit added to these figures
    clauses: list[Clause] = field(default_factory=list)
    basis: str = ""  # the 口径 its figures count by (Key.basis: "" for this period's work), said before who


@dataclass(frozen=True)
class Gathered:
    """A report and the extra variables its templates get; the file with its members, and
    their previous years, for what lays the figures out as tables (report/stat_book)."""

    report: Report
    extra: dict[str, Any]
    node: Node | None = None
    previous: year_over_year.Previous | None = None


def gather(
    path: Path, report: Report | None = None, reports: Reports | None = None, anywhere: bool = False
) -> Gathered:
    """Load and validate a data file with its members and previous years. Raises DataError.
    report: the file's own report, when the caller has loaded it already; reports: where the
    files are loaded (afterwards it names every file the report depends on). anywhere: 汇总 and
    上年 may name files outside the file's folder (--allow-outside)."""
    if reports is None:
        reports = Reports(anywhere=anywhere)
    if report is not None:
        reports.known(path, report)
    node = load_tree(path, reports)
    previous = year_over_year.Previous(reports)
    changes = said_changes(node, previous)
    if not node.is_rollup:
        return Gathered(node.report, {"changes": changes}, node, previous)
    from tzreport.report import annex_table

    view = RollupView(node, annex_table.table(node, previous))
    return Gathered(node.report, {
        "changes": changes,
        "rollup": view,
        "overview": [s for k, s in view.stats.items() if k.section == places.OVERVIEW and not k.part_of],
        "sections": view.sections,
    }, node, previous)


def said_changes(node: Node, previous: year_over_year.Previous) -> dict[Key, str]:
    """The 同比 a report says, by figure: at most one in each chapter's paragraph and each
    工作事项, or where the data asks (year_over_year.chosen); never of 概况 or plans."""
    before = previous.figures(node)
    if before is None:  # no previous year (most reports): nothing to compare, nothing to add up
        return {}
    compared = compared_changes(node, previous)
    if not compared:
        return {}
    asked = {key: stat.compare for key, stat in figures.stats(node.report) if stat.compare is not None}
    said = year_over_year.chosen(_groups(node, compared), node.totals, before, asked)
    return {key: wording for key, wording in compared.items() if key in said}


def compared_changes(node: Node, previous: year_over_year.Previous) -> dict[Key, str]:
    """The 同比 of every figure that can be compared, said as the report would say it: what the
    统计表 lists beside last year's figures. In a plain report, of each stat whose key appears
    once in the file; in a roll-up, of the sums; never of 概况 or plans."""
    current = node.totals
    if node.is_rollup:
        now, then = year_over_year.contributors(node), previous.contributors(node)
        # a sum is compared only when the same units added to it both years: a member whose
        # file this year or last leaves the figure out (a 民族工作 special in place of its
        # 统战 report) would read as the 街道's work going up or down
        keys = [key for key in current
                if key.section not in _NO_CHANGE and then is not None and now[key] == then.get(key)]
    else:
        counted = figures.occurrences(node.report)
        keys = [key for key in current if key.section not in _NO_CHANGE and counted[key] == 1]
    return year_over_year.changes(current, previous.figures(node), node.report.period, keys)


def _groups(node: Node, keys: Mapping[Key, str]) -> list[list[Key]]:
    """The figures that share one comparison at most, in print order: a roll-up's sums by
    chapter (its sums sentence); a plain report's figures, and a roll-up's that only its own
    file adds to, by the chapter paragraph or 工作事项 that says them (a 要点's figures belong to
    its holder's)."""
    groups: dict[object, list[Key]] = {}
    own = set()
    if node.is_rollup:
        # a sum only the roll-up's own file adds to is said by its own sentence, not the sums'
        own = {key for key in node.own if not any(key in m.totals for m in node.members)}
        for key in keys:
            if key not in own:
                groups.setdefault(key.section, []).append(key)
    for found in places.stats(node.report):
        if found.place is None:
            continue
        key = Key.placed(found, node.report.period)
        if key in keys and (key in own or not node.is_rollup):
            path = found.place.path[:-2] if found.place.kind == "point" else found.place.path
            groups.setdefault(path, []).append(key)
    return list(groups.values())


def printed_changes(report: Report, rollup: RollupView | None, changes: Mapping[Key, str]) -> dict[int, str]:
    """The 同比 wording of each stat object a render prints, by the object (the filters are
    handed stats, not keys): a plain report's own stats, a roll-up's sums, each found by its
    key. Made when the render starts, from the very objects it renders: a report copied after
    gather() keeps its 同比."""
    if not changes:  # no 同比 to print (no previous year): the report is not walked for it
        return {}
    if rollup is None:
        return {id(stat): changes[key] for key, stat in figures.stats(report) if key in changes}
    found = {id(stat): changes[key] for key, stat in rollup.stats.items() if key in changes}
    # a sum only the roll-up's own file adds to is said once, by its own stat: the 同比 goes there
    alone = rollup.only_own()
    counted = figures.occurrences(report)
    found.update({id(stat): changes[key] for key, stat in figures.stats(report)
                  if key in alone and key in changes and counted[key] == 1})
    return found


class RollupView:
    """A roll-up as its templates see it."""

    def __init__(self, node: Node, table: annex_table.Table) -> None:
        report = node.report
        self.unit = report.unit
        self.members: list[Report] = [m.report for m in node.members]
        self.word = member_word(node)  # 社区, 街道 …: 所辖4个社区
        self.events: list[MemberEvent] = events(node)
        self.table = table
        self.table_title = table.title
        # The sums as stat objects, so that templates print them like any stat.
        self.stats: dict[Key, Stat] = {
            # the figure as typed goes in as text, so that it is printed so; a sum by the
            # 约数 rule, as Figure prints it (10余 + 27 → 30余)
            key: (OverviewStat if key.section == places.OVERVIEW else Stat).model_validate(
                {"项目": key.label, "数量": f.written or f.value,
                 "单位": key.unit, "约数": f.approx}
            )
            for key, f in node.totals.items()
        }
        for key, stat in self.stats.items():  # a part's sum goes back under its whole's (其中)
            if key.part_of:
                whole = next((s for k, s in self.stats.items() if k.section == key.section
                              and k.label == key.part_of and not k.part_of and k.basis == key.basis), None)
                if whole is not None:
                    whole.of.append(stat)
        # who added to each sum: the members (by index) and whether the roll-up's own file did
        self._by: dict[Key, tuple[frozenset[int], bool]] = {
            key: (frozenset(i for i, m in enumerate(node.members) if key in m.totals), key in node.own)
            for key in node.totals
        }
        self._units = [{d.report.unit for d in m.descendants()} for m in node.members]
        self._period = report.period
        self._self_word = next((end for end in _SELF_WORDS if report.unit.endswith(end)), report.unit)
        from_members = figures.add(m.totals for m in node.members)
        self._summed = {k.section for k in from_members} - {places.OVERVIEW}
        self._own = {k.section for k in node.own}
        self.sections = _sections(report, from_members)
        self._lead = _lead_section(self.sections, self._summed, {s.number for s in self.sections if self.own_part(s)})

    def totals(self, section: NumberedSection) -> list[Stat]:
        """The sums of a section (its own stats plus its members'), or none when no member
        writes a stat in it."""
        sid = places.section_id(section.key, section.title)
        if sid not in self._summed:
            return []
        return [s for k, s in self.stats.items() if k.section == sid and not k.part_of]

    def scope(self, section: NumberedSection) -> str:
        """Whose work a section's sums count: “新城街道所辖4个社区”, or “新城街道及所辖4个社区”
        when the roll-up adds stats of its own. Said of every member: groups() says who added
        to each sum."""
        also = "及" if places.section_id(section.key, section.title) in self._own else ""
        return f"{self.unit}{also}所辖{len(self.members)}个{self.word}"

    def takes_lead(self, section: NumberedSection) -> bool:
        """Whether a section's sums open with the report's period (“全年，新城街道所辖4个社区……”).
        One section a report says it, not every one: the first whose paragraph opens with its
        sums, or the first with sums when every such paragraph opens with text of its own."""
        return section.number == self._lead

    def groups(self, section: NumberedSection, names: int = 3) -> list[Group]:
        """A section's sums grouped by who added to them, the widest group first, each group
        saying who: all the members (“所辖4个社区”), those that added by name, or how many of
        them (“所辖40个社区中的36个”); the roll-up itself with “及”. The section's `names` most
        attended events are named, each with the sum that counts it in its member's file (not
        with the first sum of the section). A sum only the roll-up's own file writes is left
        out: its own sentence says it already. None when no member writes a stat there."""
        sid = places.section_id(section.key, section.title)
        if sid not in self._summed:
            return []
        grouped = self._grouped(sid)
        printed = {key for pairs in grouped.values() for key, _ in pairs}
        chosen = [e for e in self.most_attended(len(self.events), section) if e.counted in printed][:names]
        # this period's work first, the widest group first; then each stock (截至目前 …) apart,
        # never in the same sentence as the work: its basis opens its own
        order = sorted(grouped, key=lambda g: (bool(g[2]), -len(g[0]), not g[1]))
        said_before = [members for s in self.sections if s.number < section.number
                       for members, _, _ in self._grouped(places.section_id(s.key, s.title))]
        found = []
        for members, own, basis in order:
            clauses: list[Clause] = []
            for key, stat in grouped[(members, own, basis)]:
                named = [e.event for e in chosen if e.counted == key]
                if named or not clauses:
                    clauses.append(Clause(named, [stat]))
                else:
                    clauses[-1].stats.append(stat)
            found.append(Group(
                self._who(members, own, said_before), [stat for _, stat in grouped[(members, own, basis)]],
                [e for c in clauses for e in c.events], len(members) + own > 1, clauses, basis,
            ))
        return found

    def own_part(self, section: NumberedSection) -> str:
        """The words before the roll-up's own figures of a section, said after its sums when part
        of them: “其中，街道本级” (the whole before its part), “街道本级” when some are its own
        alone; "" when none is part of a sum (its own sentence then comes first)."""
        sid = places.section_id(section.key, section.title)
        keys = [Key.of(sid, stat, period=self._period) for stat in section.section.stats if not stat.in_text]
        alone = self.only_own()
        parts = [key for key in keys if key in self._by and key not in alone]
        if not parts:
            return ""
        return f"{'其中，' if len(parts) == len(keys) else ''}{self._self_word}本级"

    def _grouped(self, sid: str) -> dict[tuple[frozenset[int], bool, str], list[tuple[Key, Stat]]]:
        """A section's sums that members added to, by who added to them (the members by index,
        and whether the roll-up's own file did) and by the 口径 they count by, in order of
        first appearance."""
        grouped: dict[tuple[frozenset[int], bool, str], list[tuple[Key, Stat]]] = {}
        if sid not in self._summed:
            return grouped
        for key, stat in self.stats.items():
            if key.section == sid and not key.part_of and self._by[key][0]:
                grouped.setdefault((*self._by[key], key.basis), []).append((key, stat))
        return grouped

    def only_own(self) -> set[Key]:
        """The sums only the roll-up's own file adds to: its own sentences say them."""
        return {key for key, (members, own) in self._by.items() if own and not members}

    def _who(self, members: frozenset[int], own: bool, said_before: Sequence[frozenset[int]] = ()) -> str:
        """The subject of the sums these units added to: all the members (“所辖4个社区”), those
        that added by name (up to _NAMED: in a 街道 of up to six members, all but one), or
        beyond that how many (“新城街道所辖40个社区中的36个”). Never “其中3个社区”: 其中 says a
        part of the figure before it, and these are figures of their own.

        Said once (DESIGN §3, a roll-up says who): once the report has said all its members,
        a later sum of all of them is “各社区”; once it has named a few, a later sum of the same
        few is “上述3个社区” (when no other as many were named before it), or when they are all but
        one, “除京汉新城社区外的4个社区”. said_before: the
        member sets of the sums said in the sections before this one."""
        if not members:
            return self.unit
        also = f"{self.unit}及" if own else ""
        every = f"{self.unit}{'及' if own else ''}所辖{len(self.members)}个{self.word}"
        if len(members) == len(self.members):
            return f"{also}各{self.word}" if members in said_before else every
        if len(members) <= _NAMED:
            named = {m for m in said_before if 1 < len(m) <= _NAMED and len(m) < len(self.members)}
            if len(members) > 1 and members in named and not any(len(m) == len(members) for m in named - {members}):
                if len(members) == len(self.members) - 1 >= 3:
                    # all but one: who is left out says who is meant in any chapter (“上述4个社区”
                    # chapters after the names left a 公文 reviewer asking which four)
                    (left_out,) = set(range(len(self.members))) - members
                    return f"{also}除{self.members[left_out].unit}外的{len(members)}个{self.word}"
                return f"{also}上述{len(members)}个{self.word}"
            return also + "、".join(self.members[i].unit for i in sorted(members))
        return f"{every}中的{len(members)}个"

    def most_attended(self, count: int = 3, section: NumberedSection | None = None) -> list[MemberEvent]:
        """The members' events with the most 人数 (those without 人数 last, in member order),
        optionally of one section; each name once."""
        sid = None if section is None else places.section_id(section.key, section.title)
        chosen = [e for e in self.events if sid is None or e.section == sid]
        chosen.sort(key=lambda e: -(e.event.people or -1))
        names: dict[str, MemberEvent] = {}
        for e in chosen:
            names.setdefault(e.event.name, e)
        return list(names.values())[:count]


def _opens_with_sums(section: Section, after: bool = False) -> bool:
    """A section whose paragraph opens with its sums: nothing of its own is said before them (no
    内容, 要点, 活动 or 统计; after: its 活动 and 统计 follow the sums as their part, own_part)."""
    own = not section.events and not section.stats
    return not (section.text or "").strip() and not section.points and (after or own)


def _lead_section(sections: list[NumberedSection], summed: set[str], after: Collection[int] = ()) -> int | None:
    """The number of the section whose sums say the period (see RollupView.takes_lead); None
    when no section but 下一步计划 has sums (a plan's counts are targets, never 全年)."""
    with_sums = [s for s in sections
                 if s.key != "plans" and places.section_id(s.key, s.title) in summed]
    opening = [s for s in with_sums if _opens_with_sums(s.section, s.number in after)]
    chosen = (opening or with_sums)[:1]
    return chosen[0].number if chosen else None


def _sections(report: Report, from_members: Figures) -> list[NumberedSection]:
    """The roll-up's sections, plus an empty one for each section only its members write
    stats in, so that every sum has its place; numbered without gaps."""
    found = [(places.section_id(s.key, s.title), s) for s in outline.sections(report)]
    present = {sid for sid, _ in found}
    for key in from_members:
        sid = key.section
        if sid in present or sid == places.OVERVIEW:
            continue
        present.add(sid)
        kind = figures.section_kind(sid)
        if kind == "other":
            title = figures.short_name(sid)
            found.append((sid, NumberedSection(0, kind, title, ExtraSection(title=title))))
        else:
            own = getattr(report, kind)
            title = own.title if own is not None and own.title else report.default_section_title(kind)
            found.append((sid, NumberedSection(0, kind, title, Section())))
    found.sort(key=lambda f: figures.SECTION_RANK[figures.section_kind(f[0])])
    return [NumberedSection(n, s.key, s.title, s.section) for n, (_, s) in enumerate(found, 1)]
