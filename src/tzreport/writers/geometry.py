"""What the layout profile makes of the parsed document, the same in every format: the title's
lines, the 落款's indents (GB/T 9704 7.3.5.2) and the 附表's column widths, in characters and
twips of the layout profile. The Word, PDF and HTML writers all place them from here, so the
three agree."""

from __future__ import annotations

import unicodedata

from tzreport import text
from tzreport.render.document import Block, Document, Table
from tzreport.writers.layout import Layout, mm_twips, twips

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


def _ems(words: str) -> float:
    """How wide a text is in ems: a Chinese character is one, a Latin letter or digit half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in words)


def widths(table: Table, layout: Layout) -> list[int]:
    """Each column's width in twips, adding up to the type area's width exactly.

    Each column first gets the width of its longest entry below the header (headers may wrap,
    figures should not); the first column at most its share of the width. What is left over
    is shared equally; when there is too little, every column but the first shrinks alike."""
    total = layout.type_width_twips
    count = max((len(r) for r in table.rows), default=1)
    if count == 1:
        return [total]
    margin = 2 * mm_twips(layout.table_cell_margin_mm)
    body = table.rows[table.header_rows:] or table.rows

    def natural(j: int) -> int:
        longest = max((_ems(r[j].text) for r in body if j < len(r)), default=1.0)
        return twips(max(longest, 1.0) * layout.table.size) + margin

    first = min(natural(0), int(total * layout.table_first_column_max))
    others = [natural(j) for j in range(1, count)]
    room = total - first
    if sum(others) <= room:
        spare = (room - sum(others)) // len(others)
        sized = [w + spare for w in others]
    else:
        sized = [w * room // sum(others) for w in others]
    sized[-1] += room - sum(sized)
    return [first, *sized]
