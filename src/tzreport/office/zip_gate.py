"""The gate every Office file someone sent passes before anything reads it: Word files for
import, check and --annotate alike, and the .xlsx and .ods ledgers of import: the file's size, its number of parts, each part's size and their total
are capped (a zip bomb is refused unread, whatever its headers claim); an old .doc or an
encrypted file is named for what it is; a part that declares a DTD (entity expansion,
external entities) is refused before any parser sees it; and a damaged zip (a truncated file,
a bad checksum, a size in the directory that lies) gives one message, never a traceback.
Every read of a member of the zip goes through read_member, read_part or stream_member; the
messages name the kind of file (a Word document, a spreadsheet: Package)."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tzreport.errors import InputError, os_reason
from tzreport.regular_file import NotRegularFile, read_regular

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_PARTS = 2000
MAX_PART_BYTES = 30 * 1024 * 1024  # document.xml of a 50-page report is about 1 MB
MAX_TOTAL_BYTES = 100 * 1024 * 1024
# Tags ("<") in one XML part: every element has at least one, so this bounds what a parser
# builds (about 90 bytes an element) before it starts. A 50-page report's body has some
# 50 000; a part of 4.8 million empty paragraphs in a 78 KB file is refused in milliseconds.
MAX_TAGS = 1_000_000
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how a .doc (or an encrypted .docx) starts

DAMAGED = "错误 Word 文档已损坏，无法读取：请在 Word 或 WPS 中打开后另存"
TOO_BIG = "错误 Word 文档解压后过大（可能是恶意构造的文件），不予读取"
DTD = "错误 Word 文档中含有不允许的 XML 声明（DOCTYPE/ENTITY），可能是恶意构造的文件，不予读取"
TOO_DEEP = "错误 Word 文档的结构嵌套过深（可能是恶意构造的文件），不予读取"
TOO_MANY = "错误 Word 文档中的段落或标记过多（可能是恶意构造的文件），不予读取"
ENCRYPTED = "错误 文件设置了打开密码（已加密），无法读取：请在 Word 或 WPS 中取消密码后另存"
OLD_DOC = "错误 这是旧版 Word 文档（.doc），只是扩展名写成了 .docx：请在 Word 或 WPS 中“另存为” .docx"
NOT_WORD = "错误 这不是 Word 文档（.docx）：文件内容不对，可能已损坏或改了扩展名"
NO_BODY = "错误 这不是 Word 文档（.docx）：其中没有正文部分（可能是 Excel 或其他压缩文件）"


@dataclass(frozen=True)
class Package:
    """A kind of Office file: what the user is told when it is damaged, too big or hostile,
    and the caps on its parts."""

    damaged: str
    too_big: str
    dtd: str
    password: str
    max_parts: int = MAX_PARTS
    max_part_bytes: int = MAX_PART_BYTES
    max_total_bytes: int = MAX_TOTAL_BYTES


WORD = Package(DAMAGED, TOO_BIG, DTD, ENCRYPTED)
# A spreadsheet's sheet part is bigger than a report's body for the same content (every cell
# is an element): a 20 000-row ledger is some 100 MB of XML, which is streamed, never held.
SHEET = Package(
    "错误 无法读取表格：文件已损坏，或不是 .xlsx/.xls/.ods 表格",
    "错误 表格解压后过大（可能是恶意构造的文件），不予读取",
    "错误 表格中含有不允许的 XML 声明（DOCTYPE），不予读取",
    "错误 表格设置了打开密码，无法读取：请在 Excel 或 WPS 中取消密码后另存，再导入",
    max_parts=5000,
    max_part_bytes=200 * 1024 * 1024,
    max_total_bytes=200 * 1024 * 1024,
)
_CHUNK = 1024 * 1024
# what zipfile and zlib raise on a damaged member: a bad CRC, a truncated or garbled stream
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)


def read_file(path: Path, limit: int) -> bytes:
    """A file's bytes, never more than `limit` of them: a bigger one is refused unread."""
    try:
        raw = read_regular(path, limit)  # a FIFO or device refused at once, never waited on
    except FileNotFoundError:
        raise InputError(f"{path}: 错误 文件不存在") from None
    except IsADirectoryError:
        raise InputError(f"{path}: 错误 这是一个文件夹，请给出报告或台账文件") from None
    except NotRegularFile as exc:
        if path.is_dir():
            raise InputError(f"{path}: 错误 这是一个文件夹，请给出报告或台账文件") from None
        raise InputError(f"{path}: 错误 {exc.strerror}") from None
    except OSError as exc:
        raise InputError(f"{path}: 错误 无法读取文件：{os_reason(exc)}") from None
    if len(raw) > limit:
        raise InputError(f"{path}: 错误 文件太大（超过 {limit // (1024 * 1024)} MB），不像是一份报告，请检查是否选错了文件")
    return raw


