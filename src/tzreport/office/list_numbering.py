"""Word's automatic numbering: the "一、" or "（1）" Word draws before a paragraph from
numbering.xml, counted paragraph by paragraph as Word counts them (word_body reads it for
import and check alike)."""

from __future__ import annotations

import re
from typing import Any

from tzreport.office.names import W
from tzreport.text import cn_number

_CHINESE = ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
            "japaneseCounting", "taiwaneseCounting", "ideographDigital")
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"


def _int(value: str | None, default: int) -> int:
    """An attribute as a small number; a hostile or damaged file may put anything there."""
    try:
        return max(0, min(int(value or ""), 10_000))
    except ValueError:
        return default


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def number(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats."""
    if fmt in _CHINESE:
        return cn_number(n)
    if fmt == "ideographTraditional":
        return _HEAVENLY[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def num_pr(ppr: Any) -> tuple[str, int] | None:
    """(numId, level) of a paragraph's or style's w:numPr; numId 0 means "no numbering"."""
    num = ppr.find(f"{W}numPr") if ppr is not None else None
    if num is None:
        return None
    num_id, ilvl = num.find(f"{W}numId"), num.find(f"{W}ilvl")
    if num_id is None or num_id.get(f"{W}val", "0") == "0":
        return None
    return num_id.get(f"{W}val", ""), _int(ilvl.get(f"{W}val") if ilvl is not None else None, 0)


class Numbering:
    """numbering.xml's lists, and their counters as the paragraphs go by."""

    def __init__(self, root: Any | None) -> None:
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstract → level → (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract, start overrides)
        self.counters: dict[str, dict[int, int]] = {}  # abstract → level → count so far
        self.used: set[str] = set()  # numIds met: a startOverride acts at the first
        if root is None:
            return
        for abstract in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{W}lvl"):
                fmt, text, start = (lvl.find(f"{W}{n}") for n in ("numFmt", "lvlText", "start"))
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    (text.get(f"{W}val", "") if text is not None else "")[:40],
                    _int(start.get(f"{W}val") if start is not None else None, 1),
                )
            self.formats[abstract.get(f"{W}abstractNumId", "")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            starts = {}
            for override in num.findall(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None:
                    starts[_int(override.get(f"{W}ilvl"), 0)] = _int(start.get(f"{W}val"), 1)
            self.nums[num.get(f"{W}numId", "")] = (ref.get(f"{W}val", ""), starts)

    def label(self, num_id: str, ilvl: int) -> str:
        """The number of the next paragraph of this list at this level, as Word draws it. Lists
        over one definition count on together, as in Word; a list with a startOverride (Word's
        "restart numbering") starts again where it is first used."""
        abstract, starts = self.nums.get(num_id, ("", {}))
        levels = self.formats.get(abstract)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for level, start in starts.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def each(m: re.Match[str]) -> str:
            level = int(m[1]) - 1
            fmt = levels.get(level, ("decimal", "", 1))
            return number(counters.get(level, fmt[2]), fmt[0])

        return re.sub(r"%(\d)", each, levels[ilvl][1])
