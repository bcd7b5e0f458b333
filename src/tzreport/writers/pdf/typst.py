"""The parsed report → PDF, typeset by the Typst engine (the `typst` package) in the 公文
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

from tzreport import text
from tzreport.errors import OutputError
from tzreport.render.document import Document, Run
from tzreport.writers import geometry, table_layout, unbroken
from tzreport.writers.layout import DEFAULT, Layout
from tzreport.writers.pdf import font_files, fonts

# A fixed creation time (report.typ writes no date either): the same report, the same bytes.
EPOCH = 0


@functools.cache
def _template() -> bytes:
    return (resources.files(__package__) / "report.typ").read_bytes()


# The system's fonts are searched unless this is False (tests switch it off to see the error).
SYSTEM_FONTS = True


@functools.cache
def _font_book(folders: tuple[str, ...], system: bool) -> Any:
    """Typst's font collection for these folders (searched once per process), once they have
    been looked through within bounds (font_files)."""
    import typst

    font_files.check_folders(folders)

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


def _runs(runs: tuple[Run, ...]) -> list[list[Any]]:
    return [[r.text, r.bold] for r in runs if r.text]


def _paragraph_runs(runs: tuple[Run, ...]) -> list[list[Any]]:
    """A paragraph's runs, the characters its last line must hold (unbroken.tail) split off
    the last run and marked, so report.typ sets them unbroken: no line of one character."""
    out = _runs(runs)
    if out:
        text, bold = out[-1]
        keep = unbroken.tail(text)
        if keep:
            out[-1:] = [[text[:-keep], bold], [text[-keep:], bold, True]]
    return out


def document(doc: Document, layout: Layout = DEFAULT) -> dict[str, Any]:
    """The report as the data report.typ sets: its blocks, with every figure worked out here.
    A block the document keeps with the next is `sticky` (Typst's block(sticky: true))."""
    right_chars = geometry.signature_indents(doc, layout)
    placed = table_layout.settings(doc, layout)
    out: list[dict[str, Any]] = []
    for index, block in enumerate(doc.blocks):
        runs = _paragraph_runs(block.runs) if block.kind in ("body", "annex_note", "table_note") else _runs(block.runs)
        item: dict[str, Any] = {"kind": block.kind, "runs": runs,
                                "sticky": block.keep_with_next, "index": index}
        if block.kind in ("title", "annex_title"):
            item["lines"] = geometry.title_lines(block, layout)
        if block.heading_level:
            item["level"] = block.heading_level
        if block.kind in ("signature", "signature_date"):
            item["right"] = right_chars.get(index, layout.signature_right_chars)
        if block.table is not None:
            # a wide table: one table per column group, the block's keep on the last
            setting = placed[index]
            groups = setting.groups
            for number, group in enumerate(groups):
                last = number == len(groups) - 1
                if group.continued:  # on a page of its own, under the title and “（续表）”
                    heading = setting.continuation()
                    width = table_layout.landscape_width(layout) if setting.landscape \
                        else table_layout.portrait_width(layout)
                    out.append({"kind": "annex_title", "runs": [[heading, False]], "sticky": True,
                                "lines": text.title_lines(heading, width / 20 // layout.title.size),
                                "new_page": True})
                out.append({**item, "sticky": block.keep_with_next and last,
                            **_table(group), "next_group": number > 0})
            continue
        out.append(item)
    for item, after in zip(out, out[1:], strict=False):
        if item["kind"] == "table_note" and after["kind"] == "table":
            after["announced"] = True  # set close under the note that announces it
    for item, after in zip(out, out[1:], strict=False):
        if item["kind"] == "table" and item["sticky"] and after["kind"] == "table_note" \
                and not after["sticky"]:
            # a note under a table, kept with it: the table's last row, set with its last rows
            item["note"] = after["runs"]
            after["kind"] = "skip"
    turn = table_layout.landscape_from(doc, layout)
    found: dict[str, Any] = {"title": doc.title, "blocks": out, "figure": unbroken.FIGURE.pattern}
    if turn is not None:  # the 附表 on landscape pages, from its label on
        at = next(i for i, item in enumerate(out)
                  if item["kind"] == "annex_label" and item.get("index") == turn)
        found["turn"] = at
        out[at]["turned"] = True
    for item in out:
        item.pop("index", None)
    return found


def _table(group: table_layout.Group) -> dict[str, Any]:
    """A column group as report.typ sets it: rows, header rows with their lines, widths in
    points, how many last rows keep together, whether it is kept on one page."""
    table = group.table
    rows = []
    for number, row in enumerate(table.rows):
        lines = group.lines[number]
        rows.append([{"runs": _runs(c.runs), "align": c.align,
                      **({"lines": list(lines[j])} if j < len(lines) and len(lines[j]) > 1 else {})}
                     for j, c in enumerate(row)])
    body_rows = len(table.rows) - table.header_rows
    return {
        "table": {"rows": rows, "header": table.header_rows},
        "widths": [w / 20 for w in group.widths],
        "keep": geometry.KEEP_LAST_ROWS if body_rows > geometry.KEEP_LAST_ROWS else 0,
        "whole": group.fits_page,
    }


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
        "turned": dict(zip(("top", "bottom", "left", "right"),
                           table_layout.landscape_margins(layout), strict=True)),
    }


def to_pdf(doc: Document, layout: Layout = DEFAULT) -> Typeset:
    """The PDF of a parsed report. Raises OutputError when no Chinese font is installed."""
    import typst

    book, chosen = fonts_for(layout)
    data = document(doc, layout)
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
