"""The plain Markdown reader's character classes (its events are compared with markdown-it's in
tests/render/test_document.py, on every golden report and on generated text)."""

from tzreport.render import plain_markdown


def test_white_space_and_punctuation_are_told_as_markdown_it_tells_them() -> None:
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

    for code in range(0x30000):
        ch = chr(code)
        assert plain_markdown.white(ch) == isWhiteSpace(code), hex(code)
        assert plain_markdown.punct(ch) == (isMdAsciiPunct(code) or isPunctChar(ch)), hex(code)
