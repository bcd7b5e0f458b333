"""Numbers of thousands of digits (issue 18, finding 5, and the 5 000-digit cases of finding
10): every integer is bounded where it is read, so one bad file gets a Chinese message and
its neighbours are not broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzreport.cli.main import app
from tzreport.data import headers

runner = CliRunner()
BIG = "9" * 5000


def check(*paths: Path):
    return runner.invoke(app, ["check", *map(str, paths)])


def test_a_sibling_with_a_huge_year_does_not_break_its_folder(tmp_path: Path) -> None:
    good = tmp_path / "2024.yaml"
    good.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(f"单位: 甲社区\n年度: {'1' * 4301}\n", encoding="utf-8")
    assert headers.header(tmp_path / "bad.yaml") is not None
    result = check(good)
    assert result.exit_code == 0, result.output
    built = runner.invoke(app, ["build", str(tmp_path), "-f", "md", "-o", str(tmp_path / "out")])
    assert built.exit_code == 1  # the bad file fails alone
    assert (tmp_path / "out" / "甲社区2024年统战工作总结.md").exists()
    assert "年度: 数字太大" in built.stderr and "Traceback" not in built.output


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"单位: 甲\n年度: 2024\n概况:\n  - 项目: 党员\n    数量: {BIG}\n", "5:9: 错误 概况[0].数量: 数字太大：不能超过 1 万亿"),
        (f"单位: 甲\n年度: 2024\n概况:\n  - 项目: 党员\n    数量: {BIG}余\n", "5:9: 错误 概况[0].数量: 数字太大：不能超过 1 万亿"),
        ("单位: 甲\n年度: 2024\n民族工作:\n  工作:\n    - 标题: 宣传\n      活动:\n        - 名称: 讲座\n"
         f"          人数: {BIG}\n", "8:15: 错误 民族工作.工作[0].活动[0].人数: 数字太大：不能超过 1 万亿"),
        (f"单位: 甲\n年度: {BIG}\n", "2:5: 错误 年度: 数字太大"),
        ("单位: 甲\n年度: 2024\n概况:\n  - 项目: 党员\n    数量: " + "9" * 4300 + "\n", "错误 概况[0].数量: 数字太大"),
    ],
)
def test_huge_numbers_get_a_chinese_message(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    result = check(path)
    assert result.exit_code == 1
    assert where in result.output, result.output
    assert "Exceeds the limit" not in result.output and "exceeded maximum size" not in result.output


def test_members_with_4300_digit_counts_do_not_break_the_sums(tmp_path: Path) -> None:
    for name in ("甲", "乙"):
        (tmp_path / f"{name}.yaml").write_text(
            f"单位: {name}社区\n年度: 2024\n概况:\n  - 项目: 党员\n    数量: {'9' * 4300}\n", encoding="utf-8")
    rollup = tmp_path / "街道.yaml"
    rollup.write_text("单位: 新城街道\n年度: 2024\n汇总: ['*社区.yaml', '甲.yaml', '乙.yaml']\n", encoding="utf-8")
    result = check(rollup)
    assert result.exit_code == 1 and "数字太大" in result.output and "Traceback" not in result.output


def test_init_with_a_year_of_5000_digits(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "新"), "--year", BIG])
    assert result.exit_code == 2  # a wrong option, as for any other year out of range
    assert result.stderr.startswith("错误 年度应在2000至2100之间，实际为“999") and len(result.stderr) < 200
