"""The numbering of a report written by hand: each level's sequence (一、 （一） 1. （1）) read
off the paragraphs, and what is wrong with it — jumps, repeats, 二、、, 3、 at the first level,
half-width brackets, 1、 for 1., a heading that ends in a mark, a list of one (a lone （一）,
1., （1） or 一是) — and a year that contradicts the report's own (a copied-forward
"现将2023年工作总结如下" in a 2024 report).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from tzreport.lint.rules import Hit
from tzreport.text import cn_number

_CN = "一二三四五六七八九十"
_NUMBER = re.compile(
    rf"^\s*(?:(?P<cn>[{_CN}]{{1,3}})\s*(?P<cn_mark>、+|[.．，,]+)"
    rf"|(?P<open2>[（(])\s*(?P<cn2>[{_CN}]{{1,3}})\s*(?P<close2>[）)])"
    rf"|(?P<open4>[（(])\s*(?P<ar4>\d{{1,2}})\s*(?P<close4>[）)])"
    rf"|(?P<ar>\d{{1,2}})\s*(?P<ar_mark>、+|[.．](?!\d)))"
)
_MARK_END = "。，；：、,;:."


def cn_value(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23 (what a heading's number can be)."""
    digits = {c: i for i, c in enumerate(_CN[:9], 1)}
    if "十" not in numeral:
        return digits.get(numeral, 0)
    tens, _, ones = numeral.partition("十")
    return digits.get(tens, 1) * 10 + digits.get(ones, 0)


@dataclass(frozen=True)
class Number:
    """A paragraph's number: its level (1 一、 2 （一） 3 1. 4 （1）), value, and where it stands."""

    level: int
    value: int
    span: tuple[int, int]
    shown: str


def _show(level: int, value: int) -> str:
    return (f"{cn_number(value)}、", f"（{cn_number(value)}）", f"{value}.", f"（{value}）")[level - 1]


def numbers(paragraphs: list[tuple[int, str]]) -> Iterator[tuple[int, Number | None, list[Hit]]]:
    """For each (index, text with its number) given: its number and the hits about it."""
    counters: dict[int, int] = {}
    saved: dict[int, int] = {}  # level → where its sequence stood before it restarted at 1
    for index, text in paragraphs:
        m = _NUMBER.match(text)
        if m is None:
            yield index, None, []
            continue
        hits: list[Hit] = []
        shown = m[0].strip()
        if m["cn"]:
            level, value = 1, cn_value(m["cn"])
            mark = m["cn_mark"]
            if mark.startswith("、") and len(mark) > 1:
                at = m.start("cn_mark")
                hits.append(Hit("TZ603", f"编号“{shown}”的顿号重复：应为“{m['cn']}、”", (at, m.end("cn_mark")), text, "、"))
            elif not mark.startswith("、"):
                at_mark = (m.start("cn_mark"), m.end("cn_mark"))
                hits.append(Hit("TZ606", f"汉字数字编号后用顿号：“{shown}”应为“{m['cn']}、”", at_mark, text, "、"))
        elif m["cn2"]:
            level, value = 2, cn_value(m["cn2"])
        elif m["ar4"]:
            level, value = 4, int(m["ar4"])
        else:
            value = int(m["ar"])
            first = counters.get(1, 0)
            # "3、" after 二、 where 三、 belongs: a first-level heading written in Arabic numerals
            if m["ar_mark"].startswith("、") and first and value == first + 1 and counters.get(3, 0) + 1 != value:
                level = 1
                # the whole "3、" is what "三、" replaces: a span of the digit alone gave "三、、"
                hits.append(Hit("TZ604", f"第一层编号用了阿拉伯数字“{shown}”：应为“{cn_number(value)}、”",
                                (m.start("ar"), m.end("ar_mark")), text, f"{cn_number(value)}、"))
            else:
                level = 3
                if m["ar_mark"].startswith("、"):
                    hits.append(Hit("TZ606", f"阿拉伯数字编号后用下脚点：“{shown}”应为“{value}.”",
                                    m.span("ar_mark"), text, "."))
        for opening, closing in (("open2", "close2"), ("open4", "close4")):
            if m[opening] and (m[opening] == "(" or m[closing] == ")"):
                brackets = (m.start(opening), m.end(closing))
                hits.append(Hit("TZ605", f"编号“{shown}”用了半角括号：应为全角“（）”", brackets, text))
        expected = counters.get(level, 0) + 1
        number = Number(level, value, (m.start(), m.end()), shown)
        if value == saved.get(level, -1) + 1:  # back to the sequence a restart interrupted
            expected = value
            del saved[level]
        if value == 1 and expected > 2:
            # 五、亮点工作 then 一、二、三、 where （一）（二）（三） belong, then 六、: said once
            saved[level] = expected - 1
            hits.append(Hit("TZ602", f"编号“{shown}”重新从头开始：前面已经到“{_show(level, expected - 1)}”，"
                            f"若是下一层，应为“{_show(level + 1, 1) if level < 4 else shown}”", number.span, text))
        elif value > expected:
            missing = "、".join(f"“{_show(level, v)}”" for v in range(expected, min(value, expected + 3)))
            hits.append(Hit("TZ601", f"编号“{shown}”跳号：前面缺少{missing}", number.span, text))
        elif value < expected and level not in saved:
            hits.append(Hit("TZ602", f"编号“{shown}”重复：前面已经有“{_show(level, value)}”，这里应为“{_show(level, expected)}”",
                            number.span, text, _show(level, expected)))
        counters[level] = value
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
            saved.pop(deeper, None)
        yield index, number, hits


