"""Importing activity ledgers (台账): the header found under title rows, merged cells, three
forms of dates, 合计 rows, formulas, --into twice, and sheets that are no ledger."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import xlwt
from typer.testing import CliRunner

from conftest import ROOT
from import_helpers import refused
from ledgers import ledger, ods
from tzreport.cli.main import app

runner = CliRunner()
EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"


def test_ledger_rows_become_events_in_their_sections(tmp_path: Path) -> None:
    source = ledger(tmp_path / "台账.xlsx", formula_row=True)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "京汉新城社区2024.yaml").read_text(encoding="utf-8")
    assert "单位: 京汉新城社区\n年度: 2024\n" in text
    assert (
        "思想引领:\n  活动:\n"
        "    - {名称: 统战理论专题学习, 日期: \"2024-07-27\", 人数: 20, 地点: 会议室, 备注: 党委}\n"
        "    - {名称: 入户政策宣传, 日期: \"2024-07-01\", 人数: 60, 地点: 各小区}\n"  # merged 类别
    ) in text
    assert "民族工作:\n  活动:\n    - {名称: “石榴籽”民族团结故事会, 日期: \"2024-05-03\", 人数: 45, 地点: 社区活动室}\n" in text
    assert "宗教工作:\n  活动:\n    - {名称: 宗教政策法规宣讲, 日期: \"2024-06-12\", 人数: 30, 地点: 居民广场}\n" in text
    assert "合计" not in text and "155" not in text
    assert "这些列没有导入（不是活动的名称、日期、地点、人数、次数、形式、备注、类别、工作事项或单位）：经费（元）" in result.output


def test_rows_without_a_category_go_to_a_section_to_check(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["名称", "日期"])
    book.active.append(["民族团结宣传月", "2024/9/1"])
    source = tmp_path / "甲社区2024年台账.xlsx"
    book.save(source)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "甲社区2024.yaml").read_text(encoding="utf-8")
    assert "其他工作:\n  - 标题: 台账活动  # 请核对：这些活动在台账中没有类别，请移到所属章节\n" in text
    assert '- {名称: 民族团结宣传月, 日期: "2024-09-01"}' in text


def test_formula_without_saved_value_is_named_by_its_cell(tmp_path: Path) -> None:
    source = ledger(tmp_path / "台账.xlsx", saved=False, formula_row=True)
    refused(tmp_path, source, "单元格 E6 是公式，但文件中没有保存它的计算结果：请在 Excel 或 WPS 中打开表格、保存一次，再导入")


def test_empty_sheet_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(source)
    refused(tmp_path, source, "表格是空的，没有可导入的活动")


def test_sheet_without_a_header_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["今天天气很好", "明天也是"])
    book.active.append([1, 2])
    source = tmp_path / "无表头.xlsx"
    book.save(source)
    refused(tmp_path, source, "没有找到表头：台账的表头一行应有“活动名称”")


def test_damaged_ledger_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "坏.xlsx"
    source.write_bytes(b"PK\x03\x04 not really")
    refused(tmp_path, source, "无法读取表格：文件已损坏，或不是 .xlsx/.xls/.ods 表格")


def test_into_adds_events_keeping_comments_and_adds_nothing_the_second_time(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    shutil.copy(EXAMPLE, target)
    before = target.read_text(encoding="utf-8")
    source = ledger(tmp_path / "台账.xlsx")
    first = runner.invoke(app, ["import", str(source), "--into", str(target)])
    assert first.exit_code == 0, first.output
    assert f"已在 {target} 中添加 4 项活动" in first.output
    after = target.read_text(encoding="utf-8")
    assert after.startswith(before.split("\n单位:")[0])  # the header comments are kept
    added = [line for line in after.split("\n") if line not in before.split("\n")]
    assert added == [
        "  活动:",
        '    - {名称: 统战理论专题学习, 日期: "2024-07-27", 人数: 20, 地点: 会议室, 备注: 党委}',
        '    - {名称: 入户政策宣传, 日期: "2024-07-01", 人数: 60, 地点: 各小区}',
        "  活动:",
        '    - {名称: “石榴籽”民族团结故事会, 日期: "2024-05-03", 人数: 45, 地点: 社区活动室}',
        "  活动:",
        '    - {名称: 宗教政策法规宣讲, 日期: "2024-06-12", 人数: 30, 地点: 居民广场}',
    ]
    assert after.index("思想引领:") < after.index("  活动:\n    - {名称: 统战理论专题学习") < after.index("民族工作:")


def test_into_twice_adds_nothing(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    target.write_text("# 我的注释\n单位: 甲社区  # 单位\n年度: 2024\n\n民族工作:\n  活动:\n    - 已有活动\n", encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["活动名称", "类别"])
    book.active.append(["已有活动", "民族工作"])
    book.active.append(["新活动", "民族工作"])
    source = tmp_path / "台账.xlsx"
    book.save(source)
    first = runner.invoke(app, ["import", str(source), "--into", str(target)])
    assert first.exit_code == 0, first.output
    assert "已有活动“已有活动”，不重复添加" in first.output
    once = target.read_text(encoding="utf-8")
    assert once == "# 我的注释\n单位: 甲社区  # 单位\n年度: 2024\n\n民族工作:\n  活动:\n    - 已有活动\n    - 新活动\n"
    second = runner.invoke(app, ["import", str(source), "--into", str(target)])
    assert second.exit_code == 0, second.output
    assert f"{target} 中已有这些活动，没有添加" in second.output
    assert target.read_text(encoding="utf-8") == once


def test_ledger_zip_bomb_is_refused_unread(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (300 * 1024 * 1024).to_bytes(4, "little")  # says 300 MB unpacked
    source = tmp_path / "炸弹.xlsx"
    source.write_bytes(bytes(data))
    refused(tmp_path, source, "表格解压后过大（可能是恶意构造的文件），不予读取")


def test_damaged_ledgers_get_a_message_never_a_traceback(tmp_path: Path) -> None:
    whole = ledger(tmp_path / "好.xlsx").read_bytes()
    for n, cut in enumerate((len(whole) // 2, len(whole) - 30)):
        bad = tmp_path / f"截断{n}.xlsx"
        bad.write_bytes(whole[:cut])
        result = runner.invoke(app, ["import", str(bad), "-o", str(tmp_path / f"out{n}")])
        assert result.exit_code == 1, result.output
        assert f"{bad}: 错误 " in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def _cell(text: str, attrs: str = "") -> str:
    kind = "" if "value-type" in attrs else ' office:value-type="string"'
    return f"<table:table-cell{kind} {attrs}><text:p>{text}</text:p></table:table-cell>"


def test_ods_ledger_with_merged_cells_and_dates(tmp_path: Path) -> None:
    rows = [
        _cell("甲社区2024年活动台账", 'table:number-columns-spanned="3"')
        + '<table:covered-table-cell table:number-columns-repeated="2"/>',
        _cell("活动名称") + _cell("日期") + _cell("类别"),
        _cell("宣讲会") + _cell("2024-05-03", 'office:value-type="date" office:date-value="2024-05-03"')
        + _cell("宗教工作", 'table:number-rows-spanned="2"'),
        _cell("学习会") + _cell("2024年6月1日") + "<table:covered-table-cell/>",
        _cell("合计") + _cell("") + _cell(""),
    ]
    source = ods(tmp_path / "台账.ods", "".join(f"<table:table-row>{r}</table:table-row>" for r in rows))
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "甲社区2024.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        '宗教工作:\n  活动:\n    - {名称: 宣讲会, 日期: "2024-05-03"}\n    - {名称: 学习会, 日期: "2024-06-01"}\n')


def test_xls_ledger_with_merged_cells_and_dates(tmp_path: Path) -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    sheet.write_merge(0, 0, 0, 4, "乙社区2024年统战活动台账")
    for column, name in enumerate(["序号", "活动名称", "日期", "参与人数", "类别"]):
        sheet.write(2, column, name)
    sheet.write(3, 1, "“石榴籽”宣讲会")
    sheet.write(3, 2, dt.datetime(2024, 5, 3), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    sheet.write(3, 3, 40)
    sheet.write(4, 1, "政策学习会")
    sheet.write(4, 2, "2024.6.1")
    sheet.write_merge(3, 4, 4, 4, "民族工作")
    sheet.write(5, 0, "小计")
    sheet.write(5, 3, xlwt.Formula("SUM(D4:D5)"))
    source = tmp_path / "台账.xls"
    book.save(str(source))
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "乙社区2024.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        '民族工作:\n  活动:\n    - {名称: “石榴籽”宣讲会, 日期: "2024-05-03", 人数: 40}\n'
        '    - {名称: 政策学习会, 日期: "2024-06-01"}\n')


def test_into_puts_rows_without_a_category_in_a_section_to_check(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    target.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["活动名称", "地点"])
    book.active.append(["邻里节", "广场"])
    source = tmp_path / "台账.xlsx"
    book.save(source)
    result = runner.invoke(app, ["import", str(source), "--into", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == (
        "单位: 甲社区\n年度: 2024\n\n其他工作:\n"
        "  - 标题: 台账活动  # 请核对：这些活动在台账中没有类别，请移到所属章节\n"
        "    活动:\n      - {名称: 邻里节, 地点: 广场}\n"
    )


def _totals_ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["甲社区2024年活动台账"])
    book.active.append(["序号", "活动名称", "日期", "人数", "类别", "备注"])
    book.active.append([1, "合计划生育协会座谈会", "2024-03-01", 20, "民族工作", ""])
    book.active.append([2, "民族团结讲座", "2024-04-01", 30, "民族工作", "小计3场"])
    book.active.append([3, "小计（上半年）", "", 50, "民族工作", ""])
    book.active.append(["", "合 计：", "", 100, "", ""])
    book.active.append(["小计", "本月活动3场", "", 100, "", ""])
    book.save(path)
    return path


def test_only_a_row_that_is_a_total_is_skipped(tmp_path: Path) -> None:
    # an event whose name starts with 合计 and a 备注 starting with 小计 are events; a name
    # that only looks like a total is kept, to be checked; 合 计 / 小计 alone mark total rows
    source = _totals_ledger(tmp_path / "台账.xlsx")
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "甲社区2024.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "民族工作:\n  活动:\n"
        '    - {名称: 合计划生育协会座谈会, 日期: "2024-03-01", 人数: 20}\n'
        '    - {名称: 民族团结讲座, 日期: "2024-04-01", 人数: 30, 备注: 小计3场}\n'
        "    - 名称: 小计（上半年）  # 请核对：这一行像是合计行：如果不是活动，请删去\n"
        "      人数: 50\n")
    assert "100" not in text and "本月活动" not in text


def test_into_keeps_the_mark_of_a_row_that_looks_like_a_total(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    target.write_text("单位: 甲社区\n年度: 2024\n\n民族工作:\n  活动:\n    - 已有活动\n", encoding="utf-8")
    source = _totals_ledger(tmp_path / "台账.xlsx")
    result = runner.invoke(app, ["import", str(source), "--into", str(target)])
    assert result.exit_code == 0, result.output
    assert f"已在 {target} 中添加 3 项活动" in result.output
    assert target.read_text(encoding="utf-8").endswith(
        "    - 已有活动\n"
        '    - {名称: 合计划生育协会座谈会, 日期: "2024-03-01", 人数: 20}\n'
        '    - {名称: 民族团结讲座, 日期: "2024-04-01", 人数: 30, 备注: 小计3场}\n'
        "    - 名称: 小计（上半年）  # 请核对：这一行像是合计行：如果不是活动，请删去\n"
        "      人数: 50\n")
    again = runner.invoke(app, ["import", str(source), "--into", str(target)])
    assert again.exit_code == 0, again.output
    assert "已有活动“小计（上半年）”，不重复添加" in again.output
