"""`build -f xlsx`: the 统计表 read back with openpyxl (a roll-up's 合计 as formulas that carry
their values), and opened by LibreOffice Calc, which prints every figure and, recalculating,
gets the same 合计."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT
from tzreport.commands import build
from tzreport.data.field_types import printed_figure
from tzreport.office import launcher
from tzreport.report import figures, gather, stat_book
from tzreport.writers.xlsx import stat_tables

STREET = ROOT / "examples" / "新城街道" / "2024.yaml"
COMMUNITY = ROOT / "examples" / "新城街道" / "河畔花园社区" / "2024.yaml"


def built(source: Path) -> bytes:
    (_, data), = build.prepare(source, build.BuildOptions(formats=("xlsx",))).files
    return data


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "street.xlsx"
    path.write_bytes(built(STREET))
    return path


def test_the_sheets_of_a_roll_up_and_their_columns(street: Path) -> None:
    book = openpyxl.load_workbook(street)
    assert book.sheetnames == ["附表", "河畔花园社区", "希望新城社区", "金源郦都社区", "富力新城社区", "京汉新城社区"]
    member = book["河畔花园社区"]
    assert [c.value for c in member[2]] == ["章节", "工作事项", "项目", "数量", "数量下限", "单位", "上年", "上年下限", "比上年"]
    annex = book["附表"]
    assert annex["A1"].value == "新城街道2024年统战工作主要数据统计表"
    headers = [c.value for c in annex[2]]
    assert headers[:3] == ["单位", "华侨\n（名）", "归侨\n（名）"]
    # a column with a 约数 has its lower bounds beside it
    at = headers.index("参与群众\n（人次）")
    assert headers[at + 1] == "参与群众下限\n（人次）"
    assert [annex.cell(r, 1).value for r in range(3, 12)] == [
        "河畔花园社区", "希望新城社区", "金源郦都社区", "富力新城社区", "京汉新城社区", "新城街道本级", "合计",
        "上年合计", "比上年"]



def test_a_stock_is_a_column_of_its_own_and_never_in_a_sum_of_this_years_work(street: Path) -> None:
    """京汉新城社区's 宣传手册 are 截至目前 (a stock), 金源郦都社区's of this year: two columns,
    the stock's header saying its 口径, each 合计 its own (not 700余); the member's sheet keeps
    the 口径 of its sums."""
    values = openpyxl.load_workbook(street, data_only=True)
    annex = values["附表"]
    headers = [c.value for c in annex[2]]
    units = [annex.cell(r, 1).value for r in range(1, annex.max_row + 1)]

    def column(header: str) -> dict[str, object]:
        at = headers.index(header) + 1
        return {units[r - 1]: annex.cell(r, at).value for r in range(3, 10)}

    work = column("发放民族团结宣传手册下限\n（份）")
    stock = column("发放民族团结宣传手册下限\n（截至目前，份）")
    assert work["金源郦都社区"] == 500 and work["京汉新城社区"] is None and work["合计"] == 500
    assert stock["京汉新城社区"] == 200 and stock["金源郦都社区"] is None and stock["合计"] == 200
    member = values["京汉新城社区"]
    names = [c.value for c in member[2]]
    rows = [[c.value for c in row] for row in member.iter_rows(min_row=3)]
    said = {(r[names.index("项目")], r[names.index("口径")]) for r in rows}
    assert ("发放民族团结宣传手册", "截至目前") in said and ("设置宣传图板", "截至目前") in said

def test_the_total_row_is_formulas_that_carry_the_report_s_figures(street: Path) -> None:
    gathered = gather.gather(STREET)
    table = gathered.extra["rollup"].table
    # the report's 合计 row, figure by figure, those its 附表 leaves to the note too
    sums = {c.key: cell.split("（")[0] for c, cell in zip(table.columns, table.rows[-1].cells, strict=True)}
    printed = [sums.get(k, str(gathered.node.totals[k])) for k in figures.ordered(gathered.node.totals)]
    formulas = openpyxl.load_workbook(street)["附表"]
    values = openpyxl.load_workbook(street, data_only=True)["附表"]
    headers = [c.value for c in values[2]][1:]
    total = next(r for r in range(3, values.max_row + 1) if values.cell(r, 1).value == "合计")
    shown = [values.cell(total, c).value for c in range(2, len(headers) + 2)]
    assert [v for h, v in zip(headers, shown, strict=True) if "下限" not in h] == [
        int(p) if p.isdecimal() else p for p in printed]
    for c in range(2, len(headers) + 2):
        assert str(formulas.cell(total, c).value).startswith(("=SUM(", "=IF(")), headers[c - 2]
    # an exact figure is a number, a 约数 its text; the lower bounds add up
    assert values.cell(3, headers.index("参与群众\n（人次）") + 2).value == 350
    assert values.cell(4, headers.index("参与群众\n（人次）") + 2).value == "400余"
    assert values.cell(total, headers.index("参与群众下限\n（人次）") + 2).value == 1100


def test_a_plain_report_s_figures_as_numbers_and_as_written() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(built(COMMUNITY)))["河畔花园社区"]
    rows = {r[2]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    # a difference, as the report says it (its other changes are of small counts); the sheet
    # lists the change of every figure, though the report says only a few
    assert rows["参与群众"] == ("民族工作", None, "参与群众", 350, 350, "人次", 280, 280, "比上年增加70人次")
    assert rows["开展民族团结载体活动"][6:] == (5, 5, "比上年增加4场次")
    assert rows["清除宗教宣传标语"][3:8] == ("30余", 30, "处", "40余", 40)
    assert rows["开展公益主题活动"][:2] == ("群团工作", "发挥妇女儿童之家作用")
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.paperSize == 9  # A4
    # widths fitted to Chinese text: the widest 项目 (12 characters) takes 24 cells and more
    assert sheet.column_dimensions["C"].width >= 24
    assert sheet.column_dimensions["F"].width < 12


@pytest.mark.parametrize("value", [0, 8, 10, 12, 35, 99, 150, 215, 1137, 9999, 10000, 12000, 123456, 10**9])
def test_the_rule_formula_is_the_report_s_rule(value: int) -> None:
    # evaluated the way a spreadsheet does: LEN of a number is the length of its digits
    rounded = int(value // 10 ** max(1, len(str(value)) - 2) * 10 ** max(1, len(str(value)) - 2))
    expected = str(value) if value < 10 else (
        f"{rounded / 10000:g}万余" if rounded >= 10000 else f"{rounded}余")
    assert expected == printed_figure(value, True)
    assert stat_tables.rule_formula("B8") == (
        '=IF(B8<10,B8&"",IF(ROUNDDOWN(B8,MIN(-1,2-LEN(B8)))>=10000,'
        'ROUNDDOWN(B8,MIN(-1,2-LEN(B8)))/10000&"万余",ROUNDDOWN(B8,MIN(-1,2-LEN(B8)))&"余"))')


HOSTILE = """
单位: 甲社区
年度: 2024
民族工作:
  工作:
    - 标题: '=HYPERLINK("http://example.com/x","点我")'
      统计:
        - {项目: '+1+cmd|'' /C calc''!A0', 数量: 3}
        - {项目: '-2+3', 数量: 4}
        - {项目: '@SUM(A1)', 数量: 5}