def lone(items: list[tuple[int, str, Number | None]]) -> Iterator[tuple[int, Hit]]:
    """TZ608: a list of one — a （一）, 1. or （1） that no （二）, 2. or （2） follows before the
    heading it stands under ends (a number of a higher level, or the end of the report), and
    an 一是 with no 二是 before the next 一是 or the end of its heading's part. `items` are the
    numbered-or-not paragraphs in order (index, text with its number, number); table cells
    are left out, so a list that goes on after a table is one list."""
    yield from _lone_numbers(items)
    yield from _lone_firsts(items)


# level → (index, text, number) of the first entry of the sequence open at that level, its length
_Open = dict[int, tuple[tuple[int, str, Number], int]]


def _lone_numbers(items: list[tuple[int, str, Number | None]]) -> Iterator[tuple[int, Hit]]:
    runs: _Open = {}
    heads: dict[int, tuple[int, Number]] = {}  # level → the heading of that level now open

    def close(closer: int) -> Iterator[tuple[int, Hit]]:
        """The sequences a number of level `closer` ends (0: the end of the report)."""
        for level in sorted(k for k in runs if k > closer):
            (index, text, number), length = runs.pop(level)
            if length > 1 or number.value != 1 or level == 1 or _goes_on(text, number):
                continue
            above = [k for k in heads if k < level]
            parent = heads[max(above)] if above else None
            # 一、 1.甲 （一）乙: the 1. stands above the （一）, the levels are mixed, not a list of one
            if closer and (parent is None or closer > parent[1].level):
                continue
            under = f"第{parent[0] + 1}段“{parent[1].shown}”下" if parent else "本级"
            message = (f"编号“{number.shown}”是{under}唯一的一项，没有“{_show(level, 2)}”："
                       "只有一项时不编号，直接写成段落")
            yield index, Hit("TZ608", message, number.span, text)

    for index, text, number in items:
        if number is None:
            continue
        yield from close(number.level)
        for deeper in [k for k in heads if k >= number.level]:
            del heads[deeper]
        first, length = runs.get(number.level, ((index, text, number), 0))
        runs[number.level] = (first, length + 1)
        heads[number.level] = (index, number)
    yield from close(0)


