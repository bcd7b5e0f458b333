"""`new-year`: the next period's data file, structure and titles kept, content emptied into
comments, last period's plans listed as this period's checklist."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from tzreport.commands import new_year
from tzreport.data import loader
from tzreport.errors import DataError, OptionError, OutputError
from tzreport.render.templating import render_markdown
from tzreport.text import one_line


@pytest.mark.parametrize(
    ("year", "period", "wanted", "expected"),
    [
        (2021, "上半年", None, (2021, "下半年")),
        (2023, "全年", None, (2024, "全年")),
        (2023, "下半年", None, (2024, "全年")),
        (2023, "全年", "上半年", (2024, "上半年")),
        (2023, "上半年", "全年", (2023, "全年")),  # the year-end report after the half-year one
        (2023, "下半年", "下半年", (2024, "下半年")),
    ],
)
def test_next_period(year: int, period: str, wanted: str | None, expected: tuple) -> None:
    assert new_year.next_period(year, period, wanted) == expected


def test_unknown_period_is_an_option_error() -> None:
    with pytest.raises(OptionError) as caught:
        new_year.next_period(2023, "全年", "第一季度")
    assert caught.value.message == "错误 期间应为“全年”“上半年”“下半年”之一，实际为“第一季度”"


@pytest.mark.parametrize(
    ("name", "data", "target"),
    [
        ("2023.yaml", "年度: 2023\n", "2024.yaml"),
        ("2021上半年.yaml", "年度: 2021\n期间: 上半年\n", "2021下半年.yaml"),
        ("2023下半年.yaml", "年度: 2023\n期间: 下半年\n", "2024.yaml"),
        ("2024民族工作.yaml", "年度: 2024\n类型: 民族工作\n", "2025民族工作.yaml"),
        ("京汉2023年总结.yml", "年度: 2023\n", "京汉2024年总结.yml"),
        ("2023年上半年.yaml", "年度: 2023\n期间: 上半年\n", "2023年下半年.yaml"),
        ("数据.yaml", "年度: 2023\n类型: 宗教工作\n", "2024宗教工作.yaml"),
        # a speech on 2023's work at the 2024年度 meeting, named as its title: both years move
        ("2024年度会议发言.yaml", "年度: 2023\n", "2025年度会议发言.yaml"),
        ("2023年工作_2024年度会议.yaml", "年度: 2023\n", "2024年工作_2025年度会议.yaml"),
    ],
)
def test_target_name(tmp_path: Path, name: str, data: str, target: str) -> None:
    source = tmp_path / name
    source.write_text("单位: 甲社区\n" + data, encoding="utf-8")
    assert new_year.new_year(source) == tmp_path / target


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_roll_forward_as_their_golden_file(tmp_path: Path, example: Path, golden) -> None:
    source = tmp_path / example.parent.name / example.name
    source.parent.mkdir()
    shutil.copy(example, source)
    created = new_year.new_year(source)
    out = created.read_text(encoding="utf-8")
    golden(f"new-year/{example.parent.name}__{created.name}", out)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_new_file_is_valid_and_keeps_the_titles_but_no_counts(tmp_path: Path, example: Path) -> None:
    source = tmp_path / example.name
    shutil.copy(example, source)
    old, new = loader.load(source), loader.load(new_year.new_year(source))
    assert new.unit == old.unit and new.kind == old.kind and new.addressee == old.addressee
    titles = [s.title for s in old.other] + [
        i.title for s in (old.ideology, old.ethnic, old.religion, *old.other) if s for i in s.items
    ]
    # a title that names the year names the new one (“2025年社区统战工作回顾” → 2026年)
    titles = [new_year.retime(t, old, new.year, new.period) for t in titles]
    assert titles == [s.title for s in new.other] + [
        i.title for s in (new.ideology, new.ethnic, new.religion, *new.other) if s for i in s.items
    ]
    out = render_markdown(new)
    assert not re.search(r"\d+余?(次|人次|份|个)", out)  # no count survives
    events = [e.name for s in (old.ideology, old.ethnic, old.religion, *old.other) if s
              for i in s.items for e in i.events]
    assert not [name for name in events if name in out]  # nor any event


def _uncomment(text: str) -> str:
    """What a user does to reuse everything: drop "# " before each indented line, fill counts."""
    lines = [re.sub(r"^(\s+)# ", r"\1", line) for line in text.splitlines()]
    return "\n".join(lines).replace("数量: ,", "数量: 3,").replace("数量: }", "数量: 3}") + "\n"


def test_uncommented_lines_bring_back_last_periods_content(tmp_path: Path) -> None:
    source = tmp_path / "2023.yaml"
    shutil.copy(ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml", source)
    created = new_year.new_year(source)
    created.write_text(_uncomment(created.read_text(encoding="utf-8")), encoding="utf-8")
    old, new = loader.load(source), loader.load(created)
    assert new.ideology is not None and old.ideology is not None
    assert new.ideology.items[0].events == old.ideology.items[0].events
    # the same text: a text written over several lines (“|”) may come back on one
    assert [one_line(p.text) for p in new.ideology.items[1].points] == [
        one_line(p.text) for p in old.ideology.items[1].points]
    assert new.religion is not None and old.religion is not None
    assert one_line(new.religion.items[0].text or "") == one_line(old.religion.items[0].text or "")
    assert new.problems == old.problems
    assert one_line(new.closing or "") == one_line(old.closing or "")
    assert new.signature == old.signature
    # a figure its text states comes back as one (文中已写), the count the report prints as a count
    assert [(s.label, s.value, s.unit, s.in_text) for s in new.ethnic.items[2].stats] == [  # type: ignore[union-attr]
        ("开展民族团结载体活动", 3, "次", True), ("参与人数", 3, "人", False)
    ]


def test_plans_become_the_checklist_at_the_top(tmp_path: Path) -> None:
    source = tmp_path / "2024.yaml"
    source.write_text(
        "单位: 甲社区\n年度: 2024\n下一步计划:\n  标题: 2025年重点工作\n  要点: [加强宣传。]\n"
        "  工作:\n    - 标题: 搞好培训\n      内容: 每季度一次\n      要点: [请专家, 分层次]\n"
        "      工作:\n        - 标题: 建立台账\n",
        encoding="utf-8",
    )
    out = new_year.new_year(source).read_text(encoding="utf-8")
    assert (
        "# 上期（2024年）的工作计划，本期总结要写明落实情况：\n"
        "#   1. 加强宣传\n"
        "#   2. 搞好培训：每季度一次；请专家；分层次\n"
        "#   3. 建立台账\n"
        "\n单位: 甲社区\n"
    ) in out
    assert out.endswith("下一步计划:\n  标题: 2026年重点工作\n")  # a title of its own moves on


def test_default_plans_title_is_left_to_the_new_period(tmp_path: Path) -> None:
    source = tmp_path / "2021上半年.yaml"
    source.write_text(
        "单位: 甲镇\n年度: 2021\n期间: 上半年\n下一步计划:\n  标题: 下半年工作打算\n  要点: [a]\n",
        encoding="utf-8",
    )
    new = loader.load(new_year.new_year(source))
    assert new.period == "下半年" and new.plans is None


def test_text_that_needs_quotes_survives(tmp_path: Path) -> None:
    source = tmp_path / "2023.yaml"
    source.write_text(
        '单位: 甲社区\n年度: 2023\n标题: "关于: 2023年#工作的报告"\n其他工作:\n'
        '  - 标题: "[亮点] 工作"\n    工作:\n      - 标题: "内容：特色, 做法"\n'
        '        活动:\n          - {名称: "讲座, 培训", 地点: "会议室{二楼}"}\n'
        '        统计:\n          - {项目: "走访, 慰问", 数量: 7, 单位: 户}\n',
        encoding="utf-8",
    )
    created = new_year.new_year(source)
    new = loader.load(created)
    assert new.title == "关于: 2024年#工作的报告"
    assert new.other[0].title == "[亮点] 工作"
    assert new.other[0].items[0].title == "内容：特色, 做法"
    again = loader.load(_write(tmp_path / "u.yaml", _uncomment(created.read_text(encoding="utf-8"))))
    assert again.other[0].items[0].events[0].name == "讲座, 培训"
    assert again.other[0].items[0].events[0].place == "会议室{二楼}"
    assert (again.other[0].items[0].stats[0].label, again.other[0].items[0].stats[0].unit) == (
        "走访, 慰问", "户"
    )


def test_the_choice_to_compare_a_figure_holds_next_year(tmp_path: Path) -> None:
    source = _write(tmp_path / "2023.yaml", (
        "单位: 甲社区\n年度: 2023\n民族工作:\n  统计:\n"
        "    - {项目: 开展活动, 数量: 7, 同比: false}\n"
        "    - {项目: 参与群众, 数量: 200余, 单位: 人次, 同比: true}\n"
        "    - {项目: 发放手册, 数量: 50, 单位: 份}\n"))
    created = new_year.new_year(source).read_text(encoding="utf-8")
    assert "- {项目: 开展活动, 数量: , 同比: false}  # 上期：7次" in created
    assert "- {项目: 参与群众, 数量: , 单位: 人次, 约数: true, 同比: true}  # 上期：200余人次" in created
    assert "- {项目: 发放手册, 数量: , 单位: 份}  # 上期：50份" in created


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    source = _write(tmp_path / "2023.yaml", "单位: 甲社区\n年度: 2023\n")
    mine = _write(tmp_path / "2024.yaml", "我已经写了一半\n")
    with pytest.raises(OutputError) as caught:
        new_year.new_year(source)
    assert caught.value.message == f"{mine}: 错误 文件已存在，不会覆盖；要另起文件名，请用 -o 指定"
    assert mine.read_text(encoding="utf-8") == "我已经写了一半\n"


def test_output_elsewhere_keeps_the_schema_line_pointing_right(tmp_path: Path) -> None:
    (tmp_path / "数据").mkdir()
    source = _write(
        tmp_path / "数据" / "2023.yaml",
        "# yaml-language-server: $schema=../tzreport.schema.json\n单位: 甲社区\n年度: 2023\n",
    )
    target = new_year.new_year(source, tmp_path / "新" / "下" / "明年.yaml")
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../tzreport.schema.json"


def test_invalid_source_is_reported_and_nothing_written(tmp_path: Path) -> None:
    source = _write(tmp_path / "2023.yaml", "单位: 甲社区\n年度: 二〇二三\n")
    with pytest.raises(DataError) as caught:
        new_year.new_year(source)
    assert caught.value.lines() == [f"{source}:2:5: 错误 年度: 应写成 2023（只写阿拉伯数字），实际为“二〇二三”"]
    assert [p.name for p in tmp_path.iterdir()] == ["2023.yaml"]


def test_no_year_after_2100(tmp_path: Path) -> None:
    source = _write(tmp_path / "2100.yaml", "单位: 甲社区\n年度: 2100\n")
    with pytest.raises(OptionError) as caught:
        new_year.new_year(source)
    assert caught.value.message == "错误 下一期的年度2101超出了2000至2100的范围"


def test_a_roll_up_rolls_forward_with_its_members(tmp_path) -> None:
    """The 街道 file of the next year sums the next year's member files."""
    from tzreport.commands.new_year import new_year

    folder = tmp_path / "街道"
    (folder / "甲社区").mkdir(parents=True)
    (folder / "2024.yaml").write_text(
        "单位: 新城街道\n年度: 2024\n汇总:\n  - 甲社区/2024.yaml\n  - \"*/2024.yaml\"\n上年: 2023.yaml\n",
        encoding="utf-8",
    )
    target = new_year(folder / "2024.yaml")
    text = target.read_text(encoding="utf-8")
    assert "汇总:\n  - 甲社区/2025.yaml\n  - \"*/2025.yaml\"\n上年: 2024.yaml\n" in text
