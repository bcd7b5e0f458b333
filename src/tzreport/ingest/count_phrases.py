"""Count phrases → 统计, and quoted names before 等活动 → 活动.

Only the end of a passage is taken apart, and only when it is wholly made of counts: that is
where reports (and tzreport's own output) put "全年共计开展各项活动10次，参与群众200余人次".
A count in the middle of a sentence stays in the text, so the text reads as it did; its figure
is in the data either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# 10, 10余, 1万, 1万余, 1.2万余 — kept exactly as written (docs/数据格式.md, “数字怎样写”).
NUMBER = r"\d+(?:\.\d+)?万余?|\d+余?"
UNITS = (
    "平方米 人次 场次 家次 户次 课时 小时 余人 "
    "次 场 人 名 个 份 户 处 条 期 家 起 项 篇 件 元 平 本 幅 块 张 支 批 轮 天 所 座 间 位 组 套 台 辆 棵 封 首 部 盏"
).split()
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
# A lead before the counts: the period, and 共计/累计 (the template writes "全年共计").
_LEAD = re.compile(r"^(?:全年|上半年|下半年|今年以来|今年|一年来|半年来|截至目前|目前)?[，]?(?:共计|累计|合计|共)?")
_LEAD_ONLY = re.compile(r"(?:全年|上半年|下半年|今年以来|今年|一年来|半年来|截至目前|截止目前|目前)(?:共计|累计)?")
_COUNT = re.compile(rf"^(?P<label>.*?[^\d.])(?:共计|累计|合计|共)?(?P<num>{NUMBER})(?P<unit>{_UNIT})$")
_INNER_COUNT = re.compile(rf"\d(?:{_UNIT})[、，]")
_OF = re.compile(rf"^其中(?P<label>.*?[^\d.])(?P<num>{NUMBER})(?P<unit>{_UNIT})$")
_OF_FIRST = re.compile(rf"^其中(?P<num>{NUMBER})(?P<unit>{_UNIT})(?P<label>[^\d]+)$")  # 其中17条被采纳
MAX_CLAUSES = 12  # how many of a sentence's last clauses may hold its events and counts
MAX_LABEL = 30  # a longer "label" is a sentence, not the verb phrase of a count …
MAX_LED_LABEL = 60  # … unless a lead (全年共计) says the clause is a count sentence of its own
# "开展A、B等活动，全年共计…" — the sentence tzreport writes for an item's events and counts.
_EVENTS = re.compile(r"^开展(?P<names>.+?)等(?:各[项类])?活动(?:(?P<times>\d+)次)?(?:，(?P<rest>.+))?$")


@dataclass
class Count:
    """One 统计: 项目, 数量 as written (int or "10余", "1万余"), 单位, and its 其中 parts."""

    label: str
    value: int | str
    unit: str
    parts: list[Count] = field(default_factory=list)


@dataclass
class Taken:
    """What came out of a passage's last sentence: the text that is left, counts and events."""

    text: str
    counts: list[Count] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    whole: bool = False  # the whole last sentence was taken, not only its end
    led: bool = False  # the counts began with a lead such as 全年共计: a count sentence of its own


def value(written: str) -> int | str:
    """10 → 10; 10余, 1万, 1.2万余 stay as written."""
    return int(written) if written.isdecimal() else written


def _count(clause: str, first: bool) -> Count | None:
    led = False
    if first:
        stripped = _LEAD.sub("", clause, count=1)
        led, clause = stripped != clause, stripped
    m = _COUNT.match(clause)
    if not m:
        return None
    label = m["label"].strip()
    limit = MAX_LED_LABEL if led else MAX_LABEL
    if not label or len(label) > limit or not re.search(r"[\u4e00-\u9fff]", label):
        return None
    if label.startswith("其中") or _INNER_COUNT.search(label):
        return None  # "其中华侨4名、归侨2名、留学生18名" is a list of counts, not one count
    if re.search(r"[“《（]", label) and not _balanced(label):
        return None
    return Count(label, value(m["num"]), m["unit"])


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count("《") == text.count("》")


