"""A Word body paragraph by paragraph: THE walk every reader of a .docx takes (import's
paragraphs, check's findings at 第N段, --annotate's comment anchors), so that the N-th
paragraph and the k-th character of one are the N-th and k-th of the others.

It works on the elements of either parser (the standard library's ElementTree, which reading
uses, or lxml, which --annotate needs to insert comment marks): it only iterates children and
compares tags."""

from __future__ import annotations

import functools
import re
from typing import Any

from tzreport.office.names import W

# containers whose paragraphs are part of the body: content controls, custom XML, insertions
_BLOCK_CONTAINERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins")
_ROW_CONTAINERS = (f"{W}sdt", f"{W}customXml")
# containers whose runs are part of a paragraph's text (not deletions: w:del)
RUN_CONTAINERS = (f"{W}hyperlink", f"{W}fldSimple", f"{W}smartTag", f"{W}ins",
                  f"{W}sdt", f"{W}sdtContent", f"{W}customXml")
# Paragraphs read from one body: a 50-page report has some 1 500; each costs import and check
# some 30-80 µs, so 100 000 is a few seconds, and a file with more is refused as it is walked.
MAX_PARAGRAPHS = 100_000


class TooManyParagraphs(Exception):
    """A body with more than MAX_PARAGRAPHS paragraphs: a file built to harm (the caller says so)."""


# what in a run stands for one character of text besides w:t, as Word shows it
CHARACTERS = {f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}noBreakHyphen": "-"}


def body_paragraphs(body: Any) -> list[tuple[Any, bool]]:
    """Every w:p of the body in reading order, each with whether it stands in a table cell:
    tables (nested too), content controls and inserted text included. RecursionError on
    nesting thousands deep, TooManyParagraphs past MAX_PARAGRAPHS, as soon as it is met (a
    file built to harm): the caller says so."""
    out: list[tuple[Any, bool]] = []

    def walk(node: Any, in_table: bool) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{W}p":
                if len(out) >= MAX_PARAGRAPHS:
                    raise TooManyParagraphs
                out.append((child, in_table))
            elif tag == f"{W}tbl":
                walk_table(child)
            elif tag in _BLOCK_CONTAINERS:
                walk(child, in_table)

    def walk_table(table: Any) -> None:
        for child in table:
            rows = [child] if child.tag == f"{W}tr" else (
                child.iter(f"{W}tr") if child.tag in _ROW_CONTAINERS else [])
            for row in rows:
                for cell in row:
                    if cell.tag == f"{W}tc":
                        walk(cell, True)
                    elif cell.tag in _ROW_CONTAINERS:
                        for inner in cell.iter(f"{W}tc"):
                            walk(inner, True)

    walk(body, False)
    return out


def paragraph_runs(p: Any) -> list[Any]:
    """The runs of a paragraph whose text is its text: in hyperlinks, fields, smart tags,
    content controls and insertions too, not in deletions."""
    runs: list[Any] = []

    def walk(node: Any) -> None:
        for child in node:
            if child.tag == f"{W}r":
                runs.append(child)
            elif child.tag in RUN_CONTAINERS:
                walk(child)

    walk(p)
    return runs


# U+200D, Word's "no-width non break" (Insert > Symbol > Special Characters), and U+2060 WORD
# JOINER, the one LibreOffice honours: invisible, they only keep a line from breaking between
# two characters. Our Word writer sets both between a figure and its measure word; no reader's
# text holds them there. (Elsewhere, a U+200D in an emoji sequence is part of the text and stays.)
NO_BREAK = "\u200d"
WORD_JOINER = "\u2060"
_BY_FIGURE = "0-9\uff10-\uff19\u3000-\u9fff\uff00-\uffef"
_JOINERS = f"{NO_BREAK}{WORD_JOINER}"


@functools.cache
def _no_breaks() -> re.Pattern[str]:
    # each joiner by a figure, a Chinese character or another joiner; compiled when first met
    # (a text holding a joiner): a class of the Han characters takes milliseconds to compile,
    # which every build paid at its start for no text at all
    return re.compile(f"(?<=[{_BY_FIGURE}{_JOINERS}])[{_JOINERS}]|[{_JOINERS}](?=[{_BY_FIGURE}{_JOINERS}])")


def _by_figure(ch: str) -> bool:
    """A digit or a Chinese character or mark (the characters of _BY_FIGURE), tested by
    comparison: the Word writer asks of each two characters of every figure it prints."""
    return ("0" <= ch <= "9" or "\uff10" <= ch <= "\uff19" or "\u3000" <= ch <= "\u9fff"
            or "\uff00" <= ch <= "\uffef")


def joinable(before: str, after: str) -> bool:
    """Whether a no-width non break between two characters is one `reading` drops: only
    there may a writer set one."""
    return bool(before) and _by_figure(before[0]) or bool(after) and _by_figure(after[0])


def reading(text: str) -> str:
    """A w:t's text as read: without the no-width non breaks by a figure or a Chinese
    character."""
    return _no_breaks().sub("", text) if NO_BREAK in text or WORD_JOINER in text else text


def unread(text: str) -> set[int]:
    """The positions in a w:t's text of the characters `reading` leaves out."""
    if NO_BREAK not in text and WORD_JOINER not in text:
        return set()
    return {m.start() for m in _no_breaks().finditer(text)}


def piece_text(child: Any) -> str:
    """The text one child of a run stands for: a w:t's text as read, a tab, or nothing."""
    if child.tag == f"{W}t":
        return reading(child.text or "")
    return CHARACTERS.get(child.tag, "")


def run_text(run: Any) -> str:
    """A run's text as the reader sees it: its w:t, a tab as one character; a line break is no
    character (a title over two lines is one line of text)."""
    return "".join(piece_text(child) for child in run)


def paragraph_text(p: Any) -> str:
    """A paragraph's text: its runs' text in order."""
    return "".join(run_text(run) for run in paragraph_runs(p))
