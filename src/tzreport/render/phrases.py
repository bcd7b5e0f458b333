"""The wording of a report's facts: figures, counts with their 其中, lists of event names, the
count sentence with its lead (全年共计 / 计划), and 要点 with their own counts inside them.

Pure functions over the models, used by the templates as filters. Text comes back unescaped;
the filters escape it for Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from tzreport import text
from tzreport.data.models import Event, Point, Stat
from tzreport.report.figures import SHARE_UNITS

# The lead of a count sentence in 下一步计划: a target, never a result (no 共计, no past).
PLAN = "计划"


def figure(stat: Stat) -> str:
    """A stat's number as the report prints it: as typed (150余, 1.2万余), or by the 约数 rule."""
    return stat.printed


def count(stat: Stat, changes: Mapping[int, str] | None = None) -> str:
    """“{项目}{数量}{单位}”, its 同比 and its 其中: 收集意见建议52条，其中被采纳17条."""
    said = f"{text.strip_end(stat.label)}{stat.printed}{stat.unit}"
    if changes and id(stat) in changes:
        said += f"，{changes[id(stat)]}"
    if stat.of:
        said += "，其中" + "、".join(count(part, changes) for part in stat.of)
    return said


def counts(stats: Sequence[Stat], changes: Mapping[int, str] | None = None) -> str:
    """Stats joined into one clause by “，”; by “；” when a part has a comma of its own (a 同比
    or a 其中), so that the reader sees where each figure ends."""
    changes = changes or {}
    said = [count(s, changes) for s in stats]
    own_comma = any(id(s) in changes or s.of for s in stats)
    return ("；" if own_comma and len(stats) > 1 else "，").join(said)


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


def _total(stats: Sequence[Stat], lead: str, changes: Mapping[int, str] | None) -> str:
    """The counts with their lead: 全年共计…, 上半年…, 计划… (a plan's target), or bare."""
    if lead == PLAN or not lead or stats[0].unit in SHARE_UNITS:
        return counts(stats, changes)  # “全年共计” does not stand before a share (达到100%)
    many = any(s.value > 1 for s in stats)
    return f"{lead}{'共计' if many else ''}{counts(stats, changes)}"


def activity(
    events: Sequence[Event], stats: Sequence[Stat], lead: str,
    changes: Mapping[int, str] | None = None,
) -> str:
    """The events and counts of one place (a section, an item, a point) as one clause, without
    its final mark; "" when there are none.

    lead: the report's period (全年, 上半年, 下半年) for a sentence of its own; PLAN in 下一步计划,
    where the whole clause is a target (计划开展…); "" inside a 要点's clause."""
    names = [event_name(e) for e in events]
    listed = join_names(names)
    if names and stats:
        tail = "共计" if not lead and stats[0].unit not in SHARE_UNITS and any(s.value > 1 for s in stats) else ""
        said = f"开展{listed}等活动，{tail}{_total(stats, lead, changes)}"
    elif len(names) == 1:
        said = f"开展{listed}{derived_count(events)}"
    elif names:
        said = f"开展{listed}等活动{derived_count(events)}"
    elif stats:
        said = _total(stats, lead, changes)
    else:
        return ""
    return PLAN + said if lead == PLAN else said


def _full(point: Point) -> bool:
    """A point that holds a sentence of its own (a 。 before its end), or a “；” of its own,
    which “；” between the points would no longer tell apart."""
    return any(mark in text.strip_end(text.one_line(point.text)) for mark in "。！？；")


def _ends_sentence(point: Point) -> bool:
    """A point whose text ends with its own 。: its counts then make a sentence of their own."""
    return text.one_line(point.text).rstrip().endswith(("。", "！", "？"))


def points(
    entries: Sequence[Point | str], lead: str, changes: Mapping[int, str] | None = None
) -> str:
    """Points as “一是……；二是……。”, each with its own events and counts inside it.

    A point's counts continue its clause after “，” (“一是……，开展集中学习12次”); when its text
    ends with “。”, they make a sentence of their own with the period's lead (“……。全年共计……”).
    When any point holds a full sentence (or a “；” of its own), every point ends with “。”
    (“一是……。二是……。”)."""
    found = [p if isinstance(p, Point) else Point(text=p) for p in entries]
    found = [p for p in found if p.text.strip()]
    if not found:
        return ""
    sentences = any(_full(p) or (_ends_sentence(p) and (p.events or p.stats)) for p in found)
    said = []
    for n, point in enumerate(found, 1):
        body = text.strip_end(text.one_line(point.text))
        apart = _ends_sentence(point)
        extra = activity(point.events, point.stats, lead if apart or lead == PLAN else "", changes)
        if extra:
            body = f"{body}{'。' if apart else '，'}{extra}"
        said.append(f"{text.cn_number(n)}是{body}")
    if sentences:
        return "".join(f"{s}。" for s in said)
    return "；".join(said) + "。"
