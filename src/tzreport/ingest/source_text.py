"""Plain-text reports (.txt, .md) → clean paragraphs, and the clean-up every source gets.

Reports reach us copied out of Word, saved by Notepad in GBK, or scraped from web pages: with
half-width punctuation in Chinese text, spaces between characters and digits, Word's bookmark
markers and a site's "download to read more" lines. `clean` undoes that damage and nothing
else: a space inside “迎中秋 庆国庆” is the writer's and stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tzreport.errors import InputError
from tzreport.office.zip_gate import read_file

MAX_TEXT_BYTES = 2 * 1024 * 1024  # a report is 5–50 KB; a bigger "report" was chosen by mistake

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_FULL = "，。；：？！、（）“”‘’《》—…"
# A half-width mark with Chinese on either side is a Chinese mark typed on the wrong keyboard.
_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_MARK = re.compile(rf"(?<=[{_CJK}{_FULL}\d])\s*([,;:?!])\s*(?=[{_CJK}{_FULL}])|(?<=[{_CJK}{_FULL}])\s*([,;:?!])")
_PARENS = re.compile(rf"\(\s*([^()]*[{_CJK}][^()]*?)\s*\)")
# Spaces that scraping and Word's justification leave: next to a digit, a Chinese mark or a
# line end. Between two Chinese characters a space may be the writer's own and is kept.
_HALF_OPEN = re.compile(rf"\((?=[{_CJK}][^()]*）)")
_HALF_CLOSE = re.compile(rf"(（[^()（）]{{0,40}}[{_CJK}])\)")
_SPACE_NEAR_MARK = re.compile(rf"\s+(?=[{_FULL}])|(?<=[{_FULL}])\s+")
_SPACE_DIGIT = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=\d)|(?<=\d)[ \t\u3000]+(?=[{_CJK}])")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# What a template site puts in the middle of a text: not the writer's words. HIDDEN is the one
# that also says words are missing (“---此处隐藏6579字，下载后查看---”): the page held back part
# of the report, which no file of ours has, so import says so instead of calling it noise.
HIDDEN = re.compile(r"^-*\s*此处隐藏(\d*)字.*$")
NOISE = re.compile(HIDDEN.pattern + r"|^下面是小编为大家整理的.*$|^.*仅供参考.*$|^推荐访问[:：].*$")
_RUN_ON = re.compile(r"^([\s\u3000]*[一二三四五六七八九十]{1,3}、[^。\d]{2,40}?)\s+(?=\d{1,2}[.．、]\D)")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def clean(line: str) -> str:
    """One paragraph with the scraping and typing damage undone (see the module docstring)."""
    line = _BOOKMARK.sub("", line)
    line = _SPACES.sub(" ", line).strip()
    line = _PARENS.sub(r"（\1）", _PARENS.sub(r"（\1）", line))  # twice: "( ( 一) )"
    line = _HALF_OPEN.sub("（", _HALF_CLOSE.sub(r"\1）", line))  # one of a pair typed half-width
    line = _HALF_MARK.sub(lambda m: _HALF[m.group(1) or m.group(2)], line)
    line = _SPACE_NEAR_MARK.sub("", line)
    line = _SPACE_DIGIT.sub("", line)
    return line.strip()


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source report: its text (numbering included as text) and, when the
    file says so (a Word heading style), its heading level 1–4. A Word table of 项目 and 数量
    stands in the flow as a paragraph without text holding its rows as 统计 (`stats`)."""

    text: str
    level: int | None = None
    stats: tuple[dict[str, Any], ...] = ()


def paragraphs(lines: list[str] | list[Paragraph]) -> tuple[list[Paragraph], list[str]]:
    """Clean paragraphs without empty ones, and the noise lines that were left out."""
    out: list[Paragraph] = []
    dropped: list[str] = []
    for raw in lines:
        para = raw if isinstance(raw, Paragraph) else Paragraph(raw)
        if para.stats:
            out.append(para)
            continue
        # "一、标题 1.正文……" (a scraped page lost the line break): two paragraphs
        m = _RUN_ON.match(para.text) if not para.level else None
        parts = [m[1], para.text[m.end():]] if m else [para.text]
        for part in parts:
            text = clean(part)
            if not text:
                continue
            if NOISE.match(text):
                dropped.append(text)
                continue
            out.append(Paragraph(text, para.level))
    return out, dropped


def decode(path: Path, raw: bytes) -> str:
    """A text file's bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise InputError(f"{path}: 错误 无法识别文件的编码（不是 UTF-8，也不是 GBK）：请用记事本打开，“另存为”时编码选择 UTF-8")


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """A source file's bytes, never more than `limit` of them (the Office gate's capped read,
    with its messages: one for every kind of source)."""
    return read_file(path, limit)


_MD_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))|\*\*|__|(?<!\\)[*_`]|\\(?=[\\`*_{}\[\]()#+\-.!|])")


def read(path: Path) -> list[str]:
    """The lines of a .txt or .md report (Markdown marks taken off a .md: its words are what count)."""
    raw = read_bytes(path)
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise InputError(f"{path}: 错误 这不是文本文件（可能是 Word、Excel 或 PDF 文件改了扩展名）：请把扩展名改回原来的样子再导入")
    text = decode(path, raw).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if path.suffix.lower() == ".md":
        # container marks and tables (a roll-up's 附表, which tzreport makes from the data) are not text
        lines = [_MD_MARKS.sub("", line) for line in lines if not re.match(r"^\s*(:::|\||[-*_]{3,}\s*$)", line)]
    return lines