"""


def test_text_that_starts_like_a_formula_is_a_string(write_yaml: Callable[..., Path]) -> None:
    data = built(write_yaml(HOSTILE))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["甲社区"]
    cells = [c for row in sheet.iter_rows(min_row=3) for c in row if isinstance(c.value, str)]
    hostile = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in hostile} == {'=HYPERLINK("http://example.com/x","点我")', "+1+cmd|' /C calc'!A0",
                                          "-2+3", "@SUM(A1)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        sheets = [archive.read(n) for n in names if n.startswith("xl/worksheets/sheet")]
    assert not [n for n in names if "externalLink" in n or "vba" in n.lower()]
    assert all(b"<f>" not in xml for xml in sheets)  # no formula at all in a plain report


# ---------------------------------------------------------------- LibreOffice Calc

def _calc() -> str:
    soffice = launcher.program()
    assert soffice is not None, "LibreOffice（libreoffice-calc-nogui）未安装：.ci/run 会安装"
    return soffice


RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.mark.slow
def test_libreoffice_recalculating_gets_the_stored_totals(street: Path, tmp_path: Path) -> None:
    # a profile that recalculates every formula on load, instead of showing the stored values
    (tmp_path / "profile" / "user").mkdir(parents=True)
    (tmp_path / "profile" / "user" / "registrymodifications.xcu").write_text(RECALC, encoding="utf-8")
    source = tmp_path / "street.xlsx"
    shutil.copy(street, source)
    launcher.convert(_calc(), [source], "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path, 120)
    rows = list(csv.reader((tmp_path / "street.csv").read_text(encoding="utf-8").splitlines()))
    stored = openpyxl.load_workbook(street, data_only=True)["附表"]
    total = next(r for r in rows if r and r[0] == "合计")
    assert total[1:] == [str(stored.cell(9, c).value) for c in range(2, len(total) + 1)]


@pytest.mark.slow
def test_libreoffice_prints_every_figure_of_the_report(tmp_path: Path) -> None:
    source = tmp_path / "community.xlsx"
    source.write_bytes(built(COMMUNITY))
    launcher.convert(_calc(), [source], "pdf", tmp_path, 120)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "community.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = text.splitlines()
    (sheet,) = stat_book.book(gather.gather(COMMUNITY)).sheets
    for row in sheet.rows:  # each figure on its row's line, as the report prints it
        line = next(line for line in lines if row.label in line)
        assert f" {row.figure} " in f" {line} ", (row.label, line)
    assert "河畔花园社区2024年统战工作主要数据统计表" in text


@pytest.mark.slow
def test_libreoffice_prints_the_annex_on_pages_with_every_unit_and_sum(street: Path, tmp_path: Path) -> None:
    source = tmp_path / "street.xlsx"
    shutil.copy(street, source)
    launcher.convert(_calc(), [source], "pdf", tmp_path, 120)
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "street.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")
    annex = [p for p in pages if "新城街道本级" in p]
    assert len(annex) >= 2  # too wide for one page: printed across pages
    for page in annex:  # each page with the title, the units' column and the 合计
        assert "新城街道2024年统战工作主要数据统计表" in page
        assert all(unit in page for unit in ("河畔花园社区", "富力新城社区", "合计", "上年合计"))
    sums = " ".join(line for page in annex for line in page.splitlines() if line.strip().startswith("合计"))
    table = gather.gather(STREET).extra["rollup"].table
    for cell in table.rows[-1].cells:
        assert f" {cell.split('（')[0]} " in f" {sums} ", cell



def test_an_exact_figure_typed_in_wan_is_a_number(write_yaml: Callable[..., Path]) -> None:
    source = write_yaml("单位: 甲社区\n年度: 2024\n民族工作:\n  统计:\n    - {项目: 发放资料, 数量: 3万, 单位: 份}\n"
                        "    - {项目: 覆盖群众, 数量: 上万, 单位: 人次}\n    - {项目: 走访, 数量: 8, 约数: true}\n")
    sheet = openpyxl.load_workbook(io.BytesIO(built(source)))["甲社区"]
    assert [r[3:5] for r in sheet.iter_rows(min_row=3, values_only=True)] == [(30000, 30000), ("上万", 10000), (8, 8)]
