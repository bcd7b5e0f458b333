"""The Office gate: a zip whose members are encrypted, or an OpenDocument file with a password,
is told the same way whatever kind of Office file it is (a .docx, an .xlsx, an .ods) — a
message, never a traceback."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from import_helpers import refused
from ledgers import MANIFEST, ledger, ods
from tzreport.office.zip_gate import DAMAGED, SHEET


def _flagged(raw: bytes) -> bytes:
    """The zip with every member marked encrypted (bit 0 of the flags), in the local headers
    and the central directory alike, as a zip tool with a password writes them."""
    data = bytearray(raw)
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + flags] |= 1
            at = data.find(signature, at + 4)
    return bytes(data)


def _word(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("幸福里社区2024年统战工作总结")
    document.save(str(path))
    return path


def _sheet_row() -> str:
    cell = '<table:table-cell office:value-type="string"><text:p>活动名称</text:p></table:table-cell>'
    return f"<table:table-row>{cell}</table:table-row>"


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("加密.docx", _word, DAMAGED),
        ("加密.xlsx", ledger, SHEET.damaged),
        ("加密.ods", lambda path: ods(path, _sheet_row()), SHEET.damaged),
    ],
    ids=["docx", "xlsx", "ods"],
)
def test_an_encrypted_member_is_told_alike_for_every_kind(
    tmp_path: Path, name: str, make: Callable[[Path], Path], message: str
) -> None:
    source = make(tmp_path / name)
    source.write_bytes(_flagged(source.read_bytes()))
    with zipfile.ZipFile(source) as archive:
        assert all(info.flag_bits & 1 for info in archive.infolist())
    refused(tmp_path, source, message.removeprefix("错误 "))


def test_an_ods_with_a_password_is_named_so(tmp_path: Path) -> None:
    # LibreOffice encrypts the parts inside an ordinary zip and says so in the manifest
    manifest = MANIFEST.replace(
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="5000">'
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
        'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
        'manifest:initialisation-vector="AAAA"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
        'manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data>'
        "</manifest:file-entry>")
    assert manifest != MANIFEST
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", os.urandom(3000))  # encrypted: garbage to any reader
    source = tmp_path / "加密.ods"
    source.write_bytes(buffer.getvalue())
    refused(tmp_path, source, "表格设置了打开密码，无法读取：请在 Excel 或 WPS 中取消密码后另存，再导入")
