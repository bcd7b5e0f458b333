"""Numbered paragraphs → the sections, items and 要点 of a data file (docs/命令.md, “导入已有的材料”).

The input is a report's paragraphs in order, each with its numbering as text ("一、", "（一）",
"1.", "（1）", and the slips "3、", "(一)", "1、") or with a heading level from Word. What cannot be
told for sure is marked with Review, which the writer turns into a "# 请核对" comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tzreport.ingest import count_grammar, count_phrases, rebuilt_passage
from tzreport.ingest.count_grammar import Count
from tzreport.ingest.review import Review, reviewed
from tzreport.ingest.source_text import Paragraph

_CN = "一二三四五六七八九十"
_HEAD1 = re.compile(rf"^([{_CN}]{{1,3}})\s*[、，,．.]+\s*")
_HEAD1_SLIP = re.compile(r"^(\d{1,2})\s*、+\s*")
_HEAD2 = re.compile(rf"^[（(]\s*[（(]?\s*([{_CN}]{{1,3}})\s*[）)]\s*[）)]?\s*")
_HEAD3 = re.compile(r"^(\d{1,2})\s*[.．、]\s*(?![\d])")
_HEAD4 = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")
_POINT = re.compile(rf"(?:^|(?<=[。；：！]))([{_CN}]{{1,3}})是")
DATE = re.compile(r"^（?(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?）?$")
_SIGNER = re.compile(r"^[\u4e00-\u9fff（）]{2,30}$")
_CLOSING = re.compile(
    r"^(总之|总而言之|综上|一年来|半年来|回顾|今后|新的一年|在新的一年|展望)|再上新台阶|新的更大|新的贡献"
)
_CN_VALUE = {c: i for i, c in enumerate(_CN, 1)}


@dataclass
class Node:
    """A heading and what is under it, before it becomes a section or an item."""

    level: int
    title: str
    lines: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    unsure: str = ""
    written: int = 0  # the level its numbering says, which may skip one (1. right under 一、)
    stats: list[dict[str, Any]] = field(default_factory=list)  # from a 统计 table under it


def cn_value(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20."""
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + _CN_VALUE.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return _CN_VALUE.get(tens, 0) * 10 + _CN_VALUE.get(ones, 0)
    return _CN_VALUE.get(numeral, 0)


class Levels:
    """Tells the level of a numbered paragraph, tolerating the slips real reports have."""

    def __init__(self) -> None:
        self.top = 0  # the last 一、二、三 number seen at level 1
        self.restart = 0  # an 一、二、 run inside a section, used as its items

    def heading(self, para: Paragraph) -> tuple[int, str] | None:
        text = para.text
        if para.level:
            for pattern in (_HEAD1, _HEAD2, _HEAD4, _HEAD3, _HEAD1_SLIP):
                text = pattern.sub("", text, count=1) if pattern.match(text) else text
            if para.level == 1:
                self.top += 1
            return para.level, text
        if m := _HEAD1.match(text):
            n = cn_value(m[1])
            rest = text[m.end():]
            if self.top and (n == self.restart + 1 and n != self.top + 1) and "。" in rest:
                self.restart = n
                return 2, rest
            self.top, self.restart = max(self.top, n), 0
            return 1, rest
        if m := _HEAD2.match(text):
            return 2, text[m.end():]
        if m := _HEAD4.match(text):
            return 4, text[m.end():]
        if (m := _HEAD1_SLIP.match(text)) and int(m[1]) == self.top + 1:
            rest = text[m.end():]
            if "。" not in rest[:40] and len(rest) <= 40:
                self.top, self.restart = int(m[1]), 0
                return 1, rest
        if m := _HEAD3.match(text):
            return 3, text[m.end():]
        return None


def run_in(text: str, limit: int = 40) -> tuple[str, str, bool]:
    """"（一）标题。正文" → (标题, 正文, sure). A heading without a short first sentence takes
    its whole first sentence as its title, marked unsure."""
    text = text.strip()
    m = re.search(r"[。：:]", text)
    if m is None:
        return text.rstrip("；。 "), "", len(text) <= limit
    head, rest = text[: m.start()], text[m.end():]
    if len(head) <= limit or m.group() != "。":
        return head.strip(), rest.strip(), len(head) <= limit
    return head.strip(), rest.strip(), False


