"""Word reports (.docx, and .doc through LibreOffice) → paragraphs with their numbering as text.

A .docx is read by the Office layer (office.word_body): the same gate, the same walk and the
same paragraphs as `check` reads, so that import and check never disagree about what a Word
file says. Import keeps the paragraphs of the body itself, not those in table cells (a 统计
table becomes 统计 and a roll-up's 附表 names its members, ingest.tables; other tables are not
read, and import says so), and puts Word's automatic number ("一、", drawn from numbering.xml,
not in the text) in front of the text.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tzreport.errors import InputError
from tzreport.ingest import tables
from tzreport.ingest.source_text import Paragraph
from tzreport.office import launcher, word_body
from tzreport.office.zip_gate import MAX_DOCX_BYTES, OLE, read_file

TIMEOUT_SECONDS = 180


@dataclass
class WordReport:
    """A Word report's paragraphs in order (a 统计 table among them as a paragraph holding its
    统计), how many tables were not read, and the member units a roll-up's 附表 names."""

    paragraphs: list[Paragraph]
    unread: int = 0
    members: list[str] = field(default_factory=list)


def read_docx(path: Path, raw: bytes | None = None) -> WordReport:
    """The body paragraphs of a .docx in order, Word's automatic numbers put in front of their
    text, its 统计 tables as 统计 where they stand (ingest.tables)."""
    body = word_body.read(path, raw)
    out = WordReport([])
    grids = {grid.at: grid for grid in body.grids}
    for i, paragraph in enumerate(body.paragraphs):
        if i in grids:
            _table(grids.pop(i), out)
        if paragraph.in_table:
            continue
        text = paragraph.text.replace("\t", " ")
        label = paragraph.label
        if label and not text.lstrip().startswith(label):
            text = label + text.lstrip()
        level = paragraph.style_level
        out.paragraphs.append(Paragraph(text, level if level and level <= 4 else None))
    for grid in grids.values():  # a table without a paragraph (hand-made XML): at the end
        _table(grid, out)
    out.unread += body.tables - len(body.grids)  # tables inside tables
    return out


def _table(grid: word_body.Grid, out: WordReport) -> None:
    if (found := tables.stats(grid.rows)) is not None:
        out.paragraphs.append(Paragraph("", stats=tuple(found)))
    elif (units := tables.members(grid.rows)) is not None:
        out.members += [u for u in units if u not in out.members]
    else:
        out.unread += 1


def convert_doc(path: Path) -> WordReport:
    """A .doc read through LibreOffice (converted to .docx in a temporary folder)."""
    soffice = launcher.program()
    if soffice is None:
        raise InputError(
            f"{path}: 错误 旧版 Word 文档（.doc）需要安装 LibreOffice 才能读取：请安装 LibreOffice，"
            "或在 Word/WPS 中把文件“另存为” .docx 后再导入"
        )
    raw = read_file(path, MAX_DOCX_BYTES)
    if not raw.startswith(OLE):
        raise InputError(f"{path}: 错误 这不是旧版 Word 文档（.doc）：文件内容不对，可能已损坏或改了扩展名")
    with tempfile.TemporaryDirectory(prefix="tzreport-doc-") as temp:
        folder = Path(temp)
        source = folder / "source.doc"
        source.write_bytes(raw)
        try:
            launcher.convert(soffice, [source], "docx", folder, TIMEOUT_SECONDS)
        except (OSError, subprocess.TimeoutExpired):
            pass  # no .docx comes of it: said below
        converted = folder / "source.docx"
        if not converted.is_file():
            raise InputError(f"{path}: 错误 LibreOffice 无法转换这个 .doc 文件：请在 Word/WPS 中另存为 .docx 后再导入")
        return read_docx(path, read_file(converted, MAX_DOCX_BYTES))
