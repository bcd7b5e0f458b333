"""`tzreport export`: the events of data files as an Excel ledger, and the round trip through
`tzreport import 台账.xlsx --into FILE` on every shipped example: importing the ledger into the
file it came from changes nothing; importing it into a copy emptied of its events gives the
same events back.

Where today's import cannot read back what the ledger says, the case is marked xfail(strict),
naming what is missing: a strict xfail fails the day import learns it, and is then removed."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from tzreport.cli.main import app
from tzreport.data import loader
from tzreport.report import figures, places

runner = CliRunner()


def export(target: Path, *sources: Path) -> None:
    result = runner.invoke(app, ["export", *map(str, sources), "-o", str(target)])
    assert result.exit_code == 0, result.output


def import_into(ledger: Path, data: Path) -> None:
    result = runner.invoke(app, ["import", str(ledger), "--into", str(data)])
    assert result.exit_code == 0, result.output


def events(path: Path, where: bool) -> Counter[tuple[Any, ...]]:
    """A data file's events with every field, and with where: their 章节 and 工作事项."""
    report = loader.load(path)
    titles = places.item_titles(report)
    return Counter(
        ((figures.short_name(place.section), places.item_title(place, titles)) if where else ())
        + tuple(sorted(event.model_dump(exclude_none=True).items()))
        for place, event in places.events(report)
    )


def emptied(source: Path, target: Path) -> Path:
    """A copy of a data file without its events (a section left empty is left out)."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            kept = {k: strip(v) for k, v in node.items() if k not in ("活动", "events")}
            return {k: v for k, v in kept.items() if v != {}}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    data = strip(yaml.safe_load(source.read_text(encoding="utf-8")))
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _name(path: Path) -> str:
    return path.relative_to(ROOT / "examples").as_posix()


WITH_EVENTS = {p for p in EXAMPLES if events(p, False)}


@pytest.mark.parametrize("example", EXAMPLES, ids=_name)
def test_importing_the_ledger_into_its_own_file_changes_nothing(example: Path, tmp_path: Path) -> None:
    data = tmp_path / example.name
    shutil.copy(example, data)
    export(tmp_path / "台账.xlsx", data)
    import_into(tmp_path / "台账.xlsx", data)
    assert data.read_bytes() == example.read_bytes()


@pytest.mark.parametrize("example", EXAMPLES, ids=_name)
def test_importing_the_ledger_into_an_emptied_copy_gives_the_same_events(example: Path, tmp_path: Path) -> None:
    export(tmp_path / "台账.xlsx", example)
    copy = emptied(example, tmp_path / "copy.yaml")
    assert not events(copy, False)
    import_into(tmp_path / "台账.xlsx", copy)
    assert events(copy, False) == events(example, False)


@pytest.mark.parametrize("example", EXAMPLES, ids=_name)
def test_the_events_come_back_in_their_chapter_and_item(example: Path, tmp_path: Path) -> None:
    export(tmp_path / "台账.xlsx", example)
    copy = emptied(example, tmp_path / "copy.yaml")
    import_into(tmp_path / "台账.xlsx", copy)
    assert events(copy, True) == events(example, True)


def test_the_examples_with_events_are_the_roll_up_s(tmp_path: Path) -> None:
    # the round trip above is only worth as much as the events it carries
    assert sum(sum(events(p, False).values()) for p in WITH_EVENTS) >= 50


HOSTILE = """
单位: 甲社区
年度: 2024
民族工作:
  活动:
    - 名称: '=HYPERLINK("http://example.com/x","点我")'
      日期: 2024-05-04
      人数: 40
    - 名称: "@SUM(A1)"
      备注: '+1+cmd|'' /C calc''!A0'
    - 名称: -1+1
      地点: '=1+1'
"""


def test_hostile_names_go_out_and_come_back_as_text(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    source = write_yaml(HOSTILE)
    export(tmp_path / "台账.xlsx", source)
    copy = emptied(source, tmp_path / "copy.yaml")
    import_into(tmp_path / "台账.xlsx", copy)
    assert events(copy, False) == events(source, False)


def test_the_times_come_back(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    source = write_yaml("单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n    - {名称: 民族政策知识竞赛, 次数: 2}\n")
    export(tmp_path / "台账.xlsx", source)
    copy = emptied(source, tmp_path / "copy.yaml")
    import_into(tmp_path / "台账.xlsx", copy)
    assert events(copy, False) == events(source, False)


def test_events_of_the_same_name_in_two_items_both_come_back(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    source = write_yaml("""
        单位: 甲社区
        年度: 2024
        民族工作:
          工作:
            - {标题: 抓宣传, 活动: [{名称: 政策宣讲, 人数: 20}]}
            - {标题: 抓服务, 活动: [{名称: 政策宣讲, 人数: 30}]}
        """)
    export(tmp_path / "台账.xlsx", source)
    copy = emptied(source, tmp_path / "copy.yaml")
    import_into(tmp_path / "台账.xlsx", copy)
    assert events(copy, False) == events(source, False)


# ---------------------------------------------------------------- the command


def test_a_folder_exports_every_data_file_under_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(ROOT / "examples" / "新城街道"), "-o", str(tmp_path / "台账.xlsx")])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("：12 个数据文件，52 项活动")


def test_an_existing_ledger_is_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"mine")
    result = runner.invoke(app, ["export", str(EXAMPLES[0]), "-o", str(target)])
    assert result.exit_code == 1
    assert f"{target}: 错误 文件已存在，不会覆盖" in result.output
    assert target.read_bytes() == b"mine"
    assert runner.invoke(app, ["export", str(EXAMPLES[0]), "-o", str(target), "--force"]).exit_code == 0
    assert target.read_bytes()[:2] == b"PK"


def test_only_an_xlsx_is_written(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(EXAMPLES[0]), "-o", str(tmp_path / "台账.csv")])
    assert result.exit_code == 2
    assert "错误 台账导出为 .xlsx 文件" in result.output
    assert not (tmp_path / "台账.csv").exists()


def test_a_bad_data_file_fails_the_export_and_writes_nothing(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    good = write_yaml("单位: 甲社区\n年度: 2024\n", "a.yaml")
    bad = write_yaml("单位: 乙社区\n年度: 二〇二四\n", "b.yaml")
    result = runner.invoke(app, ["export", str(good), str(bad), "-o", str(tmp_path / "台账.xlsx")])
    assert result.exit_code == 1
    assert f"{bad}:2:5: 错误 年度" in result.output
    assert not (tmp_path / "台账.xlsx").exists()


def test_a_text_no_cell_holds_is_said_at_its_line(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    source = write_yaml("单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n    - 名称: 讲座\n      备注: " + "长" * 40000 + "\n")
    result = runner.invoke(app, ["export", str(source), "-o", str(tmp_path / "台账.xlsx")])
    assert result.exit_code == 1
    assert result.output == (f"{source}:6:11: 错误 民族工作.活动[0].备注: 文字太长（40000 字）："
                             "表格的一个单元格最多 32767 个字符\n")
    assert not (tmp_path / "台账.xlsx").exists()
    built = runner.invoke(app, ["build", str(source), "-f", "md,xlsx", "-o", str(tmp_path / "out")])
    assert built.exit_code == 1 and "民族工作.活动[0].备注: 文字太长" in built.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
