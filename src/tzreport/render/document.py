"""Markdown (from our templates) → the parsed document every writer walks: one immutable Document.

The Markdown is parsed once with markdown-it-py (`parse`); each block becomes one paragraph:
  # …            the title               ## 一、…     a level-1 heading
  **（一）…**。…  a run-in heading: the bold part in the heading font, the rest in the body font
  ::: 主送 / ::: 落款  the addressee line and the signature block
  ::: 附件说明      the line naming the attachments ("附表：……"), one empty line below the body
  ::: 附表         an attachment page: its label, its title, tables and notes
  | … | … |        a GFM table: rows of cells, the header rows marked
Everything else is body text. This is the one module that imports markdown-it; the Word, PDF and
HTML writers (and the preview) only walk the Document, with a layout profile.

Pagination is decided here, once, for every format: which blocks keep together with the block
after them (`keeps_with_next`), where the 落款 is (its indents depend on the layout and are
worked out from it beneath the writers, in writers/geometry.py), the title's text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from tzreport.render import plain_markdown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


CONTAINERS = ("副标题", "主送", "附件说明", "落款", "附表")

# The level of a run-in heading, told by its number.
_LEVELS = [
    (re.compile(r"^（[一二三四五六七八九十百零]+）"), 2),
    (re.compile(r"^\d+[.．]"), 3),
    (re.compile(r"^（\d+）"), 4),
]
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")

# Kinds a 公文 typesetter never leaves at the foot of a page without the block after them: the
# title and its subtitle, headings, the 主送 line, the 署名 (with its date), the 附表's label and
# title.
HEADING_KINDS = frozenset({
    "title", "subtitle", "heading1", "heading2", "heading3", "heading4", "addressee",
    "signature", "annex_label", "annex_title",
})


class Run(NamedTuple):
    """A piece of a paragraph's text, bold or not (a tuple: there are thousands in a report,
    and a tuple is made several times faster than a frozen dataclass)."""

    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    runs: tuple[Run, ...]
    align: str = "left"  # left | center | right

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...] = ()
    header_rows: int = 0


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the document: its kind and its runs."""

    kind: str  # title | subtitle | heading1..4 | body | addressee | annex_note | signature
    #            | signature_date | blank | annex_label | annex_title | table_note | table
    runs: tuple[Run, ...] = ()
    heading_level: int = 0  # for a run-in heading: the level of its bold part
    keep_with_next: bool = False  # on the same page as the next block (keeps_with_next)
    table: Table | None = None

    @property
    def text(self) -> str:
        """The block's text, without its marks."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Document:
    """A report as every writer sets it: its blocks, the title's text, and where the 落款 is
    (the indexes of its 署名 and date, None when it lacks either)."""

    blocks: tuple[Block, ...]
    title: str = ""
    signature: tuple[int, int] | None = None


class Reader:
    """Collects one table from markdown-it's tokens, table_open to table_close."""

    def __init__(self, runs: Callable[[Any], tuple[Run, ...]]) -> None:
        self.runs = runs
        self.rows: list[list[Cell]] = []
        self.header_rows = 0
        self.in_head = False
        self.align = "left"

    def feed(self, token: Any) -> Table | None:
        """Take the next token; returns the table once its last token is in."""
        kind = token.type
        if kind in ("thead_open", "thead_close"):
            self.in_head = kind == "thead_open"
        elif kind == "tr_open":
            self.rows.append([])
            self.header_rows += self.in_head
        elif kind in ("th_open", "td_open"):
            style = (token.attrs or {}).get("style", "")
            self.align = str(style).removeprefix("text-align:") or "left"
        elif kind == "inline":
            self.rows[-1].append(Cell(self.runs(token), self.align))
        if kind != "table_close":
            return None
        return Table(tuple(tuple(row) for row in self.rows), self.header_rows)


@functools.cache
def _parser() -> MarkdownIt:
    # imported when first needed: a plain report is read without it (_plain_lines), and
    # importing it was a tenth of a cold build
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    md = MarkdownIt("commonmark").enable("table")
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    return md


def parse(markdown: str) -> Document:
    """The report's Markdown as the Document every writer takes (parsed once per report)."""
    found = _annex_kinds(_blocks(markdown))
    keep = keeps_with_next(found)
    # (the constructor, not dataclasses.replace, which costs ten times as much)
    blocks = tuple(Block(b.kind, b.runs, b.heading_level, True, b.table) if k else b
                   for b, k in zip(found, keep, strict=True))
    title = next((b.text for b in blocks if b.kind == "title"), "")
    name = next((i for i, b in enumerate(blocks) if b.kind == "signature"), None)
    date = next((i for i, b in enumerate(blocks) if b.kind == "signature_date"), None)
    signature = (name, date) if name is not None and date is not None else None
    return Document(blocks, title, signature)


