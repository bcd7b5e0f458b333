"""A landscape section for the 附表 (GB/T 9704-2012 allows 横排表格): the report's pages stay
portrait, the 附表 pages turn. Word keeps section properties in two places: the last
section's in the body's own w:sectPr, every earlier section's in the pPr of its last paragraph.
Both sections keep the same footer references, so the page numbers stay as they are."""

from __future__ import annotations

import re

from tzreport.writers.layout import Layout, mm_twips
from tzreport.writers.table_layout import landscape_margins

_SECTION = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.S)
_SIZE = re.compile(r"<w:pgSz\b[^>]*/>")
_MARGINS = re.compile(r"<w:pgMar\b[^>]*/>")
_ATTR = re.compile(r'w:(\w+)="([^"]*)"')


def turned(body_end: str, layout: Layout) -> tuple[str, str]:
    """(the portrait section's w:sectPr, to end the report's pages; the body's end with its
    w:sectPr turned landscape: the page's sides swapped, its margins turned with it)."""
    found = _SECTION.search(body_end)
    if found is None:
        raise ValueError("the package has no section properties")
    portrait = found.group(0)
    size = f'<w:pgSz w:w="{mm_twips(layout.page_height_mm)}" w:h="{mm_twips(layout.page_width_mm)}" w:orient="landscape"/>'
    landscape = _SIZE.sub(size, portrait, count=1)
    margins = _MARGINS.search(portrait)
    if margins is not None:
        attrs = dict(_ATTR.findall(margins.group(0)))
        top, bottom, left, right = (mm_twips(v) for v in landscape_margins(layout))
        attrs.update(top=str(top), bottom=str(bottom), left=str(left), right=str(right))
        landscape = _MARGINS.sub(
            "<w:pgMar " + " ".join(f'w:{k}="{v}"' for k, v in attrs.items()) + "/>", landscape, count=1)
    return portrait, body_end[: found.start()] + landscape + body_end[found.end():]


def ending_section(element: str, section: str) -> str:
    """A paragraph that ends a section: its pPr holds the section's properties (an element
    that is no paragraph, a table, is followed by an empty one that does)."""
    if element.startswith("<w:p>") and "<w:pPr>" in element[:12]:
        return element.replace("</w:pPr>", section + "</w:pPr>", 1)
    return element + f"<w:p><w:pPr>{section}</w:pPr></w:p>"
