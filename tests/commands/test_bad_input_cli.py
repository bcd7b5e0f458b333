"""Every kind of bad input, through the command line: exit code 1, one exact Chinese message
per problem on stderr (file, line, column, field), no traceback, and no file written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzreport.cli.main import app

runner = CliRunner()

# name → (bytes of data.yaml, stderr lines with {p} for the file's path)
CASES: dict[str, tuple[bytes, list[str]]] = {
    "syntax-error": (
        "单位: 甲社区\n年度: [2024\n".encode(),
        ["{p}:2:5: 错误 YAML 格式错误：“[”没有对应的“]”：请补上“]”；若是以“[”开头的文字，请把整段文字用引号括起来"],
    ),
    "tab-indentation": (
        "单位: 甲社区\n年度: 2024\n存在问题:\n\t- 认识不到位\n".encode(),
        ["{p}:4:1: 错误 YAML 格式错误：不能用 Tab 键缩进或分隔，请改用空格"],
    ),
    "unknown-key": (
        "单位: 甲社区\n年度: 2024\n落款:\n  署名人: 甲社区党委\n".encode(),
        ["{p}:4:3: 错误 落款.署名人: 未知的键“署名人”，是否想写“署名”？"],
    ),
    "wrong-type": (
        "单位: 甲社区\n年度: 二〇二四\n".encode(),
        ["{p}:2:5: 错误 年度: 应写成 2024（只写阿拉伯数字），实际为“二〇二四”"],
    ),
    "negative-number": (
        "单位: 甲社区\n年度: 2024\n概况:\n  - {项目: 少数民族群众, 数量: -5}\n".encode(),
        ["{p}:4:22: 错误 概况[0].数量: 应为非负整数，或“150余”“3万”“1.2万余”这样的约数，实际为“-5”"],
    ),
    "year-out-of-range": (
        "单位: 甲社区\n年度: 1999\n".encode(),
        ["{p}:2:5: 错误 年度: 不能小于2000，实际为“1999”"],
    ),
    "period-out-of-range": (
        "单位: 甲社区\n年度: 2024\n期间: 第三季度\n".encode(),
        ["{p}:3:5: 错误 期间: 应为“全年”“上半年”“下半年”之一，实际为“第三季度”"],
    ),
    "invalid-date": (
        "单位: 甲社区\n年度: 2024\n落款:\n  日期: 2024-02-30\n".encode(),
        ["{p}:4:7: 错误 落款.日期: 应为有效日期（如 2023-12-28 或 2023年12月28日），或只写到月（如 2024-03 或 2024年3月），实际为“2024-02-30”"],
    ),
    "duplicate-key": (
        "单位: 甲社区\n年度: 2024\n年度: 2025\n".encode(),
        ["{p}:3:1: 错误 年度: 重复的键“年度”：第2行和第3行都写了，只能保留一个"],
    ),
    "empty-file": (b"", ["{p}:1:1: 错误 文件是空的：至少要写“单位”和“年度”"]),
    "not-a-mapping": (
        "甲社区 2024年\n".encode(),
        ["{p}:1:1: 错误 文件最外层应是“键: 值”的形式，如“单位: 京汉新城社区”"],
    ),
    "binary-file": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        ["{p}: 错误 这是图片文件，不能作为数据文件：数据文件是用记事本等文本编辑器编写的 .yaml 文本文件"],
    ),
    "garbage-bytes": (
        b"\xff\x80\x81\xfe\x00\x13\x37" * 20,
        ["{p}: 错误 这不是文本文件（可能是图片、压缩包或其他程序的文件），不能作为数据文件："
         "数据文件是用记事本等文本编辑器编写的 .yaml 文本文件"],
    ),
    "undecodable-text": (
        b"unit: \x80\xff\n",
        ["{p}:1:7: 错误 无法识别文件的编码（既不是 UTF-8，也不是 GBK）：如果这是数据文件，请在记事本中“另存为”，编码选择 UTF-8"],
    ),
    "deeper-than-four-levels": (
        "单位: 甲社区\n年度: 2024\n思想引领:\n  工作:\n    - 标题: 二级\n      工作:\n"
        "        - 标题: 三级\n          工作:\n            - 标题: 四级\n              工作:\n"
        "                - 标题: 五级\n".encode(),
        ["{p}:10:15: 错误 思想引领.工作[0].工作[0].工作[0].工作: "
         "层级过深：工作事项最多分四级（一、（一）1.（1）），第四级下不能再写“工作”"],
    ),
    "missing-required-keys": (
        "期间: 全年\n".encode(),
        ["{p}:1:1: 错误 单位: 缺少必填项“单位”", "{p}:1:1: 错误 年度: 缺少必填项“年度”"],
    ),
    "python-tag": (
        "单位: 甲社区\n年度: !!python/object/apply:os.system [\"touch hacked\"]\n".encode(),
        ["{p}:2:5: 错误 年度: 不能使用 YAML 标签“!!python/object/apply:os.system”：数据文件里只能写文字、列表和“键: 值”"],
    ),
    "alias-bomb": (
        ("a: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )).encode(),
        ["{p}:1:4: 错误 文件内容展开后过大（超过2万项）：“*”引用（别名）使内容成倍增加，请直接写出各项"],
    ),
    "too-large": (
        "单位: 甲社区\n年度: 2024\n结语: ".encode() + "统战".encode() * 200_000,
        ["{p}: 错误 文件太大：数据文件不能超过 1 MB（一份报告的数据通常只有几十 KB），请检查是否选错了文件"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
@pytest.mark.parametrize("command", ["build", "check"])
def test_bad_input_exit_1_exact_message_nothing_written(tmp_path: Path, case: str, command: str) -> None:
    raw, expected = CASES[case]
    source = tmp_path / "in" / "data.yaml"
    source.parent.mkdir()
    source.write_bytes(raw)
    args = [command, str(source)] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    if command == "check":  # check ends with a count of what it found
        assert re.fullmatch(r"检查了 1 个文件：\d+ 个错误，\d+ 个警告。", lines.pop())
    assert lines == [line.format(p=source) for line in expected]
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["data.yaml", "in"]


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "没有.yaml"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / '没有.yaml'}: 错误 文件或文件夹不存在\n"
    assert list(tmp_path.iterdir()) == []


def test_folder_with_no_data_files(tmp_path: Path) -> None:
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "总结.docx").write_bytes(b"PK\x03\x04")
    (folder / "说明.txt").write_text("单位: 甲社区", encoding="utf-8")
    result = runner.invoke(app, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"{folder}: 错误 文件夹中没有数据文件（.yaml 或 .yml）\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["总结.docx", "材料", "说明.txt"]


def test_one_missing_path_among_several_builds_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(good), str(tmp_path / "typo.yaml"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'typo.yaml'}: 错误 文件或文件夹不存在\n"
    assert not (tmp_path / "out").exists()


def test_gbk_file_builds_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "data.yaml"
    source.write_bytes("单位: 甲社区\n年度: 2024\n".encode("gbk"))
    result = runner.invoke(app, ["build", str(source), "-o", str(tmp_path / "out"), "-f", "md"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"{source}:1:1: 警告 文件是 GBK 编码（记事本中的“ANSI”），已按 GBK 读取；建议在记事本中“另存为”，编码选择 UTF-8\n"
    )
    out = tmp_path / "out" / "甲社区2024年统战工作总结.md"
    assert result.stdout == f"已生成 {out}\n"
    assert out.read_text(encoding="utf-8").startswith("# 甲社区2024年统战工作总结\n")


def test_utf8_bom_is_accepted_silently(tmp_path: Path) -> None:
    source = tmp_path / "data.yaml"
    source.write_bytes("单位: 甲社区\n年度: 2024\n".encode("utf-8-sig"))
    result = runner.invoke(app, ["build", str(source), "-o", str(tmp_path / "out"), "-f", "md"])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_control_characters_build_with_a_warning_and_a_valid_docx(tmp_path: Path) -> None:
    from docx import Document

    source = tmp_path / "data.yaml"
    source.write_bytes("单位: 甲社区\n年度: 2024\n结语: 此致\x0b敬礼\x07\n".encode())
    result = runner.invoke(app, ["build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert result.stderr == (
        f"{source}:3:7: 警告 结语: 已删除 2 个不可见字符（U+000B、U+0007），它可能是从 Word 或网页复制来的\n"
    )
    document = Document(str(tmp_path / "out" / "甲社区2024年统战工作总结.docx"))
    assert document.paragraphs[-1].text == "此致敬礼。"


def test_check_counts_warnings_in_its_summary(tmp_path: Path) -> None:
    source = tmp_path / "data.yaml"
    source.write_bytes("单位: 甲社区\x07\n年度: 2024\n".encode())
    result = runner.invoke(app, ["check", str(source)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        f"{source}:1:8: 警告 单位: 已删除不可见字符（U+0007），它可能是从 Word 或网页复制来的\n"
        "检查了 1 个文件：0 个错误，1 个警告。\n"
    )
