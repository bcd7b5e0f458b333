"""What every .xlsx shares (writers/xlsx/sheets): sheet names Excel takes, widths of Chinese
text, text that is never a formula, and a cell too long for Excel refused with a message."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tzreport.errors import OutputError
from tzreport.writers.xlsx.sheets import Workbook, display_width, sheet_name


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
