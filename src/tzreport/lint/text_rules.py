"""Rules on one text as it will be printed: unfilled placeholders, half-width and doubled
punctuation, unbalanced quotes and brackets, full-width digits and letters, doubled words and
known wrong terms.

Each rule is a pure function of the text, giving hits with the span of characters they are
about; the caller places them in the file. They know nothing of YAML, so they also run on the
text of a rendered report (a test does, to prove our own output clean).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from itertools import chain, islice

from tzreport.lint import segment, usage_rules
from tzreport.lint.rules import Hit
from tzreport.lint.terms import Terms

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han characters, for a regex class


# Single characters are tested by comparison, not by regex: a class of every Han character
# takes milliseconds to compile, and `check` pays that at every start.
def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _chinese(ch: str) -> bool:
    """A character of Chinese text: Han characters, Chinese punctuation, full-width forms."""
    return bool(ch) and (
        _han(ch) or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e" or ch in "“”‘’《》…—"
    )


MAX_HITS = 50
MAX_EXAMINED = 10_000


def check_text(text: str, terms: Terms, wants: Callable[[str], bool] = lambda code: True) -> list[Hit]:
    """The hits of every text rule wanted (by code) in one text, in the order of the text."""
    rules, usages, full = _plan(wants)
    # At most MAX_HITS of a rule in one text: no one reads more, and a hostile text with
    # 300 000 unmatched brackets must not cost 300 000 messages.
    hits = [hit for rule in rules for hit in islice(rule(text, terms), MAX_HITS)]
    for usage in usages:
        hits += islice((hit for hit in usage(text) if wants(hit.code)), MAX_HITS)
    if full:
        # "ＸＸ社区" is an unfilled placeholder; that it is also full-width need not be said.
        held = [h.span for h in islice(placeholders(text), MAX_HITS) if h.span]
        hits += list(islice((h for h in full_width(text) if not any(_overlap(h.span, s) for s in held)), MAX_HITS))
    return sorted(hits, key=lambda h: h.span or (0, 0)) if len(hits) > 1 else hits


Rule = Callable[[str, Terms], Iterator[Hit]]
_RULES: tuple[tuple[str, Rule], ...] = (
    ("TZ101", lambda text, terms: placeholders(text)),
    ("TZ103", lambda text, terms: hidden_text(text)),
    ("TZ201", lambda text, terms: half_width(text)),
    ("TZ202", lambda text, terms: doubled_marks(text)),
    ("TZ203", lambda text, terms: unbalanced(text)),
    ("TZ301", lambda text, terms: chain(doubled_words(text, terms.reduplications),
                                        segment.doubled_characters(text, terms.reduplications))),
    ("TZ302", lambda text, terms: wrong_terms(text, terms)),
)


@functools.lru_cache(maxsize=32)
def _plan(
    wants: Callable[[str], bool],
) -> tuple[tuple[Rule, ...], tuple[Callable[[str], Iterator[Hit]], ...], bool]:
    """Which rules a selection runs, decided once for all the texts of a file (a build asks
    only for the few that can make a file a draft, for some sixty texts a report)."""
    rules = tuple(rule for code, rule in _RULES if wants(code))
    usages = tuple(usage for codes, usage in usage_rules.RULES if any(wants(code) for code in codes))
    return rules, usages, wants("TZ204")


def _overlap(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------- TZ101 unfilled placeholders

_PLACEHOLDER = re.compile(
    # X场次, XX社区, 20XX年, ×××; not a Latin word (Xbox), not "AAA级" (a rating)
    r"(?<![A-Za-z])(?:[XＸ×]+|[xｘ]{2,}|[AＡ]{2,}(?![级A-Za-z]))(?![A-Za-z])"
    r"|某某+|[○□]{2,}"
    # ……（待填）, （此处填写活动名称）, 【待补充】
    # (a run of dots is taken whole from its start: trying every start in it was quadratic)
    r"|(?:(?<!…)…++|(?<!\.)\.{3,}+)?[（(【\[]\s*(?:待填|待补充|待定|此处[^）)】\]]{0,20}|请?填写[^）)】\]]{0,20})\s*[）)】\]]"
    r"|待填"
)


# A character every placeholder has: most texts have none, and are passed over quickly.
_PLACEHOLDER_CHAR = re.compile("[XxＸｘ×AＡ某○□待填此]")


def may_hold_error_text(source: str) -> bool:
    """Whether a file's source may hold a text that TZ101 (a placeholder) or TZ103 (a web
    page's hidden text, “此处隐藏…字”) finds: one of the characters each needs, or a "\\"
    that could write one as an escape."""
    return "\\" in source or _PLACEHOLDER_CHAR.search(source) is not None


def placeholders(text: str) -> Iterator[Hit]:
    """TZ101: placeholders of a template that were never filled in."""
    if _PLACEHOLDER_CHAR.search(text) is None:
        return
    for m in _PLACEHOLDER.finditer(text):
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        if len(m[0]) == 1 and before.isdigit() and after.isdigit():
            continue  # 3×4 is a product, not a placeholder
        if len(m[0]) == 1 and m.start() >= 17 and text[m.start() - 17 : m.start()].isdigit():
            continue  # the check character of an ID number (TZ405 says what that is)
        # "X" alone says little; "X场次" says which figure is missing
        after = text[m.end() : m.end() + 3]
        shown = m[0] + after[: next((k for k, c in enumerate(after) if not _han(c)), len(after))]
        where = f"“{shown}”中的“{m[0]}”" if shown != m[0] else f"“{m[0]}”"
        yield Hit("TZ101", f"未填的占位符：{where}，请填写实际内容", m.span(), text)


# ---------------------------------------------------------------- TZ103 text a web page hid

# A template site's “---此处隐藏6579字，下载后查看---”: the words it stands for are not there.
_HIDDEN = re.compile(r"此处隐藏\s*(\d+)\s*字")


def hidden_text(text: str) -> Iterator[Hit]:
    """TZ103: a web page's mark where it held part of the report back."""
    if "隐藏" not in text:
        return
    for m in _HIDDEN.finditer(text):
        yield Hit("TZ103", f"“{m[0]}”：网页隐藏了{m[1]}字正文，报告不完整，请找到完整的原文补上", m.span(), text)


