"""The grammar of a count clause, as reports (and tzreport's own words) write one: a figure as
written and its unit, the 口径 said before it, the 同比 said after it, its 其中 parts, and the
events a count folds into (“开展甲、乙等载体活动12次”).

This module only reads; count_phrases chooses among the readings of a sentence by saying each
again with the report's own words and keeping the one that reads as the source did.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

# A figure as written (10, 10余, 1.2万余) and the measure words, as check's count finder knows
# them: a count import reads is one check would find.
from tzreport.report.loose_counts import NUMBER, UNITS

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
# A 口径 said as a clause of its own before a count: “截至目前，设置宣传图板12个”, “全年，组织……”.
TIME = (
    r"(?:全年|上半年|下半年|今年以来|今年|一年来|半年来|截至目前|截止目前|目前"
    r"|截[至止](?:\d{4}年)?\d{1,2}月(?:底|末|份|\d{1,2}日)?)"
)
_TIME = re.compile(TIME)
# A 口径 glued to its count: “累计开展……”, “全年共计开展……”, “共开展……” (not 共青团, 共建 …).
_GLUED = re.compile(rf"^(?:{TIME})?(?:共计|累计|合计|总计|共(?![青建同享驻商治产事识]))")
# 同比 as tzreport says it (year_over_year.change) and as reports write it by hand.
_CHANGE = re.compile(
    rf"^(?:(?:比上年|较上年|同比)(?:同期)?(?:(?:增长|下降|增加|减少)(?:不足1%|\d+(?:\.\d+)?[%％]|{NUMBER}(?:{_UNIT})?)"
    r"|有所(?:增加|减少|增长|下降))|与上年(?:同期)?(?:基本)?持平)$"
)
_OLD_LEAD = re.compile(r"^(?:全年|上半年|下半年)?共计$")
_COUNT = re.compile(rf"^(?P<label>.*?[^\d.])(?:共计|累计|合计|共)?(?P<num>{NUMBER})(?P<unit>{_UNIT})$")
_INNER_COUNT = re.compile(rf"\d(?:{_UNIT})[、，]")
_PART = re.compile(rf"^(?P<label>.*?[^\d.])(?P<num>{NUMBER})(?P<unit>{_UNIT})$")
_PART_FIRST = re.compile(rf"^(?P<num>{NUMBER})(?P<unit>{_UNIT})(?P<label>[^\d]+)$")  # 其中17条被采纳
_FOLD_TAIL = re.compile(rf"^(?P<noun>[^\d，；、]+?)(?P<total>共计)?(?P<num>{NUMBER})(?P<unit>{_UNIT})$")
FOLD_VERBS = ("开展", "举办")
MAX_LABEL = 30  # a longer "label" is a sentence, not the verb phrase of a count …
MAX_LED_LABEL = 60  # … unless a 口径 (全年共计) says the clause is a count sentence of its own


@dataclass
class Count:
    """One 统计: 项目, 数量 as written (int or "10余", "1万余"), 单位, its 其中 parts, the 口径
    said before it and the 同比 said after it (which is not data: it is worked out from the
    previous year's file)."""

    label: str
    value: int | str
    unit: str
    parts: list[Count] = field(default_factory=list)
    basis: str | None = None
    change: str = ""

    def mapping(self, whole: str = "次") -> dict[str, Any]:
        """The 统计 mapping of the data format (no 同比: that is not data). whole: the unit a
        part (其中) takes when it says none, its whole's."""
        out: dict[str, Any] = {"项目": self.label, "数量": self.value}
        if self.unit != "次" or self.unit != whole:
            out["单位"] = self.unit
        if self.basis:
            out["口径"] = self.basis
        if self.parts:
            out["其中"] = [part.mapping(self.unit) for part in self.parts]
        return out


@dataclass
class Reading:
    """One way of reading a count clause: the events it names and its counts. derived: no
    count of its own, the figure is how many events there are (“开展甲、乙等活动2次”)."""

    events: list[str]
    counts: list[Count]
    derived: bool = False
    restyled: bool = False  # tzreport's older wording, which its report now says otherwise


def value(written: str) -> int | str:
    """10 → 10; 10余, 1万, 1.2万余 stay as written."""
    return int(written) if written.isdecimal() else written


def balanced(text: str) -> bool:
    """Quotes and book-title marks that pair up."""
    return text.count("“") == text.count("”") and text.count("《") == text.count("》")


_MEMBERS_FIRST = re.compile(r"^(?:[\u4e00-\u9fff]{2,12}?(?:社区|村|街道|乡|镇)、)+[\u4e00-\u9fff]{2,12}?(?:社区|村|街道|乡|镇)")


def one_count(clause: str, limit: int = MAX_LABEL) -> Count | None:
    """“发放宣传册200份” → Count; None when the clause is not one count (its “label” a sentence,
    a list of counts, or no Chinese in it)."""
    m = _COUNT.match(clause)
    if not m:
        return None
    label = m["label"].strip()
    # a roll-up names whose count it is (“河畔花园社区、金源郦都社区、富力新城社区清除……”): not the verb phrase
    core = _MEMBERS_FIRST.sub("", label)
    if not label or len(core) > limit or not re.search(r"[\u4e00-\u9fff]", label):
        return None
    if label.startswith("其中") or _INNER_COUNT.search(label):
        return None  # "其中华侨4名、归侨2名、留学生18名" is a list of counts, not one count
    if re.search(r"[“《（]", label) and not balanced(label):
        return None
    return Count(label, value(m["num"]), m["unit"])


def counts(clauses: list[str]) -> list[Count] | None:
    """Clauses that are all plain counts, or None (概况: “华侨4名、归侨2名”)."""
    found = [one_count(clause) for clause in clauses]
    return None if not found or any(c is None for c in found) else [c for c in found if c]


def parts(clause: str, unit: str) -> list[Count] | None:
    """“其中华侨4名、归侨2名” → its parts; a part in the whole's unit when it says none."""
    if not clause.startswith("其中"):
        return None
    found = []
    for part in top_level_split(clause[2:], "、"):
        m = _PART.match(part) or _PART_FIRST.match(part)
        if not m or not m["label"].strip() or len(m["label"].strip()) > MAX_LABEL:
            return None
        found.append(Count(m["label"].strip(), value(m["num"]), m["unit"] or unit))
    return found or None


def top_level_split(text: str, marks: str) -> list[str]:
    """Text cut at the marks that stand outside quotes, book titles and brackets."""
    out: list[str] = []
    current = ""
    depth = 0
    for char in text:
        if char in "“《（":
            depth += 1
        elif char in "”》）":
            depth = max(0, depth - 1)
        if char in marks and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    out.append(current)
    return out


def split_names(names: str) -> list[str] | None:
    """“A”、“B”“C”、D → [“A”, “B”, “C”, D]; None when the quotes do not pair up."""
    out: list[str] = []
    depth = 0
    current = ""
    for char in names:
        if char in "“《":
            if depth == 0 and current.endswith(("”", "》")):
                out.append(current)  # “A”“B”: quoted names side by side, no 顿号
                current = ""
            depth += 1
        elif char in "”》":
            depth -= 1
            if depth < 0:
                return None
        if char == "、" and depth == 0:
            out.append(current)
            current = ""
            continue
        current += char
    out.append(current)
    if depth != 0 or not all(n.strip() for n in out):
        return None
    return [n.strip() for n in out]


_ENDS_WITH_COUNT = re.compile(rf"\d(?:余|万|万余)?(?:{_UNIT})[”’）]?[。；！？]*$")


def ends_with_count(text: str) -> bool:
    """Whether a passage ends with a figure and its unit (“……留学生18名。”): a count the
    importer leaves in the text when it cannot map it."""
    return bool(_ENDS_WITH_COUNT.search(text.rstrip()))


def is_change(clause: str) -> bool:
    """“比上年增加2次”, “同比增长20%”, “与上年基本持平” …: a 同比, not a figure of this year."""
    return bool(_CHANGE.match(clause))


def is_time_lead(clause: str) -> bool:
    """“截至目前”, “全年”, “上半年”: a 口径 said as a clause of its own before its count."""
    return bool(_TIME.fullmatch(clause))


def glued_basis(clause: str) -> tuple[str, str]:
    """“累计开展……” → (累计, 开展……); (“”, clause) when no 口径 is glued to it."""
    m = _GLUED.match(clause)
    if not m or m.end() == len(clause):
        return "", clause
    return m.group(), clause[m.end():]


def _folds(clause: str) -> Iterator[tuple[list[str], Count, bool]]:
    """“开展甲、乙等载体活动共计12次” → (events, the count 开展载体活动 12, whether 共计 was said)."""
    verb = next((v for v in FOLD_VERBS if clause.startswith(v)), None)
    if verb is None:
        return
    depth = 0
    cuts = []
    for i, char in enumerate(clause):
        depth += (char in "“《（") - (char in "”》）")
        if char == "等" and depth == 0:
            cuts.append(i)
    for cut in reversed(cuts):
        m = _FOLD_TAIL.match(clause[cut + 1:])
        names = split_names(clause[len(verb):cut])
        if m and names and "等" not in m["noun"]:
            yield names, Count(verb + m["noun"], value(m["num"]), m["unit"]), bool(m["total"])
            return


def _events_only(clause: str) -> list[str] | None:
    """“开展甲、乙等活动” (events whose counts follow as clauses of their own)."""
    m = re.match(r"^开展(?P<names>.+)等(?:各[项类])?活动$", clause)
    return split_names(m["names"]) if m else None


def readings(clauses: list[str], events: bool = True, limit: int = MAX_LABEL) -> Iterator[Reading]:
    """Every way the clauses read as one count clause — events first, then counts, each count
    with its 口径 before it and its 同比 and 其中 after it — best first; nothing when a clause
    is not part of a count."""
    if not clauses:
        return
    first, rest = clauses[0], clauses[1:]
    lead = ""
    if is_time_lead(first) and rest:
        lead, first, rest = first, rest[0], rest[1:]
    glued, plain = glued_basis(first)
    basis = "，".join(b for b in (lead, glued) if b) or None
    folded = False
    if events:
        for names, count, total in _folds(plain):
            folded = True
            found = _tail(rest, replace(count, basis=basis, parts=[]))
            if found is not None:
                yield Reading(names, found)
            if not rest and not total and not basis and count.label == "开展活动" and count.value == len(names):
                yield Reading(names, [], derived=True)
        listed = _events_only(plain)
        if listed and not basis and (found := _tail(rest, None)):
            # “开展甲、乙等活动，全年共计开展各项活动12次” is how tzreport said it before the
            # count was folded into the events' clause; the period's lead was its own, not a 口径
            if found[0].basis and _OLD_LEAD.match(found[0].basis):
                found[0].basis = None
            yield Reading(listed, found, restyled=True)
    # events named before 等 are events, even when the report will word their count otherwise
    single = None if folded else one_count(plain, MAX_LED_LABEL if basis else limit)
    if single is not None and (found := _tail(rest, replace(single, basis=basis))) is not None:
        yield Reading([], found)


def _tail(clauses: list[str], first: Count | None) -> list[Count] | None:
    """The counts of a clause: the first (when read already) and those after it, each with its
    同比 and 其中 after it and its own 口径 before it; None when a clause is none of these."""
    out: list[Count] = [first] if first is not None else []
    lead = ""
    for clause in clauses:
        last = out[-1] if out else None
        if not lead and last is not None and is_change(clause) and not last.change and not last.parts:
            last.change = clause
            continue
        if not lead and last is not None and (found := parts(clause, last.unit)) is not None:
            if last.parts:
                return None
            last.parts = found
            continue
        if not lead and is_time_lead(clause):
            lead = clause
            continue
        glued, plain = glued_basis(clause)
        count = one_count(plain, MAX_LED_LABEL if (lead or glued) else MAX_LABEL)
        if count is None:
            return None
        count.basis = "，".join(b for b in (lead, glued) if b) or None
        if count.basis is None and out and out[-1].basis and is_time_lead(out[-1].basis):
            count.basis = out[-1].basis  # “截至目前，设置……，张贴……”: said once for the run
        lead = ""
        out.append(count)
    return None if lead else out
