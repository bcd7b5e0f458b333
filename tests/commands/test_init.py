"""`init`: a new unit's folder from a shipped example, with the unit and year filled in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import editor_data
from tzreport.commands import init
from tzreport.commands.init import EXAMPLES, GUIDE_FILE, shift_years
from tzreport.data import loader
from tzreport.data.schema import MODELINE, SCHEMA_FILE
from tzreport.errors import OptionError, OutputError
from tzreport.render.templating import render_markdown


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("现将2023年统战工作总结如下", "现将2025年统战工作总结如下"),
        ("2024年工作计划", "2026年工作计划"),  # the plans' year moves with it
        ("日期: 2023-06-15", "日期: 2025-06-15"),
        ("2023/6/5、2023.6.5", "2025/6/5、2025.6.5"),
        ("2022年底以来", "2024年底以来"),
        ("庆祝建党100周年", "庆祝建党100周年"),
        ("2019年成立", "2019年成立"),  # far from the example's year: a date in history
        ("电话12023年", "电话12023年"),
        ("开展活动2023次", "开展活动2023次"),  # a number, not a year
    ],
)
def test_shift_years(before: str, after: str) -> None:
    assert shift_years(before, 2023, 2025) == after


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example_starts_a_valid_folder(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "幸福里社区"
    created = init.init(folder, year=2030, example=name)
    files = {p.name for p in folder.iterdir() if p.is_file()}
    # a roll-up example brings last year's file too (and its communities, in sub-folders)
    assert files - {"2029.yaml"} == {created.data_file.name, GUIDE_FILE, SCHEMA_FILE}
    report = loader.load(created.data_file)
    example = loader.load(init.examples_dir() / EXAMPLES[name].path)
    # the name's years move as the file's do (a speech on 2030's work: 2031年度会议发言.yaml)
    assert created.data_file.name == init.retime_name(Path(EXAMPLES[name].path).name, example.year, 2030)
    assert "2030" in created.data_file.name or "2031年度" in created.data_file.name
    assert (report.unit, report.year) == ("幸福里社区", 2030)
    text = created.data_file.read_text(encoding="utf-8")
    assert example.unit not in text  # 署名, 导语 … all name the new unit
    assert str(example.year) not in text
    first = text.splitlines()[0]
    assert first == f"{MODELINE}{SCHEMA_FILE}"
    # the schema written beside it validates it, as the editor will
    written = (folder / SCHEMA_FILE).read_text(encoding="utf-8")
    validator = jsonschema.Draft202012Validator(json.loads(written))
    assert [e.message for e in validator.iter_errors(editor_data(text))] == []


def test_header_and_report_name_the_new_unit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the header's commands name the file from where init was run
    created = init.init(tmp_path / "x", unit="幸福里社区", year=2025)
    text = created.data_file.read_text(encoding="utf-8")
    assert text.splitlines()[:6] == [
        "# yaml-language-server: $schema=tzreport.schema.json",
        "# 幸福里社区2025年统战工作总结的数据文件，由 tzreport init 根据示例“年度”生成。",
        "# 其中的工作、活动和数字都是示例内容，请改成本单位的实际情况；怎样修改见同一文件夹中的“说明.md”。",
        "# 检查：tzreport check x/2025.yaml    生成报告：tzreport build x/2025.yaml",
        "单位: 幸福里社区",
        "年度: 2025",
    ]
    out = render_markdown(loader.load(created.data_file))
    assert out.startswith("# 幸福里社区2025年统战工作总结及2026年工作计划\n")
    assert "::: 落款\n幸福里社区党委\n\n2025年12月28日\n:::" in out


@pytest.mark.parametrize(
    ("path", "posix", "windows"),
    [
        ("幸福里社区/2025.yaml", "幸福里社区/2025.yaml", "幸福里社区/2025.yaml"),
        ("我的 社区/2025.yaml", '"我的 社区/2025.yaml"', '"我的 社区/2025.yaml"'),
        ("社区(新)/2025.yaml", '"社区(新)/2025.yaml"', '"社区(新)/2025.yaml"'),
        ("A&B社区/2025.yaml", '"A&B社区/2025.yaml"', '"A&B社区/2025.yaml"'),
        ("$HOME社区/2025.yaml", "'$HOME社区/2025.yaml'", '"$HOME社区/2025.yaml"'),
        ("-社区/2025.yaml", "./-社区/2025.yaml", "./-社区/2025.yaml"),  # not an option
    ],
)
def test_typed_path_is_quoted_for_the_shell(
    path: str, posix: str, windows: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert init.typed_path(Path(path)) == posix
    monkeypatch.setattr("sys.platform", "win32")  # cmd and PowerShell both read double quotes
    assert init.typed_path(Path(path)) == windows


def test_typed_path_is_relative_to_where_the_user_stands(tmp_path: Path) -> None:
    assert init.typed_path(tmp_path / "甲" / "2025.yaml", cwd=tmp_path) == "甲/2025.yaml"
    assert init.typed_path(tmp_path / "2025.yaml", cwd=tmp_path) == "2025.yaml"
    # outside the current folder: the full path, not a climb of ../../
    assert init.typed_path(tmp_path / "2025.yaml", cwd=tmp_path / "乙") == str(tmp_path / "2025.yaml")


@pytest.mark.parametrize("written", ["二〇二五", "二零二五年", "２０２５"])
def test_a_year_in_chinese_numerals_says_how_to_write_it(tmp_path: Path, written: str) -> None:
    with pytest.raises(OptionError) as caught:
        init.init(tmp_path, unit="红星社区", year=written)
    assert caught.value.message == f"错误 年度应写成 2025（只写阿拉伯数字）；实际为“{written}”"
    assert not any(tmp_path.iterdir())


def test_unit_defaults_to_the_folder_name_and_year_to_this_year(tmp_path: Path) -> None:
    created = init.init(tmp_path / "红星社区", today=dt.date(2027, 3, 1))
    assert created.data_file == tmp_path / "红星社区" / "2027.yaml"
    report = loader.load(created.data_file)
    assert (report.unit, report.year) == ("红星社区", 2027)


def test_guide_names_the_data_file_and_the_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    init.init(Path("红星 社区"), unit="红星社区", year=2025, example="上半年")
    guide = (tmp_path / "红星 社区" / GUIDE_FILE).read_text(encoding="utf-8")
    assert guide.startswith("# 红星社区：数据文件说明\n\n本文件夹由 `tzreport init` 根据示例“上半年”生成。")
    assert "| `2025上半年.yaml` | 数据文件：报告的全部内容都写在这里 |" in guide
    # the commands, as the data file's header has them: from where init ran
    assert 'tzreport check "红星 社区/2025上半年.yaml"\ntzreport build "红星 社区/2025上半年.yaml"' in guide


def test_an_existing_data_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "2025.yaml").write_text("我的数据\n", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        init.init(tmp_path, unit="红星社区", year=2025)
    assert caught.value.message == (
        f"{tmp_path / '2025.yaml'}: 错误 文件已存在，不会覆盖：请换一个文件夹，或用 --year 换一个年度"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["2025.yaml"]  # nothing else written
    assert (tmp_path / "2025.yaml").read_text(encoding="utf-8") == "我的数据\n"


def test_guide_and_schema_that_exist_are_kept(tmp_path: Path) -> None:
    init.init(tmp_path, unit="红星社区", year=2025)
    (tmp_path / GUIDE_FILE).write_text("我改过的说明\n", encoding="utf-8")
    created = init.init(tmp_path, unit="红星社区", year=2025, example="民族工作")
    assert created.written == [tmp_path / "2025民族工作.yaml"]
    assert created.kept == [tmp_path / GUIDE_FILE, tmp_path / SCHEMA_FILE]
    assert (tmp_path / GUIDE_FILE).read_text(encoding="utf-8") == "我改过的说明\n"


def test_an_example_that_is_not_shipped_is_named_with_those_that_are(tmp_path: Path) -> None:
    with pytest.raises(OptionError) as caught:
        init.init(tmp_path, unit="新城区", example="区")
    assert caught.value.message == "错误 没有名为“区”的示例；本版本提供的示例：年度、民族工作、上半年、街道、区年度、发言材料"
    assert not any(tmp_path.iterdir())


def test_the_jiedao_example_starts_a_roll_up_that_builds_with_its_communities(tmp_path: Path) -> None:
    """init -e 街道 -y 2025: the 街道's file and its four communities move on a year together,
    last year's files too, so the roll-up adds up and has its 同比."""
    from typer.testing import CliRunner

    from tzreport.cli.main import app

    init.init(tmp_path / "幸福街道", unit="幸福街道", year=2025, example="街道")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "幸福街道"), "-f", "md",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("完成：12 个成功，0 个失败，0 个跳过")
    report = (tmp_path / "out" / "幸福街道2025年统战工作总结.md").read_text(encoding="utf-8")
    # 京汉新城社区 is a member too, but its figures are in its text: the four that added are named
    assert "幸福街道及河畔花园社区、希望新城社区、金源郦都社区、富力新城社区开展" in report and "比上年" in report
    assert "新城街道" not in report


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("  ", "错误 单位名称不能为空"),
        ("甲:乙", "错误 单位名称“甲:乙”中不能有“:”这样的符号：请先用普通名称生成，再在数据文件中修改"),
        ("甲#", "错误 单位名称“甲#”中不能有“#”这样的符号：请先用普通名称生成，再在数据文件中修改"),
        ("- 甲", "错误 单位名称“- 甲”不能以“-”开头"),
    ],
)
def test_unusable_unit_names(tmp_path: Path, unit: str, message: str) -> None:
    with pytest.raises(OptionError) as caught:
        init.init(tmp_path / "x", unit=unit, year=2025)
    assert caught.value.message == message
    assert not (tmp_path / "x").exists()


