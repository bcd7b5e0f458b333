"""A .docx read paragraph by paragraph, for import and check alike: every body paragraph in
order (table cells included) with its text, Word's automatic number, heading style and
effective font, size and line spacing; the page setup of each section; whether a footer
carries a page number; how many tables there are.

Read with the standard library's XML parser, not python-docx: proofreading must know what a
paragraph looks like (styles resolved down to the run), which python-docx does not say, and a
check of one file should not pay for importing it. The zip is opened and its parts read through
zip_gate, which keeps a hostile file harmless; the paragraphs come from paragraph_walk, the walk
--annotate counts with too.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from tzreport.errors import InputError
from tzreport.office import list_numbering
from tzreport.office.names import PKG_REL, R, W
from tzreport.office.paragraph_walk import (
    TooManyParagraphs,
    body_paragraphs,
    paragraph_runs,
    run_text,
)
from tzreport.office.word_styles import Look, Styles, number, rpr_look, spacing
from tzreport.office.zip_gate import DAMAGED, TOO_DEEP, TOO_MANY, open_docx, read_part


@dataclass
class BodyParagraph:
    """One paragraph of the body. `label` is Word's automatic number ("一、"), drawn before the
    text but not part of it; `head` is the look of its first characters (a run-in heading),
    `look` the look of most of its characters."""

    text: str
    label: str = ""
    style_level: int | None = None  # Heading 1 … 4 (or an outline level)
    in_table: bool = False
    centered: bool = False
    head: Look = field(default_factory=Look)
    look: Look = field(default_factory=Look)
    line_rule: str | None = None  # "exact", "atLeast" or "auto"
    line_value: float | None = None  # points (exact, atLeast) or lines (auto)
    offset: int = 0  # characters of the source line before the text (Markdown's "## ")


@dataclass(frozen=True)
class Page:
    """A section's paper and margins, in millimetres."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class Grid:
    """A table of the body (not one inside another): the text of each cell, row by row, and
    where it stands: the index in Body.paragraphs of its first paragraph."""

    at: int
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Body:
    """A report's body: its paragraphs, the page setup of its sections, whether its pages are
    numbered, and how many tables it has, each with its cells (import reads a 统计 table and a
    roll-up's 附表; check does not look into them)."""

    paragraphs: list[BodyParagraph] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    page_numbers: bool = False
    tables: int = 0
    grids: list[Grid] = field(default_factory=list)


def _twips_mm(value: str | None) -> float:
    return round(number(value) / 1440 * 25.4, 1)


def _parse(path: Path, archive: zipfile.ZipFile, name: str) -> Any | None:
    data = read_part(path, archive, name)
    if data is None:
        return None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise InputError(f"{path}: {DAMAGED}") from None


# ---------------------------------------------------------------- reading


def read(path: Path, raw: bytes | None = None) -> Body:
    """The body of a .docx (read from path, or the bytes given): paragraphs, page setup, page
    numbers, tables. InputError when the file is not a .docx, is damaged, or is hostile."""
    archive = open_docx(path, raw)
    document = _parse(path, archive, "word/document.xml")
    body = document.find(f"{W}body") if document is not None else None
    if body is None:
        raise InputError(f"{path}: {DAMAGED}")
    styles = Styles(_parse(path, archive, "word/styles.xml"))
    numbering = list_numbering.Numbering(_parse(path, archive, "word/numbering.xml"))
    found = Body()
    index: dict[int, int] = {}
    try:
        for p, in_table in body_paragraphs(body):
            index[id(p)] = len(found.paragraphs)
            found.paragraphs.append(_paragraph(p, in_table, styles, numbering))
    except RecursionError:  # tables or content controls nested thousands deep: built to harm
        raise InputError(f"{path}: {TOO_DEEP}") from None
    except TooManyParagraphs:
        raise InputError(f"{path}: {TOO_MANY}") from None
    tables = list(body.iter(f"{W}tbl"))
    found.tables = len(tables)
    found.grids = _grids(tables, index, found.paragraphs)
    sections = [s for s in body.iter(f"{W}sectPr")]
    found.pages = [_page(s) for s in sections if s.find(f"{W}pgSz") is not None]
    found.page_numbers = _page_numbers(path, archive, sections)
    return found


