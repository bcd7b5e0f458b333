"""What the layout profile makes of the parsed document, the same in every format: the title's
lines and the 落款's indents (GB/T 9704 7.3.5.2), in characters of the layout profile (a
table's columns: table_layout.py). The Word, PDF and HTML writers all place them from here, so
the three agree."""

from __future__ import annotations

from tzreport import text
from tzreport.render.document import Block, Document
from tzreport.writers.layout import Layout

KEEP_LAST_ROWS = 2  # the last rows of a table kept on one page (the Typst PDF does the same)


def title_lines(block: Block, layout: Layout) -> list[str]:
    """A title (the report's or a 附表's) in the balanced lines the layout's width holds."""
    return text.title_lines(block.text, layout.title_chars_per_line)


def signature_indents(doc: Document, layout: Layout) -> dict[int, float]:
    """Right indents in characters for the 落款 (GB/T 9704 7.3.5.2): the 署名 ends two
    characters from the right; the date, on the next line, starts two characters right of the
    署名's start; a date longer than that moves the 署名 left instead, so the date still
    ends two characters from the right."""
    if doc.signature is None:
        return {}
    name, date = doc.signature
    name_w = text.display_width(doc.blocks[name].text)
    date_w = text.display_width(doc.blocks[date].text)
    edge, shift = layout.signature_right_chars, layout.signature_date_shift_chars
    date_right = edge + name_w - shift - date_w
    if date_right >= edge:
        return {name: edge, date: date_right}
    return {name: edge + date_w + shift - name_w, date: edge}
