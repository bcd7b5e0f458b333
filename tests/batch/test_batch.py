"""Folder builds: which YAML files are data files, builds in parallel processes, what is
printed on a terminal and off it, the summary, and a bad file failing alone."""

from __future__ import annotations

import io
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.batch import pool
from tzreport.cli import build
from tzreport.cli.main import app
from tzreport.data import headers
from tzreport.errors import DataError, Diagnostic

runner = CliRunner()
SUMMARY = re.compile(r"^完成：(\d+) 个成功，(\d+) 个失败，(\d+) 个跳过，用时 \d+\.\d 秒。(?:失败的数据文件：)?$")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    ("text", "is_data"),
    [
        ("单位: 甲社区\n年度: 2024\n", True),
        ("unit: 甲社区\nyear: 2024\n", True),
        ('"单位": 甲社区\n', True),
        ("\ufeff# 注释\n单位: 甲社区\n", True),
        ("单位：甲社区\n年度：2024\n", True),  # Chinese colons: a data file with mistakes
        ("单位:甲社区\n", True),  # no space after the colon: likewise
        ("# 单位: 甲社区\n页边距: 28\n", False),  # a comment
        ("layout:\n  单位: mm\n", False),  # not at the top level
        ("name: ci\non: push\njobs:\n  test:\n    unit: x\n", False),  # a CI workflow
        ("- 单位: 甲社区\n", False),  # a list
        ("", False),
    ],
)
def test_a_data_file_has_a_top_level_unit(tmp_path: Path, text: str, is_data: bool) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert headers.is_data_file(path) is is_data


def test_a_file_that_is_not_utf8_counts_as_data_so_its_error_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("单位: 甲社区\n".encode("gbk"))
    assert headers.is_data_file(path)


def make_folder(root: Path) -> Path:
    folder = root / "in"
    for name, text in {
        "a社区.yaml": "单位: a社区\n年度: 2024\n",
        "b社区.yaml": "单位: b社区\n年度: 二〇二四\n",
        "c社区/2024.yml": "单位: c社区\n年度: 2024\n",
        "layout.yaml": "页边距: 28\n",
        ".github/workflows/ci.yml": "单位: 不是数据\n",  # a hidden folder is not searched
    }.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_plain_lines_off_a_terminal(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    out = tmp_path / "out"
    result = run("build", folder, "-o", out, "-f", "md", "-j", "2")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"已生成 {out / 'a社区2024年统战工作总结.md'}",
        f"已生成 {out / 'c社区2024年统战工作总结.md'}",
    ]
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        f"{folder / 'layout.yaml'}: 提示 跳过：不是数据文件（没有顶格书写的“单位:”）",
        f"{folder / 'b社区.yaml'}:2:5: 错误 年度: 应写成 2024（只写阿拉伯数字），实际为“二〇二四”",
    ]
    assert SUMMARY.match(lines[2]).groups() == ("2", "1", "1")
    assert lines[3:] == [f"  {folder / 'b社区.yaml'}"]  # the failed files, listed
    assert sorted(p.name for p in out.iterdir() if p.name[0] != ".") == ["a社区2024年统战工作总结.md", "c社区2024年统战工作总结.md"]


def test_summary_on_stdout_when_all_is_well(tmp_path: Path, write_yaml) -> None:
    write_yaml("单位: 甲社区\n年度: 2024\n", "in/a.yaml")
    write_yaml("单位: 乙社区\n年度: 2024\n", "in/b.yaml")
    result = run("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0 and result.stderr == ""
    assert SUMMARY.match(result.stdout.splitlines()[-1]).groups() == ("2", "0", "0")
    # one file's lines say it all: no summary
    one = run("build", tmp_path / "in" / "a.yaml", "-o", tmp_path / "out1")
    assert not SUMMARY.match(one.stdout.splitlines()[-1])


def test_parallel_and_serial_builds_write_the_same_files(tmp_path: Path) -> None:
    examples = ROOT / "examples"
    for jobs in ("1", "3"):
        result = run("build", examples, "-o", tmp_path / jobs, "-f", "md", "-j", jobs)
        assert result.exit_code == 0, result.output
    # the reports, not the manifest of what was written (.tzreport-manifest.json)
    serial = {p.name: p.read_bytes() for p in (tmp_path / "1").iterdir() if p.name[0] != "."}
    parallel = {p.name: p.read_bytes() for p in (tmp_path / "3").iterdir() if p.name[0] != "."}
    assert serial == parallel and len(serial) == 15


def test_examples_build_without_name_collisions(tmp_path: Path) -> None:
    """make demo: every example, the 新城街道 roll-up and its members each as a report of its own."""
    result = run("build", ROOT / "examples", "-o", tmp_path, "-j", "2")
    assert result.exit_code == 0, result.output
    # examples/ci/github-actions.yml is not a data file: skipped
    assert SUMMARY.match(result.stdout.splitlines()[-1]).groups() == ("15", "0", "1")
    names = {p.name for p in tmp_path.iterdir() if p.name[0] != "."}  # not the manifest
    assert len(names) == 30
    assert {"新城街道2024年统战工作总结.docx", "河畔花园社区2024年统战工作总结.docx",
            "河畔花园社区2023年统战工作总结.md"} <= names


def test_two_files_of_one_report_the_later_fails_in_parallel_too(tmp_path: Path, write_yaml) -> None:
    first = write_yaml("单位: 甲社区\n年度: 2024\n", "in/1.yaml")
    second = write_yaml("单位: 甲社区\n年度: 2024\n", "in/2.yaml")
    result = run("build", tmp_path / "in", "-o", tmp_path / "out", "-f", "md", "-j", "2")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{second}: 错误 与 {first} 要生成同一个文件“甲社区2024年统战工作总结.md”；"
        "请检查两个文件的“单位”“年度”“期间”“类型”"
    )