def _goes_on(text: str, number: Number) -> bool:
    """Whether the list goes on in the same paragraph: "1.加强火源管理……；2.在敏感地段……"."""
    second = {2: "[（(]二[）)]", 3: r"2[.．、](?!\d)", 4: "[（(]2[）)]"}[number.level]
    return re.search(rf"(?:^|(?<=[\s，。；：,.;:]))(?:{second})", text[number.span[1]:]) is not None


# 一是 as an ordinal: at the start of a paragraph or after a mark or a space, so not the 一是
# that ends 统一、唯一、之一、第一 ("祖国统一是……", "唯一是由居民组成的")
_FIRST = re.compile(r"(?:^|(?<=[\s，。；：！？、,.;:!?）)】]))一是")
_SECOND = re.compile(r"(?<![一二三四五六七八九十])二是")
_MOST_FIRSTS = 50  # in one paragraph: a real one has a few; a hostile one costs no more


def _lone_firsts(items: list[tuple[int, str, Number | None]]) -> Iterator[tuple[int, Hit]]:
    """一是 … with no 二是 in its part: up to the next 一是, or the next heading of the level of
    the one it stands under (or higher), or the end."""
    pending: tuple[int, str, tuple[int, int], int] | None = None  # 一是: index, text, span, its heading's level
    level = 0  # the level of the heading the text stands under (0: before any)

    def unmatched() -> Iterator[tuple[int, Hit]]:
        if pending is not None:
            index, text, span, _ = pending
            yield index, Hit("TZ608", "“一是”是唯一的一项，后面没有“二是”：只有一项时不用“一是”，直接写成句子",
                             span, text)

    for index, text, number in items:
        if number is not None:
            if pending is not None and number.level <= max(pending[3], 1):
                yield from unmatched()
                pending = None
            level = number.level
        if "是" not in text:
            continue
        firsts = [m.span() for m in islice(_FIRST.finditer(text), _MOST_FIRSTS)]
        seconds = [m.start() for m in _SECOND.finditer(text)]
        at = 0
        for span in firsts:
            after = bisect_left(seconds, at)  # is there a 二是 between the 一是 before and this one?
            if pending is not None and not (after < len(seconds) and seconds[after] < span[0]):
                yield from unmatched()
            pending = (index, text, span, level)
            at = span[1]
        if pending is not None and seconds and seconds[-1] >= at:
            pending = None
    yield from unmatched()


def heading_end(text: str, number: Number | None, title: bool) -> Hit | None:
    """TZ607: a title, or a heading on a line of its own, that ends in a mark."""
    stripped = text.rstrip()
    if not stripped or stripped[-1] not in _MARK_END:
        return None
    if not title and (number is None or number.level > 2):
        return None
    inner = stripped[number.span[1] if number else 0 : -1]
    if len(inner) > 40 or any(c in inner for c in "。；！？"):
        return None  # a run-in heading with its text, or a sentence
    at = len(stripped) - 1
    what = "标题" if title else f"标题“{inner[:12]}”"
    return Hit("TZ607", f"{what}末尾不加“{stripped[-1]}”", (at, at + 1), text, "")


_TITLE_YEAR = re.compile(r"(20\d\d)年")
_STALE_YEAR = re.compile(r"(?:现将|现就|现把|现对|特将)(20\d\d)年[^。]{0,30}?(?:总结|汇报|报告)如下")


def report_year(title: str) -> int | None:
    """The year a report's title names, when it is a summary or report."""
    m = _TITLE_YEAR.search(title)
    return int(m[1]) if m and re.search("总结|报告|汇报|讲话|计划", title) else None


def stale_year(text: str, year: int) -> Iterator[Hit]:
    """TZ404: "现将2023年工作总结如下" in a report whose title says 2024."""
    for m in _STALE_YEAR.finditer(text):
        if int(m[1]) != year:
            yield Hit("TZ404", f"“{m[1]}年”与报告标题的年度（{year}年）不符，可能是照抄往年的句子",
                      m.span(1), text, str(year))
