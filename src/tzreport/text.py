"""Chinese text helpers: numerals, 一是/二是, 约数 with 余, dates, sentence punctuation and
Markdown escaping. Pure functions; the templates use them as filters."""

from __future__ import annotations

import datetime as dt
import functools
import re

_DIGITS = "零一二三四五六七八九"

# Marks that end a sentence or a clause; a sentence never gets a second one after them.
END_MARKS = "。！？；…"
CLAUSE_MARKS = "，、：；"
ALL_MARKS = END_MARKS + CLAUSE_MARKS + "."


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (numbers used in 一、 and 一是)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百" if n < 1000 else str(n)
    if rest == 0:
        return head
    return head + ("零" + _DIGITS[rest] if rest < 10 else _DIGITS[rest // 10] + "十" + (
        _DIGITS[rest % 10] if rest % 10 else ""))


def about(value: int, approx: bool) -> str:
    """A count as people write it: with 约数, round down to one significant figure and add 余.

    8 → 8 (no 余 under 10), 12 → 10余, 35 → 30余, 215 → 200余, 12000 → 1万余, 123456 → 12万余.
    """
    if not approx or value < 10:
        return str(value)
    if value >= 10_000:
        return f"{value // 10_000}万余"
    magnitude = 10 ** (len(str(value)) - 1)
    return f"{value // magnitude * magnitude}余"


def cn_date(day: dt.date) -> str:
    """2023-12-28 → 2023年12月28日 (Arabic numerals, no zero padding: GB/T 9704 7.3.5.2)."""
    return f"{day.year}年{day.month}月{day.day}日"


def strip_end(text: str) -> str:
    """Text without its trailing punctuation, so that we can add the mark the sentence needs."""
    return text.rstrip(ALL_MARKS + " ")


def sentence(text: str) -> str:
    """Text ending in exactly one full stop: 。 is added unless it already ends a sentence."""
    text = text.rstrip()
    if not text:
        return ""
    if text[-1] in END_MARKS or text.endswith("”") and text[-2:-1] in END_MARKS:
        return text[:-1] + "。" if text[-1] in "；" else text
    if text[-1] == "：":
        return text  # "现将有关情况报告如下：" introduces what follows
    return strip_end(text) + "。"


def enumerate_points(points: list[str]) -> str:
    """["a", "b。"] → "一是a；二是b。" — the way these reports list what was done."""
    parts = [f"{cn_number(i)}是{strip_end(p)}" for i, p in enumerate(points, 1) if p.strip()]
    return "；".join(parts) + "。" if parts else ""


def join_cn(words: list[str]) -> str:
    """Items of an enumeration joined by the 顿号 、."""
    return "、".join(w.strip() for w in words if w.strip())


# Chinese characters, full-width forms and Chinese quotes: between two of them a line break is
# no space (here and in loader, for YAML's folded text). Written for a regex character class.
CJK_CHARS = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》"
_CJK = f"[{CJK_CHARS}]"
_BREAK = re.compile(r"\s*\n\s*")


@functools.cache
def _break_cjk() -> re.Pattern[str]:
    # compiled when first needed: walking the ranges takes the regex compiler milliseconds,
    # and most texts are one line
    return re.compile(rf"(?<={_CJK})\s*\n\s*|\s*\n\s*(?={_CJK})")


# Control characters pasted from Word (\x0b, \x07 …): XML, and so a .docx, cannot hold them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def one_line(text: str) -> str:
    """A text field as one paragraph: a line break between Chinese characters disappears
    (YAML folded text would put a space there), elsewhere it becomes a space; control
    characters are dropped."""
    text = _CONTROL.sub("", text).strip()
    if "\n" not in text:  # the usual case, ~40 times a report: the line rules have nothing to do
        return text
    return _BREAK.sub(" ", _break_cjk().sub("", text))


# Characters that Markdown could read as markup anywhere in a line, and at its start.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|#&~!$])")
# a leading "1." would start an ordered list: the mark after the digits is escaped
_MD_NUMBERED = re.compile(r"^(\s*\d+)([.)])")
_MD_LEADING = re.compile(r"^(\s*)([-+=>:])")


