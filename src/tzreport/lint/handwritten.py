"""`tzreport check` of a report written by hand (.docx, .txt, .md): the text rules on every
paragraph, the numbering, the year, and (for Word) the layout, each finding placed at
file:paragraph:character with the paragraph named (第N段).

What is checked is given through the small interface below (`ParagraphLike`, `BodyLike`):
whichever reader produced the paragraphs — ours or another — only has to offer these fields.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from tzreport.errors import ERROR, Diagnostic
from tzreport.lint import layout_rules, numbering
from tzreport.lint.layout_rules import Expected, LookLike, PageLike, Seen
from tzreport.lint.rules import ALL, RULES, Hit, Selection
from tzreport.lint.terms import Terms
from tzreport.lint.text_rules import check_text


class ParagraphLike(Protocol):
    text: str
    label: str  # Word's automatic number, drawn before the text but not part of it
    in_table: bool
    centered: bool
    offset: int  # characters of the source line before the text (Markdown's "## ")
    line_rule: str | None
    line_value: float | None

    @property
    def head(self) -> LookLike: ...

    @property
    def look(self) -> LookLike: ...


class BodyLike(Protocol):
    @property
    def paragraphs(self) -> Sequence[ParagraphLike]: ...

    @property
    def pages(self) -> Sequence[PageLike]: ...

    page_numbers: bool


# Defects that make a report unfit to send: errors in a report written by hand.
ERROR_CODES = frozenset({"TZ302"})


def check(
    path: Path, body: BodyLike, terms: Terms, selection: Selection = ALL,
    expected: Expected | None = None,
) -> list[Diagnostic]:
    """Every finding in one report; `expected` (the layout profile) for a Word file only."""
    paragraphs = body.paragraphs
    found: list[tuple[int, Hit]] = []
    title = next((i for i, p in enumerate(paragraphs) if p.text.strip() and not p.in_table), None)
    numbered: list[tuple[int, str]] = []
    for i, p in enumerate(paragraphs):
        if p.text.strip():
            found += [(i, hit) for hit in check_text(p.text, terms, selection.wants)]
            if not p.in_table and i != title:
                numbered.append((i, p.label + p.text if p.label else p.text))
    levels: dict[int, int] = {}
    read: list[tuple[int, str, numbering.Number | None]] = []
    for (i, number, hits), (_, text) in zip(numbering.numbers(numbered), numbered, strict=True):
        label = len(paragraphs[i].label)
        found += [(i, _in_text(hit, label, paragraphs[i].text)) for hit in hits]
        read.append((i, text, number))
        if number is not None:
            levels[i] = number.level
        end = numbering.heading_end(paragraphs[i].label + paragraphs[i].text, number, False)
        if end is not None:
            found.append((i, _in_text(end, label, paragraphs[i].text)))
    found += [(i, _in_text(hit, len(paragraphs[i].label), paragraphs[i].text)) for i, hit in numbering.lone(read)]
    if title is not None:
        head = paragraphs[title]
        end = numbering.heading_end(head.text, None, True)
        found += [(title, end)] if end is not None else []
        year = numbering.report_year(head.text)
        if year is not None:
            found += [(i, hit) for i, p in enumerate(paragraphs) if p.text
                      for hit in numbering.stale_year(p.text, year)]
    found = [(i, hit) for i, hit in _without_doubles(found) if selection.wants(hit.code)]
    diagnostics = [_place(path, paragraphs, i, hit) for i, hit in found]
    if expected is not None:
        diagnostics += layout(path, body, expected, title, levels, selection)
    return sorted(diagnostics, key=lambda d: (d.line, d.column, d.code))


def _in_text(hit: Hit, label: int, text: str) -> Hit:
    """A hit found in label + text, placed in the text; one on the label (Word's automatic
    number, not in the text) is about the whole paragraph."""
    if hit.span is None or not label:
        return dataclasses.replace(hit, text=text)
    if hit.span[0] < label:
        return dataclasses.replace(hit, span=None, text=text)
    return dataclasses.replace(hit, span=(hit.span[0] - label, hit.span[1] - label), text=text)


def _without_doubles(found: list[tuple[int, Hit]]) -> list[tuple[int, Hit]]:
    """二、、 is a numbering error (TZ603), (一) one too (TZ605): that they are also doubled or
    half-width punctuation need not be said."""
    numbering_spans = {(i, h.span) for i, h in found if h.code in ("TZ603", "TZ605")}
    return [(i, h) for i, h in found if not (h.code in ("TZ202", "TZ201") and any(
        j == i and s and h.span and s[0] < h.span[1] and h.span[0] < s[1] for j, s in numbering_spans))]


def _place(path: Path, paragraphs: Sequence[ParagraphLike], i: int, hit: Hit) -> Diagnostic:
    n, p = i + 1, paragraphs[i]
    level = ERROR if hit.code in ERROR_CODES else hit.severity
    start, end = hit.span if hit.span is not None else (0, len(p.text))
    return Diagnostic(path, n, start + 1 + p.offset, hit.message, f"第{n}段", level, hit.code,
                      hit.fix, n, end + 1 + p.offset)


# ---------------------------------------------------------------- layout


def layout(
    path: Path, body: BodyLike, expected: Expected, title: int | None, levels: dict[int, int],
    selection: Selection = ALL,
) -> list[Diagnostic]:
    """TZ701–TZ707: each kind of difference once, with the paragraphs it affects."""
    paragraphs = body.paragraphs
    first = title if title is not None else 0
    out: list[Diagnostic] = []

    def say(code: str, message: str, at: int) -> None:
        if selection.wants(code) and paragraphs:
            length = len(paragraphs[at].text)
            out.append(Diagnostic(path, at + 1, 1, message, "", RULES[code].level, code, None, at + 1, length + 1))

    for code, message in layout_rules.pages(body.pages, expected):
        say(code, message, first)
    if not body.page_numbers:
        say("TZ707", "文档没有页码：应在页脚插入页码（四号半角宋体阿拉伯数字，左右各一条一字线）", first)
    seen: dict[tuple[str, str], Seen] = {}

    def note(code: str, what: str, i: int) -> None:
        seen.setdefault((code, what), Seen(code, what)).paragraphs.append(i + 1)

    body_font, body_size = expected.body
    titles, labels, notes = _annex_parts(paragraphs)
    for i, p in enumerate(paragraphs):
        if not p.text.strip() or p.in_table or i in notes:
            continue
        if i in labels:  # 附件 / 附表: 黑体, like a first-level heading
            wrong = layout_rules.font_differs(p.look, expected.headings[0], body_size)
            if wrong:
                note("TZ706", f"附件标识为{wrong}，应为{expected.headings[0]}", i)
            continue
        if i == title or i in titles:
            wrong = layout_rules.font_differs(p.look, *expected.title)
            if wrong:
                want = f"{expected.title[0]}{layout_rules.size_name(expected.title[1])}"
                note("TZ705", f"标题为{wrong}，应为{want}", i)
            continue
        level = levels.get(i)
        if level is not None:
            want_face = expected.headings[level - 1]
            wrong = layout_rules.font_differs(p.head, want_face, body_size, with_size=False)
            if wrong:
                note("TZ706", f"{'一二三四'[level - 1]}级标题为{wrong}，应为{want_face}", i)
        if level is None or level > 2:
            look = p.look if level is None else p.head
            wrong = layout_rules.font_differs(look, body_font, body_size, with_size=level is None)
            if wrong and level is None:
                note("TZ703", f"正文为{wrong}，应为{body_font}{layout_rules.size_name(body_size)}", i)
        spacing = layout_rules.line_spacing(p.line_rule, p.line_value, expected)
        if spacing:
            note("TZ704", f"行距为{spacing}，应为固定值{expected.line_pitch:g}磅", i)
    for kind in seen.values():
        where = layout_rules.ranges(kind.paragraphs)
        say(kind.code, f"第{where}段{kind.what}", kind.paragraphs[0] - 1)
    return out


_NOTE_STARTS = ("（续表）", "续表", "注：", "注:", "单位：", "说明：", "备注：", "数据来源", "资料来源")
_CONTINUED = ("（续表）", "续表")
_ANNEX_LABEL = re.compile(r"^\s*附\s*[件表]\s*\d*\s*[:：]?\s*$")


def _annex_parts(paragraphs: Sequence[ParagraphLike]) -> tuple[set[int], set[int], set[int]]:
    """The parts of an attachment (GB/T 9704 7.5) that are not body text: the title after a
    附件/附表 label (set like the document's title), the label itself, and the short notes
    next to a table ("（续表）", "注：…", "单位：个"), set in the table's size."""
    titles, labels, notes = set(), set(), set()
    filled = [i for i, p in enumerate(paragraphs) if p.text.strip()]
    for k, i in enumerate(filled):
        p = paragraphs[i]
        if p.in_table:
            continue
        if _ANNEX_LABEL.match(p.text):
            labels.add(i)
            after = next((j for j in filled[k + 1 :] if not paragraphs[j].in_table), None)
            if after is not None and paragraphs[after].centered:
                titles.add(after)
            continue
        neighbours = [paragraphs[j] for j in filled[max(k - 1, 0) : k + 2] if j != i]
        if p.text.lstrip().startswith(_NOTE_STARTS) and any(n.in_table for n in neighbours):
            notes.add(i)
        elif labels and p.centered and p.text.rstrip().endswith(_CONTINUED) and any(n.in_table for n in neighbours):
            titles.add(i)  # “……统计表（续表）” over a table continued on a page of its own
    return titles, labels, notes
