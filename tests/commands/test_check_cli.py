"""`tzreport check` and the draft rule of `tzreport build` on the command line: output
formats, exit codes, options, and what a folder walk passes over."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app

runner = CliRunner()
HEAD = "单位: 甲社区\n年度: 2024\n"
WARNED = HEAD + "存在问题:\n  - 宣传不够,参与不多\n"
DRAFT = HEAD + "思想引领:\n  工作:\n    - 标题: 加强学习\n      内容: 开展学习活动X场次。\n"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


# ---------------------------------------------------------------- exit codes and text output


def test_warnings_are_shown_but_pass_unless_strict(write_yaml) -> None:
    path = write_yaml(WARNED)
    result = run("check", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path}:4:9: 警告 TZ201 存在问题[0]: 中文里用了半角“,”，应改为全角“，”",
        "检查了 1 个文件：0 个错误，1 个警告。",
    ]
    assert result.stdout == ""
    assert run("check", path, "--strict").exit_code == 1


def test_errors_fail(write_yaml) -> None:
    path = write_yaml(DRAFT)
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:6:17: 错误 TZ101 思想引领.工作[0].内容: 未填的占位符：“X场次”中的“X”，请填写实际内容"
    )


def test_a_clean_file_passes_even_strict(write_yaml) -> None:
    result = run("check", write_yaml(HEAD + "存在问题: [宣传不够]\n"), "--strict")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "检查通过：1 个文件没有发现问题。\n", "")


def test_select_and_ignore_on_the_command_line(write_yaml) -> None:
    path = write_yaml(DRAFT.replace("。", ",的的。"))
    codes = lambda *args: [line.split()[2] for line in run("check", path, *args).stderr.splitlines()[:-1]]  # noqa: E731
    assert codes() == ["TZ101", "TZ201", "TZ301"]
    assert codes("--select", "TZ2", "--select", "TZ3") == ["TZ201", "TZ301"]
    assert codes("--ignore", "TZ101,TZ301") == ["TZ201"]
    assert run("check", path, "--ignore", "TZ101").exit_code == 0


def test_usage_errors_exit_2(write_yaml) -> None:
    path = write_yaml(HEAD)
    result = run("check", path, "--format", "xml")
    assert (result.exit_code, result.stderr) == (2, "错误 不支持的输出格式“xml”；可选：text、json、github\n")
    result = run("check", path, "--select", "TZ999")
    assert result.exit_code == 2
    assert result.stderr == "错误 未知的检查代码“TZ999”；代码见说明文档 docs/检查规则.md，如 TZ101、TZ2\n"


# ---------------------------------------------------------------- JSON and GitHub formats


def test_json_lists_every_finding_with_its_fix(write_yaml) -> None:
    path = write_yaml(DRAFT.replace("。", ",。"))
    result = run("check", path, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == [
        {
            "file": str(path), "line": 6, "column": 17, "end_line": 6, "end_column": 18,
            "level": "错误", "severity": "error", "code": "TZ101", "field": "思想引领.工作[0].内容",
            "message": "未填的占位符：“X场次”中的“X”，请填写实际内容", "fix": None,
        },
        {
            "file": str(path), "line": 6, "column": 20, "end_line": 6, "end_column": 21,
            "level": "警告", "severity": "warning", "code": "TZ201", "field": "思想引领.工作[0].内容",
            "message": "中文里用了半角“,”，应改为全角“，”", "fix": "，",
        },
        {
            "file": str(path), "line": 6, "column": 20, "end_line": 6, "end_column": 22,
            "level": "警告", "severity": "warning", "code": "TZ202", "field": "思想引领.工作[0].内容",
            "message": "标点重复“,。”，只留一个“。”", "fix": "。",
        },
    ]


def test_json_carries_validation_errors_without_a_code(write_yaml) -> None:
    path = write_yaml("单位: 甲社区\n年度: 二〇二四\n")
    result = run("check", path, "--format", "json")
    assert result.exit_code == 1
    (row,) = json.loads(result.stdout)
    assert (row["line"], row["column"], row["code"], row["field"], row["level"]) == (2, 5, None, "年度", "错误")


def test_a_clean_check_in_json_is_an_empty_list(write_yaml) -> None:
    result = run("check", write_yaml(HEAD), "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_github_format_makes_annotations(write_yaml) -> None:
    path = write_yaml(WARNED)
    result = run("check", path, "--format", "github")
    assert result.stdout.splitlines() == [
        f"::warning file={path},line=4,col=9,title=TZ201 中文里的半角标点::存在问题[0]: 中文里用了半角“,”，应改为全角“，”"
    ]


# ---------------------------------------------------------------- folders and terms files


def test_a_folder_check_passes_over_other_yaml_with_a_note(write_yaml, tmp_path: Path) -> None:
    write_yaml(HEAD, "repo/2024.yaml")
    workflow = write_yaml("name: 检查\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n", "repo/ci/check.yml")
    write_yaml("叠词: [研究研究]\n", "repo/tzreport-terms.yaml")
    result = run("check", tmp_path / "repo")
    assert result.exit_code == 0
    assert result.stdout == "检查通过：1 个文件没有发现问题。\n"
    assert result.stderr == f"{workflow}: 提示 跳过：不是数据文件（没有顶格书写的“单位:”）\n"


def test_a_terms_file_named_on_the_command_line_is_checked_as_one(write_yaml) -> None:
    terms = write_yaml("错误用语:\n  - {错: 甲, 正: 乙, 级别: 严重}\n", "tzreport-terms.yaml")
    result = run("check", terms)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{terms}:2:22: 错误 错误用语[0].级别: 应为“错误”或“警告”，实际为“严重”"


def test_a_wrong_terms_file_is_reported_once_for_a_folder(write_yaml, tmp_path: Path) -> None:
    write_yaml(HEAD, "repo/a.yaml")
    write_yaml(HEAD.replace("甲", "乙"), "repo/b.yaml")
    write_yaml("叠词: 研究研究\n", "repo/tzreport-terms.yaml")
    result = run("check", tmp_path / "repo")
    assert result.exit_code == 1
    assert result.stderr.count("叠词: 应为列表") == 1


# ---------------------------------------------------------------- build refuses drafts


def test_build_refuses_a_draft_and_writes_nothing(write_yaml, tmp_path: Path) -> None:
    path = write_yaml(DRAFT)
    result = run("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:6:17: 错误 TZ101 思想引领.工作[0].内容: 未填的占位符：“X场次”中的“X”，请填写实际内容",
        f"{path}: 提示 这份数据还没有写完，不能生成正式报告：请改正以上错误；确需先出稿时，加 --allow-draft 生成征求意见稿",
    ]
    assert not (tmp_path / "out").exists()


def test_build_ignores_warnings(write_yaml, tmp_path: Path) -> None:
    result = run("build", write_yaml(WARNED), "-o", tmp_path, "-f", "md")
    assert result.exit_code == 0
    assert (tmp_path / "甲社区2024年统战工作总结.md").read_text(encoding="utf-8").startswith(
        "# 甲社区2024年统战工作总结\n"
    )


def test_allow_draft_builds_with_the_title_marked(write_yaml, tmp_path: Path) -> None:
    result = run("build", write_yaml(DRAFT), "-o", tmp_path, "--allow-draft")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "甲社区2024年统战工作总结.md").read_text(encoding="utf-8")
    assert md.startswith("# 甲社区2024年统战工作总结（征求意见稿）\n")
    assert "开展学习活动X场次。" in md
    title = docx.Document(str(tmp_path / "甲社区2024年统战工作总结.docx")).paragraphs[0].text
    assert title.replace("\n", "") == "甲社区2024年统战工作总结（征求意见稿）"


def test_a_suppressed_placeholder_is_not_a_draft(write_yaml, tmp_path: Path) -> None:
    path = write_yaml(DRAFT.replace("X场次。", "X场次。  # tzreport: ignore TZ101"))
    assert run("build", path, "-o", tmp_path, "-f", "md").exit_code == 0


def test_build_of_the_examples_folder_passes_over_the_ci_workflow(tmp_path: Path) -> None:
    result = run("build", ROOT / "examples", "-o", tmp_path, "-f", "md")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.md"))) == len(list((ROOT / "examples").rglob("*.yaml")))
    assert result.stderr == f"{ROOT / 'examples' / 'ci' / 'github-actions.yml'}: 提示 跳过：不是数据文件（没有顶格书写的“单位:”）\n"