def points(text: str) -> tuple[str, list[str]] | None:
    """"导语。一是……；二是……。" → ("导语。", [……, ……]) when the 一是、二是… run once, in order."""
    found = list(_POINT.finditer(text))
    if len(found) < 2 or [cn_value(m[1]) for m in found] != list(range(1, len(found) + 1)):
        return None
    lead = text[: found[0].start()]
    parts = [
        text[m.end(): found[i + 1].start() if i + 1 < len(found) else len(text)].strip().rstrip("；。")
        for i, m in enumerate(found)
    ]
    if not all(parts):
        return None
    return lead.strip(), parts


def stat(count: Count) -> dict[str, Any]:
    """A Count as the 统计 mapping of the data format."""
    return count.mapping()


def _stats(taken: count_phrases.Taken) -> list[Any]:
    """The 统计 of what was taken, each 同比 the source said marked on its count, and the
    first marked when the report will not say them as the source did."""
    out: list[Any] = [Review(c.mapping(), "", c.change) if c.change else c.mapping() for c in taken.counts]
    if out and taken.said:
        out[0] = reviewed(out[0], f"原文“{taken.source}”，生成的报告写作“{taken.said}”")
    return out


def body(lines: list[str], plan: bool = False) -> dict[str, Any]:
    """A heading's text → 内容, 要点 (with their own 活动 and 统计), 活动 and 统计. `plan`: the
    text is in 下一步计划, where the report writes "计划" before counts itself.

    The first reading whose passage the report prints again word for word (rebuilt_passage) is
    taken: with its counts taken off, then without them; when none does, the text stays as it
    was, its figures in it."""
    text = "".join(lines).strip()
    if not text:
        return {}
    source = rebuilt_passage.as_written(text)
    counted = _read(text, plan, True)
    for found in (counted, _read(text, plan, False)):
        if found is None:
            continue
        apart = _apart(lines, len(found.get("要点", [])))
        if rebuilt_passage.passage(found, plan) == source or apart and rebuilt_passage.passage(
                {**found, "要点分段": True}, plan) == rebuilt_passage.as_paragraphs(lines):
            if apart:
                found["要点分段"] = True
            return found
    # the counts read would be said otherwise: they stay in the text, marked like any count left there
    mark = not plan and rebuilt_passage.has_counts(counted)
    return {"内容": Review(text, UNMAPPED) if mark else _unmapped(text, plan)}


_POINT_OPENS = re.compile(rf"\s*[{_CN}]{{1,3}}是")


def _apart(lines: list[str], points: int) -> bool:
    """Each of the passage's 要点 opens a paragraph of its own (“一是……。” / “二是……。”, as
    seed 003's 工作特色): the data says so (要点分段), and the report sets them so again."""
    return points >= 2 and sum(1 for line in lines if _POINT_OPENS.match(line)) == points


def _read(text: str, plan: bool, counted: bool) -> dict[str, Any] | None:
    """One reading of a passage: its 要点, and (when `counted`) the counts at its end and at
    the end of each 要点; None when without counts it is only the text again."""
    out: dict[str, Any] = {}
    taken = count_phrases.take(text, plan=plan) if counted else count_phrases.Taken(text)
    own = None
    if taken.whole:
        text, own = taken.text, taken
    split = points(text) if text else None
    if split is None and not counted:
        return None
    partial = False
    if split is not None:
        lead, items = split
        if lead:
            out["内容"] = lead
        out["要点"] = [_point(entry, plan, counted) for entry in items]
    elif text and own is None and (taken.counts or taken.events) and taken.text:
        text, own = taken.text, taken
        partial = not taken.led and not taken.events
    if text and split is None:
        out["内容"] = _unmapped(text, plan)
    if own is not None and own.events:
        out["活动"] = own.events
    if own is not None and own.counts:
        out["统计"] = _stats(own)
        if partial:  # taken off the end of a longer sentence: its 项目 may not read on its own
            out["统计"][0] = reviewed(out["统计"][0], "这项统计取自句末，请看“项目”是否通顺")
    return out


UNMAPPED = "句末的数字没有写进“统计”，留在了文字中：需要汇总或写同比时，请把它写成一项统计"


