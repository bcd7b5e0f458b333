"""The form's values merged into the user's YAML: what was not edited keeps its bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from tzreport.data import loader
from tzreport.preview import yaml_edit

EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(ROOT / "examples").as_posix())
def test_every_example_comes_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml_edit.merged_text(text, yaml_edit.form_values(text)) == text


def test_an_edit_changes_only_its_lines(tmp_path: Path) -> None:
    source = ROOT / "examples" / "京汉新城社区" / "2023.yaml"
    text = source.read_text(encoding="utf-8")
    values = yaml_edit.form_values(text)
    values["单位"] = "测试社区"
    item = values["民族工作"]["工作"][2]
    item["统计"][0]["数量"] = "150余"
    item.setdefault("活动", []).append({"名称": "邻里议事会"})
    out = yaml_edit.merged_text(text, values)
    before, after = text.splitlines(), out.splitlines()
    changed = [line for line in after if line not in before]
    assert changed == ["单位: 测试社区", "      活动:", "        - 邻里议事会",  # one key: written as the shorthand
                       "        - {项目: 参与人数, 数量: 150余, 单位: 人}"]
    assert [line for line in before if line not in after] == [
        "单位: 京汉新城社区", "        - {项目: 参与人数, 数量: 200余, 单位: 人}"]
    target = tmp_path / "2023.yaml"
    target.write_text(out, encoding="utf-8")
    report = loader.load(target)
    assert report.unit == "测试社区" and report.ethnic is not None
    assert report.ethnic.items[2].stats[0].printed == "150余"
    assert report.ethnic.items[2].events[0].name == "邻里议事会"


def test_bom_crlf_four_spaces_and_shorthands_kept() -> None:
    text = ("\ufeff# 注释\r\n单位: 甲社区\r\n年度: 2024\r\n思想引领:\r\n    要点:\r\n        - 第一条  # 行尾注释\r\n"
            "    活动:\r\n        - 读书会\r\n")
    values = yaml_edit.form_values(text)
    assert values["思想引领"]["活动"] == [{"名称": "读书会"}]
    values["思想引领"]["活动"][0]["名称"] = "读书分享会"
    out = yaml_edit.merged_text(text, values)
    assert out == text.replace("读书会", "读书分享会")


def test_a_cleared_field_is_removed_and_an_empty_key_kept() -> None:
    text = "单位: 甲社区\n年度: 2024\n主送: 街道党工委\n概况:\n"
    values = yaml_edit.form_values(text)
    del values["主送"]
    assert yaml_edit.merged_text(text, values) == "单位: 甲社区\n年度: 2024\n概况:\n"
