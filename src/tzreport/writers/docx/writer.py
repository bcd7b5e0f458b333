"""The parsed document (render/document.py) → Word .docx in the 公文 layout.

Each block becomes one paragraph in its style; a table becomes a real Word table (tables.py). The body is written as WordprocessingML in bulk (one lxml parse
per document), because python-docx's paragraph API is slow and cannot set w:eastAsia anyway.
Styles, page setup and footers come from the prepared package (package.py, made by setup.py).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from tzreport.render.document import Block, Run, blocks, plain_text
from tzreport.text import XML_INVALID, title_lines
from tzreport.writers.docx import tables
from tzreport.writers.docx.ooxml import PARAGRAPH_STYLES, Package, rpr
from tzreport.writers.docx.package import package, write_package
from tzreport.writers.geometry import signature_indents
from tzreport.writers.layout import DEFAULT, Font, Layout, twips

# ------------------------------------------------------------------------------ XML


def _run(text: str, font: Font | None, bold: bool = False, style: str | None = None) -> str:
    clean = escape(XML_INVALID.sub("", text))
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
        lines = title_lines(plain_text(block.runs), layout.title_chars_per_line)
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
    right_chars = signature_indents(parts, layout)
    body = "".join(_element(b, i, pkg, layout, right_chars) for i, b in enumerate(parts))
    # the document's title property: valid XML, at most 255 characters (as Word keeps it)
    title = next((plain_text(b.runs) for b in parts if b.kind == "title"), "")
    return write_package(pkg, body, XML_INVALID.sub("", title)[:255], layout.language)
