"""A file name is shown, never obeyed: its control characters (ESC, BEL, a newline) reach no
line we print and no file we write unescaped; and a message names its file once, under that
file's own name ("报告.docx: 错误 版式.yaml: 错误 …" said the file twice)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app
from tzreport.errors import Diagnostic, InputError, as_diagnostic, shown

runner = CliRunner()
HOSTILE = "a\x1b]0;pwned\x07\x1b[31m红\nb"  # retitles the window, rings, recolours, splits the line


def test_shown_escapes_what_a_terminal_would_obey() -> None:
    assert shown(Path("京汉/2024.yaml")) == "京汉/2024.yaml"
    assert shown(HOSTILE) == "a\\x1b]0;pwned\\x07\\x1b[31m红\\nb"
    assert shown("\u202eexe.txt") == "\\u202eexe.txt"


def test_a_newline_in_a_file_name_does_not_split_checks_line(tmp_path: Path) -> None:
    source = tmp_path / f"{HOSTILE}.yaml"
    source.write_text("单位: 甲社区\n年度: 二〇二四\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(source)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "错误" in line and "检查了" not in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{tmp_path}/a\\x1b]0;pwned\\x07\\x1b[31m红\\nb.yaml:2:")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_an_imported_file_names_its_source_escaped(tmp_path: Path) -> None:
    source = tmp_path / f"{HOSTILE}.txt"
    source.write_text("幸福里社区2024年统战工作总结\n一、思想引领\n开展学习活动10次。\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "导入")])
    assert result.exit_code == 0, result.output
    [written] = (tmp_path / "导入").glob("*.yaml")
    text = written.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# 由 tzreport import 从“a\\x1b]0;pwned\\x07\\x1b[31m红\\nb.txt”导入（" + first.split("（")[1]
    assert not any(c in text for c in "\x1b\x07")
    assert text.splitlines()[1].startswith("# 文字和数字都取自原文")  # the name took one line
    yaml.load(text, Loader=yaml.Loader)  # a raw ESC made the file unreadable to a YAML reader
    assert runner.invoke(app, ["check", str(written)]).exit_code in (0, 1)


def test_a_message_about_another_file_is_said_under_its_name_once(tmp_path: Path) -> None:
    import docx

    report = tmp_path / "报告.docx"
    document = docx.Document()
    document.add_paragraph("幸福里社区2024年统战工作总结")
    document.save(str(report))
    result = runner.invoke(app, ["check", str(report), "--layout", str(tmp_path / "无此版式.yaml")])
    said = [line for line in result.stderr.splitlines() if "错误" in line]
    assert said[0] == f"{tmp_path / '无此版式.yaml'}: 错误 版式文件不存在", said
    assert said[0].count("错误") == 1


def test_as_diagnostic_keeps_the_file_a_message_names() -> None:
    mine = Path("报告.docx")
    assert as_diagnostic(InputError("报告.docx: 错误 Word 文档已损坏"), mine) == Diagnostic(mine, 0, 0, "Word 文档已损坏")
    assert as_diagnostic(InputError("模板/report.md.j2:3: 错误 变量没有定义"), mine) == Diagnostic(
        Path("模板/report.md.j2"), 3, 0, "变量没有定义")
    other = as_diagnostic(InputError("模板/report.md.j2:3:5: 错误 变量没有定义"), mine)
    assert (other.path, other.line, other.column, other.message) == (Path("模板/report.md.j2"), 3, 5, "变量没有定义")
    assert str(other) == "模板/report.md.j2:3:5: 错误 变量没有定义"
    assert as_diagnostic(InputError("没有路径的话"), mine) == Diagnostic(mine, 0, 0, "没有路径的话")


def test_the_example_still_checks(tmp_path: Path) -> None:
    data = shutil.copy(ROOT / "examples" / "出头岭镇" / "2021上半年.yaml", tmp_path / "2023.yaml")
    assert runner.invoke(app, ["check", str(data)]).exit_code == 0


def test_check_as_json_names_a_hostile_file_in_valid_json(tmp_path: Path) -> None:
    import json

    source = tmp_path / "a\x9b31m\u202eb\x1b.yaml"  # C1 CSI, a right-to-left override, ESC
    source.write_text("单位: 甲社区\n年度: 二〇二四\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", str(source)])
    assert not any(c in result.stdout for c in "\x9b\u202e\x1b")
    [finding] = json.loads(result.stdout)  # the escapes are JSON's: the name reads back whole
    assert finding["file"] == str(source)


# Every character that ends a line somewhere: a terminal, Python's splitlines, an editor.
BREAKS = "甲\n乙\r丙\u2028丁\x85戊\u2029己"
BREAKS_SHOWN = "甲\\n乙\\r丙\\u2028丁\\x85戊\\u2029己"


def _one_line_each(result: object, *said: str) -> None:
    """No line break of the name reached the output, and each message naming it is one line."""
    output = result.stdout + result.stderr  # type: ignore[attr-defined]
    assert not any(c in output for c in "\r\u2028\x85\u2029"), output
    lines = output.split("\n")
    for message in said:
        assert any(message in line for line in lines), output
    assert all(line.count(BREAKS_SHOWN) == line.count("甲") for line in lines), output


def test_every_command_keeps_a_message_with_a_broken_file_name_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / BREAKS
    folder.mkdir()
    data = folder / "2023.yaml"
    shutil.copy(ROOT / "examples" / "新城街道" / "富力新城社区" / "2023.yaml", data)
    shown_folder = f"{tmp_path}/{BREAKS_SHOWN}"

    built = runner.invoke(app, ["build", str(data), "-f", "md", "-j", "1"])
    assert built.exit_code == 0, built.output
    _one_line_each(built, f"已生成 {shown_folder}/")

    exported = runner.invoke(app, ["export", str(data), "-o", str(folder / "台账.xlsx")])
    assert exported.exit_code == 0, exported.output
    _one_line_each(exported, f"已导出 {shown_folder}/台账.xlsx")

    imported = runner.invoke(app, ["import", str(folder / "台账.xlsx"), "--into", str(data)])
    assert imported.exit_code == 0, imported.output
    _one_line_each(imported, f"{shown_folder}/2023.yaml 中已有这些活动，没有添加")

    damaged = folder / "坏.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really")
    refused = runner.invoke(app, ["import", str(damaged), "-o", str(tmp_path / "导入")])
    assert refused.exit_code == 1
    _one_line_each(refused, f"{shown_folder}/坏.xlsx: 错误 无法读取表格")

    nextyear = runner.invoke(app, ["new-year", str(data)])
    assert nextyear.exit_code == 0, nextyear.output
    _one_line_each(nextyear, f"{shown_folder}/2024.yaml")

    started = runner.invoke(app, ["init", str(folder / "幸福里社区"), "--year", "2025"])
    assert started.exit_code == 0, started.output
    _one_line_each(started, f"已创建 {shown_folder}/幸福里社区")

    missing = runner.invoke(app, ["build", str(folder / "无此文件.yaml")])
    assert missing.exit_code == 1
    _one_line_each(missing, f"{shown_folder}/无此文件.yaml")
