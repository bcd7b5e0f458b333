"""What every .xlsx shares (writers/xlsx/sheets): sheet names Excel takes, widths of Chinese
text, text that is never a formula, every text read back exactly as written (the _xHHHH_
escapes), and a cell too long for Excel refused with a message."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tzreport.errors import OutputError
from tzreport.writers.xlsx.sheets import Workbook, display_width, sheet_name, xstring


def test_sheet_names_are_ones_excel_takes() -> None:
    taken: set[str] = {"附表"}
    assert sheet_name("附表", taken) == "附表(2)"
    assert sheet_name("甲[1]:社区?", taken) == "甲_1__社区_"
    assert sheet_name("很" * 40, taken) == "很" * 31
    assert sheet_name("很" * 40, taken) == "很" * 28 + "(2)"


def test_a_chinese_character_is_two_cells_wide() -> None:
    assert display_width("开展活动（次）") == 14 and display_width("2024-05-04") == 10


def test_text_is_written_as_text_and_a_column_fits_it() -> None:
    out = Workbook()
    sheet = out.sheet("表")
    out.text(sheet, 0, 0, "=1+1")
    out.text(sheet, 1, 0, "开展民族团结进步宣传活动")
    out.finish(sheet)
    read = openpyxl.load_workbook(io.BytesIO(out.close()))["表"]
    assert read["A1"].value == "=1+1" and read["A1"].data_type == "s" and read["A1"].quotePrefix
    assert read.column_dimensions["A"].width >= 24


def test_a_text_longer_than_a_cell_holds_is_refused() -> None:
    out = Workbook()
    with pytest.raises(OutputError, match="Excel 的一个单元格最多 32767 个字符"):
        out.text(out.sheet("表"), 0, 0, "长" * 40000)


def decoded(stored: str) -> str:
    """A stored text as Excel and every reader decode it (ECMA-376 Part 1, 22.9.2.19): each
    _xHHHH_ from the left is one character, the text after it read on from its end."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), stored)


# Texts made of the pieces of escapes: underscores, x, hex digits, escapes typed whole, and the
# characters that are escaped.
PIECES = st.lists(st.sampled_from(["_", "x", "0", "4", "1", "D", "5F", "00", "_x000D_", "_x0041",
                                   "\r", "\x07", "甲", "\n", "<r>", "</r>"]), max_size=12).map("".join)


@given(PIECES)
@example("_x0041_x0042_")  # XlsxWriter's own: “_x0041B”, the shared underscore not escaped
@example("_x0041\r")  # and “A…”: the underscore opening the \r's escape closed the one before
def test_every_text_is_stored_so_that_it_decodes_to_itself(written: str) -> None:
    stored = xstring(written)
    assert decoded(stored) == written
    assert not re.search("[\x00-\x08\x0b-\x1f]", stored)  # nothing XML cannot hold
    assert not (stored.startswith("<r>") and stored.endswith("</r>"))  # nor rich text's XML


WRITTEN = ["a\rb", "_x000D_", "_x005F_x000D_", "_x0041_x0042_", "名称_x0041\r备注", "_x000d_", "x\x01y",
           "_xD800_", "行一\n行二", "_x41_",
           # what XlsxWriter takes for rich text and writes as XML: a broken file, a moved cell
           "<r>&</r>", "<r></si><si><t>甲</t></si><si></r>", "<r>_x0041_</r>"]


def test_a_text_written_to_a_cell_reads_back_exactly() -> None:
    """Through the file, read by calamine (what import reads a ledger with): a “\r” in a name
    comes back a “\r”, a “_x000D_” typed by a user those seven characters, “<r>…</r>” as text."""
    out = Workbook()
    sheet = out.sheet("表")
    for row, written in enumerate(WRITTEN):
        out.text(sheet, row, 0, written)
    out.finish(sheet)
    read = CalamineWorkbook.from_filelike(io.BytesIO(out.close())).get_sheet_by_name("表").to_python()
    assert [r[0] for r in read] == WRITTEN
