"""Reading a PDF back as a reader meets it: lines with their places (pdftotext -bbox-layout), the
fonts (pdffonts). poppler-utils is installed by .ci/run."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tzreport.writers.layout import DEFAULT, Layout
from tzreport.writers.table_layout import landscape_margins

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word [^>]*>(.*?)</word>")
MM = 72 / 25.4


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def size(self) -> float:
        return self.y1 - self.y0

    @property
    def baseline(self) -> float:
        return self.y0 + 0.88 * self.size  # poppler's box: the em square, 0.88 of it above

    @property
    def plain(self) -> str:
        return self.text.replace(" ", "")


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]  # in the type area
    footer: list[Line]  # under it

    def row(self, line: Line, layout: Layout = DEFAULT) -> float:
        """The line's place on the page's grid of lines: 0 for the first line of the type area."""
        first = layout.margin_top_mm * MM + 0.86 * layout.body.size
        return (line.baseline - first) / layout.line_pitch_pt


def margins(page: Page, layout: Layout = DEFAULT) -> tuple[float, float, float, float]:
    """(top, bottom, left, right) in mm of a page: a landscape one (a 附表) has the portrait
    page's margins turned with it."""
    if page.width > page.height:
        return landscape_margins(layout)
    return layout.margin_top_mm, layout.margin_bottom_mm, layout.margin_left_mm, layout.margin_right_mm


def pages(pdf: Path, layout: Layout = DEFAULT) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    found = []
    chunks = _PAGE.split(xml)[1:]
    for n, (width, height, body) in enumerate(zip(chunks[::3], chunks[1::3], chunks[2::3],
                                                 strict=True), 1):
        turned = float(width) > float(height)
        bottom = float(height) - (landscape_margins(layout)[1] if turned
                                  else layout.margin_bottom_mm) * MM
        lines = [Line(float(a), float(b), float(c), float(d),
                      " ".join(_unescape(w) for w in _WORD.findall(words)))
                 for a, b, c, d, words in _LINE.findall(body)]
        found.append(Page(n, float(width), float(height),
                          sorted((ln for ln in lines if ln.y1 < bottom + 2), key=lambda ln: ln.y0),
                          [ln for ln in lines if ln.y1 >= bottom + 2]))
    return found


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
        "&apos;", "'").replace("&amp;", "&")


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font of the PDF."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines()[2:]:
        fields = line.split()
        # name … emb sub uni object ID: emb is the fifth field from the end
        found.append((fields[0], fields[-5] == "yes"))
    return found
