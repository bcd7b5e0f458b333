"""The report's Markdown → PDF, typeset by the Typst engine (the `typst` package) in the 公文
layout of GB/T 9704: the same parsed document the Word writer walks (render/document.py) and the same
layout profile, so a unit's 版式.yaml changes the PDF as it changes the .docx.

The page design is a fixed Typst file beside this module (report.typ). The document reaches it
as JSON in sys.inputs, and every text in it is set as a Typst string: nothing a data file says
is ever read as Typst markup or code. Typst may read no file at all: its project root is a
folder removed as soon as the engine is set up, and there are no packages.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tzreport.errors import OutputError
from tzreport.render.document import Run, blocks
from tzreport.text import title_lines
from tzreport.writers import geometry
from tzreport.writers.layout import DEFAULT, Layout
from tzreport.writers.pdf import fonts

# A fixed creation time (report.typ writes no date either): the same report, the same bytes.
EPOCH = 0
# A paragraph this short (in lines of 28) before the 落款 moves with it to a new page.
SHORT_LINES = 3


@functools.cache
def _template() -> bytes:
    return (resources.files(__package__) / "report.typ").read_bytes()


# The system's fonts are searched unless this is False (tests switch it off to see the error).
SYSTEM_FONTS = True


@functools.cache
def _font_book(folders: tuple[str, ...], system: bool) -> Any:
    """Typst's font collection for these folders (searched once per process)."""
    import typst

    return typst.Fonts(include_system_fonts=system, include_embedded_fonts=True,
                       font_paths=list(folders))


def fonts_for(layout: Layout) -> tuple[Any, fonts.Chosen]:
    """The font collection and the face per role for a layout. Raises OutputError when no
    Chinese font is installed."""
    book = _font_book(tuple(layout.font_dirs), SYSTEM_FONTS)
    return book, fonts.choose(layout, book.families())


@functools.cache
def _compiler(book: Any) -> Any:
    import typst

    # The project root is a folder made for the purpose and removed at once: Typst, which may
    # read files only under its root, can then read none (and a worker process that ends
    # without clean-up leaves nothing behind).
    root = tempfile.mkdtemp(prefix="tzreport-typst-")
    try:
        return typst.Compiler(root=root, font_paths=book, package_path=root,
                              package_cache_path=root)
    finally:
        os.rmdir(root)


@dataclass(frozen=True)
class Typeset:
    """A PDF and the note about the fonts that served it."""

    pdf: bytes
    font_note: str


def _runs(runs: list[Run]) -> list[list[Any]]:
    return [[r.text, r.bold] for r in runs if r.text]


def _text(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def document(markdown: str, layout: Layout = DEFAULT) -> dict[str, Any]:
    """The report as the data report.typ sets: its blocks, with every figure worked out here."""
    parts = blocks(markdown)
    right_chars = geometry.signature_indents(parts, layout)
    out: list[dict[str, Any]] = []
    for index, block in enumerate(parts):
        item: dict[str, Any] = {"kind": block.kind, "runs": _runs(block.runs)}
        if block.kind in ("title", "annex_title"):
            item["lines"] = title_lines(_text(block.runs), layout.title_chars_per_line)
        if block.heading_level:
            item["level"] = block.heading_level
        if block.kind in ("signature", "signature_date"):
            item["right"] = right_chars.get(index, layout.signature_right_chars)
        if block.table is not None:
            item["table"] = {
                "rows": [[{"runs": _runs(c.runs), "align": c.align} for c in row]
                         for row in block.table.rows],
                "header": block.table.header_rows,
            }
            item["widths"] = [w / 20 for w in geometry.widths(block.table, layout)]
            body_rows = len(block.table.rows) - block.table.header_rows
            item["keep"] = geometry.KEEP_LAST_ROWS if body_rows > geometry.KEEP_LAST_ROWS else 0
        out.append(item)
    _keep_with_signature(out)
    for item, after in zip(out, out[1:], strict=False):
        if item["kind"] == "table_note" and after["kind"] == "table":
            item["sticky"] = True  # （续表） stays with the table it announces
            after["announced"] = True
    for item, after in zip(out, out[1:], strict=False):
        if item["kind"] == "table" and after["kind"] == "table_note" and not after.get("sticky"):
            # a note under a table: the table's last row, set with its last rows
            item["note"] = after["runs"]
            after["kind"] = "skip"
    title = next((_text(b.runs) for b in parts if b.kind == "title"), "")
    return {"title": title, "blocks": out}


def _keep_with_signature(out: list[dict[str, Any]]) -> None:
    """The 落款 never stands alone at the top of a page: the empty line before it sticks to it,
    and so does a short paragraph before that."""
    for i, item in enumerate(out):
        if item["kind"] == "blank" and i + 1 < len(out) and out[i + 1]["kind"] == "signature":
            item["sticky"] = True
            before = out[i - 1] if i else None
            if before is not None and before["kind"] == "body":
                width = sum(len(t) for t, _ in before["runs"])
                before["sticky"] = width <= SHORT_LINES * 28


def _layout_data(layout: Layout) -> dict[str, Any]:
    return {
        "page_w": layout.page_width_mm, "page_h": layout.page_height_mm,
        "top": layout.margin_top_mm, "bottom": layout.margin_bottom_mm,
        "left": layout.margin_left_mm, "right": layout.margin_right_mm,
        "size": layout.body.size, "pitch": layout.line_pitch_pt, "tracking": layout.body.spacing,
        "indent": layout.first_line_chars, "title_size": layout.title.size,
        "number_size": layout.page_number.size, "number_gap": layout.page_number_gap_mm,
        "number_inset": layout.page_number_inset_chars,
        "lang": layout.language.split("-")[0].lower(),
        "region": (layout.language.split("-")[1:] or ["cn"])[0].lower(),
        "table_size": layout.table.size, "table_line": layout.table_line_pt,
        "border": layout.table_border_pt, "cell_margin": layout.table_cell_margin_mm,
    }


def to_pdf(markdown: str, layout: Layout = DEFAULT) -> Typeset:
    """The PDF of a report's Markdown. Raises OutputError when no Chinese font is installed."""
    import typst

    book, chosen = fonts_for(layout)
    data = document(markdown, layout)
    data["layout"] = _layout_data(layout)
    data["fonts"] = chosen.families
    data["bold"] = chosen.bold
    inputs = {"doc": json.dumps(data, ensure_ascii=False)}
    try:
        pdf = _compiler(book).compile(_template(), format="pdf", sys_inputs=inputs, timestamp=EPOCH)
    except typst.TypstError as exc:  # a bug of ours: the data cannot make Typst fail
        raise RuntimeError(f"Typst: {exc.message}") from exc
    if not isinstance(pdf, bytes):
        raise OutputError("错误 Typst 没有生成 PDF")
    return Typeset(pdf, chosen.note)
