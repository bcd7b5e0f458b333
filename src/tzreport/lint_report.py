"""Rules on the report as data: dates outside its period, counts smaller than the events
listed, 约数 on small figures, empty sections, and headings and points that carry what the
tool adds itself (numbers, 一是, a final 。).

Each rule gives (location, hit): the location is a path of Chinese keys and list indexes into
the data file, as in ("思想引领", "工作", 0, "统计", 1, "数量"); the caller places it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from tzreport import text
from tzreport.lint_rules import Hit
from tzreport.models import STANDARD_SECTIONS, Item, Item3, Item4, Point, Report, Section, Stat

Loc = tuple[str | int, ...]
AnyItem = Item | Item3 | Item4
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
        (("TZ501",), empty_sections),
        (("TZ502", "TZ503", "TZ504"), headings_and_points),
    ]
    for codes, rule in rules:
        if any(wants(code) for code in codes):
            yield from rule(report)


def _key(model: type[Report] | type[Section], name: str) -> str:
    return model.model_fields[name].alias or name


def sections(report: Report) -> Iterator[tuple[Loc, Section]]:
    """Each section written in the file, with its location."""
    for name in (*STANDARD_SECTIONS, "problems", "plans"):
        section = getattr(report, name)
        if section is not None:
            yield (_key(Report, name),), section
    for i, extra in enumerate(report.other):
        yield (_key(Report, "other"), i), extra


def items(within: list[Any], loc: Loc) -> Iterator[tuple[Loc, AnyItem]]:
    """Each item below a section or item, at every level, with its location."""
    item: AnyItem
    for i, item in enumerate(within):
        here = (*loc, "工作", i)
        yield here, item
        yield from items(item.items, here)


def all_items(report: Report) -> Iterator[tuple[Loc, AnyItem]]:
    for loc, section in sections(report):
        yield from items(section.items, loc)


def places(report: Report) -> Iterator[tuple[Loc, Section | AnyItem | Point]]:
    """Every place that holds 活动 and 统计 (a section, an item, a 要点), with its location."""
    for loc, section in sections(report):
        yield loc, section
        yield from _points(section.points, loc)
        for here, item in items(section.items, loc):
            yield here, item
            yield from _points(item.points, here)


def _points(points: list[Point], loc: Loc) -> Iterator[tuple[Loc, Point]]:
    for i, point in enumerate(points):
        yield (*loc, "要点", i), point


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
    for loc, place in places(report):
        for k, event in enumerate(place.events):
            if event.date is not None and not start <= event.date <= end:
                message = f"活动日期{text.cn_date(event.date)}不在报告期（{period}）内"
                yield (*loc, "活动", k, "日期"), Hit("TZ401", message)
    signed = report.signature.date if report.signature else None
    if signed is not None and signed < start:
        message = f"落款日期{text.cn_date(signed)}早于报告期（{period}）"
        yield ("落款", "日期"), Hit("TZ401", message)
    elif signed is not None and signed > end + SIGNED_WITHIN:
        message = f"落款日期{text.cn_date(signed)}在报告期（{period}）结束半年以后，请核对年份"
        yield ("落款", "日期"), Hit("TZ401", message)


# ---------------------------------------------------------------- TZ402, TZ403 figures


def highest(stat: Stat) -> int:
    """The largest number a stat can mean: 12 is 12; “10余” is anything up to 19, “150余” up
    to 159, “1万余” up to 19999, “1.2万余” up to 12999 — the step of its last written figure."""
    if not stat.approx or stat.value < 10:
        return stat.value
    shown = stat.written or text.about(stat.value, stat.approx)
    m = _SHOWN.match(shown)
    if m is None:  # 上千, 上万: at least that many, and below the next order
        return stat.value * 10 - 1
    digits, wan = m[1], 10_000 if m[2] else 1
    decimals = len(digits.partition(".")[2])
    whole = digits.replace(".", "")
    zeros = len(whole) - len(whole.rstrip("0")) if not decimals else 0
    step = wan * 10 ** zeros // 10 ** decimals
    lower = int(Decimal(digits) * wan)
    return lower + max(step, 1) - 1


_SHOWN = re.compile(r"^(\d+(?:\.\d+)?)(万)?余?$")


def counts(report: Report) -> Found:
    """TZ402: counted activities fewer than the events listed in the same place (a section, an
    item or a 要点; an event with 次数 counts that many times); TZ403: 约数 under 10."""
    for i, overview in enumerate(report.overview):
        yield from _small_approx(overview, ("概况", i))
    for loc, place in places(report):
        for i, stat in enumerate(place.stats):
            yield from _small_approx(stat, (*loc, "统计", i))
            for k, part in enumerate(stat.of):
                yield from _small_approx(part, (*loc, "统计", i, "其中", k))
        counted = [(i, s) for i, s in enumerate(place.stats) if s.unit in COUNT_UNITS]
        listed = sum(e.times or 1 for e in place.events)
        if not counted or sum(highest(s) for _, s in counted) >= listed:
            continue
        first = counted[0][0]
        said = "、".join(f"“{s.label}{s.written or text.about(s.value, s.approx)}{s.unit}”" for _, s in counted)
        message = f"统计{said}少于本项“活动”中列出的{listed}项活动，请核对数字"
        yield (*loc, "统计", first, "数量"), Hit("TZ402", message)


def _small_approx(stat: Stat, loc: Loc) -> Found:
    if stat.approx and stat.value < 10:
        message = f"不满10的数不用约数：报告中照写“{stat.value}”，不加“余”；请写实际数字"
        yield (*loc, "数量"), Hit("TZ403", message)


# ---------------------------------------------------------------- TZ501 empty sections


def empty_sections(report: Report) -> Found:
    """TZ501: a section written in the file with nothing in it, so left out of the report."""
    for name in (*STANDARD_SECTIONS, "problems", "plans"):
        section = getattr(report, name)
        if name in report.model_fields_set and (section is None or section.empty):
            key = _key(Report, name)
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
    titles: list[tuple[Loc, str | None]] = [(("标题",), report.title)]
    points: list[tuple[Loc, list[Point]]] = []
    for loc, section in sections(report):
        titles.append(((*loc, "标题"), section.title))
        points.append(((*loc, "要点"), section.points))
    for loc, item in all_items(report):
        titles.append(((*loc, "标题"), item.title))
        points.append(((*loc, "要点"), item.points))
    for loc, title in titles:
        if title:
            yield from _title(loc, text.one_line(title))
    for loc, listed in points:
        for i, point in enumerate(listed):
            yield from _point((*loc, i, "内容"), text.one_line(point.text))


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
