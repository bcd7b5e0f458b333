"""A spreadsheet's extent is found before any cell is read: a tiny file whose cells lie far
apart (A1 and XFD12000, A1 and XFD1048576), an .ods of repeated rows and columns, an .xls
reaching IV65536 or declaring such a rectangle, all refused in well under a second and a few
MB; a damaged member (a lying checksum) gets the damaged-file message; a FIFO is refused at
once. Each is run in a child process with a cap on its memory, as a user's would run."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwt

from ledgers import ledger, ods
from tzreport.ingest import sheet_extent

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def xlsx(path: Path, rows: str) -> Path:
    """A hand-made .xlsx of one sheet with the given <sheetData> content and no <dimension>."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<sheetData>{rows}</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def far_apart(path: Path, far: str) -> Path:
    return xlsx(path, '<row r="1"><c r="A1" t="inlineStr"><is><t>活动名称</t></is></c></row>'
                      f'<row r="{far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{far}"><v>1</v></c></row>')


def run_import(source: Path, tmp_path: Path, memory_mb: int = 600) -> tuple[subprocess.CompletedProcess[str], float]:
    """`tzreport import` in a child process whose address space is capped (the reader's
    rectangle of old would need gigabytes: the cap turns that into a failure, not a swap)."""
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb * 1024 * 1024}, {memory_mb * 1024 * 1024}))\n"
        "from tzreport.cli.main import main\n"
        "sys.argv = ['tzreport', 'import', sys.argv[1], '-o', sys.argv[2]]\n"
        "main()\n"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, str(source), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=30)
    return result, time.monotonic() - started


@pytest.mark.parametrize("far", ["XFD12000", "XFD1048576"])
def test_two_cells_far_apart_are_refused_before_the_reader_builds_the_rectangle(tmp_path: Path, far: str) -> None:
    source = far_apart(tmp_path / "远.xlsx", far)
    assert source.stat().st_size < 2000
    result, seconds = run_import(source, tmp_path)
    rows = far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{source}: 错误 工作表“台账”太大（{rows} 行 × 16384 列），不像是活动台账" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    assert seconds < 5  # the interpreter's start included: the check itself takes milliseconds
    assert not (tmp_path / "out").exists()


def test_extent_check_is_fast_and_small(tmp_path: Path) -> None:
    import tracemalloc

    source = far_apart(tmp_path / "远.xlsx", "XFD1048576")
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(Exception, match="太大"):
        sheet_extent.check(source, source.read_bytes())
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seconds < 0.1 and peak < 4 * 1024 * 1024


def test_cells_without_a_reference_count_from_their_row(tmp_path: Path) -> None:
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 201  # no r: columns A, B, … one after another
    source = xlsx(tmp_path / "宽.xlsx", f"<row>{cells}</row>")
    with pytest.raises(Exception, match="太大（1 行 × 201 列）"):
        sheet_extent.check(source, source.read_bytes())


def test_empty_cells_far_away_do_not_refuse_a_ledger(tmp_path: Path) -> None:
    # formatting a range leaves <c r="…" s="1"/> cells with no value: the reader keeps none
    source = xlsx(tmp_path / "格式.xlsx", '<row r="1"><c r="A1" t="inlineStr"><is><t>活动名称</t></is></c>'
                                         '<c r="B1" t="inlineStr"><is><t>日期</t></is></c><c r="XFD1" s="1"/></row>'
                                         '<row r="2"><c r="A2" t="inlineStr"><is><t>宣讲会</t></is></c>'
                                         '<c r="B2" t="inlineStr"><is><t>2024-05-03</t></is></c></row>'
                                         '<row r="50000" s="2"/>')
    (sheet,) = sheet_extent.check(source, source.read_bytes())
    assert (sheet.rows, sheet.columns) == (2, 2)


