"""The activity ledger `export` writes (writers/xlsx/ledger): its columns, one row per event
with where it is listed, dates as Excel dates, counts as numbers, hostile names as strings."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

import tzreport.ingest.ledger
from tzreport.data import loader
from tzreport.writers.xlsx import ledger

DATA = """
单位: 甲社区
年度: 2024
思想引领:
  活动:
    - 名称: 理论学习
      日期: 2024-03-05
      人数: 30
      次数: 2
      地点: 社区会议室
      形式: 专题讲座
      备注: 书记讲党课
民族工作:
  工作:
    - 标题: 抓宣传
      活动: ['=HYPERLINK("http://example.com","点我")']
      要点:
        - 内容: 一是讲政策
          活动: ["@SUM(A1)"]
其他工作:
  - 标题: 群团工作
    活动: [-1+1]
"""


def test_one_row_per_event_with_where_it_is_listed(write_yaml: Callable[..., Path]) -> None:
    data, count = ledger.workbook([loader.load(write_yaml(DATA))])
    assert count == 4
    sheet = openpyxl.load_workbook(io.BytesIO(data))["活动台账"]
    assert sheet["A1"].value == "甲社区2024年活动台账"
    assert [c.value for c in sheet[2]] == list(ledger.COLUMNS)
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("甲社区", "思想引领", None, "理论学习", dt.datetime(2024, 3, 5), 2, 30,
                       "社区会议室", "专题讲座", "书记讲党课")
    assert [r[:4] for r in rows[1:]] == [
        ("甲社区", "民族工作", "抓宣传", '=HYPERLINK("http://example.com","点我")'),
        ("甲社区", "民族工作", "抓宣传", "@SUM(A1)"),  # a 要点's event: the item it is in
        ("甲社区", "群团工作", None, "-1+1"),
    ]
    assert sheet["E3"].is_date and sheet["E3"].number_format == "yyyy-mm-dd"
    assert all(sheet.cell(r, 4).data_type == "s" for r in range(3, 7))
    assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$2:$2"


def test_the_reader_import_uses_sees_dates_and_numbers(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    data, _ = ledger.workbook([loader.load(write_yaml(DATA))])
    (tmp_path / "l.xlsx").write_bytes(data)
    rows = CalamineWorkbook.from_path(str(tmp_path / "l.xlsx")).get_sheet_by_name("活动台账").to_python()
    assert rows[2][3:7] == ["理论学习", dt.date(2024, 3, 5), 2, 30]
    assert rows[3][3] == '=HYPERLINK("http://example.com","点我")'


def test_several_units_share_one_sheet_under_a_plain_title(write_yaml: Callable[..., Path]) -> None:
    one = loader.load(write_yaml(DATA, "a.yaml"))
    other = loader.load(write_yaml(DATA.replace("甲社区", "乙社区"), "b.yaml"))
    data, count = ledger.workbook([one, other])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["活动台账"]
    assert count == 8 and sheet["A1"].value == "活动台账"
    assert [sheet.cell(r, 1).value for r in (3, 7)] == ["甲社区", "乙社区"]


def test_a_name_comes_back_from_import_exactly_as_written(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    """Export, then import (the round trip a unit makes to edit its ledger in Excel): a “\\r”
    in a name, and what looks like the escape the file stores it as, typed by a user, come back
    as written — XlsxWriter alone gave back “_x005F\\r” and “_x0041B” for the last two."""
    names = ["理论学习\r（补记）", "_x000D_", "_x005F_x000D_", "_x0041_x0042_", "讲座_x0041\r二"]
    body = "".join(f'    - "{n}"\n'.replace("\r", "\\r") for n in names)
    report = loader.load(write_yaml(f"单位: 甲社区\n年度: 2024\n思想引领:\n  活动:\n{body}"))
    assert [e.name for e in report.ideology.events] == names  # type: ignore[union-attr]
    data, _ = ledger.workbook([report])
    (tmp_path / "l.xlsx").write_bytes(data)
    assert [row.event["名称"] for row in tzreport.ingest.ledger.read(tmp_path / "l.xlsx").rows] == names
