"""The plain Markdown of most reports — headings, one-line paragraphs, the ::: containers, blank
lines — read line by line (five times faster than markdown-it) into exactly the events
markdown-it's tokens give render/document (tests/render compares the two on every golden report
and on generated text). Anything else — a table, a special character, a paragraph of several
lines, a line that could open a list, a quote or code — makes `events` give up (None), and
render/document hands the text to markdown-it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# One event: its kind ("container:NAME" opened, "container" closed, "text"), a heading's level
# (0 for a paragraph), and its runs as (text, bold) pairs.
Event = tuple[str, int, tuple[tuple[str, bool], ...]]

# Characters with a meaning in CommonMark's inline rules (escape, code, emphasis, links,
# images, autolinks, HTML, entities), a table's |, and what the normalize rule changes.
_SPECIAL = re.compile(r"[\\`*_\[\]<>&|\x00\r\t]")
# A line that could open a block other than a paragraph or heading: a list, a quote, code, a
# thematic break or setext underline, HTML, a fence, a table, a container; or a numbered one.
_BLOCK_START = re.compile(r"[-+*=_>`~<|:#\s]|\d{1,9}[.)]")
_HEADING = re.compile(r"(#{1,6}) (.+)")

def events(markdown: str, containers: Iterable[str]) -> list[Event] | None:
    """The events of Markdown made only of the plain line kinds (see above), else None.
    containers: the names a ::: container may have."""
    opens = {f"::: {name}": name for name in containers}
    out: list[Event] = []
    inside = False  # a container is open
    in_paragraph = False  # the line before was a paragraph's
    for line in markdown.split("\n"):
        if not line:
            in_paragraph = False
            continue
        if line in opens:
            if inside:
                return None  # nested
            inside, in_paragraph = True, False
            out.append(("container:" + opens[line], 0, ()))
            continue
        if line == ":::":
            if not inside:
                return None
            inside, in_paragraph = False, False
            out.append(("container", 0, ()))
            continue
        if in_paragraph or line != line.strip():
            return None  # a paragraph of several lines; space around a line
        heading = _HEADING.fullmatch(line)
        if heading is not None:
            text = heading[2]
            if _SPECIAL.search(text) or text != text.strip() or text.endswith("#"):
                return None
            out.append(("text", len(heading[1]), ((text, False),)))
            continue
        # “**（一）…” opens no list (a marker is followed by a space) nor a thematic break
        if _BLOCK_START.match(line) and not (line.startswith("**") and line[2:3] not in ("", "*", " ")):
            return None
        runs = _runs(line)
        if runs is None:
            return None
        out.append(("text", 0, runs))
        in_paragraph = True
    return None if inside else out


def _runs(line: str) -> tuple[tuple[str, bool], ...] | None:
    """A paragraph's runs: plain text, or a bold part at its start (“**（一）标题**。正文”)
    that CommonMark's delimiter rules make bold; None for anything else."""
    if not line.startswith("**"):
        return None if _SPECIAL.search(line) else ((line, False),)
    end = line.find("**", 2)
    if end <= 2:
        return None
    bold, rest = line[2:end], line[end + 2:]
    if _SPECIAL.search(bold) or _SPECIAL.search(rest):
        return None
    # the opening ** (after the line's start, which counts as white space) can open when not
    # followed by white space; the closing one can close when right-flanking
    if white(bold[0]) or not _right_flanking(bold[-1], rest[:1] or " "):
        return None
    return ((bold, True), (rest, False)) if rest else ((bold, True),)


def _right_flanking(last: str, after: str) -> bool:
    last_punct, next_punct = punct(last), punct(after)
    return not (white(last) or (last_punct and not (white(after) or next_punct)))


# CommonMark's white space and punctuation, as markdown-it tells them (its common.utils:
# isWhiteSpace, isMdAsciiPunct, isPunctChar), without importing it
_WHITE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def white(ch: str) -> bool:
    return ch in _WHITE or "\u2000" <= ch <= "\u200a"


def punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch).startswith(("P", "S"))
