"""Word reports (.docx, and .doc through LibreOffice) → paragraphs with their numbering as text.

A .docx is read by the Office layer (office.word_body): the same gate, the same walk and the
same paragraphs as `check` reads, so that import and check never disagree about what a Word
file says. Import keeps the paragraphs of the body itself, not those in table cells (it does
not read tables, and says so), and puts Word's automatic number ("一、", drawn from
numbering.xml, not in the text) in front of the text.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from tzreport.errors import InputError
from tzreport.ingest.source_text import Paragraph
from tzreport.office import launcher, word_body
from tzreport.office.zip_gate import MAX_DOCX_BYTES, OLE, read_file

TIMEOUT_SECONDS = 180


def read_docx(path: Path, raw: bytes | None = None) -> tuple[list[Paragraph], int]:
    """The body paragraphs of a .docx in order, Word's automatic numbers put in front of their
    text; and how many tables it has, which are not read."""
    body = word_body.read(path, raw)
    out: list[Paragraph] = []
    for paragraph in body.paragraphs:
        if paragraph.in_table:
            continue
        text = paragraph.text.replace("\t", " ")
        label = paragraph.label
        if label and not text.lstrip().startswith(label):
            text = label + text.lstrip()
        level = paragraph.style_level
        out.append(Paragraph(text, level if level and level <= 4 else None))
    return out, body.tables


def convert_doc(path: Path) -> tuple[list[Paragraph], int]:
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
