"""A .docx someone sent, opened safely: its size, its number of parts and what is read of each
part are capped (a zip bomb is refused unread, whatever its headers claim), and XML that declares
a DTD (entity expansion, external entities) is refused before any parser sees it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tzreport.errors import InputError

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_PARTS = 2000
MAX_PART_BYTES = 30 * 1024 * 1024  # document.xml of a 50-page report is about 1 MB
MAX_TOTAL_BYTES = 100 * 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how a .doc (or an encrypted .docx) starts
DAMAGED = "错误 Word 文档已损坏，无法读取：请在 Word 或 WPS 中打开后另存，再检查"


def open_package(path: Path, raw: bytes) -> zipfile.ZipFile:
    """The zip of a .docx, after the checks that keep a hostile file harmless."""
    if raw.startswith(OLE):
        raise InputError(f"{path}: 错误 这是旧版 Word 文档（.doc）或加了密码的文档：请在 Word 或 WPS 中“另存为” .docx 后再检查")
    if not raw.startswith(b"PK"):
        raise InputError(f"{path}: 错误 这不是 Word 文档（.docx）：文件内容不对，可能已损坏或改了扩展名")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(f"{path}: {DAMAGED}") from None
    if "word/document.xml" not in {i.filename for i in infos}:
        raise InputError(f"{path}: 错误 这不是 Word 文档（.docx）：其中没有正文部分")
    if (
        len(infos) > MAX_PARTS
        or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES
        or any(i.file_size > MAX_PART_BYTES for i in infos)
    ):
        raise InputError(f"{path}: 错误 Word 文档解压后过大（可能是恶意构造的文件），不予读取")
    return archive


def read_part(path: Path, archive: zipfile.ZipFile, name: str) -> bytes | None:
    """One XML part, at most MAX_PART_BYTES whatever its header claims, and never one that
    declares a DTD. None when the package has no such part."""
    try:
        with archive.open(name) as handle:
            data = handle.read(MAX_PART_BYTES + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise InputError(f"{path}: {DAMAGED}") from None
    if len(data) > MAX_PART_BYTES:
        raise InputError(f"{path}: 错误 Word 文档解压后过大（可能是恶意构造的文件），不予读取")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InputError(f"{path}: 错误 Word 文档中含有不允许的 XML 声明（DOCTYPE/ENTITY），可能是恶意构造的文件，不予读取")
    return data