def _unmapped(text: str, plan: bool = False) -> str | Review:
    """Text that ends with a count of the period's work the importer could not map: marked,
    never dropped (a target in 下一步计划 is not the period's work, nor summed)."""
    return Review(text, UNMAPPED) if not plan and count_grammar.ends_with_count(text) else text


def _point(text: str, plan: bool, counted: bool = True) -> str | Review | dict[str, Any]:
    """One 要点: its text, or (when `counted`) {内容, 活动, 统计} when it ends with its own counts
    (after "，", or in a sentence of their own after "。", as the report says them)."""
    own = count_phrases.take(text, plan=plan) if counted else count_phrases.Taken(text)
    if not (own.counts or own.events) or not own.text or text[len(own.text):][:1] not in ("，", "。"):
        return _unmapped(text, plan)  # all counts, or counts after a "；": they stay the point's text
    entry: dict[str, Any] = {"内容": own.text + ("。" if own.whole else "")}
    if own.events:
        entry["活动"] = own.events
    if own.counts:
        entry["统计"] = _stats(own)
    return entry


def item(node: Node, plan: bool = False) -> dict[str, Any]:
    """A level-2, -3 or -4 heading → a 工作事项 (`plan`: under 下一步计划)."""
    title, rest, sure = run_in(node.title)
    out: dict[str, Any] = {"标题": title if sure and title else Review(title or "（无标题）", "原文此处没有简短的小标题，取了第一句")}
    # the text run into the heading is the item's own; the paragraphs after it are what the
    # report prints for lone sub-items, one paragraph each
    own, after = ([rest], node.lines) if rest else (node.lines[:1], node.lines[1:])
    chain = lone_items(after, MAX_LEVEL - node.level, plan) if after and not node.children else None
    out.update(body(own if chain else [*own, *after], plan))
    if chain:
        out["工作"] = [chain]
    if node.children:
        # a lone sub-heading the source numbers (“（一）” and no “（二）”) keeps its number
        out.update({"单项编号": True} if len(node.children) == 1 else {})
        out["工作"] = [item(child, plan) for child in node.children]
    table_stats(out, node)
    return out


TABLE = "取自原文的表格：生成的报告把表中各项写成一句话，请核对"


def table_stats(out: dict[str, Any], node: Node) -> None:
    """The 统计 of a table under a heading, after those read from its text (the first marked:
    the report says them as a sentence, not as a table)."""
    if node.stats:
        out["统计"] = [*out.get("统计", []), Review(node.stats[0], TABLE), *node.stats[1:]]


MAX_LEVEL = 4  # 一、（一）1.（1）
TITLE_LIMIT = 40  # a first sentence longer than this is no title


def first_sentence(text: str) -> tuple[str, str] | None:
    """“深化理论学习。一是……” → (深化理论学习, 一是……): a paragraph's short first sentence as the
    title of the lone item the report prints it for; None when it has none."""
    m = re.search(r"[。！？]", text)
    if not m or m.start() == 0 or m.start() > TITLE_LIMIT or not count_grammar.balanced(text[: m.start()]):
        return None
    title = text[: m.start()] if m.group() == "。" else text[: m.end()]
    return title, text[m.end():].strip()


def lone_items(paragraphs: list[str], depth: int, plan: bool) -> dict[str, Any] | None:
    """Paragraphs the report prints for a lone item (a list of one is not numbered: its title
    and text make a plain paragraph) and its lone sub-item, and so on: the first paragraph's
    short first sentence is the title. None when they do not read so, or go deeper than the
    levels there are (`depth`)."""
    if depth <= 0 or not paragraphs:
        return None
    split = first_sentence(paragraphs[0])
    if split is None:
        return None
    title, rest = split
    if not rest and len(paragraphs) == 1:
        return None  # one sentence alone is text, not a title over nothing (its counts stay countable)
    out: dict[str, Any] = {"标题": title, **body([rest], plan)}
    if len(paragraphs) > 1:
        sub = lone_items(paragraphs[1:], depth - 1, plan)
        if sub is None:
            return None
        out["工作"] = [sub]
    return out


