"""The wording of a report's facts: figures, counts with their 其中 and their basis, lists of
event names, the count folded into the clause of the events it counts, and 要点 with their own
counts inside them.

Pure functions over the models, used by the templates as filters. Text comes back unescaped;
the filters escape it for Markdown.

How the seeds say a count, and so how these functions do:
- the events and their count are one clause, the verb once: “开展甲、乙等载体活动12次” (the 项目
  “开展载体活动” lends its noun to the “等…”); a count of another verb or kind stays a clause of
  its own: “开展甲、乙等活动，组织共建单位开展……10次”;
- the period lead (全年共计…) is rare: only a count that sums different kinds (各项/各类) standing
  on its own gets it, and only the first such count of a chapter (see period_leads);
- a figure's own basis (口径: 截至目前, 累计 …) is said before it, once for a run of counts that
  share it: “截至目前，设置宣传图板12个，张贴宣传画10余份”;
- in 下一步计划 the counts are targets: “计划开展各类学习活动40场次”, no 共计, no past;
- a count the text already states word for word (文中已写) is not said again: it is there for
  the roll-up's sums and 附表 (the text is checked to hold it: lint's TZ408).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

from tzreport import text
from tzreport.data.models import Event, Point, Section, Stat
from tzreport.report.figures import SHARE_UNITS

# The lead of a count sentence in 下一步计划: a target, never a result (no 共计, no past).
PLAN = "计划"
# The verb of an events clause; a stat whose 项目 starts with one of FOLD_VERBS lends it its
# verb and noun when its count folds into the clause (举办“……”等活动40余场次).
VERB = "开展"
FOLD_VERBS = ("开展", "举办")
# Units that count how often something was held: a 项目 in one of them can be the events' count.
EVENT_UNITS = frozenset({"次", "场", "场次", "期", "项", "轮", "批", "批次", "回", "届"})
# A 项目 that sums different kinds of work: the only count that may take a period lead.
_SUMS_KINDS = re.compile(r"各[项类种]|多种|多项")
# Bases said glued to the count (“累计开展……”, “全年共计开展……”); any other takes a comma
# (“截至目前，设置……”, “上半年，组织……”).
_GLUED_BASES = ("累计", "共计", "共", "合计", "总计")


def shown(stats: Iterable[Stat]) -> list[Stat]:
    """The stats a report prints: not those its text states already (文中已写)."""
    return [s for s in stats if not s.in_text]


def figure(stat: Stat) -> str:
    """A stat's number as the report prints it: as typed (150余, 1.2万余), or by the 约数 rule."""
    return stat.printed


def basis_lead(basis: str | None) -> str:
    """A stat's 口径 as it stands before its count: “截至目前，”, “累计”, “全年共计”; "" for none."""
    basis = (basis or "").strip()
    if not basis or basis.endswith(("，", "、", "：")) or basis.endswith(_GLUED_BASES):
        return basis
    return basis + "，"


def sums_kinds(stat: Stat) -> bool:
    """A count of different kinds of work (开展各项活动, 开展各类学习活动), not of one kind."""
    return bool(_SUMS_KINDS.search(stat.label))


def count(stat: Stat, changes: Mapping[int, str] | None = None, head: str | None = None) -> str:
    """“{项目}{数量}{单位}”, its 同比 and its 其中: 收集意见建议52条，其中被采纳17条.
    head: what stands instead of the 项目 (the events clause the count folds into)."""
    label = text.strip_end(stat.label) if head is None else head
    said = f"{label}{stat.printed}{stat.unit}"
    if changes and id(stat) in changes:
        said += f"，{changes[id(stat)]}"
    if parts := shown(stat.of):
        said += "，其中" + "、".join(count(part, changes) for part in parts)
    return said


