"""Rules on the report as data: dates outside its period, counts smaller than the events
listed, 约数 on small figures, empty sections, and headings and points that carry what the
tool adds itself (numbers, 一是, a final 。).

Each rule gives (location, hit): the location is a path of Chinese keys and list indexes into
the data file, as in ("思想引领", "工作", 0, "统计", 1, "数量"); the caller places it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator

from tzreport import text
from tzreport.data import field_types
from tzreport.data.models import STANDARD_SECTIONS, Point, Report, Stat
from tzreport.lint.rules import Hit
from tzreport.report import loose_counts, places
from tzreport.report.places import Loc

Found = Iterator[tuple[Loc, Hit]]

# Units in which a stat counts activities, so that it can be compared with the events listed.
COUNT_UNITS = frozenset({"次", "场", "场次", "期", "轮"})
# How long after its period a report is still signed: a year's report in the next spring.
SIGNED_WITHIN = dt.timedelta(days=183)


def check_report(report: Report, wants: Callable[[str], bool] = lambda code: True) -> Found:
    """The findings of every data rule wanted (by code) in one report."""
    rules: list[tuple[tuple[str, ...], Callable[[Report], Found]]] = [
        (("TZ401",), dates),
        (("TZ402", "TZ403"), counts),
        (("TZ407",), loose),
        (("TZ408",), stated_in_text),
        (("TZ501",), empty_sections),
        (("TZ502", "TZ503", "TZ504"), headings_and_points),
    ]
    for codes, rule in rules:
        if any(wants(code) for code in codes):
            yield from rule(report)


# ---------------------------------------------------------------- TZ401 dates


def period_span(report: Report) -> tuple[dt.date, dt.date]:
    """The first and last day of the report's period."""
    start = dt.date(report.year, 7 if report.period == "下半年" else 1, 1)
    end = dt.date(report.year, 6, 30) if report.period == "上半年" else dt.date(report.year, 12, 31)
    return start, end


def dates(report: Report) -> Found:
    """TZ401: an event dated outside the period; a 落款 dated before it or long after it."""
    start, end = period_span(report)
    period = f"{text.cn_date(start)}至{text.cn_date(end)}"
    for place in places.places(report):
        for k, event in enumerate(place.events):
            if event.date is not None and not start <= event.date <= end:
                message = f"活动日期{text.cn_date(event.date)}不在报告期（{period}）内"
                yield (*place.path, "活动", k, "日期"), Hit("TZ401", message)
    signed = report.signature.date if report.signature else None
    if signed is not None and signed < start:
        message = f"落款日期{text.cn_date(signed)}早于报告期（{period}）"
        yield ("落款", "日期"), Hit("TZ401", message)
    elif signed is not None and signed > end + SIGNED_WITHIN:
        message = f"落款日期{text.cn_date(signed)}在报告期（{period}）结束半年以后，请核对年份"
        yield ("落款", "日期"), Hit("TZ401", message)


# ---------------------------------------------------------------- TZ402, TZ403 figures


def counts(report: Report) -> Found:
    """TZ402: counted activities fewer than the events listed in the same place (a section, an
    item or a 要点; an event with 次数 counts that many times), whatever the figure as printed
    can mean at the most (10余: 19); TZ403: 约数 under 10."""
    for found in places.stats(report):
        yield from _small_approx(found.stat, found.path)
    for place in places.places(report):
        counted = [(i, s) for i, s in enumerate(place.stats) if s.unit in COUNT_UNITS]
        listed = sum(e.times or 1 for e in place.events)
        if not counted or sum(s.highest for _, s in counted) >= listed:
            continue
        first = counted[0][0]
        said = "、".join(f"“{s.label}{s.printed}{s.unit}”" for _, s in counted)
        message = f"统计{said}少于本项“活动”中列出的{listed}项活动，请核对数字"
        yield (*place.path, "统计", first, "数量"), Hit("TZ402", message)


def _small_approx(stat: Stat, loc: Loc) -> Found:
    if stat.approx and stat.value < 10:
        message = f"不满10的数不用约数：报告中照写“{stat.value}”，不加“余”；请写实际数字"
        yield (*loc, "数量"), Hit("TZ403", message)


# ---------------------------------------------------------------- TZ407 counts left in text

# Where a count in the text is not the period's work: problems and plans (a target).
_NOT_WORK_SECTIONS = frozenset({"problems", "plans"})


def _texts(place: places.Place) -> list[tuple[str, str]]:
    """The texts a place writes itself, by key: a 要点's 内容; an item's 标题 and 内容; a
    section's 内容 (its 标题 is a heading of its own)."""
    holder = place.holder
    fields = [("内容", holder.text)] if isinstance(holder, Point) else [
        ("标题", holder.title if place.kind == "item" else None), ("内容", holder.text)]
    return [(key, text.one_line(value)) for key, value in fields if value]


def _in_text(place: places.Place) -> list[tuple[Loc, Stat]]:
    """The stats of a place that its text states already (文中已写), parts (其中) included,
    each with its path."""
    found = []
    for i, stat in enumerate(place.stats):
        here = (*place.path, "统计", i)
        found += [(here, stat)] if stat.in_text else []
        found += [((*here, "其中", k), part) for k, part in enumerate(stat.of) if part.in_text]
    return found


