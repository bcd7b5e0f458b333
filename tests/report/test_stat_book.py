"""The report's figures laid out as tables (report/stat_book): one row per figure with where
it stands, the 约数 kept as written beside its lower bound, last year's figure and the 同比 the
report says; a roll-up's 附表 rows, sums and last year's sums."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT
from tzreport.report import figures, gather, stat_book

STREET = ROOT / "examples" / "新城街道" / "2024.yaml"

REPORT = """
单位: 甲社区
年度: 2024
概况:
  - {项目: 华侨, 数量: 4}
民族工作:
  统计:
    - {项目: 开展活动, 数量: 150余, 单位: 场次}
  工作:
    - 标题: 抓宣传
      统计:
        - 项目: 收集意见建议
          数量: 52
          单位: 条
          其中: [{项目: 被采纳, 数量: 17}]
      工作:
        - 标题: 办讲座
          要点:
            - 内容: 一是讲政策
              统计: [{项目: 发放宣传册, 数量: 1.2万余, 单位: 份, 口径: 累计}]
"""


def test_a_plain_report_gives_one_row_per_figure_with_where_it_stands(write_yaml: Callable[..., Path]) -> None:
    (sheet,) = stat_book.book(gather.gather(write_yaml(REPORT))).sheets
    rows = [(r.section, r.item, r.label, str(r.figure), r.figure.value, r.unit, r.basis) for r in sheet.rows]
    assert rows == [
        ("概况", "", "华侨", "4", 4, "名", ""),
        ("民族工作", "", "开展活动", "150余", 150, "场次", ""),
        ("民族工作", "抓宣传", "收集意见建议", "52", 52, "条", ""),
        ("民族工作", "抓宣传", "其中被采纳", "17", 17, "条", ""),
        ("民族工作", "办讲座", "发放宣传册", "1.2万余", 12000, "份", "累计"),  # a 要点's figure: its item
    ]
    assert sheet.name == "甲社区" and sheet.title == "甲社区2024年统战工作主要数据统计表"
    assert sheet.has_basis and not sheet.has_previous


def test_last_year_and_the_change_go_with_the_figure_they_compare(write_yaml: Callable[..., Path]) -> None:
    write_yaml(REPORT.replace("2024", "2023").replace("150余", "100").replace("52", "40"), "2023.yaml")
    (sheet,) = stat_book.book(gather.gather(write_yaml(REPORT, "2024.yaml"))).sheets
    by_label = {r.label: r for r in sheet.rows}
    assert str(by_label["开展活动"].previous) == "100" and by_label["开展活动"].change == "比上年有所增加"
    assert by_label["收集意见建议"].change == "比上年增加12条"
    assert by_label["华侨"].previous is None and by_label["华侨"].change == ""  # 概况 is not compared
    assert sheet.has_previous


def test_a_roll_up_gives_its_annex_then_one_sheet_per_member() -> None:
    gathered = gather.gather(STREET)
    book = stat_book.book(gathered)
    assert book.annex is not None
    assert [s.name for s in book.sheets] == ["河畔花园社区", "希望新城社区", "金源郦都社区", "富力新城社区", "京汉新城社区"]
    annex = book.annex
    table = gathered.extra["rollup"].table
    assert [r.unit for r in annex.rows] == [r.unit for r in table.rows[:-1]]  # 街道本级 included
    assert annex.rows[-1].unit == "新城街道本级"
    # a column per figure, those the printed 附表 leaves to its note too (one unit's 项目)
    keys = figures.ordered(gathered.node.totals)
    assert len(annex.headers) == len(keys) > len(table.columns)
    # 京汉's 宣传手册 are a stock: apart from 金源's of this year, in the note with their 口径
    assert ("金源郦都社区另有发放民族团结宣传手册500余份；京汉新城社区另有设置宣传图板12个、张贴宣传画10余份、"
            "发放民族团结宣传手册200余份（均为截至目前）") in table.note
    assert annex.previous is not None and annex.changes is not None
    total = dict(zip(keys, annex.total.figures, strict=True))
    earlier = dict(zip(keys, annex.previous.figures, strict=True))
    # the sums are the report's own 合计 row, figure by figure (its cells read “本年（上年）”),
    # last year's only where the same units added to it both years, as the report's brackets
    for column, cell in zip(table.columns, table.rows[-1].cells, strict=True):
        (key,) = column.keys  # (no 项目 of this roll-up in two units)
        now, _, then = cell.partition("（")
        assert str(total[key]) == now
        assert str(earlier[key] or "") == then.rstrip("）"), key
    assert str(earlier[next(k for k in keys if k.label == "参与群众")]) == "900余"
    assert earlier[next(k for k in keys if k.label == "开展学习宣传活动")] is None  # 京汉's 2023 only
    assert "比上年增加16场次" in annex.changes  # 民族团结载体活动: 36 against 20


def test_a_member_that_is_a_roll_up_gives_its_sums(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "新城街道", tmp_path / "新城街道")
    district = tmp_path / "区.yaml"
    district.write_text("单位: 城北区\n年度: 2024\n汇总: [新城街道/2024.yaml]\n", encoding="utf-8")
    gathered = gather.gather(district)
    book = stat_book.book(gathered)
    assert book.annex is not None and [r.unit for r in book.annex.rows] == ["新城街道"]
    (street,) = book.sheets
    street_node = gathered.node.members[0]  # type: ignore[union-attr]
    assert [(r.label, str(r.figure)) for r in street.rows] == [
        (k.label, str(street_node.totals[k])) for k in figures.ordered(street_node.totals)]
    by_label = {r.label: r for r in street.rows}
    assert by_label["开展民族团结载体活动"].change == "比上年增加16场次"  # the 街道's own 同比
    # 京汉新城社区 added to it last year and not this year: no 同比 of different units' work
    assert by_label["开展学习宣传活动"].change == ""
    assert all(r.item == "" for r in street.rows)
