"""A .docx as `check` sees it: every body paragraph in order (table cells included) with its
text, Word's automatic number, heading style and effective font, size and line spacing; the
page setup of each section; whether a footer carries a page number.

Read with the standard library's XML parser, not python-docx: proofreading must know what a
paragraph looks like (styles resolved down to the run), which python-docx does not say, and a
check of one file should not pay for importing it. The zip is opened and its parts read through
docx_package, which keeps a hostile file harmless.
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
from tzreport.ingest import docx_numbering
from tzreport.ingest.docx_package import (
    DAMAGED,
    MAX_DOCX_BYTES,
    open_package,
    read_part,
)
from tzreport.ingest.text import read_bytes  # import's capped read

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


@dataclass(frozen=True)
class Look:
    """What a stretch of text looks like: East Asian face, size in points, bold."""

    font: str | None = None
    size: float | None = None
    bold: bool = False


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


@dataclass
class Body:
    paragraphs: list[BodyParagraph] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    page_numbers: bool = False


def _twips_mm(value: str | None) -> float:
    return round(_num(value) / 1440 * 25.4, 1)


def _num(value: str | None, default: float = 0.0) -> float:
    """An attribute as a number; a hostile or damaged file may put anything there."""
    try:
        return max(-1e6, min(float(value or ""), 1e6))
    except ValueError:
        return default


def _parse(path: Path, archive: zipfile.ZipFile, name: str) -> Any | None:
    data = read_part(path, archive, name)
    if data is None:
        return None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise InputError(f"{path}: {DAMAGED}") from None


# ---------------------------------------------------------------- the body in reading order


def body_paragraphs(body: Any) -> list[tuple[Any, bool]]:
    """Every w:p of the body in order, each with whether it stands in a table cell: tables
    (nested too), content controls and inserted text included."""
    out: list[tuple[Any, bool]] = []

    def walk(node: Any, in_table: bool) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{W}p":
                out.append((child, in_table))
            elif tag == f"{W}tbl":
                walk_table(child)
            elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins"):
                walk(child, in_table)

    def walk_table(table: Any) -> None:
        for child in table:
            rows = [child] if child.tag == f"{W}tr" else (
                child.iter(f"{W}tr") if child.tag in (f"{W}sdt", f"{W}customXml") else [])
            for row in rows:
                for cell in row:
                    if cell.tag == f"{W}tc":
                        walk(cell, True)
                    elif cell.tag in (f"{W}sdt", f"{W}customXml"):
                        for inner in cell.iter(f"{W}tc"):
                            walk(inner, True)

    walk(body, False)
    return out


def paragraph_runs(p: Any) -> list[Any]:
    """The runs of a paragraph whose text is its text: in hyperlinks, fields, smart tags and
    insertions too, not in deletions."""
    runs: list[Any] = []

    def walk(node: Any) -> None:
        for child in node:
            if child.tag == f"{W}r":
                runs.append(child)
            elif child.tag in (f"{W}hyperlink", f"{W}fldSimple", f"{W}smartTag", f"{W}ins",
                               f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                walk(child)

    walk(p)
    return runs


def run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.findall(f"{W}t"))


# ---------------------------------------------------------------- styles


def _rpr_look(rpr: Any, base: dict[str, Any]) -> dict[str, Any]:
    look = dict(base)
    if rpr is None:
        return look
    fonts = rpr.find(f"{W}rFonts")
    if fonts is not None:
        face = fonts.get(f"{W}eastAsia") or fonts.get(f"{W}ascii")
        if face:
            look["font"] = face
        elif fonts.get(f"{W}eastAsiaTheme"):
            look["font"] = None  # a theme font: not known without the theme, not judged
    size = rpr.find(f"{W}sz")
    if size is not None and _num(size.get(f"{W}val")) > 0:
        look["size"] = _num(size.get(f"{W}val")) / 2
    bold = rpr.find(f"{W}b")
    if bold is not None:
        look["bold"] = bold.get(f"{W}val", "1") not in ("0", "false", "off")
    return look


def _spacing(ppr: Any, base: dict[str, Any]) -> dict[str, Any]:
    found = dict(base)
    spacing = ppr.find(f"{W}spacing") if ppr is not None else None
    if spacing is not None and spacing.get(f"{W}line"):
        rule = spacing.get(f"{W}lineRule", "auto")
        value = _num(spacing.get(f"{W}line"))
        found["line_rule"] = rule
        found["line_value"] = round(value / 240, 2) if rule == "auto" else round(value / 20, 2)
    jc = ppr.find(f"{W}jc") if ppr is not None else None
    if jc is not None:
        found["centered"] = jc.get(f"{W}val") == "center"
    return found


class _Styles:
    """styles.xml resolved on demand: a style's run look, paragraph settings, numbering and
    heading level, following w:basedOn (at most 10 deep: a damaged file may loop)."""

    def __init__(self, root: Any | None) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_para: str | None = None
        defaults: dict[str, Any] = {"font": None, "size": 10.5, "bold": False}
        para_defaults: dict[str, Any] = {}
        if root is not None:
            rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
            defaults = _rpr_look(rpr, defaults)
            para_defaults = _spacing(root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr"), {})
            for style in root.findall(f"{W}style"):
                sid = style.get(f"{W}styleId", "")
                self.by_id[sid] = style
                if style.get(f"{W}default") in ("1", "true") and style.get(f"{W}type") == "paragraph":
                    self.default_para = sid
        self.defaults = defaults
        self.para_defaults = para_defaults
        self._cache: dict[tuple[str, str], Any] = {}

    def chain(self, sid: str | None) -> list[Any]:
        """A style and its bases, the base first."""
        out: list[Any] = []
        while sid and sid in self.by_id and len(out) < 10:
            style = self.by_id[sid]
            if any(style is s for s in out):
                break
            out.append(style)
            based = style.find(f"{W}basedOn")
            sid = based.get(f"{W}val") if based is not None else None
        return out[::-1]

    def run_look(self, sid: str | None, base: dict[str, Any]) -> dict[str, Any]:
        key = ("r", f"{sid}|{sorted(base.items())}")
        if key not in self._cache:
            look = base
            for style in self.chain(sid):
                look = _rpr_look(style.find(f"{W}rPr"), look)
            self._cache[key] = look
        return dict(self._cache[key])

    def para(self, sid: str | None) -> dict[str, Any]:
        key = ("p", sid or "")
        if key not in self._cache:
            found = dict(self.para_defaults)
            for style in self.chain(sid):
                found = _spacing(style.find(f"{W}pPr"), found)
            self._cache[key] = found
        return dict(self._cache[key])

    def level(self, sid: str | None) -> int | None:
        for style in reversed(self.chain(sid)):
            name = style.find(f"{W}name")
            if name is not None and (m := _HEADING_STYLE.match(name.get(f"{W}val", ""))):
                return int(m[1])
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if outline is not None and 0 <= _num(outline.get(f"{W}val"), 9) < 4:
                return int(_num(outline.get(f"{W}val"))) + 1
        return None

    def numbering(self, sid: str | None) -> tuple[str, int] | None:
        for style in reversed(self.chain(sid)):
            found = docx_numbering.num_pr(style.find(f"{W}pPr"))
            if found:
                return found
        return None


# ---------------------------------------------------------------- reading


def read(path: Path) -> Body:
    """The body of a .docx: paragraphs, page setup, page numbers. InputError when the file is
    not a .docx, is damaged, or is hostile."""
    archive = open_package(path, read_bytes(path, MAX_DOCX_BYTES))
    document = _parse(path, archive, "word/document.xml")
    body = document.find(f"{W}body") if document is not None else None
    if body is None:
        raise InputError(f"{path}: {DAMAGED}")
    styles = _Styles(_parse(path, archive, "word/styles.xml"))
    numbering = docx_numbering.Numbering(_parse(path, archive, "word/numbering.xml"))
    found = Body()
    try:
        for p, in_table in body_paragraphs(body):
            found.paragraphs.append(_paragraph(p, in_table, styles, numbering))
    except RecursionError:  # tables or content controls nested thousands deep: built to harm
        raise InputError(f"{path}: 错误 Word 文档的结构嵌套过深（可能是恶意构造的文件），不予读取") from None
    sections = [s for s in body.iter(f"{W}sectPr")]
    found.pages = [_page(s) for s in sections if s.find(f"{W}pgSz") is not None]
    found.page_numbers = _page_numbers(path, archive, sections)
    return found


def _paragraph(p: Any, in_table: bool, styles: _Styles, numbering: Any) -> BodyParagraph:
    ppr = p.find(f"{W}pPr")
    style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
    sid = style_el.get(f"{W}val") if style_el is not None else styles.default_para
    settings = _spacing(ppr, styles.para(sid)) if ppr is not None else styles.para(sid)
    para_look = styles.run_look(sid, styles.defaults)
    pieces: list[tuple[str, dict[str, Any]]] = []
    for run in paragraph_runs(p):
        text = run_text(run)
        if not text:
            continue
        rpr = run.find(f"{W}rPr")
        rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
        look = styles.run_look(rstyle.get(f"{W}val") if rstyle is not None else None, para_look)
        pieces.append((text, _rpr_look(rpr, look)))
    text = "".join(t for t, _ in pieces)
    found = docx_numbering.num_pr(ppr) or styles.numbering(sid)
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
