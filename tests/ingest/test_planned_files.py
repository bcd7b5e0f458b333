"""The files of one import run, planned together: the previous year's figures found among the
files imported with a report or in the folder it is written to, and a roll-up's report kept
apart from the file of a unit it counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tzreport.errors import InputError
from tzreport.ingest import planned_files, rollup_report


def report(unit: str, year: int, count: int) -> dict:
    return {"单位": unit, "年度": year, "思想引领": {"统计": [{"项目": "开展学习活动", "数量": count}]}}


def test_last_years_figures_come_from_the_same_run(tmp_path: Path) -> None:
    now, before, other = report("幸福里社区", 2024, 12), report("幸福里社区", 2023, 9), report("光明里社区", 2023, 5)
    found = planned_files.previous_figures(now, tmp_path, [now, other, before])
    assert [(key, figure.value) for key, figure in found.items()] == [(("开展学习活动", "次", ""), 9)]  # by 项目, 单位 and 口径
    assert planned_files.previous_figures(now, tmp_path, [now, other]) == {}


def test_last_years_figures_come_from_the_folder_written_to(tmp_path: Path) -> None:
    (tmp_path / "幸福里社区2023.yaml").write_text(
        "单位: 幸福里社区\n年度: 2023\n思想引领:\n  统计:\n    - {项目: 开展学习活动, 数量: 7}\n", encoding="utf-8")
    found = planned_files.previous_figures(report("幸福里社区", 2024, 12), tmp_path, [])
    assert [figure.value for figure in found.values()] == [7]


def test_a_rollups_report_and_a_unit_it_counts_are_refused_in_one_folder(tmp_path: Path) -> None:
    rolled = rollup_report.RollupReport("新城街道", 2, "社区", ["甲社区", "乙社区"])
    street = planned_files.Planned(tmp_path / "街.docx", tmp_path / "新城街道2024.yaml", report("新城街道", 2024, 20), [], [],
                                   rolled=rolled)
    member = planned_files.Planned(tmp_path / "甲.docx", tmp_path / "甲社区2024.yaml", report("甲社区", 2024, 8), [], [])
    planned_files.counted_twice([street])  # alone: nothing counted twice
    with pytest.raises(InputError, match="这是新城街道的汇总报告，其中的数字已含甲社区的；甲社区的数据文件（甲社区2024.yaml）在同一文件夹中"):
        planned_files.counted_twice([street, member])
