"""Markdown (from our templates) → Word .docx in the 公文 layout.

The Markdown is parsed with markdown-it-py; each block becomes one paragraph:
  # …            the title               ## 一、…     a level-1 heading
  **（一）…**。…  a run-in heading: the bold part in the heading font, the rest in the body font
  ::: 主送 / ::: 落款  the addressee line and the signature block
  ::: 附表         an attachment page: its label, its title, tables and notes
  | … | … |        a GFM table: a real Word table (tables.py)
Everything else is body text. The body is written as WordprocessingML in bulk (one lxml parse
per document), because python-docx's paragraph API is slow and cannot set w:eastAsia anyway.
Styles, page setup and footers come from word_package (made by word_setup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from tzreport import tables
from tzreport.layout import DEFAULT, Font, Layout, twips
from tzreport.text import display_width, title_lines
from tzreport.word_package import PARAGRAPH_STYLES, Package, package, rpr, write_package

CONTAINERS = ("副标题", "主送", "落款", "附表")

# The level of a run-in heading, told by its number.
_LEVELS = [
    (re.compile(r"^（[一二三四五六七八九十百零]+）"), 2),
    (re.compile(r"^\d+[.．]"), 3),
    (re.compile(r"^（\d+）"), 4),
]
# Characters XML 1.0 cannot hold: Word refuses a document with any of them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Run:
    text: str
    bold: bool = False


@dataclass
class Block:
    """One paragraph of the document: its kind and its runs."""

    kind: str  # title | heading1..4 | body | addressee | signature | signature_date | blank
    #            | annex (→ annex_label, annex_title, table_note) | table
    runs: list[Run]
    heading_level: int = 0  # for a run-in heading: the level of its bold part
    keep_next: bool = False  # keep on the same page as the next paragraph
    table: tables.Table | None = None


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
    table: tables.Reader | None = None
    for token in _MD.parse(markdown):
        if table is not None or token.type == "table_open":
            table = table or tables.Reader(_runs)
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
            is_date = bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", _text(runs)))
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


def _text(runs: list[Run]) -> str:
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


# ------------------------------------------------------------------------------ XML


def _run(text: str, font: Font | None, bold: bool = False, style: str | None = None) -> str:
    clean = escape(_XML_INVALID.sub("", text))
    return f'<w:r>{rpr(font, bold, style)}<w:t xml:space="preserve">{clean}</w:t></w:r>'


def _font(block: Block, run: Run, layout: Layout) -> Font:
    if block.kind == "title":
        return layout.title
    if block.kind == "subtitle":
        return layout.subtitle
    if block.kind.startswith("heading"):
        return layout.heading(int(block.kind[-1]))
    if run.bold and block.heading_level:
        return layout.heading(block.heading_level)
    return layout.body


def _signature_indents(blocks_: list[Block], layout: Layout) -> dict[int, float]:
    """Right indents in characters for the 落款 (GB/T 9704 7.3.5.2): the 署名 ends two
    characters from the right; the date, on the next line, starts two characters right of the
    署名's start; a date longer than that moves the 署名 left instead, so the date still
    ends two characters from the right."""
    name = next((i for i, b in enumerate(blocks_) if b.kind == "signature"), None)
    date = next((i for i, b in enumerate(blocks_) if b.kind == "signature_date"), None)
    if name is None or date is None:
        return {}
    name_w = display_width(_text(blocks_[name].runs))
    date_w = display_width(_text(blocks_[date].runs))
    edge, shift = layout.signature_right_chars, layout.signature_date_shift_chars
    date_right = edge + name_w - shift - date_w
    if date_right >= edge:
        return {name: edge, date: date_right}
    return {name: edge + date_w + shift - name_w, date: edge}


def _paragraph(block: Block, index: int, setup: Package, layout: Layout,
               right_chars: dict[int, float]) -> str:
    direct = setup.direct_fonts
    ppr = [f'<w:pStyle w:val="{setup.paragraph_styles[STYLE_KINDS[block.kind]]}"/>']
    if block.keep_next:
        ppr.append("<w:keepNext/>")
    if index in right_chars:
        chars = right_chars[index]
        ppr.append(f'<w:ind w:right="{twips(layout.body.size * chars)}" '
                   f'w:rightChars="{round(chars * 100)}"/>')
    if block.kind == "title":
        lines = title_lines(_text(block.runs), layout.title_chars_per_line)
        font = layout.title if direct else None
        runs = f"<w:r>{rpr(font)}<w:br/></w:r>".join(_run(line, font) for line in lines)
    else:
        parts = []
        for run in block.runs:
            heading_part = run.bold and block.heading_level
            parts.append(_run(
                run.text,
                _font(block, run, layout) if direct else None,
                bold=run.bold and not block.heading_level,
                style=setup.run_in_styles[block.heading_level] if heading_part else None,
            ))
        runs = "".join(parts)
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{runs}</w:p>"


_ANNEX_KINDS = ("annex_label", "annex_title", "table_note")


def _element(block: Block, index: int, setup: Package, layout: Layout,
             right_chars: dict[int, float]) -> str:
    """A block as WordprocessingML: a table, a paragraph of the 附表 pages, or a paragraph."""
    if block.table is not None:
        return tables.xml(block.table, layout, _run, keep_with_next=block.keep_next)
    if block.kind in _ANNEX_KINDS:
        font = {"annex_label": layout.annex_label, "annex_title": layout.title}.get(
            block.kind, layout.table)
        runs = "".join(_run(r.text, font if setup.direct_fonts else None, r.bold)
                       for r in block.runs)
        style = setup.paragraph_styles[block.kind]
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>'
    return _paragraph(block, index, setup, layout, right_chars)


STYLE_KINDS = {"blank": "body", **{k: k for k in PARAGRAPH_STYLES}}


def to_docx(markdown: str, layout: Layout = DEFAULT, reference: Path | None = None) -> bytes:
    """The .docx file (as bytes) for a report's Markdown, in the layout profile's 公文 format or
    in the styles of a unit's reference document."""
    stamp = reference.stat().st_mtime if reference is not None else 0.0
    pkg = package(layout, reference, stamp)
    parts = blocks(markdown)
    # Never leave the 落款 alone at the top of the last page: keep the paragraph before it with it.
    for i, block in enumerate(parts):
        if block.kind == "blank" and i + 1 < len(parts) and parts[i + 1].kind == "signature":
            block.keep_next = True
            if i > 0:
                parts[i - 1].keep_next = True
    # A note under a table stays on the table's last page.
    for block, after in zip(parts, parts[1:], strict=False):
        if block.table is not None and after.kind == "table_note":
            block.keep_next = True
    right_chars = _signature_indents(parts, layout)
    body = "".join(_element(b, i, pkg, layout, right_chars) for i, b in enumerate(parts))
    # the document's title property: valid XML, at most 255 characters (as Word keeps it)
    title = next((_text(b.runs) for b in parts if b.kind == "title"), "")
    return write_package(pkg, body, _XML_INVALID.sub("", title)[:255], layout.language)
