"""Word reports (.docx, and .doc through LibreOffice) → paragraphs with their numbering as text.

python-docx reads the paragraphs and styles; Word's automatic numbering ("一、" that is not in
the text but drawn from numbering.xml) is recovered from the XML, where python-docx does not
go. A .docx is a zip someone sent: before anything is parsed, its size, its parts and their
declared sizes are capped (a zip bomb is refused unread), and XML with a DOCTYPE (entities,
XXE) is refused.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from tzreport.errors import InputError

# the same caps as check's reading of a .docx (its messages differ: import can take a .doc)
from tzreport.ingest.docx_numbering import Numbering, num_pr
from tzreport.ingest.docx_package import (
    MAX_DOCX_BYTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_TOTAL_BYTES,
    OLE,
)
from tzreport.ingest.text import Paragraph, read_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _checked_zip(path: Path, raw: bytes) -> zipfile.ZipFile:
    if raw.startswith(OLE):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise InputError(f"{path}: 错误 文件设置了打开密码（已加密），无法读取：请在 Word 或 WPS 中取消密码后另存，再导入")
        raise InputError(f"{path}: 错误 这是旧版 Word 文档（.doc），只是扩展名写成了 .docx：请把扩展名改为 .doc 再导入，或在 Word 中“另存为” .docx")
    if not raw.startswith(b"PK"):
        raise InputError(f"{path}: 错误 这不是 Word 文档（.docx）：文件内容不对，可能已损坏或改了扩展名")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(f"{path}: 错误 Word 文档已损坏，无法打开：请在 Word 或 WPS 中打开后另存，再导入") from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise InputError(f"{path}: 错误 这不是 Word 文档（.docx）：其中没有正文部分（可能是 Excel 或其他压缩文件）")
    if (
        len(infos) > MAX_PARTS
        or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES
        or any(i.file_size > MAX_PART_BYTES for i in infos if i.filename.endswith(".xml"))
    ):
        raise InputError(f"{path}: 错误 Word 文档解压后过大（可能是恶意构造的文件），不予读取")
    # python-docx parses every XML part when it opens the package: none may declare a DTD,
    # which is where entity expansion and external entities (XXE) come from.
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            data = archive.read(info.filename)
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise InputError(f"{path}: 错误 Word 文档中含有不允许的 XML 声明（DOCTYPE/ENTITY），可能是恶意构造的文件，不予读取")
    return archive


def _int(value: str | None, default: int) -> int:
    """An attribute as a number; a hostile or damaged file may put anything there."""
    try:
        return max(0, min(int(value or ""), 10_000))
    except ValueError:
        return default


def _style_level(style: Any) -> int | None:
    """A heading style's level (Heading 1 / 标题 1, or an outline level), following base styles."""
    seen = 0
    while style is not None and seen < 10:
        if m := _HEADING_STYLE.match(style.name or ""):
            return int(m[1])
        ppr = style.element.find(f"{W}pPr")
        outline = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        if outline is not None and _int(outline.get(f"{W}val"), 9) < 4:
            return _int(outline.get(f"{W}val"), 9) + 1
        style, seen = style.base_style, seen + 1
    return None


def _style_num(style: Any) -> tuple[str, int] | None:
    seen = 0
    while style is not None and seen < 10:
        found = num_pr(style.element.find(f"{W}pPr"))
        if found:
            return found
        style, seen = style.base_style, seen + 1
    return None


def read_docx(path: Path, raw: bytes | None = None) -> list[Paragraph]:
    """The body paragraphs of a .docx in order, Word's automatic numbers put in front of their
    text. Tables are not read (see tables())."""
    raw = read_bytes(path, MAX_DOCX_BYTES) if raw is None else raw
    archive = _checked_zip(path, raw)
    import docx
    from docx.oxml import parse_xml

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception:  # python-docx raises many kinds on a damaged package
        raise InputError(f"{path}: 错误 Word 文档已损坏，无法打开：请在 Word 或 WPS 中打开后另存，再导入") from None
    from lxml.etree import XMLSyntaxError

    try:
        return _paragraphs(document, archive, parse_xml)
    except (XMLSyntaxError, ValueError, LookupError):  # a part read lazily is damaged
        raise InputError(f"{path}: 错误 Word 文档已损坏，无法读取其中的文字：请在 Word 或 WPS 中打开后另存，再导入") from None


def _paragraphs(document: Any, archive: zipfile.ZipFile, parse_xml: Any) -> list[Paragraph]:
    numbering_xml = archive.read("word/numbering.xml") if "word/numbering.xml" in archive.namelist() else None
    numbering = Numbering(parse_xml(numbering_xml) if numbering_xml else None)
    out: list[Paragraph] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.replace("\n", "").replace("\t", " ")
        style = paragraph.style
        found = num_pr(paragraph._p.pPr) or _style_num(style)
        label = numbering.label(*found) if found and text.strip() else ""
        level = _style_level(style) if style is not None else None
        if label and not text.lstrip().startswith(label):
            text = label + text.lstrip()
        out.append(Paragraph(text, level if level and level <= 4 else None))
    return out


def tables(raw: bytes) -> int:
    """How many tables the body of a .docx has (checked by read_docx first): import does not
    read them, and says so."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return archive.read("word/document.xml").count(b"<w:tbl>")


def convert_doc(path: Path) -> list[Paragraph]:
    """A .doc read through LibreOffice (converted to .docx in a temporary folder)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(
            f"{path}: 错误 旧版 Word 文档（.doc）需要安装 LibreOffice 才能读取：请安装 LibreOffice，"
            "或在 Word/WPS 中把文件“另存为” .docx 后再导入"
        )
    raw = read_bytes(path, MAX_DOCX_BYTES)
    if not raw.startswith(OLE):
        raise InputError(f"{path}: 错误 这不是旧版 Word 文档（.doc）：文件内容不对，可能已损坏或改了扩展名")
    with tempfile.TemporaryDirectory(prefix="tzreport-doc-") as temp:
        folder = Path(temp)
        source = folder / "source.doc"
        source.write_bytes(raw)
        # a profile of its own (and HOME), as the PDF writer does: never the user's LibreOffice
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "docx", "--outdir", str(folder), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=180, check=False,
                           env={**os.environ, "HOME": str(folder)})
        except (OSError, subprocess.TimeoutExpired):
            pass
        converted = folder / "source.docx"
        if not converted.is_file():
            raise InputError(f"{path}: 错误 LibreOffice 无法转换这个 .doc 文件：请在 Word/WPS 中另存为 .docx 后再导入")
        return read_docx(path, converted.read_bytes())