# ---------------------------------------------------------------- TZ201 half-width punctuation

_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？", ".": "。"}


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character before (step -1) or after (step 1) position i that is not a
    space, within a few characters (a run of spaces is no neighbour)."""
    for _ in range(8):
        i += step
        if not 0 <= i < len(text):
            return ""
        if text[i] != " ":
            return text[i]
    return ""


_PARTNER = 200


def _paren_in_chinese(text: str, i: int) -> bool:
    """A half-width bracket is Chinese punctuation when it or its partner stands next to
    Chinese, or what it encloses is Chinese: 活动(2次), (一)."""
    # the partner is looked for within _PARTNER characters: what a bracket encloses is short,
    # and searching the whole text for every bracket made a hostile text quadratic
    if text[i] == "(":
        j = text.find(")", i, i + _PARTNER)
        inside = text[i + 1 : j] if j > 0 and "(" not in text[i + 1 : j] else ""
        ends = [_neighbour(text, i, -1), _neighbour(text, j, 1) if inside else _neighbour(text, i, 1)]
    else:
        j = text.rfind("(", max(0, i - _PARTNER), i)
        inside = text[j + 1 : i] if j >= 0 and ")" not in text[j + 1 : i] else ""
        ends = [_neighbour(text, i, 1), _neighbour(text, j, -1) if inside else _neighbour(text, i, -1)]
    return any(_chinese(c) for c in ends) or any(_chinese(c) for c in inside)


# The marks worth a closer look, found by the regex engine rather than a Python loop over
# every mark: , ; : ! ? . only next to Chinese (up to 8 spaces away), brackets anywhere but
# only while the text has Chinese at all. A text of a million dots looks at none of them.
# (Compiled when first used, as every regex with a class of Han characters: each takes
# milliseconds to compile, which a build, running only the rules that find errors, never needs.)
_CH = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e“”‘’《》…—"


@functools.cache
def _half() -> re.Pattern[str]:
    return re.compile(f"(?<=[{_CH}])(?: {{0,8}})([,;:!?.])|([,;:!?.])(?= {{0,8}}[{_CH}])|([()])")


@functools.cache
def _any_chinese() -> re.Pattern[str]:
    return re.compile(f"[{_CH}]")


def half_width(text: str) -> Iterator[Hit]:
    """TZ201: , ; : ( ) ! ? . in Chinese text, where the full-width mark belongs."""
    if _any_chinese().search(text) is None:
        return
    # Each mark costs a look around it: after MAX_EXAMINED (far more than any paragraph has)
    # the rest of a hostile text is not looked at.
    for m in islice(_half().finditer(text), MAX_EXAMINED):
        group = m.lastindex or 0
        i, ch = m.start(group), m[group]
        full = _FULL[ch]
        if ch in "()":
            chinese = _paren_in_chinese(text, i)
        elif ch == ".":  # 活动. → 。 but not 1.5, www.example.cn or the 1. of a list
            after = text[i + 1 : i + 2]
            dots = "." in (after, text[i - 1 : i])  # an ellipsis, not a full stop
            chinese = _chinese(_neighbour(text, i, -1)) and not dots
            chinese = chinese and not (after.isascii() and after.isalnum())
        else:
            chinese = _chinese(_neighbour(text, i, -1)) or _chinese(_neighbour(text, i, 1))
        if not chinese:
            continue
        if ch == "." and _han(_neighbour(text, i, 1)):  # 五.四: a stop or a middle dot?
            message = "中文里用了半角“.”：句号应为“。”，间隔号应为“·”"
            yield Hit("TZ201", message, (i, i + 1), text)
        else:
            yield Hit("TZ201", f"中文里用了半角“{ch}”，应改为全角“{full}”", (i, i + 1), text, full)


# ---------------------------------------------------------------- TZ202 doubled punctuation

_DOUBLED_MARKS = re.compile(r"[。，、；：！？,;:!?](?:\s*[。，、；：！？,;:!?])+")
_TO_FULL = str.maketrans({k: v for k, v in _FULL.items() if k in ",;:!?"})


def doubled_marks(text: str) -> Iterator[Hit]:
    """TZ202: two marks in a row, as in 二、、 or 。。 or ，。 or ,。 (？！ and ！？ are allowed)."""
    for m in _DOUBLED_MARKS.finditer(text):
        marks = re.sub(r"\s", "", m[0])
        full = marks.translate(_TO_FULL)
        if full in ("？！", "！？"):
            continue
        keep = next((k for k in "。！？；" if k in full), full[0])
        yield Hit("TZ202", f"标点重复“{marks}”，只留一个“{keep}”", m.span(), text, keep)


# ---------------------------------------------------------------- TZ203 unbalanced pairs

_PAIRS = {"“": ("”", "引号"), "‘": ("’", "单引号"), "《": ("》", "书名号"), "（": ("）", "括号"), "【": ("】", "方括号")}


def _show(ch: str) -> str:
    return f"（{ch}）" if ch in "“”‘’" else f"“{ch}”"


def unbalanced(text: str) -> Iterator[Hit]:
    """TZ203: “ without ”, 《 without 》, （ without ） and the other way round."""
    for opening, (closing, name) in _PAIRS.items():
        if opening not in text and closing not in text:
            continue
        open_at: list[int] = []
        for m in re.finditer(f"[{opening}{closing}]", text):
            i, ch = m.start(), m[0]
            if ch == opening:
                open_at.append(i)
            elif ch == closing:
                if open_at:
                    open_at.pop()
                else:
                    message = f"右{name}{_show(closing)}前面没有对应的左{name}{_show(opening)}"
                    yield Hit("TZ203", message, (i, i + 1), text)
        for i in open_at:
            message = f"左{name}{_show(opening)}后面没有对应的右{name}{_show(closing)}"
            yield Hit("TZ203", message, (i, i + 1), text)


# ---------------------------------------------------------------- TZ204 full-width digits, letters

_FULL_WIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ]+")


def full_width(text: str) -> Iterator[Hit]:
    """TZ204: ２０２４, ＡＰＰ: digits and Latin letters are written half-width."""
    for m in _FULL_WIDTH.finditer(text):
        half = "".join(chr(ord(c) - 0xFEE0) for c in m[0])
        yield Hit("TZ204", f"全角字符“{m[0]}”应写成半角“{half}”", m.span(), text, half)


# ---------------------------------------------------------------- TZ301 doubled words

# Without word segmentation a doubled single character is mostly two words meeting (工作作为,
# 共和国国家), so only characters that never double are looked at, and words of 2–8 characters.
_CHAR_AGAIN = re.compile("([的了是和与及被于])\\1")


@functools.cache
def _word_again() -> re.Pattern[str]:
    return re.compile(f"([{HAN}]{{2,8}})\\1")


def doubled_words(text: str, reduplications: frozenset[str]) -> Iterator[Hit]:
    """TZ301: 总书记总书记, 社区社区, 的的 — a word written twice — except real reduplication."""
    for pattern in (_word_again(), _CHAR_AGAIN):
        for m in pattern.finditer(text):
            if not _excused(text, m.span(), reduplications):
                yield Hit("TZ301", f"“{m[1]}”重复了，应只写一个", m.span(), text, m[1])


def _excused(text: str, span: tuple[int, int], words: frozenset[str]) -> bool:
    """Whether a word of the reduplication list stands over the whole span (不了了之)."""
    for word in words:
        # only where the word could stand over the span: a search to the end of the text for
        # every match made a long run of 的 quadratic
        if len(word) >= span[1] - span[0] and word in text[max(0, span[1] - len(word)):span[0] + len(word)]:
            return True
    return False


# ---------------------------------------------------------------- TZ302 wrong terms


def wrong_terms(text: str, terms: Terms) -> Iterator[Hit]:
    """TZ302: a known wrong term of this field (少数民主 → 少数民族)."""
    if terms.pattern is None:
        return
    for m in terms.pattern.finditer(text):
        term = terms.wrong[m[0]]
        if _inside_right(text, m.start(), term.wrong, term.right):
            continue
        note = f"（{term.note}）" if term.note else ""
        message = f"“{term.wrong}”应为“{term.right}”{note}"
        yield Hit("TZ302", message, m.span(), text, term.right, level=term.level)


def _inside_right(text: str, start: int, wrong: str, right: str) -> bool:
    """A wrong term that is part of its own right form is not wrong there."""
    at = right.find(wrong)
    while at != -1:
        if text.startswith(right, start - at) and start - at >= 0:
            return True
        at = right.find(wrong, at + 1)
    return False
