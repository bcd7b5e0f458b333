"""Chinese text helpers: numerals, dates, sentence punctuation, title lines and
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


# A year as people write it in Chinese, digit by digit (二〇二五, 二零二五, with ○ for 〇 as
# typed from a symbol table), or in full-width digits, with or without 年.
_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九０１２３４５６７８９", "0001234567890123456789")
_WRITTEN_YEAR = re.compile(r"[〇○零一二三四五六七八九０-９0-9]{4}")


def written_year(text: str) -> int | None:
    """二〇二五 → 2025, 二零二五年 → 2025, ２０２５ → 2025: the year a text spells in other
    characters than 0-9, for a message saying how to write it; None when it is not one."""
    text = text.strip().removesuffix("年度").removesuffix("年").strip()
    if not _WRITTEN_YEAR.fullmatch(text):
        return None
    return int(text.translate(_YEAR_DIGITS))


def cn_date(day: dt.date) -> str:
    """2023-12-28 → 2023年12月28日 (Arabic numerals, no zero padding: GB/T 9704 7.3.5.2); a date
    known only to its month (a 发言材料's “2024年3月”) is written without a day."""
    if getattr(day, "month_only", False):
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


def strip_end(text: str) -> str:
    """Text without its trailing punctuation, so that we can add the mark the sentence needs.
    White space and control characters among them go too: one_line drops the controls later,
    and a mark or a break they hid would be left before what follows (“参与群众。\x07” + “200人”
    → “参与群众。200人”; “1.\x1f” + “5名” → “1.5名”, “1\x85” + “0次” → “1⏎0次”, figures the data
    does not hold)."""
    last = text[-1:]
    if not last or last not in _TRAILING and not last.isspace():
        return text  # the usual case, a few hundred times a report
    # both rstrips at C speed, so a hostile run of marks and spaces costs no more
    while (stripped := text.rstrip(_TRAILING).rstrip()) != text:
        text = stripped
    return text


def sentence(text: str) -> str:
    """Text ending in exactly one full stop: 。 is added unless it already ends a sentence."""
    text = text.rstrip()
    if not text:
        return ""
    # a quotation, or a note in brackets, that ends its own sentence: “好。” （注：……。）
    if text[-1] in END_MARKS or text.endswith(("”", "）")) and text[-2:-1] in END_MARKS:
        return text[:-1] + "。" if text[-1] in "；" else text
    if text[-1] == "：":
        return text  # "现将有关情况报告如下：" introduces what follows
    return strip_end(text) + "。"


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


# Characters XML 1.0 cannot hold (control characters pasted from Word: \x0b, \x07 …; lone
# surrogates): Word refuses a .docx with any of them.
_XML_INVALID_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
XML_INVALID = re.compile(f"[{_XML_INVALID_CHARS}]")
# and DEL and the C1 controls, which no report means (the loader removes them from a file too)
_CONTROL = re.compile(f"[{_XML_INVALID_CHARS}\x7f-\x9f]")
# What strip_end takes off a text's end with its white space: its marks and every character
# _CONTROL drops.
_TRAILING = ALL_MARKS + "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                                          *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]))


def one_line(text: str) -> str:
    """A text field as one paragraph: a line break between Chinese characters disappears
    (YAML folded text would put a space there), elsewhere it becomes a space; control
    characters are dropped."""
    if not text.isprintable():  # a control character is unprintable: most texts have none
        text = _CONTROL.sub("", text)
    text = text.strip()
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
    "cn_date",
    "cn_number",
    "escape_md",
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


# Where a long title may break, and how much a break there costs (GB/T 9704 7.3.3: 回行时词意
#完整): before 及/暨 (…总结|及…计划) is the natural place; after a year, a unit name or a 顿号
# next; at the edge of a known word after that; anywhere else (inside a name tzreport does not
# know) only as the last resort; never inside a known word, a number, or before a closing mark.
_BREAK_BEFORE = ("及", "暨", "关于")
_BREAK_AFTER = ("年", "年度", "社区", "街道", "乡", "镇", "党委", "党工委", "委员会")
# Words of report titles, which a line break must not split (“统|战”, “材|料”).
TITLE_WORDS = (
    "统一战线", "统战", "统战工作", "群团", "群团工作", "民族", "民族工作", "宗教", "宗教工作", "工作",
    "总结", "计划", "打算", "要点", "会议", "发言", "材料", "发言材料", "情况", "汇报", "报告",
    "党的建设", "党建", "组织", "宣传", "政法", "方面", "社区", "街道", "党委", "党工委", "委员会",
    "上半年", "下半年", "年度", "全年", "专项", "专题", "座谈会", "经验", "交流", "示范", "创建",
    "团结", "进步", "中华民族", "共同体", "意识", "铸牢", "新时代", "主题", "教育", "学习", "贯彻",
    "落实", "精神", "重点", "任务", "乡镇", "嘎查", "苏木", "妇联", "团委", "工会", "红十字会",
    "同心", "统战群团", "建设", "服务", "管理", "和谐", "稳定", "加强", "推进", "开展", "完成",
)


def _inside_words(text: str, words: tuple[str, ...]) -> tuple[set[int], set[int]]:
    """(positions inside a known word, positions at the edge of one) of a title."""
    inside: set[int] = set()
    edges: set[int] = set()
    for word in words:
        at = text.find(word)
        while at != -1:
            inside.update(range(at + 1, at + len(word)))
            edges.update((at, at + len(word)))
            at = text.find(word, at + 1)
    return inside, edges - inside


def _break_cost(text: str, at: int, inside: set[int], edges: set[int]) -> float | None:
    left, right = text[:at], text[at:]
    if left[-1:].isdigit() and right[:1].isdigit():
        return None  # never inside a number
    if right[:1] in "，。、；：）》”" or left[-1:] in "（《“":
        return None  # punctuation stays with its word
    if right.startswith(_BREAK_BEFORE):
        return 0
    if at in inside:
        return None  # never inside a word
    if left.endswith(_BREAK_AFTER) and not right[:1].isdigit():
        return 1
    if left[-1:] in "、，；：":
        return 3
    if at in edges:
        return 3
    return 6


MAX_BALANCED_TITLE = 150  # characters: a real title is one to four lines of about 22
SHORTEST_LAST_WORD = 3  # characters a title's last line may not hold less of


def title_words(text: str, words: tuple[str, ...] = TITLE_WORDS) -> list[str]:
    """A title in the pieces a screen of any width may break it between (a known word, a year,
    a unit name; an unknown name whole), the last at least SHORTEST_LAST_WORD characters
    ("统战工作总结", never "总结" alone on a line)."""
    if len(text) > MAX_BALANCED_TITLE:
        return [text]
    inside, edges = _inside_words(text, words)
    cuts = [at for at in range(1, len(text))
            if (cost := _break_cost(text, at, inside, edges)) is not None and cost <= 3
            and not text[at:].startswith(_BREAK_AFTER)]  # a unit name stays whole: 新城街道
    bounds = [0, *cuts, len(text)]
    pieces = [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    while len(pieces) > 1 and display_width(pieces[-1]) < SHORTEST_LAST_WORD:
        pieces[-2:] = [pieces[-2] + pieces[-1]]
    return pieces


def title_lines(text: str, per_line: float, words: tuple[str, ...] = TITLE_WORDS) -> list[str]:
    """A title broken into balanced lines of at most per_line characters each (GB/T 9704 7.3.3:
    回行时词意完整、排列对称、长短适宜), between words. A title that fits stays one line. Past
    MAX_BALANCED_TITLE characters (no real title; a hostile file) it is cut line by line
    instead: weighing every break of every line would take quadratic time. `words`: the words
    no break may split (a 附表 header has its own)."""
    if len(text) > MAX_BALANCED_TITLE:
        step = max(1, int(per_line))
        return [text[i:i + step] for i in range(0, len(text), step)]
    widths = _widths_before(text)
    if widths[-1] <= per_line:
        return [text]
    inside, edges = _inside_words(text, words)
    costs = {at: _break_cost(text, at, inside, edges) for at in range(1, len(text))}
    allowed = {at: c for at, c in costs.items() if c is not None}
    if not allowed:  # nothing but one word: break where the line is full
        allowed = {at: 6.0 for at in range(1, len(text))}
    lines = 2
    while True:
        found = _balanced(text, widths, per_line, lines, allowed)
        if found is not None or lines >= len(text):
            break
        lines += 1
    if found is None:  # a word longer than a line: cut it where the line is full
        at = max(1, int(per_line))
        return [text[:at], *title_lines(text[at:], per_line, words)]
    cuts = [0, *found, len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _balanced(
    text: str, widths: list[float], per_line: float, lines: int, allowed: dict[int, float]
) -> list[int] | None:
    """The break positions that make `lines` lines of at most per_line each, with the least
    cost: meaning first (3 × each break's cost), then balance (each line's distance from an
    even share); None when the title does not fit that many lines."""
    even = widths[-1] / lines
    points = [0, *sorted(allowed), len(text)]
    # best[k][p]: (score, breaks) of the first k lines ending at position p
    best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, [])}]
    for k in range(1, lines + 1):
        row: dict[int, tuple[float, list[int]]] = {}
        for end in points[1:]:
            if (k == lines) != (end == len(text)):
                continue
            for start, (score, breaks) in best[k - 1].items():
                width = widths[end] - widths[start]
                if end <= start or width > per_line:
                    continue
                total = score + abs(width - even) + (3 * allowed[end] if end < len(text) else 0)
                if end not in row or total < row[end][0]:
                    row[end] = (total, [*breaks, end] if end < len(text) else breaks)
        best.append(row)
    done = best[lines].get(len(text))
    return done[1] if done is not None else None