def _grids(tables: list[Any], index: dict[int, int], paragraphs: list[BodyParagraph]) -> list[Grid]:
    """The tables that stand in the body itself, each cell's text from the paragraphs read
    already (a table inside a cell is part of that cell's text, not a table of its own)."""
    inner = {id(t) for table in tables for t in table.iter(f"{W}tbl") if t is not table}
    out = []
    for table in tables:
        if id(table) in inner:
            continue
        rows = []
        for row in table.iter(f"{W}tr"):
            cells = [cell for cell in row if cell.tag == f"{W}tc"]
            rows.append(tuple("".join(paragraphs[index[id(p)]].text for p in cell.iter(f"{W}p") if id(p) in index)
                              .strip() for cell in cells))
        first = next((index[id(p)] for p in table.iter(f"{W}p") if id(p) in index), len(paragraphs))
        out.append(Grid(first, tuple(rows)))
    return out


def _paragraph(p: Any, in_table: bool, styles: Styles, numbering: Any) -> BodyParagraph:
    ppr = p.find(f"{W}pPr")
    style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
    sid = style_el.get(f"{W}val") if style_el is not None else styles.default_para
    settings = spacing(ppr, styles.para(sid)) if ppr is not None else styles.para(sid)
    para_look = styles.run_look(sid, styles.defaults)
    pieces: list[tuple[str, dict[str, Any]]] = []
    for run in paragraph_runs(p):
        text = run_text(run)
        if not text:
            continue
        rpr = run.find(f"{W}rPr")
        rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
        look = styles.run_look(rstyle.get(f"{W}val") if rstyle is not None else None, para_look)
        pieces.append((text, rpr_look(rpr, look)))
    text = "".join(t for t, _ in pieces)
    found = list_numbering.num_pr(ppr) or styles.numbering(sid)
    label = numbering.label(*found) if found and text.strip() else ""
    weights: Counter[Look] = Counter()
    for piece, look in pieces:
        weights[Look(look.get("font"), look.get("size"), bool(look.get("bold")))] += len(piece.strip())
    head = pieces[0][1] if pieces else para_look
    return BodyParagraph(
        text=text,
        label=label,
        style_level=styles.level(sid),
        in_table=in_table,
        centered=bool(settings.get("centered")),
        head=Look(head.get("font"), head.get("size"), bool(head.get("bold"))),
        look=weights.most_common(1)[0][0] if weights else Look(para_look.get("font"), para_look.get("size")),
        line_rule=settings.get("line_rule"),
        line_value=settings.get("line_value"),
    )


def _page(section: Any) -> Page:
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")

    def m(name: str) -> float:
        return _twips_mm(margins.get(f"{W}{name}")) if margins is not None else 0.0

    width, height = _twips_mm(size.get(f"{W}w")), _twips_mm(size.get(f"{W}h"))
    return Page(width, height, abs(m("top")), abs(m("bottom")), m("left"), m("right"))


def _page_numbers(path: Path, archive: zipfile.ZipFile, sections: list[Any]) -> bool:
    """Whether a footer of the document holds a PAGE field."""
    rels = _parse(path, archive, "word/_rels/document.xml.rels")
    targets = {}
    if rels is not None:
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG_REL}Relationship")}
    for section in sections:
        for ref in section.findall(f"{W}footerReference"):
            target = targets.get(ref.get(f"{R}id"), "")
            name = "word/" + target.lstrip("/").removeprefix("word/") if target else ""
            data = read_part(path, archive, name) if name else None
            if data and re.search(rb"instr(?:Text)?[^>]*>?[^<]*\bPAGE\b|w:instr=\"[^\"]*\bPAGE\b", data):
                return True
    return False