def counts(
    stats: Sequence[Stat], changes: Mapping[int, str] | None = None, head: str | None = None,
    basis: bool = True, mark: str | None = None,
) -> str:
    """Stats joined into one clause by “，”; by “；” when a part before the last has a comma of
    its own (a 同比 or a 其中), so that the reader sees where each figure ends (the last one's
    comma ends nothing another figure follows: “……9场次，参与群众350人次，比上年增加70人次”). A
    stat's 口径 is said before it, once for a run of stats with the same one. head: the first
    stat's words instead of its 项目. mark: the mark of the whole sentence these stats are part
    of (joint), when figures said after them decide it."""
    changes = changes or {}
    stats = shown(stats)
    said = []
    before = None
    for n, stat in enumerate(stats):
        lead = basis_lead(stat.basis) if basis and stat.basis != before else ""
        before = stat.basis
        said.append(lead + count(stat, changes, head if n == 0 else None))
    return (mark or joint(stats, changes)).join(said)


def joint(stats: Sequence[Stat], changes: Mapping[int, str] | None) -> str:
    """The mark between the figures of one sentence: “；” when a figure followed by another has
    a comma of its own (a 同比 or a 其中 it prints), else “，”. Decided once for the whole sentence, so
    that its figures are never joined by both (“甲27次，乙14次，比上年增加3次；丙110余处”
    would leave the reader to guess where 甲's clause ends)."""
    return "；" if any(id(s) in (changes or {}) or shown(s.of) for s in stats[:-1]) else "，"


def wholly_quoted(name: str) -> bool:
    """“石榴籽” or 《条例》 alone: a name all inside one pair of quotes or book-title marks."""
    name = name.strip()
    return len(name) > 2 and (
        (name[0] == "“" and name[-1] == "”" and "”" not in name[1:-1])
        or (name[0] == "《" and name[-1] == "》" and "》" not in name[1:-1])
    )


def join_names(names: Iterable[str]) -> str:
    """Names joined by the 顿号, except between two names each wholly in quotes or in book-title
    marks (GB/T 15834-2011 4.5.3.5): “石榴籽心连心”“感恩奋进跟党走”、民族政策知识竞赛."""
    out = ""
    previous = ""
    for name in (n.strip() for n in names):
        if not name:
            continue
        if out:
            out += "" if wholly_quoted(previous) and wholly_quoted(name) else "、"
        out += name
        previous = name
    return out


def event_name(event: Event) -> str:
    """An event as listed: its name, with its 次数 when given (民族政策知识竞赛2次)."""
    return f"{event.name.strip()}{event.times}次" if event.times else event.name.strip()


def held(events: Sequence[Event]) -> int:
    """How many times the events were held: each once, or its 次数."""
    return sum(e.times or 1 for e in events)


def derived_count(events: Sequence[Event]) -> str:
    """What a list of events adds up to, when the user gave no stats for them."""
    people = [e.people for e in events if e.people is not None]
    if any(e.times for e in events):  # each name says its own count already
        said = ""
    else:
        said = "" if len(events) == 1 else f"{held(events)}次"
    if people:
        said += f"，参与群众{sum(people)}人次"
    return said


def folded(stat: Stat) -> tuple[str, str] | None:
    """The verb and noun a stat lends to the events clause it counts: “开展载体活动” →
    (开展, 载体活动); None when its 项目 has another verb, lists kinds of its own (…等工作), or
    does not count how often something was held (参与群众…人次, 发放…份)."""
    label = text.strip_end(stat.label).strip()
    verb = next((v for v in FOLD_VERBS if label.startswith(v)), None)
    if verb is None or stat.unit not in EVENT_UNITS:
        return None
    noun = label[len(verb):].strip()
    if not noun or "等" in noun or "、" in noun or noun.startswith(("了", "过")):
        return None
    return verb, noun


def _led(stats: Sequence[Stat], lead: str, leads: Collection[int] | None) -> bool:
    """Whether a count clause standing on its own takes the period's lead (全年共计…)."""
    first = stats[0]
    return bool(lead) and lead != PLAN and leads is not None and id(first) in leads and not first.basis


