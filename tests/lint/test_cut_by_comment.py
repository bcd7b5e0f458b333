"""TZ102 (issue 18, finding 11): text that YAML silently drops as a comment is pointed out
at its line; a note after a figure, or written with a space after "#", stays quiet."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tzreport.cli.main import app

runner = CliRunner()
DATA = """\
单位: 甲社区
年度: 2024
民族工作:
  工作:
    - 标题: 宣传
      要点:
        - 宣传栏 #1和社区公众号
        - "引号里 #1不是注释"
        - 正常 # 这是备注
        - 已忽略 #1 # tzreport: ignore TZ102
      统计:
        - 项目: 开展宣传
          数量: 10  # 上期：8次
        - 项目: 发放手册
          数量: 200余 #约数
      活动:
        - 名称: 讲座
          日期: 2024-05-04 #五四
"""


def test_a_comment_that_cuts_text_is_pointed_out(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(DATA, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0  # a warning
    assert result.stderr.splitlines()[:-1] == [
        f"{path}:7:15: 警告 TZ102 “#1和社区公众号”被当作注释，不会出现在报告中；"
        "如果它是正文的一部分，请把这段文字用引号括起来（或去掉“#”前面的空格）",
    ]


def test_the_examples_and_new_year_notes_stay_quiet(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2] / "examples"
    result = runner.invoke(app, ["check", str(root), "--select", "TZ102"])
    assert result.exit_code == 0 and "TZ102" not in result.output
