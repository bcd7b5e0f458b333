"""docs/检查规则.md's account of `tzreport check` stays true: its table of rules is the rules, and
its example prints what the README shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app
from tzreport.lint.rules import RULES

README = (ROOT / "docs" / "检查规则.md").read_text(encoding="utf-8")


def test_the_rules_table_lists_every_rule_with_its_level_and_name() -> None:
    rows = re.findall(r"^\| (TZ\d{3}) \| (\S+) \| (.+?) \|", README, re.MULTILINE)
    assert sorted(rows) == sorted((r.code, r.level, r.name) for r in RULES.values())


def test_the_check_example_prints_what_the_readme_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = re.search(r"数据文件 `草稿.yaml`：\n\n```yaml\n(.*?)```", README, re.DOTALL)
    shown = re.search(r"运行 `tzreport check 草稿.yaml` 显示：\n\n```\n(.*?)```", README, re.DOTALL)
    assert data and shown
    (tmp_path / "草稿.yaml").write_text(data[1], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "草稿.yaml"])
    assert result.exit_code == 1
    assert result.stderr == shown[1]