def counts(clauses: list[str], strip_lead: bool = True) -> list[Count] | None:
    """Clauses that are all counts (the first may carry a lead, taken off when `strip_lead`;
    其中 joins the one before), or None."""
    found: list[Count] = []
    for i, clause in enumerate(clauses):
        if (m := _OF.match(clause) or _OF_FIRST.match(clause)) and found:
            label = m["label"].strip()
            if not label or len(label) > MAX_LABEL:
                return None
            found[-1].parts.append(Count(label, value(m["num"]), m["unit"]))
            continue
        count = _count(clause, i == 0 and strip_lead)
        if count is None:
            return None
        found.append(count)
    return found or None


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


def _last_sentence(text: str) -> tuple[str, str]:
    """(everything before the last sentence, the last sentence without its end mark)."""
    body = text.rstrip("。；; ")
    cut = max(body.rfind("。"), body.rfind("；"), body.rfind("！"), body.rfind("？"))
    if cut >= 0 and body[cut + 1 : cut + 2] == "”":
        return text, ""  # the end of a quotation, not of a sentence: leave it
    return body[: cut + 1], body[cut + 1 :]


def _clauses(sentence: str) -> list[str]:
    """A sentence cut at its top-level commas. Read from its end, where the counts are, so a
    quotation mark left open earlier in the sentence (as real reports have) does not hide them."""
    out: list[str] = []
    current = ""
    depth = 0
    for char in reversed(sentence):
        if char in "”》）":
            depth += 1
        elif char in "“《（":
            depth = max(0, depth - 1)
        if char == "，" and depth == 0:
            out.append(current)
            current = ""
        else:
            current = char + current
    out.append(current)
    return out[::-1]


def take(text: str, events: bool = True, keep_lead: bool = False, plan: bool = False) -> Taken:
    """Take the counts (and, when `events`, the event names) off the end of a passage.

    keep_lead: counts that continue a clause keep their lead ("，共开展45次" inside a 要点,
    where nothing puts it back); a sentence of its own always gives it up, since the report
    writes its own (全年共计…). plan: in 下一步计划 the sentence's "计划" is the report's too."""
    head, last = _last_sentence(text)
    if not last:
        return Taken(text)
    clauses = _clauses(last)
    # Counts close a sentence in a few clauses; looking further back only costs time (a
    # sentence of thousands of clauses, from a hostile file, would cost minutes).
    first = max(0, len(clauses) - MAX_CLAUSES)
    for start in range(first, len(clauses) if events else 0):
        joined = "，".join(clauses[start:])
        m = _EVENTS.match(joined.removeprefix("计划") if plan else joined)
        if not m or not (names := split_names(m["names"])):
            continue
        rest = _clauses(m["rest"]) if m["rest"] else []
        found = counts(rest) if rest else []
        # "开展A、B等活动2次" is what tzreport writes for two events without counts; without
        # that figure, taking the names out would make the rebuilt report invent one
        if found or (not rest and m["times"] and int(m["times"]) == len(names)):
            left = (head + "，".join(clauses[:start])).rstrip("。；， ")
            return Taken(left, found or [], names, whole=start == 0)
    for start in range(first, len(clauses)):
        group = clauses[start:]
        if plan and group[0].startswith("计划"):
            group = [group[0].removeprefix("计划"), *group[1:]]
        found = counts(group, strip_lead=start == 0 or not keep_lead)
        if found:
            led = bool((_LEAD.match(group[0]) or [""])[0])
            if start and _LEAD_ONLY.fullmatch(clauses[start - 1]):
                start -= 1  # "截至目前，设置宣传图板12个": the lead goes with the counts
                led = True
            kept = "，".join(clauses[:start])
            left = (head + kept).rstrip("。；， ")
            return Taken(left, found, whole=start == 0, led=led)
    return Taken(text)