def activity(
    events: Sequence[Event], stats: Sequence[Stat], lead: str,
    changes: Mapping[int, str] | None = None, leads: Collection[int] | None = None,
    mark: str | None = None,
) -> str:
    """The events and counts of one place (a section, an item, a point) as one clause, without
    its final mark; "" when there are none.

    The count of the events folds into their clause: “开展甲、乙等载体活动12次，参与群众200余人次”
    (the verb once; 共计 before a count that sums kinds: “开展甲、乙等各项活动共计10次”). A count
    of another verb stays a clause of its own, without a lead.

    lead: the report's period (全年, 上半年, 下半年), said (“全年共计…”) only before a count in
    `leads` (see period_leads); PLAN in 下一步计划, where the whole clause is a target
    (计划开展…); "" inside a 要点's clause. mark: the mark between the figures of the whole
    sentence (joint), when it holds more than this clause."""
    names = [event_name(e) for e in events]
    listed = join_names(names)
    plan = lead == PLAN
    # a count the text states already counts these events: they are listed without a count
    stated = any(s.in_text for s in stats)
    stats = shown(stats)
    if names and stats:
        lent = folded(stats[0])
        if lent is not None:
            verb, noun = lent
            # 共计 before a count that sums several kinds of events (各项/各类, or plain 活动)
            kinds = len(names) > 1 and (sums_kinds(stats[0]) or noun == "活动")
            total = "共计" if kinds and not plan else ""
            said = counts(stats, changes, head=f"{verb}{listed}等{noun}{total}", mark=mark)
        else:
            said = f"{VERB}{listed}等活动，{counts(stats, changes, mark=mark)}"
    elif len(names) == 1:
        said = f"{VERB}{listed}{'' if stated else derived_count(events)}"
    elif names:
        said = f"{VERB}{listed}等活动{'' if stated else derived_count(events)}"
    elif stats:
        said = counts(stats, changes, mark=mark)
        if _led(stats, lead, leads):
            said = f"{lead}共计{said}"
    else:
        return ""
    return PLAN + said if plan else said


def activities(
    clauses: Sequence[Any], lead: str, changes: Mapping[int, str] | None = None,
    leads: Collection[int] | None = None, mark: str | None = None,
) -> str:
    """Clauses of events and counts (each with `events` and `stats`: a roll-up's sums, each
    named event with the sum that counts it) as one clause: joined by “，”, or by “；” when a
    count before the last has a comma of its own (a 同比 or a 其中), as counts() joins them;
    the figures inside each clause joined by the same mark. mark: the whole sentence's (joint),
    when figures said after these clauses are part of it (a roll-up's later groups)."""
    mark = mark or joint([s for c in clauses for s in c.stats], changes)
    said = [activity(c.events, c.stats, lead, changes, leads, mark) for c in clauses]
    return mark.join(s for s in said if s)


def sums(
    clauses: Sequence[Any], lead: str, changes: Mapping[int, str] | None = None,
    leads: Collection[int] | None = None,
) -> str:
    """A roll-up group's clauses (its sums, each named event with the sum that counts it) as
    the body of one sentence after who it is, without its final mark. The figures are joined
    by “，”; a figure with a comma of its own (a 同比 or a 其中) is set off by “；” on both
    sides, so that its 同比 reads as its own and the figures after it still read as the same
    units' work: “开展……等载体活动36场次，比上年增加4场次；参与群众1100余人次，组织……46次”
    (not a “；” after every figure, a run of clauses without a subject)."""
    runs: list[list[_Run]] = []
    current: list[_Run] = []
    for clause in clauses:
        for n, stat in enumerate(clause.stats):
            alone = not stat.in_text and (id(stat) in (changes or {}) or bool(shown(stat.of)))
            if alone and current:
                runs.append(current)
                current = []
            if n == 0 or not current:
                current.append(_Run(clause.events if n == 0 else [], [stat]))
            else:
                current[-1].stats.append(stat)
            if alone:
                runs.append(current)
                current = []
    runs.append(current)
    said = (activities(run, lead, changes, leads, "，") for run in runs if run)
    return "；".join(s for s in said if s)


