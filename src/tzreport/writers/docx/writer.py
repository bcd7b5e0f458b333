"""The parsed document (render/document.py) → Word .docx in the 公文 layout.

Blocks the document keeps with the next one get w:keepNext (a table: on its last row), unless
their paragraph style already has it (the headings', the 主送's, the 署名's: setup.py).

Each block becomes one paragraph in its style; a table becomes a real Word table (tables.py). The body is written as WordprocessingML in bulk (one lxml parse
per document), because python-docx's paragraph API is slow and cannot set w:eastAsia anyway.
Styles, page setup and footers come from the prepared package (package.py, made by setup.py).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tzreport.office.paragraph_walk import NO_BREAK, WORD_JOINER
from tzreport.render.document import Block, Document, Run
from tzreport.text import XML_INVALID
from tzreport.writers import table_layout, unbroken
from tzreport.writers.docx import sections, tables
from tzreport.writers.docx.ooxml import PARAGRAPH_STYLES, Package, rpr
from tzreport.writers.docx.package import package, write_package
from tzreport.writers.geometry import signature_indents, title_lines
from tzreport.writers.layout import DEFAULT, Font, Layout, twips

# ------------------------------------------------------------------------------ XML


def _run(text: str, font: Font | None, bold: bool = False, style: str | None = None) -> str:
    """A run of text; a text with figures joined (writers/unbroken.py) as several runs, each
    figure one of its own."""
    if unbroken.JOINER not in text:
        return _one_run(text, font, bold, style)
    return "".join(_one_run(piece, font, bold, style, whole) for piece, whole in unbroken.runs(text))


def _one_run(text: str, font: Font | None, bold: bool, style: str | None, whole: bool = False) -> str:
    # what xml.sax.saxutils.escape does, without its call and loop: this runs for every run
    # (a character XML cannot hold is unprintable: most runs have none to remove). The joiners
    # only mark where a figure's run ends (unbroken.runs): none goes into the file, where an
    # invisible character would travel with every copy and defeat a search for "15人".
    if whole:
        text = text.replace(NO_BREAK, "").replace(WORD_JOINER, "")
    clean = text if text.isprintable() else XML_INVALID.sub("", text)
    clean = clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:r>{rpr(font, bold, style, whole)}<w:t xml:space="preserve">{clean}</w:t></w:r>'


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


def _paragraph(block: Block, index: int, setup: Package, layout: Layout,
               right_chars: dict[int, float]) -> str:
    direct = setup.direct_fonts
    ppr = [f'<w:pStyle w:val="{setup.paragraph_styles[STYLE_KINDS[block.kind]]}"/>']
    if block.keep_with_next and block.kind not in STYLES_KEEP_NEXT:
        # (on a long paragraph too: Word keeps its last lines with the next; LibreOffice moves
        # it whole, which leaves a page short, but never a 落款 on a page without text)
        ppr.append("<w:keepNext/>")
    if index in right_chars:
        chars = right_chars[index]
        ppr.append(f'<w:ind w:right="{twips(layout.body.size * chars)}" '
                   f'w:rightChars="{round(chars * 100)}"/>')
    if block.kind == "title":
        lines = title_lines(block, layout)
        font = layout.title if direct else None
        runs = f"<w:r>{rpr(font)}<w:br/></w:r>".join(_run(line, font) for line in lines)
    else:
        parts = []
        texts = _unbroken(block)
        for run, words in zip(block.runs, texts, strict=True):
            heading_part = run.bold and block.heading_level
            parts.append(_run(
                words,
                _font(block, run, layout) if direct else None,
                bold=run.bold and not block.heading_level,
                style=setup.run_in_styles[block.heading_level] if heading_part else None,
            ))
        runs = "".join(parts)
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{runs}</w:p>"


def _unbroken(block: Block) -> list[str]:
    """The runs' texts, in a body paragraph or a heading with joiners where no line may break:
    a figure with its measure word (writers/unbroken.py). (A title's lines are set apart.)"""
    if block.kind != "body" and not block.kind.startswith("heading"):
        return [r.text for r in block.runs]
    return [unbroken.join(r.text) for r in block.runs]


_ANNEX_KINDS = ("annex_label", "annex_title", "table_note")


def _element(block: Block, index: int, setup: Package, layout: Layout,
             right_chars: dict[int, float], placed: dict[int, table_layout.Setting]) -> str:
    """A block as WordprocessingML: a table, a paragraph of the 附表 pages, or a paragraph."""
    if block.table is not None:
        setting = placed[index]
        groups = setting.groups
        # the groups of a wide table, an empty note line between them (Word joins tables
        # that touch); a group table_layout continues on a page of its own comes under the
        # table's title and “（续表）”, from a page break, as in the PDF
        gap = f'<w:p><w:pPr><w:pStyle w:val="{setup.paragraph_styles["table_note"]}"/></w:pPr></w:p>'
        title_font = layout.title if setup.direct_fonts else None
        continued = (
            f'<w:p><w:pPr><w:pStyle w:val="{setup.paragraph_styles["annex_title"]}"/>'
            f'<w:pageBreakBefore/></w:pPr>{_run(setting.continuation(), title_font)}</w:p>'
        )
        parts = []
        for number, g in enumerate(groups):
            if number:
                parts.append(continued if g.continued else gap)
            parts.append(tables.xml(g, layout, _run, keep_with_next=block.keep_with_next and g is groups[-1]))
        return "".join(parts)
    if block.kind in _ANNEX_KINDS:
        font = {"annex_label": layout.annex_label, "annex_title": layout.title}.get(
            block.kind, layout.table)
        runs = "".join(_run(unbroken.join(r.text) if block.kind != "annex_label" else r.text,
                            font if setup.direct_fonts else None, r.bold) for r in block.runs)
        style = setup.paragraph_styles[block.kind]
        keep = "<w:keepNext/>" if block.keep_with_next and block.kind not in STYLES_KEEP_NEXT else ""
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{runs}</w:p>'
    return _paragraph(block, index, setup, layout, right_chars)


STYLE_KINDS = {"blank": "body", "annex_note": "body", **{k: k for k in PARAGRAPH_STYLES}}
# The kinds whose paragraph style keeps with the next paragraph (setup.py, tables.styles).
STYLES_KEEP_NEXT = frozenset({
    "title", "subtitle", "heading1", "heading2", "heading3", "heading4", "addressee",
    "signature", "annex_label", "annex_title",
})


def to_docx(doc: Document, layout: Layout = DEFAULT, reference: Path | None = None) -> bytes:
    """The .docx file (as bytes) of a parsed report, in the layout profile's 公文 format or in
    the styles of a unit's reference document."""
    stamp = reference.stat().st_mtime if reference is not None else 0.0
    pkg = package(layout, reference, stamp)
    right_chars = signature_indents(doc, layout)
    placed = table_layout.settings(doc, layout)
    elements = [_element(b, i, pkg, layout, right_chars, placed) for i, b in enumerate(doc.blocks)]
    turn = table_layout.landscape_from(doc, layout)
    if turn is not None and turn > 0:
        portrait, landscape = sections.turned(pkg.body_end, layout)
        elements[turn - 1] = sections.ending_section(elements[turn - 1], portrait)
        pkg = dataclasses.replace(pkg, body_end=landscape)
    body = "".join(elements)
    # the document's title property: valid XML, at most 255 characters (as Word keeps it)
    signer = next((b.text for b in doc.blocks if b.kind == "signature"), "")
    return write_package(pkg, body, XML_INVALID.sub("", doc.title)[:255], layout.language,
                         XML_INVALID.sub("", signer)[:255])
