"""A report in plain text (.txt) or Markdown (.md) as `check` sees it: one paragraph a line,
every line counted (empty ones too), so that a finding's paragraph is the editor's line."""

from __future__ import annotations

import re
from pathlib import Path

from tzreport.errors import InputError
from tzreport.ingest.source_text import decode, read_bytes  # import's reading: one of each
from tzreport.office.word_body import Body, BodyParagraph

MAX_TEXT_BYTES = 2 * 1024 * 1024  # a report is 5–50 KB
# Markdown's marks before a line's text: a heading's #, a quote's >, a list's - or *.
_MARKDOWN_LEAD = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)")
# Lines that are Markdown's own syntax: fences, containers (::: 落款), rules, table rules, comments.
_MARKDOWN_SYNTAX = re.compile(r"^\s*(?:```|:::|<!--|-{3,}\s*$|\*{3,}\s*$|\|?\s*:?-{3,})")


def read(path: Path) -> Body:
    """Each line of a .txt or .md file as a paragraph."""
    text = decode(path, read_bytes(path, MAX_TEXT_BYTES))
    if "\x00" in text:
        raise InputError(f"{path}: 错误 这不是文本文件：其中有二进制内容")
    markdown = path.suffix.lower() in (".md", ".markdown")
    body = Body(page_numbers=True)
    fenced = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if markdown:
            if line.lstrip().startswith("```"):
                fenced = not fenced
            if fenced or _MARKDOWN_SYNTAX.match(line):
                body.paragraphs.append(BodyParagraph(""))  # counted, not proofread
                continue
        lead = _MARKDOWN_LEAD.match(line) if markdown else None
        offset = lead.end() if lead else 0
        level = line.count("#", 0, offset) if lead and line.startswith("#") else None
        body.paragraphs.append(BodyParagraph(line[offset:].rstrip(), style_level=level, offset=offset))
    return body