class _Run:
    """Events and the figures said with them in one run of a roll-up's sums sentence."""

    def __init__(self, events: Sequence[Event], stats: list[Stat]) -> None:
        self.events = list(events)
        self.stats = stats


def _places(section: Section) -> Iterator[tuple[Any, bool]]:
    """The places of a section that hold counts, in the order they are printed, each with
    whether its counts would stand as a sentence of their own (a 要点's are inside its clause,
    unless its text ends with “。”)."""
    yield section, True
    for point in section.points:
        yield point, _ends_sentence(point)

    def walk(items: Iterable[Any]) -> Iterator[tuple[Any, bool]]:
        for item in items:
            yield item, True
            for point in item.points:
                yield point, _ends_sentence(point)
            yield from walk(item.items)

    yield from walk(section.items)


_OWN_PERIOD = re.compile(r"^(?:全年|上半年|下半年|今年|本年|年内|一年来|半年来)")


def says_its_period(stat: Stat) -> bool:
    """A count whose 项目 begins with its period (“全年开展各类学习活动”): the period's lead
    before it would say the period twice (“全年共计全年开展……”)."""
    return bool(_OWN_PERIOD.match(stat.label))


def period_leads(sections: Iterable[Section]) -> set[int]:
    """The stats (by id) whose count takes the period's lead (“全年共计开展各项活动10次”): in each
    chapter, the first count clause that stands on its own (no events it folds into, no 口径 of
    its own) and sums different kinds of work. A count of one kind gets no lead."""
    found = set()
    for section in sections:
        for place, alone in _places(section):
            stats = shown(place.stats)
            if alone and stats and not place.events and not stats[0].basis and sums_kinds(stats[0]) \
                    and stats[0].unit not in SHARE_UNITS and not says_its_period(stats[0]):
                found.add(id(stats[0]))
                break
    return found


def _full(point: Point) -> bool:
    """A point that holds a sentence of its own (a 。 before its end), or a “；” of its own,
    which “；” between the points would no longer tell apart."""
    return any(mark in text.strip_end(text.one_line(point.text)) for mark in "。！？；")


def _ends_sentence(point: Point) -> bool:
    """A point whose text ends with its own 。: its counts then make a sentence of their own."""
    return text.one_line(point.text).rstrip().endswith(("。", "！", "？"))


def points(
    entries: Sequence[Point | str], lead: str, changes: Mapping[int, str] | None = None,
    leads: Collection[int] | None = None, apart: bool = False,
) -> str:
    """Points as “一是……；二是……。”, each with its own events and counts inside it.

    A point's counts continue its clause after “，” (“一是……，开展集中学习12次”); when its text
    ends with “。”, they make a sentence of their own with the period's lead (“……。全年共计……”).
    When any point holds a full sentence (or a “；” of its own), every point ends with “。”
    (“一是……。二是……。”). A lone point is not numbered: no 一是 without an 二是.
    `apart` (要点分段): each point a paragraph of its own, ending with “。”, the paragraphs
    parted by an empty line (seed 003's 工作特色: “一是……。” / “二是……。”)."""
    found = [p if isinstance(p, Point) else Point(text=p) for p in entries]
    found = [p for p in found if p.text.strip()]
    if not found:
        return ""
    sentences = any(_full(p) or (_ends_sentence(p) and (p.events or shown(p.stats))) for p in found)
    said = []
    for n, point in enumerate(found, 1):
        body = text.strip_end(text.one_line(point.text))
        ends = _ends_sentence(point)
        extra = activity(point.events, point.stats, lead if ends or lead == PLAN else "", changes, leads)
        if extra:
            body = f"{body}{'。' if ends else '，'}{extra}"
        said.append(body if len(found) == 1 else f"{text.cn_number(n)}是{body}")
    if apart:
        return "\n\n".join(f"{s}。" for s in said)
    if sentences:
        return "".join(f"{s}。" for s in said)
    return "；".join(said) + "。"