def said_figure(stat: Stat) -> str:
    """A stat's figure as the text must state it: the number as printed and the measure word."""
    return f"{stat.printed}{stat.unit}"


def loose(report: Report) -> Found:
    """TZ407: a count of the period's work written in a 标题, 内容 or 要点 instead of a 统计,
    which a roll-up does not add up (report.loose_counts); a count that a 统计 marked 文中已写
    says is one."""
    for place in places.places(report):
        if place.key in _NOT_WORK_SECTIONS:
            continue
        covering = [said_figure(stat) for _, stat in _in_text(place)]
        for key, said in _texts(place):
            found = loose_counts.uncovered(said, covering)
            if found:  # one finding a field: one fix (or one ignore comment) covers the text
                more = f"（这段文字中还有{len(found) - 1}处）" if len(found) > 1 else ""
                hit = Hit("TZ407", found[0].message() + more, (found[0].start, found[0].end), said, None)
                yield (*place.path, key), hit


# ---------------------------------------------------------------- TZ408 a figure said to be in the text


def stated_in_text(report: Report) -> Found:
    """TZ408: a 统计 marked 文中已写 whose figure (number and measure word, as printed) its own
    place's text does not hold: the report would not print it, and the text says another
    number, so the roll-up's sums and the member's own report would disagree. An error."""
    for i, entry in enumerate(report.overview):
        if entry.in_text:
            message = "概况没有自己的文字，不能写“文中已写”：概况的各项由报告写成“现有……”一句"
            yield ("概况", i, "文中已写"), Hit("TZ408", message)
    for place in places.places(report):
        stated = _in_text(place)
        if not stated:
            continue
        wanted = {(stat.printed, stat.unit) for _, stat in stated}
        left = sum((loose_counts.stated(wanted, said) for _, said in _texts(place)), Counter())
        for loc, stat in stated:
            figure = said_figure(stat)
            if left[(stat.printed, stat.unit)] > 0:
                left[(stat.printed, stat.unit)] -= 1
                continue
            where = "这一条要点的文字" if place.kind == "point" else "本项的小标题和内容" if place.kind == "item" \
                else "本章的内容"
            message = (f"统计“{stat.label}”写了“文中已写”，但{where}中没有“{figure}”："
                       "报告不会另写这个数字，请核对文字和数量、单位是否一致")
            yield (*loc, "数量"), Hit("TZ408", message)


# ---------------------------------------------------------------- TZ501 empty sections


def empty_sections(report: Report) -> Found:
    """TZ501: a section written in the file with nothing in it, so left out of the report."""
    for name in (*STANDARD_SECTIONS, "problems", "plans"):
        section = getattr(report, name)
        if name in report.model_fields_set and (section is None or section.empty):
            key = field_types.key_of(Report, name)
            message = f"章节“{key}”没有内容（内容、要点、工作都没写），报告中不会出现"
            yield (key,), Hit("TZ501", message, at_key=True)
    for i, extra in enumerate(report.other):
        if extra.empty:
            message = f"章节“{extra.title}”没有内容（内容、要点、工作都没写），报告中不会出现"
            yield ("其他工作", i), Hit("TZ501", message)


# ---------------------------------------------------------------- TZ502–TZ504 what the tool adds

_ENUMERATED = re.compile("^[一二三四五六七八九十]+是")
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d)|[①-⑳])\s*"
)
_END_MARKS = re.compile(r"[。，、；：！？.,;:!?]+$")


def headings_and_points(report: Report) -> Found:
    """TZ502 要点 that begin with 一是; TZ503 a heading ending in a mark; TZ504 a number
    written into a heading or a 要点 — the report adds each of these itself."""
    if report.title:
        yield from _title(("标题",), text.one_line(report.title))
    for place in places.places(report):
        if isinstance(place.holder, Point):
            yield from _point((*place.path, "内容"), text.one_line(place.holder.text))
        elif place.holder.title:
            yield from _title((*place.path, "标题"), text.one_line(place.holder.title))


def _title(loc: Loc, title: str) -> Found:
    if m := _NUMBERED.match(title):
        message = f"标题不用写编号“{m[0].strip()}”：编号由报告自动生成"
        yield loc, Hit("TZ504", message, m.span(), title, "")
    if m := _END_MARKS.search(title):
        message = f"标题末尾不加“{m[0]}”：单独成行的标题不加标点，接正文的小标题由报告加“。”"
        yield loc, Hit("TZ503", message, m.span(), title, "")


def _point(loc: Loc, point: str) -> Found:
    if m := _ENUMERATED.match(point):
        message = f"要点不用写“{m[0]}”：报告会自动加上“一是、二是……”，写了会重复"
        yield loc, Hit("TZ502", message, m.span(), point, "")
    elif m := _NUMBERED.match(point):
        message = f"要点不用写编号“{m[0].strip()}”：报告把要点写成“一是……；二是……”"
        yield loc, Hit("TZ504", message, m.span(), point, "")
