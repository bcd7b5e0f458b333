"""The quick look at a file's top-level keys (which file is last year's, which YAML is ours)
reads what the loader would read, for the ways people write those keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tzreport.data import headers
from tzreport.data.headers import Header


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("单位: 甲社区\n年度: 2024\n", Header("甲社区", 2024, "全年", "统战工作")),
        ('"单位": 甲社区\n\'年度\': 2024\n', Header("甲社区", 2024, "全年", "统战工作")),
        ("unit: 甲社区\nyear: 2023\nperiod: 上半年\n", Header("甲社区", 2023, "上半年", "统战工作")),
        ('单位: "甲社区"  # 全称\n年度: 2024 # 今年\n', Header("甲社区", 2024, "全年", "统战工作")),
        ("单位：甲社区\n年度:2024\n", Header("甲社区", 2024, "全年", "统战工作")),  # the slips, read anyway
        ("单位名称: 乙\n单位 : 甲社区\n年度: 2024\n", Header("甲社区", 2024, "全年", "统战工作")),
        ("落款:\n  单位: 乙\n单位: 甲社区\n", Header("甲社区", None, "全年", "统战工作")),
        ("\ufeff单位: 甲社区\r\n年度: 2024\r\n类型: 民族工作\r\n", Header("甲社区", 2024, "全年", "民族工作")),
        ("单位: 甲社区\n期间: '下半年'\n类型:\n", Header("甲社区", None, "下半年", "统战工作")),
        ("单位: 甲社区\n单位: 乙社区\n年度: 二〇二四\n", Header("甲社区", None, "全年", "统战工作")),
    ],
)
def test_header_reads_the_top_level_keys_as_written(tmp_path: Path, text: str, header: Header) -> None:
    path = tmp_path / "data.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert headers.header(path) == header


@pytest.mark.parametrize("text", ["年度: 2024\n", "落款:\n  单位: 乙\n", "# 单位: 甲\n", ""])
def test_a_file_without_a_unit_has_no_header(tmp_path: Path, text: str) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    assert headers.header(path) is None
    assert not headers.is_data_file(path)


def test_a_gbk_file_is_read_through_the_full_reader(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_bytes("单位: 甲社区\n年度: 2024\n".encode("gbk"))
    assert headers.header(path) == Header("甲社区", 2024, "全年", "统战工作")


def test_a_bom_and_a_large_file_are_read_as_the_full_reader_reads_them(tmp_path: Path) -> None:
    small = tmp_path / "small.yaml"
    small.write_bytes(b"\xef\xbb\xbf" + "单位: 甲社区\n年度: 2024\n".encode())
    assert headers.header(small) == Header("甲社区", 2024, "全年", "统战工作")
    large = tmp_path / "large.yaml"  # past the quick read's limit: the full reader's turn
    large.write_text("单位: 乙社区\n年度: 2023\n" + "# 注释\n" * 50_000, encoding="utf-8")
    assert headers.header(large) == Header("乙社区", 2023, "全年", "统战工作")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_beside_the_data_is_no_data_file_and_does_not_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # nobody writes to it: opening it to read would wait for ever
    assert headers.header(pipe) is None
    assert headers.is_data_file(pipe)  # taken as one, so that the full reader says what it is
