"""Markdown (from our templates) → the parsed document every writer walks: a list of blocks.

The Markdown is parsed once with markdown-it-py; each block becomes one paragraph:
  # …            the title               ## 一、…     a level-1 heading
  **（一）…**。…  a run-in heading: the bold part in the heading font, the rest in the body font
  ::: 主送 / ::: 落款  the addressee line and the signature block
  ::: 附表         an attachment page: its label, its title, tables and notes
  | … | … |        a GFM table: rows of cells, the header rows marked
Everything else is body text. This is the one module that imports markdown-it; the Word writer
(and any other format's) only walks the blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

CONTAINERS = ("副标题", "主送", "落款", "附表")

# The level of a run-in heading, told by its number.
_LEVELS = [
    (re.compile(r"^（[一二三四五六七八九十百零]+）"), 2),
    (re.compile(r"^\d+[.．]"), 3),
    (re.compile(r"^（\d+）"), 4),
]
@dataclass
class Run:
    text: str
    bold: bool = False


@dataclass
class Block:
    """One paragraph of the document: its kind and its runs."""

    kind: str  # title | subtitle | heading1..4 | body | addressee | signature | signature_date | blank
    #            | annex (→ annex_label, annex_title, table_note) | table
    runs: list[Run]
    heading_level: int = 0  # for a run-in heading: the level of its bold part
    keep_next: bool = False  # keep on the same page as the next paragraph
    table: Table | None = None



@dataclass
class Cell:
    runs: list[Run]
    align: str = "left"  # left | center | right

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0


class Reader:
    """Collects one table from markdown-it's tokens, table_open to table_close."""

    def __init__(self, runs: Callable[[Any], list[Run]]) -> None:
        self.runs = runs
        self.table = Table()
        self.in_head = False
        self.align = "left"

    def feed(self, token: Any) -> Table | None:
        """Take the next token; returns the table once its last token is in."""
        kind = token.type
        if kind in ("thead_open", "thead_close"):
            self.in_head = kind == "thead_open"
        elif kind == "tr_open":
            self.table.rows.append([])
            self.table.header_rows += self.in_head
        elif kind in ("th_open", "td_open"):
            style = (token.attrs or {}).get("style", "")
            self.align = str(style).removeprefix("text-align:") or "left"
        elif kind == "inline":
            self.table.rows[-1].append(Cell(self.runs(token), self.align))
        return self.table if kind == "table_close" else None


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    return md


_MD = _parser()


def blocks(markdown: str) -> list[Block]:
    """The document's paragraphs, classified from the Markdown our templates write."""
    out: list[Block] = []
    container = ""
    heading = 0
    table: Reader | None = None
    for token in _MD.parse(markdown):
        if table is not None or token.type == "table_open":
            table = table or Reader(_runs)
            if (done := table.feed(token)) is not None:
                out.append(Block("table", [], table=done))
                table = None
            continue
        if token.type.startswith("container_"):
            container = token.info.strip() if token.type.endswith("_open") else ""
            if token.type.endswith("_open") and container == "落款":
                out.append(Block("blank", []))  # GB/T 9704: one empty line before the 落款
            if token.type.endswith("_open") and container == "附表":
                out.append(Block("annex_start", []))
            continue
        if token.type == "heading_open":
            heading = int(token.tag[1])
            continue
        if token.type == "heading_close":
            heading = 0
            continue
        if token.type != "inline":
            continue
        runs = _runs(token)
        if heading == 1:
            out.append(Block("title", runs))
            out.append(Block("blank", []))  # GB/T 9704: one empty line under the title
        elif heading:
            out.append(Block(f"heading{min(heading - 1, 4)}", runs))
        elif container == "副标题":
            # the lines under the title (a subtitle, a 发言材料's date) stand above its empty line
            at = len(out) - 1 if out and out[-1].kind == "blank" else len(out)
            out.insert(at, Block("subtitle", runs))
        elif container == "主送":
            out.append(Block("addressee", runs))
        elif container == "落款":
            is_date = bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", plain_text(runs)))
            out.append(Block("signature_date" if is_date else "signature", runs))
        elif container == "附表":
            out.append(Block("annex", runs))
        else:
            out.append(_body(runs))
    return _annex_kinds(out)


def _annex_kinds(found: list[Block]) -> list[Block]:
    """In a 附表 container, the first paragraph is its label (附表), the second its title, the
    rest notes; as GB/T 9704 7.5 sets an attachment, one empty line between label and title."""
    out: list[Block] = []
    seen = 0
    for block in found:
        if block.kind == "annex_start":
            seen = 0
            continue
        if block.kind == "annex":
            seen += 1
            block.kind = {1: "annex_label", 2: "annex_title"}.get(seen, "table_note")
            if seen == 2:
                out.append(Block("blank", []))
        out.append(block)
    return out


def plain_text(runs: list[Run]) -> str:
    """The text of runs, without their marks."""
    return "".join(r.text for r in runs)


def _runs(inline: object) -> list[Run]:
    runs: list[Run] = []
    bold = False
    for child in getattr(inline, "children", None) or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type in ("text", "code_inline"):
            runs.append(Run(child.content, bold))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(Run("", bold))
    return [r for r in runs if r.text]


def _body(runs: list[Run]) -> Block:
    """A body paragraph; when it opens with a bold numbered heading, a run-in heading."""
    if runs and runs[0].bold:
        head = runs[0].text
        for pattern, level in _LEVELS:
            if pattern.match(head):
                rest = runs[1:]
                # the heading's own closing mark (。) stands after the bold in the Markdown
                if rest and rest[0].text[:1] in "。！？；：，":
                    runs = [Run(head + rest[0].text[0], True), Run(rest[0].text[1:])] + rest[1:]
                if len([r for r in runs if r.text]) == 1:
                    return Block(f"heading{level}", [Run(head)])
                return Block("body", [r for r in runs if r.text], heading_level=level)
    return Block("body", runs)
