"""How big a spreadsheet's sheets are, found before any cell is read.

The spreadsheet reader (calamine) makes a full rectangle of cells from the first to the last
one that holds a value: two cells, A1 and XFD1048576, in a 1.5 KB file ask it for 500 GB, and
the process dies before any check of ours on the sheet it returns could run. So the extent is
worked out here first, from the file's own records as the reader will see them, and a sheet
past MAX_ROWS × MAX_COLUMNS (or sheets past MAX_CELLS together) is refused unread:
- .xlsx: every part streamed through the Office gate (size, checksum, no DTD) and read by expat;
  each <c> counted where the reader puts it (its r="XFD12000", or the next column); the
  declared <dimension> is not trusted; the text shared strings copy into cells is capped;
- .ods: content.xml the same way; repeated rows and columns count as what they stand for, as
  does text:s's count of spaces; the merged cells are read on the same pass;
- .xls: the workbook stream of the OLE file (olefile): each sheet's DIMENSIONS record and cell
  records, walked from the sheet's start as the reader walks them.
A cell with a value counts (the reader keeps no empty one): blank formatted cells far away
do not get a ledger refused.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from tzreport.errors import InputError
from tzreport.office.zip_gate import OLE, SHEET, open_package, stream_part

MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = MAX_ROWS * MAX_COLUMNS  # all sheets together: a workbook of many sheets is no escape
MAX_SHEETS = 100
MAX_SPACES = 1_000_000  # text:s counts of an .ods, all cells together
MAX_TEXT = 20_000_000  # bytes of shared strings the cells of an .xlsx hold, all together
Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Sheet:
    """A sheet's extent: the last row and column (1-based) holding a value."""

    name: str
    rows: int = 0
    columns: int = 0
    merges: list[Merge] = field(default_factory=list)

    def reach(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)


def too_big(path: Path, name: str, rows: int, columns: int) -> InputError:
    return InputError(f"{path}: 错误 工作表“{name}”太大（{rows} 行 × {columns} 列），不像是活动台账：台账最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列")


def check(path: Path, raw: bytes) -> list[Sheet]:
    """The extent of each sheet of a ledger's bytes, or an InputError when one is past the
    caps (or they all are together). The kind is told by the content, not the name, as the
    reader tells it: an .ods renamed .xlsx is read as an .ods."""
    if raw.startswith(OLE):
        sheets = _xls(path, raw)
    elif raw.startswith(b"PK"):
        archive = open_package(path, raw, SHEET)
        if any(i.filename.lower().endswith(".bin") and i.filename.lower().startswith("xl/") for i in archive.infolist()):
            raise InputError(f"{path}: 错误 这是二进制格式的 Excel 表格（.xlsb），无法读取：请在 Excel 或 WPS 中另存为 .xlsx，再导入")
        ods = "content.xml" in {i.filename for i in archive.infolist()}
        sheets = _xlsx(path, archive) + (_ods(path, archive) if ods else [])
    else:
        raise InputError(f"{path}: {SHEET.damaged}")
    if len(sheets) > MAX_SHEETS:
        raise InputError(f"{path}: 错误 表格有 {len(sheets)} 个工作表，不像是活动台账（最多 {MAX_SHEETS} 个）")
    for sheet in sheets:
        if sheet.rows > MAX_ROWS or sheet.columns > MAX_COLUMNS:
            raise too_big(path, sheet.name, sheet.rows, sheet.columns)
    if sum(s.rows * s.columns for s in sheets) > MAX_CELLS:
        raise InputError(f"{path}: 错误 表格的各工作表合起来太大（超过 {MAX_CELLS} 个单元格），不像是活动台账")
    return sheets


# --- .xlsx and .ods: XML read as a stream by expat -------------------------------------------