def open_docx(path: Path, raw: bytes | None = None) -> zipfile.ZipFile:
    """The zip of a .docx (read from path, or the bytes given), after the checks that keep a
    hostile file harmless."""
    raw = read_file(path, MAX_DOCX_BYTES) if raw is None else raw
    if raw.startswith(OLE):
        encrypted = "EncryptedPackage".encode("utf-16-le") in raw
        raise InputError(f"{path}: {ENCRYPTED if encrypted else OLD_DOC}")
    if not raw.startswith(b"PK"):
        raise InputError(f"{path}: {NOT_WORD}")
    archive = _zip(path, raw, WORD)
    if "word/document.xml" not in {i.filename for i in archive.infolist()}:
        raise InputError(f"{path}: {NO_BODY}")
    return archive


def open_package(path: Path, raw: bytes, kind: Package) -> zipfile.ZipFile:
    """The zip of an Office file other than a .docx (an .xlsx, an .ods) from its bytes, after
    the same checks as a .docx's."""
    return _zip(path, raw, kind)


def _zip(path: Path, raw: bytes, kind: Package) -> zipfile.ZipFile:
    """The zip of the bytes, its directory read (a damaged one is kind.damaged), no member
    encrypted, and its number of parts and their declared sizes capped."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except _BROKEN:
        raise InputError(f"{path}: {kind.damaged}") from None
    infos = archive.infolist()
    if any(i.flag_bits & 0x1 for i in infos):
        # a member the directory calls encrypted: no Office program writes one (Word's and
        # Excel's passwords wrap the whole file in an OLE container, told before a zip is
        # opened), and zipfile would raise RuntimeError on reading it
        raise InputError(f"{path}: {kind.damaged}")
    _capped(path, infos, kind)
    if _odf_encrypted(path, archive, kind):
        raise InputError(f"{path}: {kind.password}")
    return archive


def _odf_encrypted(path: Path, archive: zipfile.ZipFile, kind: Package) -> bool:
    """Whether an OpenDocument file (.ods) has a password: LibreOffice and WPS encrypt its
    parts inside an ordinary zip and say so in the manifest (<manifest:encryption-data>);
    the parts themselves then read as garbage, which would be called damage."""
    manifest = read_member(path, archive, "META-INF/manifest.xml", kind)
    return manifest is not None and b"encryption-data" in manifest


def _capped(path: Path, infos: list[zipfile.ZipInfo], kind: Package) -> None:
    """Refuse a package whose directory declares more parts, or bigger ones, than kind allows:
    a zip bomb is refused before a byte of it is inflated."""
    if (
        len(infos) > kind.max_parts
        or sum(i.file_size for i in infos) > kind.max_total_bytes
        or any(i.file_size > kind.max_part_bytes for i in infos)
    ):
        raise InputError(f"{path}: {kind.too_big}")


def read_member(path: Path, archive: zipfile.ZipFile, name: str, kind: Package = WORD) -> bytes | None:
    """One member's bytes, at most the kind's part cap whatever its header claims, its checksum
    verified. None when the package has no such member."""
    limit = kind.max_part_bytes
    try:
        with archive.open(name) as handle:
            data = handle.read(limit + 1)
            if len(data) <= limit:
                handle.read()  # to the end of the member, where zipfile checks the CRC
    except KeyError:
        return None
    except _BROKEN:
        raise InputError(f"{path}: {kind.damaged}") from None
    if len(data) > limit:
        raise InputError(f"{path}: {kind.too_big}")
    return data


def read_part(path: Path, archive: zipfile.ZipFile, name: str, kind: Package = WORD) -> bytes | None:
    """One XML part to be parsed: read_member, never one that declares a DTD, nor one with
    more than MAX_TAGS tags (counted in the bytes, before a parser builds anything)."""
    data = read_member(path, archive, name, kind)
    if data is not None and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
        raise InputError(f"{path}: {kind.dtd}")
    if data is not None and data.count(b"<") > MAX_TAGS:
        raise InputError(f"{path}: {TOO_MANY}")
    return data


def stream_part(path: Path, archive: zipfile.ZipFile, name: str, kind: Package) -> Iterator[bytes]:
    """An XML part in pieces of a megabyte, for a part too big to hold (a sheet): at most the
    kind's part cap whatever its header claims, its checksum verified when the last piece is
    read, never one that declares a DTD (the pieces overlap by a few bytes for that test).
    Nothing when the package has no such member."""
    try:
        handle = archive.open(name)
    except KeyError:
        return
    except _BROKEN:
        raise InputError(f"{path}: {kind.damaged}") from None
    total = 0
    tail = b""
    with handle:
        while True:
            try:
                piece = handle.read(_CHUNK)
            except _BROKEN:
                raise InputError(f"{path}: {kind.damaged}") from None
            if not piece:
                return
            total += len(piece)
            if total > kind.max_part_bytes:
                raise InputError(f"{path}: {kind.too_big}")
            seen = tail + piece
            if b"<!DOCTYPE" in seen or b"<!ENTITY" in seen:
                raise InputError(f"{path}: {kind.dtd}")
            tail = piece[-8:]
            yield piece