def test_unit_with_brackets_and_middle_dot_is_fine(tmp_path: Path) -> None:
    created = init.init(tmp_path, unit="京汉新城社区（筹）·第一网格", year=2025)
    assert loader.load(created.data_file).unit == "京汉新城社区（筹）·第一网格"


def test_year_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(OptionError) as caught:
        init.init(tmp_path, unit="红星社区", year=1999)
    assert caught.value.message == "错误 年度应在2000至2100之间，实际为1999"


def test_an_example_with_member_files_copies_them(tmp_path: Path, monkeypatch) -> None:
    """A roll-up example (a 街道 and its communities) is one line in EXAMPLES."""
    shipped = tmp_path / "shipped"
    (shipped / "新城街道" / "社区").mkdir(parents=True)
    (shipped / "新城街道" / "2023.yaml").write_text(
        "# yaml-language-server: $schema=../tzreport.schema.json\n# 示例说明\n"
        "单位: 新城街道\n年度: 2023\n结语: 新城街道2023年工作\n", encoding="utf-8")
    (shipped / "新城街道" / "社区" / "甲社区2023.yaml").write_text(
        "# yaml-language-server: $schema=../../tzreport.schema.json\n# 甲社区的数据\n"
        "单位: 甲社区\n年度: 2023\n主送: 新城街道党工委\n", encoding="utf-8")
    monkeypatch.setattr(init, "examples_dir", lambda: shipped)
    monkeypatch.setitem(
        EXAMPLES, "街道", init.Example("街道", "新城街道/2023.yaml", "街道汇总", ("社区/*.yaml",))
    )
    created = init.init(tmp_path / "out", unit="红星街道", year=2025, example="街道")
    member = tmp_path / "out" / "社区" / "甲社区2025.yaml"
    assert created.written == [
        tmp_path / "out" / "2025.yaml", member, tmp_path / "out" / GUIDE_FILE,
        tmp_path / "out" / SCHEMA_FILE,
    ]
    assert member.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../tzreport.schema.json\n# 甲社区的数据\n"
        "单位: 甲社区\n年度: 2025\n主送: 红星街道党工委\n"  # the 街道 it reports to is the new one
    )
    assert loader.load(tmp_path / "out" / "2025.yaml").closing == "红星街道2025年工作"