def _parse(path: Path, archive: zipfile.ZipFile, name: str, handlers: dict[str, Any], strict: bool = True) -> None:
    """One part fed through expat in pieces (comments and CDATA are what they are, as the
    reader sees them). Malformed XML is a damaged file; with strict=False only when the part
    holds a <sheetData> (a drawing's VML, an image, are no sheet: the reader, more lenient
    than expat, would read the cells of a malformed sheet that expat stopped short of)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    for event, handler in handlers.items():
        setattr(parser, event, handler)
    pieces = stream_part(path, archive, name, SHEET)
    seen = b""  # the piece being parsed and the end of the one before it
    try:
        for piece in pieces:
            seen = seen[-16:] + piece
            parser.Parse(piece, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        if strict or b"sheetData" in seen:
            raise InputError(f"{path}: {SHEET.damaged}") from None
        for piece in pieces:  # the rest of the part, through the gate, for a <sheetData> further on
            seen = seen[-16:] + piece
            if b"sheetData" in seen:
                raise InputError(f"{path}: {SHEET.damaged}") from None


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


_CELL = re.compile(r"^\$?([A-Za-z]{1,7})\$?(\d{1,10})$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _sheet_names(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    """The sheet name the workbook gives each part ("xl/worksheets/sheet1.xml" → "台账"), for
    the messages; {} when the workbook does not say."""
    targets: dict[str, str] = {}
    sheets: list[tuple[str, str]] = []

    def relationship(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship":
            target = attrs.get("Target", "")
            targets[attrs.get("Id", "")] = target[1:] if target.startswith("/") else "xl/" + target

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            sheets.append((rid, attrs.get("name", "")))

    names = {info.filename for info in archive.infolist()}
    if "xl/_rels/workbook.xml.rels" in names:
        _parse(path, archive, "xl/_rels/workbook.xml.rels", {"StartElementHandler": relationship}, strict=False)
    if "xl/workbook.xml" in names:
        _parse(path, archive, "xl/workbook.xml", {"StartElementHandler": sheet}, strict=False)
    return {targets[rid]: title for rid, title in sheets if rid in targets}


def _string_lengths(path: Path, archive: zipfile.ZipFile) -> list[int]:
    """The length of each shared string, which the reader copies into every cell naming it."""
    lengths: list[int] = []
    for info in archive.infolist():
        if not info.filename.lower().endswith("sharedstrings.xml"):
            continue
        index = 0
        length: int | None = None

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal length
            if _local(name) == "si":
                length = 0

        def text(data: str) -> None:
            nonlocal length
            if length is not None:
                length += len(data)

        def end(name: str) -> None:
            nonlocal index, length
            if _local(name) == "si":
                if index < len(lengths):
                    lengths[index] = max(lengths[index], length or 0)
                else:
                    lengths.append(length or 0)
                index, length = index + 1, None

        _parse(path, archive, info.filename,
               {"StartElementHandler": start, "CharacterDataHandler": text, "EndElementHandler": end})
    return lengths


@dataclass
class _Cells:
    """Where the reader of .xlsx is in a sheet part: rows by r="…" or in turn, cells likewise."""

    sheet: Sheet
    lengths: list[int]
    row: int = 0
    column: int = 0
    cell: tuple[int, int] | None = None  # the open cell: kept if something is inside it
    valued: bool = False
    shared: bool = False
    number: str | None = None  # the text of a shared-string cell's <v>
    has_data: bool = False
    text: int = 0


def _xlsx(path: Path, archive: zipfile.ZipFile) -> list[Sheet]:
    """Each part that has <sheetData> (any part may be named a sheet) read; the others through
    the gate all the same, so a damaged member is told here. The text shared strings copy into
    cells is counted too: one long string in every cell would be copied into each."""
    names = _sheet_names(path, archive)
    lengths = _string_lengths(path, archive)
    text_total = 0
    sheets = []
    for info in archive.infolist():
        at = _Cells(Sheet(names.get(info.filename) or info.filename.rsplit("/", 1)[-1]), lengths)

        def start(name: str, attrs: dict[str, str], at: _Cells = at) -> None:
            local = _local(name)
            if at.cell is not None:
                at.valued = True  # <v>, <is>, <f>: the cell holds something
                if local == "v" and at.shared:
                    at.number = ""
            elif local == "row":
                if (r := attrs.get("r", "")).isdigit():
                    at.row = int(r) - 1
            elif local == "c":
                if (cell := _CELL.match(attrs.get("r", ""))):
                    at.cell = (int(cell[2]) - 1, _column_number(cell[1]) - 1)
                    at.column = at.cell[1]
                else:
                    at.cell = (at.row, at.column)
                at.valued, at.shared = False, attrs.get("t") == "s"
            elif local == "sheetData":
                at.has_data = True

        def text(data: str, at: _Cells = at) -> None:
            if at.number is not None and len(at.number) < 20:
                at.number += data

        def end(name: str, at: _Cells = at) -> None:
            nonlocal text_total
            local = _local(name)
            if local == "v" and at.number is not None:
                number = at.number.strip()
                if number.isdigit() and int(number) < len(at.lengths):
                    text_total += at.lengths[int(number)]
                    if text_total > MAX_TEXT:
                        raise InputError(f"{path}: 错误 表格中的文字合起来太多（超过 {MAX_TEXT} 字），不像是活动台账")
                at.number = None
            elif local == "c" and at.cell is not None:
                if at.valued:
                    at.sheet.reach(at.cell[0] + 1, at.cell[1] + 1)
                    if at.sheet.rows > MAX_ROWS or at.sheet.columns > MAX_COLUMNS:
                        raise too_big(path, at.sheet.name, at.sheet.rows, at.sheet.columns)
                at.cell, at.column = None, at.column + 1
            elif local == "row" and at.cell is None:
                at.row, at.column = at.row + 1, 0

        _parse(path, archive, info.filename,
               {"StartElementHandler": start, "CharacterDataHandler": text, "EndElementHandler": end}, strict=False)
        if at.has_data:
            sheets.append(at.sheet)
    return sheets


def _count(value: str | None) -> int:
    """A repeat, span or count attribute: 1 when absent or not a number."""
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


@dataclass
class _Table:
    """Where the reader of .ods is in content.xml: tables, rows and their repeats, cells."""

    sheets: list[Sheet] = field(default_factory=list)
    row: int = 0
    repeat: int = 1
    column: int = 0
    spaces: int = 0


def _ods(path: Path, archive: zipfile.ZipFile) -> list[Sheet]:
    """content.xml's tables: a cell with a value (or a formula) repeated over columns, in a row
    repeated over rows, reaches as far as the repeats go; the merged cells on the same pass.
    The reader knows these elements by their usual prefixes (table:, text:) only, as here."""
    at = _Table()

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "table:table":
            at.sheets.append(Sheet(attrs.get("table:name", "")))
            at.row = 0
        elif name == "table:table-row":
            at.repeat, at.column = _count(attrs.get("table:number-rows-repeated")), 0
        elif name == "text:s":
            at.spaces += _count(attrs.get("text:c"))
            if at.spaces > MAX_SPACES:
                raise InputError(f"{path}: 错误 表格中的空格过多（可能是恶意构造的文件），不予读取")
        elif name in ("table:table-cell", "table:covered-table-cell") and at.sheets:
            sheet = at.sheets[-1]
            columns = _count(attrs.get("table:number-columns-repeated"))
            if any("value" in key or key == "table:formula" for key in attrs):
                sheet.reach(at.row + at.repeat, at.column + columns)
                if sheet.rows > MAX_ROWS or sheet.columns > MAX_COLUMNS:
                    raise too_big(path, sheet.name, sheet.rows, sheet.columns)
            down = _count(attrs.get("table:number-rows-spanned"))
            across = _count(attrs.get("table:number-columns-spanned"))
            if (down > 1 or across > 1) and at.column < MAX_COLUMNS and at.row < MAX_ROWS:
                sheet.merges.append(((at.row, at.column),
                                     (at.row + min(down, MAX_ROWS) - 1, at.column + min(across, MAX_COLUMNS) - 1)))
            at.column = min(at.column + columns, 10 * MAX_COLUMNS)

    def end(name: str) -> None:
        if name == "table:table-row":  # empty rows only: counting stops far past any sheet
            at.row = min(at.row + at.repeat, 10 * MAX_ROWS * MAX_COLUMNS)

    _parse(path, archive, "content.xml", {"StartElementHandler": start, "EndElementHandler": end})
    return at.sheets


# --- .xls ------------------------------------------------------------------------------------

_BOF, _EOF, _BOUNDSHEET, _DIMENSIONS, _CONTINUE, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x0200, 0x003C, 0x002F
PASSWORD = SHEET.password
# Records that put one value in a cell (row, column first), as the reader takes them:
# Number, Label, RString, BoolErr, Rk, LabelSst, Formula. MulRk spans columns.
_CELL_RECORDS = {0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006}
_MULRK = 0x00BD


def _records(stream: bytes, start: int) -> Iterator[tuple[int, bytes]]:
    """The records from an offset on: (type, data); CONTINUE records belong to the record
    before them and are passed over, as the reader does."""
    at = start
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        data = stream[at + 4 : at + 4 + size]
        at += 4 + size
        if kind != _CONTINUE:
            yield kind, data


def _xls(path: Path, raw: bytes) -> list[Sheet]:
    import olefile

    damaged = f"{path}: {SHEET.damaged}"
    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
            if ole.exists("EncryptedPackage"):  # an .xlsx with a password to open
                raise InputError(f"{path}: {PASSWORD}")
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                raise InputError(damaged)
            if ole.get_size(name) > 10 * len(raw) + 1024 * 1024:
                raise InputError(f"{path}: {SHEET.too_big}")
            stream = ole.openstream(name).read()
    except InputError:
        raise
    except Exception:  # olefile's own errors for a damaged compound file
        raise InputError(damaged) from None
    starts: list[tuple[int, str]] = []
    for kind, data in _records(stream, 0):  # the workbook globals: where each sheet starts
        if kind == _EOF:
            break
        if kind == _FILEPASS:  # what follows is encrypted: no record of it can be read
            raise InputError(f"{path}: {PASSWORD}")
        if kind == _BOUNDSHEET and len(data) >= 4:  # where the sheet starts; its name: a length, a flag for 2 bytes a char
            length, wide = (data[6], data[7] & 1) if len(data) >= 8 else (0, 0)
            name = data[8 : 8 + length * (1 + wide)].decode("utf-16-le" if wide else "latin-1", "replace")
            starts.append((struct.unpack_from("<I", data)[0], name if name.isprintable() and name else f"第{len(starts) + 1}个工作表"))
        if len(starts) > MAX_SHEETS:
            raise InputError(f"{path}: 错误 表格的工作表过多，不像是活动台账（最多 {MAX_SHEETS} 个）")
    sheets = []
    for start, name in starts:
        sheet = Sheet(name)
        depth = 0
        seen_bof = False
        for kind, data in _records(stream, start):
            if depth:  # an embedded chart's records are not the sheet's cells
                depth += {_BOF: 1, _EOF: -1}.get(kind, 0)
                continue
            if kind == _BOF:
                depth, seen_bof = (depth + 1, seen_bof) if seen_bof else (0, True)
            elif kind == _EOF:
                break
            elif kind == _DIMENSIONS and len(data) in (10, 14):
                first, last, _, columns = struct.unpack_from("<IIHH" if len(data) == 14 else "<HHHH", data)
                # the reader sets aside room for the rectangle this record declares
                sheet.reach(last if last >= first else 2 ** 32, columns)
            elif kind in _CELL_RECORDS and len(data) >= 4:
                row, column = struct.unpack_from("<HH", data)
                sheet.reach(row + 1, column + 1)
            elif kind == _MULRK and len(data) >= 6:
                row = struct.unpack_from("<H", data)[0]
                sheet.reach(row + 1, struct.unpack_from("<H", data, len(data) - 2)[0] + 1)
            if sheet.rows > MAX_ROWS or sheet.columns > MAX_COLUMNS:
                raise too_big(path, sheet.name, sheet.rows, sheet.columns)
        sheets.append(sheet)
    return sheets
