"""How big a spreadsheet's sheets are, found before any cell is read.

The spreadsheet reader (calamine) makes a full rectangle of cells from the first to the last
one that holds a value: two cells, A1 and XFD1048576, in a 1.5 KB file ask it for 500 GB, and
the process dies before any check of ours on the sheet it returns could run. So the extent is
worked out here first, from the file's own records, as the reader will see them, and a sheet
past MAX_ROWS × MAX_COLUMNS (or sheets past MAX_CELLS together) is refused unread:
- .xlsx: every part of the zip is streamed through the Office gate (its size and checksum
  checked, no DTD) and each <row> and <c> element counted the way the reader counts them (a
  cell's r="XFD12000", or the next column when it has none; the declared <dimension> is not
  trusted, it can lie);
- .ods: content.xml, streamed the same way; repeated rows and columns (table:number-rows-
  repeated, number-columns-repeated) are counted as the rows and columns they stand for, as is
  text:s's count of spaces; the merged cells are read on the same pass;
- .xls: the workbook stream of the OLE file (olefile); the DIMENSIONS record of each sheet and
  every cell record, walked from each sheet's start as the reader walks them.
A cell with a value counts (an empty one the reader does not keep), so a ledger whose blank
formatted cells reach far is not refused.
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tzreport.errors import InputError
from tzreport.office.zip_gate import SHEET, open_package, read_part, stream_part

MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = MAX_ROWS * MAX_COLUMNS  # all sheets together: a workbook of many sheets is no escape
MAX_SHEETS = 100
MAX_SPACES = 1_000_000  # text:s counts of an .ods, all cells together
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
    caps (or they all are together); the kind is told by the file name."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = _xlsx(path, open_package(path, raw, SHEET))
    elif suffix == ".ods":
        sheets = _ods(path, open_package(path, raw, SHEET))
    else:
        sheets = _xls(path, raw)
    if len(sheets) > MAX_SHEETS:
        raise InputError(f"{path}: 错误 表格有 {len(sheets)} 个工作表，不像是活动台账（最多 {MAX_SHEETS} 个）")
    for sheet in sheets:
        if sheet.rows > MAX_ROWS or sheet.columns > MAX_COLUMNS:
            raise too_big(path, sheet.name, sheet.rows, sheet.columns)
    if sum(s.rows * s.columns for s in sheets) > MAX_CELLS:
        raise InputError(f"{path}: 错误 表格的各工作表合起来太大（超过 {MAX_CELLS} 个单元格），不像是活动台账")
    return sheets


# --- .xlsx -----------------------------------------------------------------------------------

# A <row> or <c> tag (any namespace prefix), its attributes (quoted values may hold ">"; XML
# allows no "<" in them, so the last "<" of a piece always starts the last tag) and whether it
# closes itself. </row> ends a row.
_XLSX_TAG = re.compile(rb"""<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""")
_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL = re.compile(rb"^\$?([A-Za-z]{1,7})\$?(\d{1,10})$")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _sheet_names(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    """The sheet name the workbook gives each part ("xl/worksheets/sheet1.xml" → "台账"), for
    the messages; {} when the workbook does not say."""
    workbook = read_part(path, archive, "xl/workbook.xml", SHEET) or b""
    rels = read_part(path, archive, "xl/_rels/workbook.xml.rels", SHEET) or b""
    targets = {}
    for m in re.finditer(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>", rels):
        attrs = {a[1]: a[2] or a[3] for a in _ATTR.finditer(m[1])}
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        targets[attrs.get(b"Id", b"")] = target[1:] if target.startswith("/") else "xl/" + target
    names = {}
    for m in re.finditer(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>", workbook):
        attrs = {a[1].split(b":")[-1]: a[2] or a[3] for a in _ATTR.finditer(m[1])}
        if (target := targets.get(attrs.get(b"id", b""))) is not None:
            names[target] = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
    return names


def _xlsx(path: Path, archive: zipfile.ZipFile) -> list[Sheet]:
    """Each part that has <sheetData> (whatever it is called: the workbook may name any part
    as a sheet), scanned; the others are read through the gate all the same, so a damaged
    member is found here, with the damaged-file message."""
    names = _sheet_names(path, archive)
    sheets = []
    for info in archive.infolist():
        sheet = Sheet(names.get(info.filename) or info.filename.rsplit("/", 1)[-1])
        row = column = 0  # 0-based, as the reader keeps them
        has_data = False
        carry = b""
        for piece in stream_part(path, archive, info.filename, SHEET):
            text = carry + piece
            has_data = has_data or b"sheetData" in text
            end = 0
            for m in _XLSX_TAG.finditer(text):
                end = m.end()
                closing, name, attrs, empty = m.groups()
                if name == b"row":
                    if not closing and (r := _R.search(attrs)) and r[1].isdigit():
                        row = int(r[1]) - 1
                    if closing or empty:
                        row, column = row + 1, 0
                    continue
                if closing:
                    continue
                if (r := _R.search(attrs)) and (cell := _CELL.match(r[1])):
                    row_here, column = int(cell[2]) - 1, _column_number(cell[1]) - 1
                else:
                    row_here = row
                if not empty:  # a cell with something inside: the reader keeps it
                    sheet.reach(row_here + 1, column + 1)
                    if sheet.rows > MAX_ROWS or sheet.columns > MAX_COLUMNS:
                        raise too_big(path, sheet.name, sheet.rows, sheet.columns)
                column += 1
            last_tag = text.rfind(b"<")
            carry = text[max(end, last_tag):] if last_tag >= end else b""
        if has_data:
            sheets.append(sheet)
    return sheets


# --- .ods ------------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"""<(/?)(table:table-row|table:table-cell|table:covered-table-cell|table:table|text:s)(?=[\s/>])"""
    rb"""((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>"""
)


def _count(value: bytes | None) -> int:
    """A repeat, span or count attribute: 1 when absent or not a number."""
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def _ods(path: Path, archive: zipfile.ZipFile) -> list[Sheet]:
    for info in archive.infolist():  # every member through the gate: a damaged one is told here
        if info.filename != "content.xml":
            for _ in stream_part(path, archive, info.filename, SHEET):
                pass
    sheets: list[Sheet] = []
    sheet = Sheet("")
    row = column = 0
    repeat = 1
    spaces = 0
    carry = b""
    for piece in stream_part(path, archive, "content.xml", SHEET):
        text = carry + piece
        end = 0
        for m in _ODS_TAG.finditer(text):
            end = m.end()
            closing, name, attr_text, empty = m.groups()
            attrs = {a[1]: a[2] or a[3] for a in _ATTR.finditer(attr_text)} if not closing else {}
            if name == b"table:table":
                if not closing:
                    sheet = Sheet(attrs.get(b"table:name", b"").decode("utf-8", "replace"))
                    sheets.append(sheet)
                    row = 0
            elif name == b"table:table-row":
                if not closing:
                    repeat, column = _count(attrs.get(b"table:number-rows-repeated")), 0
                if closing or empty:
                    row += repeat
                    if row > 10 * MAX_ROWS * MAX_COLUMNS:  # empty rows only: stop counting far past any sheet
                        row = 10 * MAX_ROWS * MAX_COLUMNS
            elif name == b"text:s":
                spaces += _count(attrs.get(b"text:c"))
                if spaces > MAX_SPACES:
                    raise InputError(f"{path}: 错误 表格中的空格过多（可能是恶意构造的文件），不予读取")
            elif not closing:  # a cell
                columns = _count(attrs.get(b"table:number-columns-repeated"))
                if any(b"value" in key or key == b"table:formula" for key in attrs):
                    sheet.reach(row + repeat, column + columns)
                    if sheet.rows > MAX_ROWS or sheet.columns > MAX_COLUMNS:
                        raise too_big(path, sheet.name, sheet.rows, sheet.columns)
                down = _count(attrs.get(b"table:number-rows-spanned"))
                across = _count(attrs.get(b"table:number-columns-spanned"))
                if (down > 1 or across > 1) and column < MAX_COLUMNS and row < MAX_ROWS:
                    sheet.merges.append(((row, column), (row + min(down, MAX_ROWS) - 1, column + min(across, MAX_COLUMNS) - 1)))
                column = min(column + columns, 10 * MAX_COLUMNS)
        last_tag = text.rfind(b"<")
        carry = text[max(end, last_tag):] if last_tag >= end else b""
    return sheets


# --- .xls ------------------------------------------------------------------------------------

_BOF, _EOF, _BOUNDSHEET, _DIMENSIONS, _CONTINUE = 0x0809, 0x000A, 0x0085, 0x0200, 0x003C
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


def _sheet_name(data: bytes, number: int) -> str:
    """A BOUNDSHEET record's sheet name (BIFF8: a length, a flag for two bytes a character)."""
    if len(data) >= 8:
        length, wide = data[6], data[7] & 1
        text = data[8 : 8 + length * (2 if wide else 1)]
        name = text.decode("utf-16-le" if wide else "latin-1", "replace")
        if name.isprintable():
            return name
    return f"第{number}个工作表"


def _xls(path: Path, raw: bytes) -> list[Sheet]:
    import olefile

    damaged = f"{path}: {SHEET.damaged}"
    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
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
        if kind == _BOUNDSHEET and len(data) >= 4:
            starts.append((struct.unpack_from("<I", data)[0], _sheet_name(data, len(starts) + 1)))
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
