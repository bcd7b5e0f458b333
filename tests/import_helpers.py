"""Helpers of the import tests: the measures a round trip is judged by (every figure, every
heading, the share of 10-character pieces of the source found in the rebuilt report), and how
a refused source is told."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from tzreport.cli.main import app
from tzreport.ingest import source_text

SEEDS = Path(__file__).resolve().parent / "seeds"
PIECE = 10
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、，.．]+|\d{1,2}\s*[、.．](?!\d)|[（(]\s*[（(]?\s*[一二三四五六七八九十\d]+\s*[）)]\s*[）)]?)\s*"
)


def source_lines(name: str) -> list[str]:
    """A seed's paragraphs as the importer cleans them (004: its first report only)."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    if name.startswith("004"):
        start = text.index(" 2021 年上半年统战工作总结")
        end = text.index("2022上半年统战工作总结", start)
        text = text[start:end]
    paras, _ = source_text.paragraphs(text.split("\n"))
    return [p.text for p in paras]


def flat(markdown: str) -> str:
    """A rebuilt report's text without Markdown marks and spaces."""
    lines = [line for line in markdown.split("\n") if not line.startswith(":::")]
    out = "\n".join(lines).replace("**", "").replace("\\", "")
    out = re.sub(r"(?m)^#+\s*", "", out)
    return re.sub(r"\s+", "", out)


def figures(text: str) -> set[str]:
    """The numbers of a text; a heading's own number (the slip "3、" for 三、) is not a figure."""
    text = "\n".join(_HEADING.sub("", line) for line in text.split("\n"))
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def headings(lines: list[str]) -> list[str]:
    """The words of each numbered heading: after its number, up to its first 。 or ："""
    found = []
    for line in lines:
        if m := _HEADING.match(line):
            words = re.split(r"[。：]", line[m.end():], maxsplit=1)[0].strip()
            if words and len(words) <= 40:
                found.append(re.sub(r"\s+", "", words))
    return found


def coverage(lines: list[str], rebuilt: str) -> float:
    """The share of the source's 10-character pieces (heading numbers left out) found in the
    rebuilt text."""
    pieces = []
    for line in lines:
        # tzreport numbers headings itself (二、、 becomes 二、): numbers are not the text
        line = re.sub(r"\s+", "", _HEADING.sub("", line))
        pieces += [line[i : i + PIECE] for i in range(0, len(line) - PIECE + 1, PIECE)]
    return sum(p in rebuilt for p in pieces) / max(1, len(pieces))


_HALF_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
_MARKS = "。！？；："
_PIECE = re.compile(f"[^{_MARKS}\n]+")
_BOUNDS = set(_MARKS + "，、\n")


def normalised(text: str) -> str:
    """Text as sentences are compared: full-width marks, no spaces, no Markdown markup."""
    text = text.translate(_HALF_WIDTH)
    text = re.sub(r"[ \t\u3000\xa0]+", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("**", "")


def _lines(lines: list[str]) -> str:
    """Lines as sentences are cut from them: normalised, heading numbers off (the report
    numbers headings itself)."""
    return "\n".join(_HEADING.sub("", normalised(line)) for line in lines)


def report_lines(markdown: str) -> list[str]:
    """A built report's lines without block marks and heading marks."""
    return [re.sub(r"^#+\s*", "", line) for line in markdown.split("\n") if not line.startswith(":::")]


def said_again(source: list[str], rebuilt: list[str]) -> tuple[int, list[str]]:
    """How many of the source's sentences the rebuilt report says word for word, and those
    it does not. A sentence runs between 。！？；： and line ends (two characters at least) and
    must stand in the report between the same marks or line ends — or, where the source broke
    a line inside a sentence (a scraped page), before the words that follow it there."""
    text, out = _lines(source), _lines(rebuilt)
    total, missing = 0, []
    for m in _PIECE.finditer(text):
        piece = m.group().strip("，、")
        if len(piece) < 2:
            continue
        total += 1
        start = m.start() + m.group().index(piece)
        end = start + len(piece)
        # across a line break with no mark before it, the source's own next (or last) words
        before = text[start - 2] if start >= 2 and text[start - 1] == "\n" and text[start - 2] not in _MARKS else ""
        after = text[end + 1] if end + 1 < len(text) and text[end] == "\n" and text[end - 1] not in _MARKS else ""
        if not any(
            (at == 0 or out[at - 1] in _BOUNDS or out[at - 1] == before)
            and (at + len(piece) == len(out) or out[at + len(piece)] in _BOUNDS or out[at + len(piece)] == after)
            for at in (f.start() for f in re.finditer(re.escape(piece), out))
        ):
            missing.append(piece)
    return total - len(missing), missing


def refused(tmp_path: Path, source: Path, message: str) -> None:
    """`tzreport import SOURCE` fails with exit 1 on the message, no traceback, nothing written."""
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{source}: 错误 {message}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