def _escaped(m: re.Match[str]) -> str:
    # a function, not r"\1\\\2": a replacement text with backslashes is parsed again on every
    # call, and escape_md runs for every text of every report
    return m[1] + "\\" + m[2] if m.re.groups == 2 else "\\" + m[1]


def escape_md(text: str) -> str:
    """User text as literal Markdown: `*`, `#`, `_`, `|`, `<b>`, a leading `1.` stay text."""
    text = _MD_INLINE.sub(_escaped, one_line(text))
    text = _MD_NUMBERED.sub(_escaped, text)
    return _MD_LEADING.sub(_escaped, text)


__all__ = [
    "about",
    "cn_date",
    "cn_number",
    "enumerate_points",
    "escape_md",
    "join_cn",
    "one_line",
    "sentence",
    "strip_end",
]


def _char_width(c: str) -> float:
    return 0.5 if ord(c) < 0x2000 else 1.0


def display_width(text: str) -> float:
    """Width in Chinese characters: an ASCII character (a digit, a Latin letter) is half one."""
    return sum(map(_char_width, text))


def _widths_before(text: str) -> list[float]:
    """widths[i]: the display width of text[:i], for every i (one pass, not one per i)."""
    widths = [0.0]
    for c in text:
        widths.append(widths[-1] + _char_width(c))
    return widths


# Where a long title may break, and how much a break there costs: before 及 (…总结|及…计划)
# is the natural place; after a year or a unit name is next best; anywhere else that does not
# split a number is the last resort.
_BREAK_BEFORE = ("及", "暨", "关于")
_BREAK_AFTER = ("年", "年度", "社区", "街道", "乡", "镇", "党委", "党工委", "委员会")


def _break_cost(text: str, at: int, start: int = 0) -> float | None:
    # Only the few characters around the break are looked at (the longest word above is 3):
    # slicing the whole text made a long hostile title quadratic. start: where the line
    # being broken begins; nothing before it counts.
    left, right = text[max(start, at - 3):at], text[at:at + 3]
    if left[-1:].isdigit() and right[:1].isdigit():
        return None  # never inside a number
    if right[:1] in "，。、；：）》”" or left[-1:] in "（《“":
        return None  # punctuation stays with its word
    if right.startswith(_BREAK_BEFORE):
        return 0
    if left.endswith(_BREAK_AFTER) and not right[:1].isdigit():
        return 1
    return 5


MAX_BALANCED_TITLE = 1000  # characters; GB/T 9704 titles are one to three lines


def title_lines(text: str, per_line: float) -> list[str]:
    """A title broken into balanced lines of at most per_line characters each (GB/T 9704 7.3.3:
    回行时词意完整、排列对称、长短适宜). A title that fits stays one line; a longer one is
    filled line by line until the rest fits on two balanced lines. Linear in the title's
    length: each line looks only at the characters that can be on it."""
    if len(text) > MAX_BALANCED_TITLE:  # no title is this long: cut it, don't weigh it
        step = max(1, int(per_line))
        return [text[i:i + step] for i in range(0, len(text), step)]
    widths = _widths_before(text)
    lines: list[str] = []
    start = 0
    while widths[-1] - widths[start] > per_line:
        best: tuple[float, int] | None = None
        fill: int | None = None  # the last place the line may break, filling it
        for at in range(start + 1, len(text)):
            left = widths[at] - widths[start]
            if left > per_line:
                break
            cost = _break_cost(text, at, start)
            if cost is None:
                continue
            fill = at
            right = widths[-1] - widths[at]
            score = abs(left - right) + 3 * cost  # meaning first, then balance
            if right <= per_line and (best is None or score < best[0]):
                best = (score, at)
        if best is not None:
            return [*lines, text[start:best[1]], text[best[1]:]]
        at = fill if fill is not None else min(len(text), start + max(1, int(per_line)))
        lines.append(text[start:at])
        start = at
    return [*lines, text[start:]]
