"""The command line through typer's CliRunner: exit codes, messages, files written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT
from tzreport import __version__
from tzreport.cli.main import app

EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"tzreport {__version__}\n"


def test_help_is_chinese() -> None:
    result = run("build", "--help")
    assert result.exit_code == 0
    assert "校验数据文件并生成报告" in result.stdout
    assert "输出格式" in result.stdout


def test_build_writes_md_and_docx_named_after_the_report(tmp_path: Path) -> None:
    result = run("build", EXAMPLE, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        ".tzreport-manifest.json", "京汉新城社区2023年统战工作总结.docx", "京汉新城社区2023年统战工作总结.md"
    ]
    assert f"已生成 {tmp_path / names[2]}" in result.stdout


def test_build_only_markdown_beside_the_input(tmp_path: Path, write_yaml) -> None:
    data = write_yaml("单位: 甲社区\n年度: 2024\n期间: 下半年\n", "甲/2024下半年.yaml")
    result = run("build", data, "-f", "md")
    assert result.exit_code == 0, result.output
    assert [p.name for p in sorted(data.parent.iterdir())] == [
        ".tzreport-manifest.json", "2024下半年.yaml", "甲社区2024年下半年统战工作总结.md"
    ]


def test_build_of_a_report_or_a_ledger_says_to_import_it(tmp_path: Path, monkeypatch) -> None:
    """A new user's first try: `tzreport build 报告.docx` with the report they have. Files made
    by hand: a python-docx report without numbering, a GBK .txt from a web page, an .xlsx."""
    import docx
    import openpyxl

    monkeypatch.chdir(tmp_path)
    report = docx.Document()
    for text in ("幸福里社区2024年统战工作总结", "一、思想引领", "开展学习12次。"):
        report.add_paragraph(text)
    report.save(tmp_path / "报告.docx")
    report.save(tmp_path / "我的 报告.docx")
    (tmp_path / "报告.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (tmp_path / "报告.txt").write_bytes("幸福里社区2024年统战工作总结\r\n一、思想引领\r\n".encode("gbk"))
    ledger = openpyxl.Workbook()
    ledger.active.append(["日期", "活动名称", "人数"])
    ledger.save(tmp_path / "台账.xlsx")
    report_hint = "不是数据文件：build 只读数据文件（.yaml）。要从这份报告生成数据文件，请先运行 tzreport import {}，再 build 生成的 .yaml 文件"
    expected = {
        "报告.docx": "这是 Word 文档，" + report_hint.format("报告.docx"),
        "我的 报告.docx": "这是 Word 文档，" + report_hint.format('"我的 报告.docx"'),
        "报告.doc": "这是 Word 文档，" + report_hint.format("报告.doc"),
        "报告.txt": "这是文本文件，" + report_hint.format("报告.txt"),
        "台账.xlsx": "这是 Excel 表格，不是数据文件：build 只读数据文件（.yaml）。"
                     "活动台账请先导入：tzreport import 台账.xlsx（并入已有的数据文件加 --into 数据文件.yaml）",
    }
    for name, message in expected.items():
        result = run("build", name)
        assert result.exit_code == 1
        assert result.stderr == f"{name}: 错误 {message}\n"
    assert len(list(tmp_path.iterdir())) == 5  # nothing written


def test_check_says_what_a_first_data_file_means(tmp_path: Path, write_yaml) -> None:
    """A new user's first data file: the year in Chinese numerals, 主送 written as in a 公文's
    heading. Each message says what to write instead."""
    data = write_yaml("单位: 幸福里社区\n年度: 二〇二五\n主送单位: 街道党工委\n")
    result = run("check", data)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{data}:2:5: 错误 年度: 应写成 2025（只写阿拉伯数字），实际为“二〇二五”",
        f"{data}:3:1: 错误 主送单位: 未知的键“主送单位”，是否想写“主送”？",
        "检查了 1 个文件：2 个错误，0 个警告。",
    ]


def test_build_a_folder_builds_every_data_file(tmp_path: Path, write_yaml) -> None:
    write_yaml("单位: 甲社区\n年度: 2024\n", "in/a.yaml")
    write_yaml("单位: 乙社区\n年度: 2024\n", "in/sub/b.yml")
    result = run("build", tmp_path / "in", "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".tzreport-manifest.json", "乙社区2024年统战工作总结.md", "甲社区2024年统战工作总结.md"
    ]


def test_bad_file_fails_alone_with_located_message(tmp_path: Path, write_yaml) -> None:
    write_yaml("单位: 甲社区\n年度: 2024\n", "in/a.yaml")
    bad = write_yaml("单位: 乙社区\n年度: 二〇二四\n", "in/b.yaml")
    result = run("build", tmp_path / "in", "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 1
    assert f"{bad}:2:5: 错误 年度: 应写成 2024（只写阿拉伯数字），实际为“二〇二四”" in result.stderr
    assert re.search(r"^完成：1 个成功，1 个失败，0 个跳过，用时 \d+\.\d 秒。失败的数据文件：$", result.stderr, re.M)
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".tzreport-manifest.json", "甲社区2024年统战工作总结.md"
    ]


def test_invalid_file_writes_nothing(tmp_path: Path, write_yaml) -> None:
    bad = write_yaml("单位: 乙社区\n年度: 1999\n")
    result = run("build", bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    result = run("build", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: 错误 文件或文件夹不存在\n"
    (tmp_path / "empty").mkdir()
    result = run("check", tmp_path / "empty")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'empty'}: 错误 文件夹中没有数据文件（.yaml 或 .yml）\n"


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", EXAMPLE, "-f", "html,odt,rtf", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "错误 不支持的输出格式“odt、rtf”；可选：md、docx、pdf、html、xlsx\n"


def test_usage_error_exits_2() -> None:
    assert run("build").exit_code == 2
    assert run("build", EXAMPLE, "--no-such-option").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_check_ok_and_failing(write_yaml) -> None:
    result = run("check", EXAMPLE)
    assert result.exit_code == 0
    assert result.stdout == "检查通过：1 个文件没有发现问题。\n"
    bad = write_yaml("单位: 乙社区\n年度: 2024\n期间: 第三季度\n思想引领:\n  标提: x\n")
    result = run("check", bad)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3:5: 错误 期间: 应为“全年”“上半年”“下半年”之一，实际为“第三季度”",
        f"{bad}:5:3: 错误 思想引领.标提: 未知的键“标提”，是否想写“标题”？",
        "检查了 1 个文件：2 个错误，0 个警告。",
    ]


def test_python_dash_m_and_console_script() -> None:
    for command in ([sys.executable, "-m", "tzreport", "--version"],
                    [str(Path(sys.executable).parent / "tzreport"), "--version"]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0 and done.stdout == f"tzreport {__version__}\n"


def test_a_folder_where_the_output_file_goes_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "京汉新城社区2023年统战工作总结.md").mkdir()
    result = run("build", EXAMPLE, "-o", tmp_path, "-f", "md")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path / '京汉新城社区2023年统战工作总结.md'}: 错误 已有同名的文件夹，无法生成这个文件"
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["京汉新城社区2023年统战工作总结.md"]  # no temp file left


def test_a_console_in_a_chinese_code_page_never_breaks_the_output(tmp_path: Path) -> None:
    """On a Chinese Windows, output into a pipe or a file is encoded in cp936 (GBK): a unit name
    with a character GBK lacks must print as "?" rather than end in a UnicodeEncodeError."""
    data = tmp_path / "a.yaml"
    data.write_text("单位: 😀社区\n年度: 2024\n思想引领: [学习X场次]\n", encoding="utf-8")
    for encoding in ("gbk", "cp936"):
        env = {**__import__("os").environ, "PYTHONIOENCODING": encoding}
        out = tmp_path / encoding
        built = subprocess.run(
            [sys.executable, "-m", "tzreport", "build", str(data), "-f", "md", "-o", str(out),
             "--allow-draft"],
            capture_output=True, env=env,
        )
        assert built.returncode == 0, built.stderr.decode(encoding, "replace")
        assert built.stdout.decode(encoding) == f"已生成 {out / '?社区2024年统战工作总结.md'}\n"
        assert (out / "😀社区2024年统战工作总结.md").is_file()
        checked = subprocess.run([sys.executable, "-m", "tzreport", "check", str(data)],
                                 capture_output=True, env=env)
        assert checked.returncode == 1
        assert "错误 TZ101" in checked.stderr.decode(encoding)
        assert b"Traceback" not in checked.stderr + built.stderr


def test_help_lists_the_commands_in_the_order_a_user_meets_them() -> None:
    listed = re.findall(r"^  ([a-z][a-z-]*)  ", run("--help").stdout.split("命令：")[1], re.M)
    assert listed == ["build", "edit", "check", "import", "export", "init", "new-year", "preview", "schema", "templates"]