def test_ods_repeated_rows_and_columns_are_counted_as_what_they_stand_for(tmp_path: Path) -> None:
    cell = '<table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
    source = ods(tmp_path / "重复.ods", f'<table:table-row table:number-rows-repeated="1048576">{cell}</table:table-row>')
    result, seconds = run_import(source, tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{source}: 错误 工作表“台账”太大（1048576 行 × 16384 列），不像是活动台账" in result.stderr
    assert seconds < 5


def test_ods_trailing_empty_repeats_of_libreoffice_are_no_extent(tmp_path: Path) -> None:
    row = ('<table:table-cell office:value-type="string"><text:p>活动名称</text:p></table:table-cell>'
           '<table:table-cell table:number-columns-repeated="1023"/>')
    source = ods(tmp_path / "正常.ods", f"<table:table-row>{row}</table:table-row>"
                                      '<table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    (sheet,) = sheet_extent.check(source, source.read_bytes())
    assert (sheet.rows, sheet.columns) == (1, 1)


def test_ods_spaces_by_the_billion_are_refused(tmp_path: Path) -> None:
    cell = '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell>'
    source = ods(tmp_path / "空格.ods", f"<table:table-row>{cell}</table:table-row>")
    result, _ = run_import(source, tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{source}: 错误 表格中的空格过多（可能是恶意构造的文件），不予读取" in result.stderr


def test_xls_reaching_iv65536_is_refused_before_it_is_read(tmp_path: Path) -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    sheet.write(0, 0, "活动名称")
    sheet.write(65535, 255, 1)
    source = tmp_path / "远.xls"
    book.save(str(source))
    result, seconds = run_import(source, tmp_path, memory_mb=400)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{source}: 错误 工作表“台账”太大（65536 行 × 256 列），不像是活动台账" in result.stderr
    assert seconds < 5


def _xls_with_dimensions(path: Path, first: int, last: int) -> Path:
    """An .xls written by xlwt whose DIMENSIONS record is changed to declare rows first..last."""
    book = xlwt.Workbook()
    book.add_sheet("台账").write(0, 0, "活动名称")
    buffer = io.BytesIO()
    book.save(buffer)
    raw = bytearray(buffer.getvalue())
    at = raw.index(struct.pack("<HH", 0x0200, 14))
    struct.pack_into("<II", raw, at + 4, first, last)
    path.write_bytes(bytes(raw))
    assert olefile.isOleFile(str(path))
    return path


def test_xls_dimensions_declaring_a_huge_rectangle_are_refused(tmp_path: Path) -> None:
    # the reader sets aside room for the rectangle DIMENSIONS declares, before any cell
    # (each aborted the process: "memory allocation of … bytes failed")
    source = _xls_with_dimensions(tmp_path / "声明.xls", 0, 4_000_000_000)
    result, _ = run_import(source, tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{source}: 错误 工作表“台账”太大（4000000000 行 × 1 列）" in result.stderr
    backwards = _xls_with_dimensions(tmp_path / "倒.xls", 10, 2)  # last before first: wraps round
    result, _ = run_import(backwards, tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{backwards}: 错误 工作表“台账”太大" in result.stderr


def test_a_member_whose_checksum_lies_gets_the_damaged_file_message(tmp_path: Path) -> None:
    whole = ledger(tmp_path / "好.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(whole) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
    data = bytearray(buffer.getvalue())
    at = data.index(b"<v>45</v>")  # 人数 45, stored as written: the checksum no longer matches
    data[at + 3 : at + 5] = b"99"
    source = tmp_path / "校验.xlsx"
    source.write_bytes(bytes(data))
    result, _ = run_import(source, tmp_path, memory_mb=2000)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{source}: 错误 无法读取表格：文件已损坏，或不是 .xlsx/.xls/.ods 表格" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("name", ["台账.xlsx", "台账.xls", "报告.txt", "报告.docx"])
def test_a_fifo_given_as_a_ledger_or_report_is_refused_at_once(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    result, seconds = run_import(fifo, tmp_path, memory_mb=2000)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{fifo}: 错误 这是命名管道（FIFO），不是普通文件，不能读取" in result.stderr
    assert seconds < 5


def test_one_long_shared_string_in_many_cells_is_refused(tmp_path: Path) -> None:
    # the reader copies a shared string into every cell that names it: 3000 cells of 1 MB
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<si><t>活动名称</t></si><si><t>{"长" * 1_000_000}</t></si></sst>')
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>1</v></c></row>' for n in range(2, 3002))
    source = xlsx(tmp_path / "长.xlsx", rows)
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", strings)
    assert source.stat().st_size < 100_000
    result, seconds = run_import(source, tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{source}: 错误 表格中的文字合起来太多（超过 20000000 字），不像是活动台账" in result.stderr
    assert seconds < 5


def test_shared_strings_of_a_real_ledger_are_read(tmp_path: Path) -> None:
    (sheet,) = sheet_extent.check(ledger(tmp_path / "好.xlsx"), (tmp_path / "好.xlsx").read_bytes())
    assert (sheet.rows, sheet.columns) == (8, 8)


def test_a_cell_hidden_from_a_naive_scan_in_a_comment_trick_is_still_counted(tmp_path: Path) -> None:
    # a comment holding half an attribute: a scan by patterns would take the far cell for its value
    rows = ('<!-- <c r="A1" x=" --><row r="1"><c r="A1" t="inlineStr"><is><t>活动名称</t></is></c></row>'
            '<row r="12000"><c r="XFD12000"><v>1</v></c></row><!-- " -->')
    source = xlsx(tmp_path / "藏.xlsx", rows)
    with pytest.raises(Exception, match="太大（12000 行 × 16384 列）"):
        sheet_extent.check(source, source.read_bytes())


def test_a_malformed_sheet_is_damaged_but_a_malformed_drawing_is_no_sheet(tmp_path: Path) -> None:
    # the reader does not check end tags: a sheet expat stops short of is refused, not passed
    bad = xlsx(tmp_path / "坏.xlsx", '<row r="1"><c r="A1"><v>1</v></x></c></row><row r="12000"><c r="XFD12000"><v>1</v></c></row>')
    with pytest.raises(Exception, match="文件已损坏"):
        sheet_extent.check(bad, bad.read_bytes())
    good = ledger(tmp_path / "好.xlsx")
    with zipfile.ZipFile(good, "a") as z:
        z.writestr("xl/drawings/vmlDrawing1.vml", "<xml><v:shape><br></v:shape></xml>")  # Excel's VML is no XML
        z.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert len(sheet_extent.check(good, good.read_bytes())) == 1


def test_cells_in_any_part_count_even_the_workbook_itself(tmp_path: Path) -> None:
    # the workbook may name any part as a sheet, itself included: no part is passed over
    source = xlsx(tmp_path / "自指.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(source) as old:
        parts = {i.filename: old.read(i.filename) for i in old.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</workbook>", b'<sheetData><row r="12000"><c r="XFD12000"><v>1</v></c></row></sheetData></workbook>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"worksheets/sheet1.xml", b"workbook.xml")
    with zipfile.ZipFile(source, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
    with pytest.raises(Exception, match="太大（12000 行 × 16384 列）"):
        sheet_extent.check(source, source.read_bytes())


def test_the_kind_is_told_by_the_content_as_the_reader_tells_it(tmp_path: Path) -> None:
    # the reader opens an .ods renamed .xlsx as an .ods: its extent is checked as one
    cell = '<table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
    renamed = ods(tmp_path / "改名.xlsx", f'<table:table-row table:number-rows-repeated="30000">{cell}</table:table-row>')
    with pytest.raises(Exception, match="太大（30000 行 × 16384 列）"):
        sheet_extent.check(renamed, renamed.read_bytes())


def test_an_xlsx_with_a_password_is_named_so(tmp_path: Path) -> None:
    # Excel saves it as an OLE file holding an EncryptedPackage stream: made from an .xls's
    # container by renaming its one stream
    book = xlwt.Workbook()
    book.add_sheet("台账").write(0, 0, "活动名称")
    buffer = io.BytesIO()
    book.save(buffer)
    raw = bytearray(buffer.getvalue())
    at = raw.index("Workbook".encode("utf-16-le") + b"\0\0")
    name = "EncryptedPackage".encode("utf-16-le") + b"\0\0"
    raw[at : at + len(name)] = name
    struct.pack_into("<H", raw, at + 64, len(name))
    source = tmp_path / "加密.xlsx"
    source.write_bytes(bytes(raw))
    with pytest.raises(Exception, match="表格设置了打开密码，无法读取：请在 Excel 或 WPS 中取消密码后另存，再导入"):
        sheet_extent.check(source, source.read_bytes())
