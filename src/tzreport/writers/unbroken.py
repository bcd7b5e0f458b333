"""Where no line may break in the report's text, the same in Word, the Typst PDF and HTML.

- A figure with its 余/多/万 and its measure word ("2次", "57人", "400余人次", "2026年", "14%"):
  a reader never meets "培训2" at a line's end and "次" at the next one's start.
- A paragraph's last two characters with the marks after them: no last line of one character
  ("……有所减" / "少。"), in the Typst PDF.
- A table cell's figure and its previous year's in brackets ("400余（300余）"): each whole, a
  line break only before the bracket.

Word and LibreOffice are given two invisible characters between each two: U+200D, Word's own
"no-width non break", then U+2060 WORD JOINER; and the figure is a run of its own in a language
LibreOffice breaks by ICU's rules (`runs`, docx/ooxml.FIGURE_LANGUAGE). LibreOffice 7.4 breaks a
line in text of language zh by its own CJK rules, which allow a break between any two
characters and know no joiner (neither U+200D nor U+2060: "培训2/次", "300余人/次" in the render
of the examples); ICU's rules honour U+2060 (U+200D they do not). Both characters are invisible
and our .docx readers drop them (office/paragraph_walk.py). The Typst PDF sets the same pattern
in boxes (report.typ), HTML in nowrap spans: no character added to their text.
"""

from __future__ import annotations

import re

from tzreport.office import paragraph_walk

JOINER = paragraph_walk.NO_BREAK + paragraph_walk.WORD_JOINER
_UNITS = "场次|人次|[次场人户个份条名处项期批家位元天年月日%％]"
# A figure and what belongs to it. Written for both Python's re and Typst's regex (Rust's).
FIGURE = re.compile(rf"\d+(?:[.．]\d+)?(?:[余多万]+(?:{_UNITS})?|(?:{_UNITS}))")
# A table cell's entry, or its previous year's in brackets: "400余", "（300余）", "（—）".
_ENTRY = re.compile(rf"（?(?:\d+(?:[.．]\d+)?[余多万]*(?:{_UNITS})?|—)）?")


def _joined(piece: str) -> str:
    """The characters of a piece with a joiner between each two where one of them is a digit
    or a Chinese character (between two Latin characters a line does not break anyway, and
    a reader of the .docx could not tell the joiner from text there)."""
    out = [piece[:1]]
    for before, char in zip(piece, piece[1:], strict=False):
        if paragraph_walk.joinable(before, char) and not (before.isascii() and char.isascii()):
            out.append(JOINER)
        out.append(char)
    return "".join(out)


def join(text: str) -> str:
    """Running text with each figure kept whole with its measure word (for Word)."""
    return FIGURE.sub(lambda m: _joined(m.group()), text)


def cell(text: str) -> str:
    """A table cell's text (for Word): a figure, and its previous year's in brackets, each
    whole; a line may break only before the bracket. A cell without a digit is left alone."""
    parts = [p for p in text.replace("（", "\0（").split("\0") if p]
    return "".join(_joined(p) if _ENTRY.fullmatch(p) else join(p) for p in parts)


# A figure as join and cell set it: characters with a joiner between each two, but none inside
# a run of digits and Latin characters (_joined).
_PIECE = rf"(?:[!-~]+|[^{JOINER}!-~])"
_WHOLE = re.compile(rf"{_PIECE}(?:{JOINER}{_PIECE})+")


def runs(text: str) -> list[tuple[str, bool]]:
    """A joined text (join, cell) in pieces, each with whether it is a figure set whole: the
    Word writer gives each figure a run of its own (see the module's comment)."""
    if JOINER not in text:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    at = 0
    for found in _WHOLE.finditer(text):
        if found.start() > at:
            pieces.append((text[at:found.start()], False))
        pieces.append((found.group(), True))
        at = found.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def strip(text: str) -> str:
    """The text without the joiners, as a reader of the .docx reads it."""
    return paragraph_walk.reading(text)


# Marks that close a sentence or a quotation: they stay with the character before them anyway.
_CLOSING = "。！？；：，、”’）》」』】〕…"


def tail(text: str) -> int:
    """How many characters at the end of a paragraph's text stay together on its last line:
    its last two characters with the marks after them ("减少。", never "少。" alone on a line),
    a figure among them whole ("57人。"). 0 when the text is too short to have a choice."""
    at = len(text.rstrip())
    while at and text[at - 1] in _CLOSING:
        at -= 1
    start = at - 2
    if start <= 0:
        return 0
    for found in FIGURE.finditer(text, max(start - 40, 0), at):
        if found.start() < start < found.end():
            start = found.start()
    while 0 < start and text[start - 1].isascii() and text[start - 1].isalnum() \
            and text[start].isascii() and text[start].isalnum():
        start -= 1  # a Latin word or a number without a measure word, whole
    return len(text) - start if start > 0 else 0
