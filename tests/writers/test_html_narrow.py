"""The -f html page on a phone (400 px wide, the 公众号 reader) in a real browser (Debian's
chromium driven by playwright): measured from where the characters land (Range rects), no
title leaves a last word shorter than three characters alone on a line or breaks inside a
word, and no table cell breaks inside a figure ("400余", "（300余）")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, document_of
from tzreport import text
from tzreport.writers import html
from tzreport.writers.layout import DEFAULT

pytestmark = pytest.mark.slow

DATA = [p for p in EXAMPLES if p.parent.name != "ci"]
ROLL_UP = next(p for p in DATA if p.parent.name == "新城街道" and p.name == "2024.yaml")

# Per element: its text, character by character, with the top of the line each lands on.
LINES = """selector => [...document.querySelectorAll(selector)].map(el => {
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect) out.push([node.data[i], Math.round(rect.top)]);
    }
  }
  return out;
})"""


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 400, "height": 800})
    yield page
    page.close()


def lines_of(chars: list[list[Any]]) -> list[str]:
    """The text of each line, in order, from (character, line top) pairs."""
    out: list[str] = []
    top = None
    for char, at in chars:
        if top is None or abs(at - top) > 3:
            out.append("")
            top = at
        out[-1] += char
    return out


@pytest.mark.parametrize("path", DATA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_titles_break_between_words_and_leave_no_short_last_word(phone, path: Path) -> None:
    phone.set_content(html.page(document_of(path)))
    # the report's title, and a 附表's (the centred h2; a level-1 heading is an h2 too)
    for chars in phone.evaluate(LINES, "h1, h2[style*='text-align:center']"):
        lines = lines_of(chars)
        title = "".join(lines)
        if len(lines) == 1:
            continue
        # "总结" alone on the last line is what a phone showed before
        assert all(text.display_width(line) >= text.SHORTEST_LAST_WORD for line in lines), lines
        # each break falls between two of the title's words: never "统|计表", "材|料"
        pieces = [w for line in text.title_lines(title, DEFAULT.title_chars_per_line)
                  for w in text.title_words(line)]
        bounds = {sum(len(p) for p in pieces[:i]) for i in range(len(pieces) + 1)}
        ends = [sum(len(x) for x in lines[: i + 1]) for i in range(len(lines) - 1)]
        assert all(end in bounds for end in ends), lines


FIGURE = re.compile(r"[\d.]+万?余?")


def test_no_table_cell_breaks_inside_a_figure(phone) -> None:
    phone.set_content(html.page(document_of(ROLL_UP)))
    cells = phone.evaluate(LINES, "td")
    assert len(cells) > 50
    broken_between = 0
    for chars in cells:
        entry = "".join(c for c, _ in chars)
        tops = [top for _, top in chars]
        for found in FIGURE.finditer(entry):
            lines = {tops[i] for i in range(found.start(), found.end())}
            assert len(lines) == 1, (entry, found.group())
        # a bracket never stands at a line's end away from its figure ("（" / "300余）")
        for i, char in enumerate(entry):
            if char == "（":
                assert tops[i] == tops[i + 1], entry
                broken_between += tops[i] != tops[i - 1]
    # the phone is narrower than the table: some previous-year figures go under their figure
    assert broken_between > 0
    # and the table scrolls sideways in its own box instead of squeezing the figures
    widest = phone.evaluate(
        "Math.max(...[...document.querySelectorAll('table')].map(t => t.parentElement.scrollWidth))")
    assert widest > 400 - 2 * 23  # wider than the page's text (6 mm padding each side)