def tree(paras: list[Paragraph], lead_stats: list[dict[str, Any]] | None = None) -> tuple[list[str], list[Node]]:
    """The paragraphs before the first heading, and the level-1 headings with what is under
    them (a level that skips one is taken as the next one down). The 统计 of a table before
    the first heading go to `lead_stats`."""
    levels = Levels()
    lead_stats = [] if lead_stats is None else lead_stats
    lead: list[str] = []
    roots: list[Node] = []
    stack: list[Node] = []
    for para in paras:
        if para.stats:  # a 统计 table: the figures of the heading it stands under
            (stack[-1].stats if stack else lead_stats).extend(para.stats)
            continue
        found = levels.heading(para)
        if found is None:
            (stack[-1].lines if stack else lead).append(para.text)
            continue
        level, rest = found
        if level == 1 or not roots:
            node = Node(1, rest, unsure="" if level == 1 else "原文在第一个一级标题之前就有小标题")
            roots.append(node)
            stack = [node]
            continue
        while len(stack) > 1 and (stack[-1].written or stack[-1].level) >= level:
            stack.pop()
        parent = stack[-1]
        node = Node(min(level, parent.level + 1), rest, written=level)
        parent.children.append(node)
        stack.append(node)
    return lead, roots


@dataclass
class Head:
    """What the top of a report says: title and its parts, subtitle, date, 主送, intro."""

    title: str = ""
    subtitle: str = ""
    date: str = ""
    addressee: str = ""
    intro: list[str] = field(default_factory=list)


def head(lead: list[str]) -> Head:
    """Split the paragraphs before the first heading into title, subtitle, date, 主送, intro."""
    out = Head()
    i = 0
    while i < len(lead) and _title_like(lead[i]) and len(out.title) < 60:
        out.title += lead[i]
        i += 1
        if re.search(r"(总结|计划|打算|汇报|材料|报告)$", out.title):
            break
    while i < len(lead) and re.fullmatch(r"（[^（）]{1,40}）", lead[i]):
        if DATE.match(lead[i]):
            out.date = lead[i][1:-1]
        else:
            out.subtitle = lead[i]
        i += 1
    if i < len(lead) and lead[i].endswith("：") and len(lead[i]) <= 30 and "，" not in lead[i]:
        out.addressee = lead[i].rstrip("：")
        i += 1
    out.intro = lead[i:]
    return out


def _title_like(text: str) -> bool:
    return len(text) <= 45 and not re.search(r"[。，；：]$", text) and not text.startswith("（") and "。" not in text


_ANNEX = re.compile(r"^附表\d*$")
_ANNEX_NOTE = re.compile(r"^附表\d*：[^。]{1,60}$")
_ANNEX_LINE = re.compile(r"^(?:附表\d*|（续表）|注：.*|[^。，]{1,60}(?:表|统计)(?:（续表）)?)$")


def _without_annex(paras: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs without a 附表 after the 落款 (a roll-up's: its title, “（续表）”, its
    note; the table itself is not read). Its figures are the members' files' own, which a
    roll-up adds up again."""
    return paras[: len(paras) - len(annex(paras))]


def annex(paras: list[Paragraph]) -> list[Paragraph]:
    """A roll-up's 附表 after the 落款, which import leaves out (see _without_annex); after the
    “附表：……” line itself when the report has no 落款."""
    for i in range(len(paras) - 1, 0, -1):
        if _ANNEX.match(paras[i].text) and (DATE.match(paras[i - 1].text) or _ANNEX_NOTE.match(paras[i - 1].text)):
            if all(_ANNEX_LINE.match(p.text) or p.stats for p in paras[i:]):
                return paras[i:]
    return []


def tail(paras: list[Paragraph]) -> tuple[list[Paragraph], str, str, str]:
    """The paragraphs without the closing and the signature: (rest, 结语, 署名, 日期)."""
    rest = _without_annex(list(paras))
    date = name = closing = ""
    if rest and DATE.match(rest[-1].text):
        date = rest.pop().text.strip("（）")
        if rest and _SIGNER.match(rest[-1].text) and not Levels().heading(rest[-1]):
            name = rest.pop().text
    elif rest and _SIGNER.match(rest[-1].text) and re.search(r"(党委|党支部|党工委|委员会|办事处|社区|街道|人民政府)$", rest[-1].text):
        name = rest.pop().text
    if rest and _ANNEX_NOTE.match(rest[-1].text):
        rest.pop()  # “附表：……” points at the 附表 left out above
    if rest and not rest[-1].level and _CLOSING.search(rest[-1].text) and Levels().heading(rest[-1]) is None:
        closing = rest.pop().text
    return rest, closing, name, date
