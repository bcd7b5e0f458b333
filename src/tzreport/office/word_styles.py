"""What a Word paragraph looks like, from styles.xml down to the run: the East Asian face,
size and bold of a stretch of text, line spacing and centring, a style's heading level and
automatic numbering, following w:basedOn."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tzreport.office import list_numbering
from tzreport.office.names import W

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


@dataclass(frozen=True)
class Look:
    """What a stretch of text looks like: East Asian face, size in points, bold."""

    font: str | None = None
    size: float | None = None
    bold: bool = False


def number(value: str | None, default: float = 0.0) -> float:
    """An attribute as a number; a hostile or damaged file may put anything there."""
    try:
        return max(-1e6, min(float(value or ""), 1e6))
    except ValueError:
        return default


def rpr_look(rpr: Any, base: dict[str, Any]) -> dict[str, Any]:
    """The look `base` becomes under run properties (w:rPr), as a dict of Look's fields."""
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
    if size is not None and number(size.get(f"{W}val")) > 0:
        look["size"] = number(size.get(f"{W}val")) / 2
    bold = rpr.find(f"{W}b")
    if bold is not None:
        look["bold"] = bold.get(f"{W}val", "1") not in ("0", "false", "off")
    return look


def spacing(ppr: Any, base: dict[str, Any]) -> dict[str, Any]:
    """Line spacing (rule and value) and centring under paragraph properties (w:pPr)."""
    found = dict(base)
    line = ppr.find(f"{W}spacing") if ppr is not None else None
    if line is not None and line.get(f"{W}line"):
        rule = line.get(f"{W}lineRule", "auto")
        value = number(line.get(f"{W}line"))
        found["line_rule"] = rule
        found["line_value"] = round(value / 240, 2) if rule == "auto" else round(value / 20, 2)
    jc = ppr.find(f"{W}jc") if ppr is not None else None
    if jc is not None:
        found["centered"] = jc.get(f"{W}val") == "center"
    return found


class Styles:
    """styles.xml resolved on demand: a style's run look, paragraph settings, numbering and
    heading level, following w:basedOn (at most 10 deep: a damaged file may loop)."""

    def __init__(self, root: Any | None) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_para: str | None = None
        defaults: dict[str, Any] = {"font": None, "size": 10.5, "bold": False}
        para_defaults: dict[str, Any] = {}
        if root is not None:
            rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
            defaults = rpr_look(rpr, defaults)
            para_defaults = spacing(root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr"), {})
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
        """The look of text in style `sid` (a paragraph or character style) over `base`."""
        key = ("r", f"{sid}|{sorted(base.items())}")
        if key not in self._cache:
            look = base
            for style in self.chain(sid):
                look = rpr_look(style.find(f"{W}rPr"), look)
            self._cache[key] = look
        return dict(self._cache[key])

    def para(self, sid: str | None) -> dict[str, Any]:
        """A paragraph style's line spacing and centring, over the document's defaults."""
        key = ("p", sid or "")
        if key not in self._cache:
            found = dict(self.para_defaults)
            for style in self.chain(sid):
                found = spacing(style.find(f"{W}pPr"), found)
            self._cache[key] = found
        return dict(self._cache[key])

    def level(self, sid: str | None) -> int | None:
        """The heading level of a style (Heading 1 / 标题 1, or an outline level 1–4)."""
        for style in reversed(self.chain(sid)):
            name = style.find(f"{W}name")
            if name is not None and (m := _HEADING_STYLE.match(name.get(f"{W}val", ""))):
                return int(m[1])
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if outline is not None and 0 <= number(outline.get(f"{W}val"), 9) < 4:
                return int(number(outline.get(f"{W}val"))) + 1
        return None

    def numbering(self, sid: str | None) -> tuple[str, int] | None:
        """(numId, level) of the automatic numbering a style gives its paragraphs."""
        for style in reversed(self.chain(sid)):
            found = list_numbering.num_pr(style.find(f"{W}pPr"))
            if found:
                return found
        return None