def test_two_paths_to_one_folder_are_one_place(tmp_path: Path, write_yaml) -> None:
    # a folder reached through a link: its reports land in the same files as the folder's
    first = write_yaml("单位: 甲社区\n年度: 2024\n", "in/1.yaml")
    (tmp_path / "link").symlink_to(tmp_path / "in", target_is_directory=True)
    result = run("build", first, tmp_path / "link" / "1.yaml", "-f", "md")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path / 'link' / '1.yaml'}: 错误 与 {first} 要生成同一个文件“甲社区2024年统战工作总结.md”；"
        "请检查两个文件的“单位”“年度”“期间”“类型”"
    )


def test_jobs_must_be_at_least_one(tmp_path: Path, write_yaml) -> None:
    result = run("build", write_yaml("单位: 甲社区\n年度: 2024\n"), "-j", "0")
    assert result.exit_code == 2


def test_a_folder_of_yaml_that_is_not_data(tmp_path: Path) -> None:
    (tmp_path / "layout.yaml").write_text("页边距: 28\n", encoding="utf-8")
    result = run("build", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path}: 错误 文件夹中没有数据文件（.yaml 或 .yml）；其中的 1 个 YAML 文件都没有“单位”，不是数据文件\n"
    )


def test_check_skips_the_same_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "b社区.yaml").unlink()
    result = run("check", folder)
    assert result.exit_code == 0
    assert result.stdout == "检查通过：2 个文件没有发现问题。\n"
    assert result.stderr == f"{folder / 'layout.yaml'}: 提示 跳过：不是数据文件（没有顶格书写的“单位:”）\n"


def test_discover_orders_files_by_path_and_lists_skipped(tmp_path: Path) -> None:
    found = pool.discover([make_folder(tmp_path)])
    assert [p.name for p in found.files] == ["a社区.yaml", "b社区.yaml", "2024.yml"]
    assert [p.name for p in found.skipped] == ["layout.yaml"]


def test_errors_cross_process_boundaries_intact(tmp_path: Path) -> None:
    error = DataError([Diagnostic(tmp_path / "a.yaml", 2, 5, "应为整数", "年度")])
    again = pickle.loads(pickle.dumps(error))
    assert again.lines() == error.lines() == [f"{tmp_path / 'a.yaml'}:2:5: 错误 年度: 应为整数"]


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    screen = io.StringIO()
    display = build._Display(terminal=True, console=Console(file=screen, force_terminal=True, width=100))
    files = [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    display.start(pool.Found(files=files, skipped=[tmp_path / "layout.yaml"]))
    display.done(files[0], [tmp_path / "a.md"], None)
    assert "1/2" in screen.getvalue()
    display.done(files[1], [], DataError([Diagnostic(files[1], 1, 1, "文件是空的")]))
    display.close()
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "2/2" in shown and "生成报告" in shown
    for line in (f"{tmp_path / 'layout.yaml'}: 提示 跳过", f"已生成 {tmp_path / 'a.md'}",
                 f"{files[1]}:1:1: 错误 文件是空的"):
        assert line in shown


def test_one_file_or_no_terminal_gets_no_bar_and_no_rich(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    probe = (
        "import sys\n"
        "from tzreport.cli.main import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('rich' in {m.split('.')[0] for m in sys.modules})\n"
    )
    args = ["build", str(folder), "-o", str(tmp_path / "out"), "-f", "md", "-j", "1"]
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "False", done.stderr
    single = build._Display(terminal=True)
    single.start(pool.Found(files=[folder / "a社区.yaml"]))
    assert single.bar is None  # a bar for one file would only flash