def keeps_with_next(blocks: list[Block]) -> list[bool]:
    """The one keep-together rule, for Word, PDF and HTML alike: which blocks stay on the page
    of the block after them.

    - a heading (HEADING_KINDS) with what follows it;
    - the 附件说明 and the 落款 never alone at the top of a page: the empty line before each,
      and the last block before that, stay with it;
    - a note under a table with the table's last row, and a note over a table (（续表）) with
      the table it announces;
    - an empty line after a block that keeps with the next keeps with the next too: the 附表's
      label stays with its title over the empty line between them."""
    keep = [b.kind in HEADING_KINDS for b in blocks]
    for i, (block, after) in enumerate(zip(blocks, blocks[1:], strict=False)):
        if block.kind == "blank" and after.kind in ("annex_note", "signature", "signature_date"):
            keep[i] = True
            if i:
                keep[i - 1] = True
        elif (block.kind, after.kind) in (("table", "table_note"), ("table_note", "table")):
            keep[i] = True
    for i, block in enumerate(blocks):
        if block.kind == "blank" and i and keep[i - 1]:
            keep[i] = True  # a keep goes on through an empty line (the 附表's label, its title)
    if keep:
        keep[-1] = False  # nothing follows the last block
    return keep


def _blocks(markdown: str) -> list[Block]:
    """The paragraphs, classified from the Markdown our templates write (a 附表's paragraphs
    still all of kind "annex")."""
    found = _plain_lines(markdown)
    return _classify(found if found is not None else _tokens(markdown))


# What the classifier is told, in order: "container:NAME" opened, "container" closed, "text"
# (a heading's level or 0 for a paragraph, and its runs), "table" (the whole table).
_Event = tuple[str, int, tuple[Run, ...], "Table | None"]


def _tokens(markdown: str) -> list[_Event]:
    """The events of any Markdown, from markdown-it's tokens."""
    out: list[_Event] = []
    heading = 0
    table: Reader | None = None
    for token in _parser().parse(markdown):
        if table is not None or token.type == "table_open":
            table = table or Reader(_runs)
            if (done := table.feed(token)) is not None:
                out.append(("table", 0, (), done))
                table = None
            continue
        if token.type.startswith("container_"):
            name = ":" + token.info.strip() if token.type.endswith("_open") else ""
            out.append(("container" + name, 0, (), None))
            continue
        if token.type == "heading_open":
            heading = int(token.tag[1])
            continue
        if token.type == "heading_close":
            heading = 0
            continue
        if token.type == "inline":
            out.append(("text", heading, _runs(token), None))
    return out


def _classify(events: list[_Event]) -> list[Block]:
    out: list[Block] = []
    container = ""
    for what, heading, runs, table in events:
        if what == "table":
            out.append(Block("table", table=table))
            continue
        if what.startswith("container"):
            container = what.removeprefix("container:") if what != "container" else ""
            if container in ("附件说明", "落款"):
                # GB/T 9704 7.3.4, 7.3.5: one empty line between the body and the 附件说明,
                # and before the 落款
                out.append(Block("blank"))
            if container == "附表":
                out.append(Block("annex_start"))
            continue
        if heading == 1:
            out.append(Block("title", runs))
            out.append(Block("blank"))  # GB/T 9704: one empty line under the title
        elif heading:
            out.append(Block(f"heading{min(heading - 1, 4)}", runs))
        elif container == "副标题":
            # the lines under the title (a subtitle, a 发言材料's date) stand above its empty line
            at = len(out) - 1 if out and out[-1].kind == "blank" else len(out)
            out.insert(at, Block("subtitle", runs))
        elif container == "主送":
            out.append(Block("addressee", runs))
        elif container == "附件说明":
            out.append(Block("annex_note", runs))  # set as body text: 左空二字
        elif container == "落款":
            is_date = bool(_DATE.fullmatch(plain_text(runs)))
            out.append(Block("signature_date" if is_date else "signature", runs))
        elif container == "附表":
            out.append(Block("annex", runs))
        else:
            out.append(_body(runs))
    return out


def _plain_lines(markdown: str) -> list[_Event] | None:
    """The events of a plain report read line by line (render/plain_markdown), else None."""
    found = plain_markdown.events(markdown, CONTAINERS)
    if found is None:
        return None
    return [(kind, level, tuple(Run(text, bold) for text, bold in runs), None) for kind, level, runs in found]


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
            kind = {1: "annex_label", 2: "annex_title"}.get(seen, "table_note")
            block = Block(kind, block.runs, block.heading_level, block.keep_with_next, block.table)
            if seen == 2:
                out.append(Block("blank"))
        out.append(block)
    return out


def plain_text(runs: tuple[Run, ...] | list[Run]) -> str:
    """The text of runs, without their marks."""
    return "".join(r.text for r in runs)


def _runs(inline: object) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = False
    for child in getattr(inline, "children", None) or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type in ("text", "code_inline"):
            if child.content:
                runs.append(Run(child.content, bold))
    return tuple(runs)


def _body(runs: tuple[Run, ...]) -> Block:
    """A body paragraph; when it opens with a bold numbered heading, a run-in heading."""
    if runs and runs[0].bold:
        head = runs[0].text
        for pattern, level in _LEVELS:
            if pattern.match(head):
                rest = runs[1:]
                # the heading's own closing mark (。) stands after the bold in the Markdown
                if rest and rest[0].text[:1] in "。！？；：，":
                    runs = (Run(head + rest[0].text[0], True), Run(rest[0].text[1:]), *rest[1:])
                if len([r for r in runs if r.text]) == 1:
                    return Block(f"heading{level}", (Run(head),))
                return Block("body", tuple(r for r in runs if r.text), heading_level=level)
    return Block("body", runs)
