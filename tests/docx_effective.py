"""Effective formatting of a .docx read back as Word resolves it: the run's own properties,
then its character style, then the paragraph's style and the styles it is based on, then the
document defaults. Tests assert on these values, not on what one XML element happens to say."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn


def _style(doc: Any, style_id: str | None) -> Any:
    if style_id is None:
        return None
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def _chain(doc: Any, style_id: str | None) -> list[Any]:
    """A style and the styles it is based on, nearest first."""
    found = []
    while style_id:
        style = _style(doc, style_id)
        if style is None:
            break
        found.append(style)
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return found


def _default_style_id(doc: Any) -> str | None:
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) == "1":
            return style.get(qn("w:styleId"))
    return None


def paragraph_style_id(doc: Any, p: Any) -> str | None:
    ppr = p.find(qn("w:pPr"))
    pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return pstyle.get(qn("w:val")) if pstyle is not None else _default_style_id(doc)


def _attr(element: Any, tag: str, attr: str) -> str | None:
    if element is None:
        return None
    child = element.find(qn(tag))
    return child.get(qn(attr)) if child is not None else None


def run_property(doc: Any, run: Any, tag: str, attr: str = "w:val") -> str | None:
    """An effective run property, e.g. ("w:rFonts", "w:eastAsia") or ("w:sz", "w:val")."""
    paragraph = run.getparent()
    while paragraph.tag != qn("w:p"):
        paragraph = paragraph.getparent()
    rpr = run.find(qn("w:rPr"))
    rstyle = _attr(rpr, "w:rStyle", "w:val")
    styles = _chain(doc, rstyle) + _chain(doc, paragraph_style_id(doc, paragraph))
    return _first([rpr, *(s.find(qn("w:rPr")) for s in styles)], doc, "w:rPrDefault", "w:rPr",
                  tag, attr)


def paragraph_property(doc: Any, p: Any, tag: str, attr: str) -> str | None:
    """An effective paragraph property, e.g. ("w:jc", "w:val") or ("w:ind", "w:firstLineChars")."""
    styles = _chain(doc, paragraph_style_id(doc, p))
    return _first([p.find(qn("w:pPr")), *(s.find(qn("w:pPr")) for s in styles)], doc,
                  "w:pPrDefault", "w:pPr", tag, attr)


def _first(sources: list[Any], doc: Any, default: str, props: str, tag: str, attr: str) -> str | None:
    """The value the nearest source sets, the document defaults last."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for source in [*sources, defaults.find(qn(default)).find(qn(props))]:
        value = _attr(source, tag, attr)
        if value is not None:
            return value
        if source is not None and tag == "w:b" and source.find(qn(tag)) is not None:
            return "1"  # <w:b/> with no value means on
    return None


def bold(doc: Any, run: Any) -> bool:
    value = run_property(doc, run, "w:b")
    return value not in (None, "0", "false")


def has_flag(doc: Any, style_id: str, tag: str) -> bool:
    """Whether a paragraph style (or one it is based on) switches on a flag such as w:keepNext."""
    for style in _chain(doc, style_id):
        ppr = style.find(qn("w:pPr"))
        flag = ppr.find(qn(tag)) if ppr is not None else None
        if flag is not None:
            return flag.get(qn("w:val")) not in ("0", "false")
    return False
