"""click's own words in Chinese, for every command: the help's headings, and the usage errors
("No such command", "Missing argument", "Invalid value", "No such option", "Got unexpected
extra argument"), as the command line prints them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzreport.cli.main import app

runner = CliRunner()

USAGE = {
    "build": "tzreport build [选项] {路径...}...",
    "check": "tzreport check [选项] [路径...]...",
    "import": "tzreport import [选项] {文件...}...",
    "init": "tzreport init [选项] {文件夹}",
    "new-year": "tzreport new-year [选项] {数据文件}",
    "preview": "tzreport preview [选项] {路径}",
    "schema": "tzreport schema [选项]",
    "templates list": "tzreport templates list [选项]",
    "templates copy": "tzreport templates copy [选项] {文件夹} [模板名...]...",
}
# What click and typer print in English when left alone.
ENGLISH = re.compile(r"Usage|Options|Arguments|Commands|Error|Try |for help|Missing|Invalid|No such|"
                     r"unexpected|required|default:|Show this|<list|<path>|\[OPTIONS\]|COMMAND|ARGS")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("command", list(USAGE))
def test_help_has_no_english_of_click(command: str) -> None:
    result = run(*command.split(), "-h")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"用法：{USAGE[command]}\n")
    assert "选项：\n" in result.stdout
    assert ENGLISH.findall(result.stdout) == []


def test_main_help_has_no_english_of_click() -> None:
    for args in (["-h"], ["--help"], ["templates", "-h"]):
        result = run(*args)
        assert result.exit_code == 0
        assert ENGLISH.findall(result.stdout) == []
    assert run("-h").stdout.startswith("用法：tzreport [选项] 命令 [参数]...\n")
    assert "\n命令：\n  build " in run("-h").stdout


def test_notes_after_an_option_are_in_chinese() -> None:
    out = run("build", "-h").stdout
    assert "[默认：md,docx]" in out
    assert "[不小于1]" in out
    assert "数据文件（.yaml），或包含数据文件的文件夹；可写多个。  [必填]" in out


@pytest.mark.parametrize("command", list(USAGE))
def test_an_unknown_option_is_said_in_chinese_for_every_command(command: str) -> None:
    result = run(*command.split(), "--no-such")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"用法：{USAGE[command]}",
        f"运行 tzreport {command} -h 查看帮助。",
        "",
        "错误 没有“--no-such”这个选项",
    ]


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (["bulid", "2025.yaml"], "tzreport [选项] 命令 [参数]...", "没有“bulid”这个命令；是否想写“build”？"),
        (["templates", "show"], "tzreport templates [选项] 命令 [参数]...", "没有“show”这个命令"),
        (["-x"], "tzreport [选项] 命令 [参数]...", "没有“-x”这个选项"),
        (["build"], USAGE["build"], "缺少参数“路径...”"),
        (["init"], USAGE["init"], "缺少参数“文件夹”"),
        (["build", "--formt", "md", "a.yaml"], USAGE["build"], "没有“--formt”这个选项；是否想写“--force”、“--format”？"),
        (["build", "--fo", "a.yaml"], USAGE["build"], "没有“--fo”这个选项；是否想写“--force”、“--format”、“--jobs”？"),
        (["build", "-j", "两", "a.yaml"], USAGE["build"], "“--jobs / -j”的值不对：应为整数"),
        (["build", "-j", "0", "a.yaml"], USAGE["build"], "“--jobs / -j”的值不对：不能小于1"),
        (["preview", "--port", "八千", "a.yaml"], USAGE["preview"], "“--port / -p”的值不对：应为整数"),
        # a folder with a space, not quoted: two arguments
        (["init", "我的", "社区"], USAGE["init"], "多出了参数：社区（路径中有空格时，要用英文双引号把整个路径括起来）"),
        (["schema", "a", "b"], USAGE["schema"], "多出了参数：a b（路径中有空格时，要用英文双引号把整个路径括起来）"),
    ],
)
def test_usage_errors_are_said_in_chinese(args: list[str], usage: str, message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    command = usage.partition(" [选项]")[0]  # the command whose usage is shown
    assert result.stderr.splitlines() == [f"用法：{usage}", f"运行 {command} -h 查看帮助。", "", f"错误 {message}"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "a.yaml", "-o"], "错误 选项“-o”后面要写一个值"),
        (["build", "--allow-draft=1", "a.yaml"], "错误 选项“--allow-draft”后面不能写值"),
    ],
)
def test_option_value_errors_are_said_in_chinese(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
    assert ENGLISH.findall(result.stderr) == []


def test_a_bare_group_shows_its_help_and_exits_2() -> None:
    result = run("templates")
    assert result.exit_code == 2
    assert result.stderr.startswith("用法：tzreport templates [选项] 命令 [参数]...\n")


def test_the_installed_command_says_it_in_chinese(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "tzreport"
    done = subprocess.run([str(script), "bulid", "2025.yaml"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "用法：tzreport [选项] 命令 [参数]...\n运行 tzreport -h 查看帮助。\n\n错误 没有“bulid”这个命令；是否想写“build”？\n"
    )
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "tzreport 0.1.0\n")


def test_a_hostile_command_name_is_shown_not_sent_to_the_terminal() -> None:
    result = run("\x1b[31mbuild")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "错误 没有“\\x1b[31mbuild”这个命令；是否想写“build”？"
