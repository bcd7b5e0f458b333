"""Reading a data file before any YAML: encodings, files that are not data files, the size
limit, and invisible characters pasted from Word or web pages (removed with a warning)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tzreport.data import file_text
from tzreport.data.loader import read
from tzreport.errors import DataError

NOT_DATA = "，不能作为数据文件：数据文件是用记事本等文本编辑器编写的 .yaml 文本文件"


def write_bytes(tmp_path: Path, raw: bytes, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def messages(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        read(path)
    return info.value.lines()


def warnings(path: Path) -> list[str]:
    return [str(w) for w in read(path).warnings]


# ---------------------------------------------------------------- encodings


def test_utf16_from_notepad_is_read_with_a_warning(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "单位: 京汉新城社区\r\n年度: 2024\r\n".encode("utf-16"))
    assert read(path).report.unit == "京汉新城社区"
    assert warnings(path) == [
        f"{path}:1:1: 警告 文件是 UTF-16 编码（记事本中的“Unicode”），已按 UTF-16 读取；"
        "建议在记事本中“另存为”，编码选择 UTF-8"
    ]


def test_gbk_warning_points_at_the_first_gbk_character(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "# note\nyear: 2024\nunit: 京汉新城社区\n".encode("gbk"))
    assert read(path).report.unit == "京汉新城社区"
    assert warnings(path)[0].startswith(f"{path}:3:7: 警告 文件是 GBK 编码")


def test_gbk_file_with_a_mistake_reports_both(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "单位: 京汉新城社区\n年度: 二〇二四\n".encode("gbk"))
    assert messages(path) == [
        f"{path}:1:1: 警告 文件是 GBK 编码（记事本中的“ANSI”），已按 GBK 读取；"
        "建议在记事本中“另存为”，编码选择 UTF-8",
        f"{path}:2:5: 错误 年度: 应写成 2024（只写阿拉伯数字），实际为“二〇二四”",
    ]


def test_neither_utf8_nor_gbk_is_refused_where_it_stops_making_sense(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, b"unit: a\nyear: \x80\xff\n")
    assert messages(path) == [
        f"{path}:2:7: 错误 无法识别文件的编码（既不是 UTF-8，也不是 GBK）："
        "如果这是数据文件，请在记事本中“另存为”，编码选择 UTF-8"
    ]


def test_windows_and_old_mac_line_ends_count_lines_like_an_editor(tmp_path: Path) -> None:
    for ending in ("\r\n", "\r"):
        path = write_bytes(tmp_path, ending.join(["单位: 甲", "年度: 2024", "期间: 全年度", ""]).encode())
        assert messages(path) == [
            f"{path}:3:5: 错误 期间: 应为“全年”“上半年”“下半年”之一，实际为“全年度”"
        ]


# ---------------------------------------------------------------- not a data file


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "这是 Word 文档（.docx）或压缩文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "这是 Word（.doc）或 Excel（.xls）文件"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "这是 PDF 文件"),
        (b"{\\rtf1\\ansi\\ansicpg936", "这是 RTF 文档"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "这是图片文件"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "这是图片文件"),
        (b"\x7fELF\x02\x01\x01\x00", "这不是文本文件（可能是图片、压缩包或其他程序的文件）"),
        (bytes(range(1, 32)) * 4, "这不是文本文件（可能是图片、压缩包或其他程序的文件）"),
    ],
    ids=["docx", "doc", "pdf", "rtf", "png", "jpeg", "zero-bytes", "control-characters"],
)
def test_files_that_are_not_data_files_are_named(tmp_path: Path, raw: bytes, what: str) -> None:
    path = write_bytes(tmp_path, raw)
    assert messages(path) == [f"{path}: 错误 {what}{NOT_DATA}"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_it(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    os.mkfifo(path)
    assert messages(path) == [f"{path}: 错误 这是命名管道（FIFO），不是普通文件，不能读取"]


def test_file_over_the_size_limit_is_refused_unparsed(tmp_path: Path) -> None:
    head = "单位: 甲\n年度: 2024\n结语: ".encode()
    path = write_bytes(tmp_path, head + b"a" * (file_text.MAX_BYTES + 1 - len(head)))
    assert messages(path) == [
        f"{path}: 错误 文件太大：数据文件不能超过 1 MB（一份报告的数据通常只有几十 KB），请检查是否选错了文件"
    ]


def test_file_of_exactly_the_size_limit_is_read(tmp_path: Path) -> None:
    head = "单位: 甲\n年度: 2024\n结语: ".encode()
    path = write_bytes(tmp_path, head + b"a" * (file_text.MAX_BYTES - 1 - len(head)) + b"\n")
    assert path.stat().st_size == file_text.MAX_BYTES
    closing = read(path).report.closing
    assert closing is not None and len(closing) == file_text.MAX_BYTES - 1 - len(head)


# ---------------------------------------------------------------- invisible characters


def test_several_on_one_line_make_one_warning(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "单位: 甲\n年度: 2024\n结语: 此\x0b致\x07敬\x0b礼\n".encode())
    loaded = read(path)
    assert loaded.report.closing == "此致敬礼"
    assert warnings(path) == [
        f"{path}:3:6: 警告 结语: 已删除 3 个不可见字符（U+000B、U+0007），它可能是从 Word 或网页复制来的"
    ]


def test_zero_width_space_in_a_key_no_longer_hides_it(tmp_path: Path) -> None:
    # "单\u200b位" looks like 单位 but would be an unknown key
    path = write_bytes(tmp_path, "单\u200b位: 甲\n年度: 2024\n".encode())
    assert read(path).report.unit == "甲"
    assert warnings(path) == [
        f"{path}:1:2: 警告 单位: 已删除不可见字符（U+200B），它可能是从 Word 或网页复制来的"
    ]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff", "\uffff"])
def test_each_kind_of_invisible_character_is_removed(tmp_path: Path, char: str) -> None:
    path = write_bytes(tmp_path, f"单位: 甲{char}乙\n年度: 2024\n".encode("utf-8", "surrogatepass"))
    if char == "\x00":  # a zero byte means a binary file
        assert messages(path)[0].endswith(NOT_DATA)
        return
    assert read(path).report.unit == "甲乙"
    assert warnings(path) == [
        f"{path}:1:6: 警告 单位: 已删除不可见字符（U+{ord(char):04X}），它可能是从 Word 或网页复制来的"
    ]


def test_errors_after_a_removed_character_keep_their_column_in_the_file(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "单位: 甲\n年度: \x0b\x0b二〇二四\n".encode())
    assert messages(path) == [
        f"{path}:2:5: 警告 年度: 已删除 2 个不可见字符（U+000B），它可能是从 Word 或网页复制来的",
        f"{path}:2:7: 错误 年度: 应写成 2024（只写阿拉伯数字），实际为“二〇二四”",
    ]


def test_escaped_control_character_in_double_quotes_is_removed_too(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, '单位: 甲\n年度: 2024\n结语: "此致\\a敬礼"\n'.encode())
    assert read(path).report.closing == "此致敬礼"
    assert warnings(path) == [f"{path}:3:5: 警告 结语: 已删除转义写法的不可见字符"]


def test_control_characters_in_a_syntax_error_file_still_warn(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "单位: \x07甲\n年度: [2024\n".encode())
    assert messages(path) == [
        f"{path}:1:5: 警告 已删除不可见字符（U+0007），它可能是从 Word 或网页复制来的",
        f"{path}:2:5: 错误 YAML 格式错误：“[”没有对应的“]”：请补上“]”；"
        "若是以“[”开头的文字，请把整段文字用引号括起来",
    ]
