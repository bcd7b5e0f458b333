"""The report walked once (report/places.py): every place that holds 活动 and 统计, in report
order, with its section and its path in the data file; every figure, 其中 and 概况 included."""

from __future__ import annotations

import textwrap

import yaml

from tzreport.data.models import Report
from tzreport.report import figures, places

DATA = """
单位: 甲社区
年度: 2024
概况:
  - {项目: 华侨, 数量: 4}
  - {项目: 归侨, 数量: 2, 其中: [{项目: 侨眷, 数量: 1}]}
思想引领:
  要点:
    - 学习
    - 内容: 宣讲
      活动: [宣讲会]
      统计: [{项目: 开展宣讲, 数量: 3}]
  统计: [{项目: 开展学习, 数量: 12, 约数: true}]
  工作:
    - 标题: 一级
      要点: [甲]
      工作:
        - 标题: 二级
          工作:
            - 标题: 三级
              活动: [座谈会]
              统计:
                - {项目: 发放手册, 数量: 150余, 单位: 份, 其中: [{项目: 发放到户, 数量: 90}]}
    - 标题: 另一项
其他工作:
  - 标题: 群团工作。
    统计: [{项目: 覆盖率, 数量: 80, 单位: "%"}]
下一步计划: [计划一]
"""


def report() -> Report:
    return Report.model_validate(yaml.safe_load(textwrap.dedent(DATA)))


def test_every_place_is_visited_once_in_report_order_with_its_path() -> None:
    found = [(p.section, p.path, p.kind, p.level) for p in places.places(report())]
    assert found == [
        ("ideology", ("思想引领",), "section", 1),
        ("ideology", ("思想引领", "要点", 0), "point", 1),
        ("ideology", ("思想引领", "要点", 1), "point", 1),
        ("ideology", ("思想引领", "工作", 0), "item", 2),
        ("ideology", ("思想引领", "工作", 0, "要点", 0), "point", 2),
        ("ideology", ("思想引领", "工作", 0, "工作", 0), "item", 3),
        ("ideology", ("思想引领", "工作", 0, "工作", 0, "工作", 0), "item", 4),
        ("ideology", ("思想引领", "工作", 1), "item", 2),
        ("other:群团工作", ("其他工作", 0), "section", 1),
        ("plans", ("下一步计划",), "section", 1),
        ("plans", ("下一步计划", "要点", 0), "point", 1),
    ]


def test_a_place_holds_its_own_events_and_stats() -> None:
    by_path = {p.path: p for p in places.places(report())}
    point = by_path[("思想引领", "要点", 1)]
    assert [e.name for e in point.events] == ["宣讲会"] and [s.label for s in point.stats] == ["开展宣讲"]
    deepest = by_path[("思想引领", "工作", 0, "工作", 0, "工作", 0)]
    assert deepest.holder.title == "三级" and [e.name for e in deepest.events] == ["座谈会"]
    assert [p.holder.title for p in places.items(report())] == ["一级", "二级", "三级", "另一项"]
    assert [(p.section, e.name) for p, e in places.events(report())] == [
        ("ideology", "宣讲会"), ("ideology", "座谈会")]


def test_every_figure_with_where_it_stands_parts_and_overview_included() -> None:
    found = [(s.section, s.path, s.stat.label, s.stat.printed, s.whole.label if s.whole else None)
             for s in places.stats(report())]
    assert found == [
        ("overview", ("概况", 0), "华侨", "4", None),
        ("overview", ("概况", 1), "归侨", "2", None),
        ("overview", ("概况", 1, "其中", 0), "侨眷", "1", "归侨"),
        ("ideology", ("思想引领", "统计", 0), "开展学习", "10余", None),
        ("ideology", ("思想引领", "要点", 1, "统计", 0), "开展宣讲", "3", None),
        ("ideology", ("思想引领", "工作", 0, "工作", 0, "工作", 0, "统计", 0), "发放手册", "150余", None),
        ("ideology", ("思想引领", "工作", 0, "工作", 0, "工作", 0, "统计", 0, "其中", 0), "发放到户", "90",
         "发放手册"),
        ("other:群团工作", ("其他工作", 0, "统计", 0), "覆盖率", "80", None),
    ]


def test_the_figures_added_up_come_from_the_same_walk() -> None:
    # shares are not amounts, and 概况's 其中 is not summed: as before the walker
    assert [(k.section, k.label, k.part_of) for k, _ in figures.stats(report())] == [
        ("overview", "华侨", ""), ("overview", "归侨", ""),
        ("ideology", "开展学习", ""), ("ideology", "开展宣讲", ""),
        ("ideology", "发放手册", ""), ("ideology", "发放到户", "发放手册"),
    ]


def test_a_rollups_overview_entries_without_a_figure_are_not_figures() -> None:
    data = {"单位": "乙街道", "年度": 2024, "汇总": ["*/2024.yaml"],
            "概况": [{"项目": "华侨"}, {"项目": "归侨", "数量": 3}]}
    assert [s.path for s in places.stats(Report.model_validate(data))] == [("概况", 1)]
