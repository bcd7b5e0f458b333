"""The commands init, new-year, schema and templates through typer's CliRunner; help texts,
shell completion, and the first report of a new user, from nothing."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app
from tzreport.data import schema
from tzreport.data.schema import SCHEMA_FILE

runner = CliRunner()
COMMANDS = [["build"], ["check"], ["init"], ["new-year"], ["schema"], ["templates", "list"],
            ["templates", "copy"]]


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_chinese_help_with_an_example(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert f"例：tzreport {' '.join(command)}" in result.stdout
    assert "-h, --help" in result.stdout and "显示本帮助并退出。" in result.stdout
    assert "Show this message" not in result.stdout


def test_main_help_lists_every_command_and_the_completion_options() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for line in [
        "  init       从示例开始一个单位的数据文件夹。",
        "  new-year   从上一期的数据文件生成下一期的数据文件。",
        "  templates  查看、复制内置模板。自定模板放在一个文件夹里，生成时用 --templates 指定。",
        "  --install-completion  为当前的命令行（bash、zsh、fish、PowerShell）安装 Tab 键补全，重开终端后生效。",
    ]:
        assert line in result.stdout.splitlines()


def _complete(words: str) -> list[str]:
    """What bash completion offers after `words` (the completion protocol typer answers)."""
    env = {**os.environ, "_TZREPORT_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    script = Path(sys.executable).parent / "tzreport"  # completion answers to its own name
    done = subprocess.run([str(script)], env=env, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_shell_completion_offers_commands_and_example_names() -> None:
    assert _complete("tzreport ne") == ["new-year"]
    assert _complete("tzreport init 甲 --example ") == ["年度", "民族工作", "上半年", "街道", "区年度", "发言材料"]
    assert _complete("tzreport new-year a.yaml --period ") == ["全年", "上半年", "下半年"]


# ---------------------------------------------------------------- init


def test_init_reports_what_it_wrote_and_what_to_do_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("幸福里社区")
    result = run("init", folder, "--year", "2025")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"已创建 {folder / '2025.yaml'}",
        f"已创建 {folder / '说明.md'}",
        f"已创建 {folder / SCHEMA_FILE}",
        f"下一步：按 {folder / '说明.md'} 修改 {folder / '2025.yaml'}，然后运行 tzreport build {folder / '2025.yaml'}",
    ]


def test_init_next_step_names_the_folder_from_where_the_user_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the folder given as a full path below the current one: the step names it from here
    monkeypatch.chdir(tmp_path)
    result = run("init", tmp_path / "幸福里社区", "-y", "2025")
    assert result.stdout.splitlines()[-1] == (
        f"下一步：按 {Path('幸福里社区', '说明.md')} 修改 {Path('幸福里社区', '2025.yaml')}，"
        f"然后运行 tzreport build {Path('幸福里社区', '2025.yaml')}"
    )


def test_init_next_step_quotes_a_folder_with_a_space_and_the_command_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "我的 社区", "-y", "2025")
    step = result.stdout.splitlines()[-1]
    assert step == '下一步：按 "我的 社区/说明.md" 修改 "我的 社区/2025.yaml"，然后运行 tzreport build "我的 社区/2025.yaml"'
    # what the step says to type, typed into a shell, checks the new file
    typed = step.rpartition("然后运行 ")[2].replace("tzreport build", "tzreport check", 1)
    script = Path(sys.executable).parent / "tzreport"
    done = subprocess.run(["bash", "-c", typed.replace("tzreport", shlex.quote(str(script)), 1)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "检查通过：1 个文件没有发现问题。\n"
    header = (tmp_path / "我的 社区" / "2025.yaml").read_text(encoding="utf-8").splitlines()[3]
    assert header == '# 检查：tzreport check "我的 社区/2025.yaml"    生成报告：tzreport build "我的 社区/2025.yaml"'


def test_init_twice_keeps_the_guide_and_refuses_the_data_file(tmp_path: Path) -> None:
    run("init", tmp_path, "-u", "甲社区", "-y", "2025")
    again = run("init", tmp_path, "-u", "甲社区", "-y", "2025", "-e", "民族工作")
    assert again.exit_code == 0
    assert f"已有 {tmp_path / '说明.md'}，保持不变" in again.stdout.splitlines()
    result = run("init", tmp_path, "-u", "甲社区", "-y", "2025")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / '2025.yaml'}: 错误 文件已存在，不会覆盖：请换一个文件夹，或用 --year 换一个年度\n"
    )


def test_init_with_an_example_that_is_not_shipped_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", tmp_path / "新城街道", "--example", "区")
    assert result.exit_code == 2
    assert result.stderr == "错误 没有名为“区”的示例；本版本提供的示例：年度、民族工作、上半年、街道、区年度、发言材料\n"
    assert not (tmp_path / "新城街道").exists()


def test_init_with_a_year_that_is_not_a_number_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", tmp_path, "--year", "明年")
    assert (result.exit_code, result.stderr) == (2, "错误 年度应为整数，如 2025；实际为“明年”\n")


# ---------------------------------------------------------------- new-year


def test_new_year_writes_beside_the_source_and_never_overwrites(tmp_path: Path) -> None:
    source = tmp_path / "2023.yaml"
    shutil.copy(ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml", source)
    result = run("new-year", source)
    assert (result.exit_code, result.stdout) == (0, f"已创建 {tmp_path / '2024.yaml'}\n")
    again = run("new-year", source)
    assert again.exit_code == 1
    assert again.stderr == (
        f"{tmp_path / '2024.yaml'}: 错误 文件已存在，不会覆盖；要另起文件名，请用 -o 指定\n"
    )


def test_new_year_with_an_output_and_a_period(tmp_path: Path) -> None:
    source = tmp_path / "2023.yaml"
    source.write_text("单位: 甲社区\n年度: 2023\n", encoding="utf-8")
    result = run("new-year", source, "-o", tmp_path / "下一期.yaml", "--period", "上半年")
    assert result.exit_code == 0
    assert "年度: 2024\n期间: 上半年\n" in (tmp_path / "下一期.yaml").read_text(encoding="utf-8")
    wrong = run("new-year", source, "--period", "第一季度")
    assert (wrong.exit_code, wrong.stderr) == (
        2, "错误 期间应为“全年”“上半年”“下半年”之一，实际为“第一季度”\n"
    )


def test_new_year_of_an_invalid_file_says_where(tmp_path: Path) -> None:
    source = tmp_path / "2023.yaml"
    source.write_text("单位: 甲社区\n年度: 2023\n落款:\n  日期: 2023-02-30\n", encoding="utf-8")
    result = run("new-year", source)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{source}:4:7: 错误 落款.日期: 应为有效日期（如 2023-12-28 或 2023年12月28日），或只写到月（如 2024-03 或 2024年3月），实际为“2023-02-30”\n"
    )
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- schema


def test_schema_command_prints_the_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema.text()
    assert json.loads(result.stdout)["properties"]["单位"]["description"] == "单位名称，如“京汉新城社区”"


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / SCHEMA_FILE
    result = run("schema", "-o", target)
    assert (result.exit_code, result.stdout) == (0, f"已生成 {target}\n")
    assert target.read_text(encoding="utf-8") == schema.text()


# ---------------------------------------------------------------- templates


def test_templates_list(tmp_path: Path) -> None:
    builtin = (ROOT / "templates").resolve()
    result = run("templates", "list")
    assert result.exit_code == 0
    assert [line.replace(str(builtin), "内置目录") for line in result.stdout.splitlines()] == [
        "items.md.j2（内置）：工作事项（（一）、1.、（1））的写法",
        "  内置目录/items.md.j2",
        "report.md.j2（内置）：统战工作总结的主模板（Markdown）",
        "  内置目录/report.md.j2",
    ]
    (tmp_path / "report.md.j2").write_text("{# 我的 #}", encoding="utf-8")
    mine = run("templates", "list", "--templates", tmp_path)
    assert f"report.md.j2（自定）：统战工作总结的主模板（Markdown）\n  {tmp_path / 'report.md.j2'}\n" in mine.stdout
    missing = run("templates", "list", "--templates", tmp_path / "无")
    assert (missing.exit_code, missing.stderr) == (1, f"{tmp_path / '无'}: 错误 模板文件夹不存在\n")


def test_templates_copy(tmp_path: Path) -> None:
    result = run("templates", "copy", tmp_path / "我的模板")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"已复制 {tmp_path / '我的模板' / 'items.md.j2'}",
        f"已复制 {tmp_path / '我的模板' / 'report.md.j2'}",
        f"修改后这样使用：tzreport build 数据文件 --templates {tmp_path / '我的模板'}",
    ]
    again = run("templates", "copy", tmp_path / "我的模板", "items.md.j2")
    assert again.exit_code == 1
    assert again.stderr == f"{tmp_path / '我的模板' / 'items.md.j2'}: 错误 文件已存在，不会覆盖\n"
    assert run("templates", "copy", tmp_path, "nope.j2").exit_code == 2


def test_copied_templates_build_the_same_report(tmp_path: Path) -> None:
    example = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"
    run("templates", "copy", tmp_path / "t")
    assert run("build", example, "-f", "md", "-o", tmp_path / "a").exit_code == 0
    assert run("build", example, "-f", "md", "-o", tmp_path / "b", "--templates", tmp_path / "t").exit_code == 0
    name = "京汉新城社区2023年统战工作总结.md"
    assert (tmp_path / "a" / name).read_text(encoding="utf-8") == (tmp_path / "b" / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- from nothing to a report


def test_from_nothing_to_a_first_report(tmp_path: Path) -> None:
    """The README's 从零开始: init, change a number, build."""
    folder = tmp_path / "幸福里社区"
    assert run("init", folder, "--year", "2025").exit_code == 0
    data = folder / "2025.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("{项目: 参与人数, 数量: 200余, 单位: 人}", "{项目: 参与人数, 数量: 356, 单位: 人}")
    data.write_text(text, encoding="utf-8")
    assert run("check", data).exit_code == 0
    result = run("build", data)
    assert result.exit_code == 0, result.output
    report = (folder / "幸福里社区2025年统战工作总结.md").read_text(encoding="utf-8")
    assert report.startswith("# 幸福里社区2025年统战工作总结及2026年工作计划\n")
    assert "入户政策宣传等各项活动，全年共计10次。" in report
    assert re.search(r"等载体活动12余次。参与人数356人。", report)
    assert (folder / "幸福里社区2025年统战工作总结.docx").exists()


def test_schema_and_new_year_output_into_a_folder(tmp_path: Path) -> None:
    result = run("schema", "-o", tmp_path)
    assert (result.exit_code, result.stdout) == (0, f"已生成 {tmp_path / SCHEMA_FILE}\n")
    source = tmp_path / "2023.yaml"
    source.write_text("单位: 甲社区\n年度: 2023\n", encoding="utf-8")
    (tmp_path / "下一年").mkdir()
    result = run("new-year", source, "-o", tmp_path / "下一年")
    assert (result.exit_code, result.stdout) == (0, f"已创建 {tmp_path / '下一年' / '2024.yaml'}\n")
