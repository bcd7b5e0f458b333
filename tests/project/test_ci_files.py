"""The pre-commit hook and the GitHub Actions example do what the README says: their
tzreport commands run as written, in a unit's data repository."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app

runner = CliRunner()
CLEAN = "单位: 甲社区\n年度: 2024\n存在问题: [宣传不够]\n"
DRAFT = "单位: 乙社区\n年度: 2024\n存在问题: [开展活动X次]\n"


def hook() -> dict:
    (only,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return only


def test_the_hook_runs_tzreport_check_on_yaml_files_that_are_not_hidden() -> None:
    h = hook()
    assert (h["id"], h["entry"], h["language"], h["types"]) == ("tzreport-check", "tzreport check", "python", ["yaml"])
    excluded = re.compile(h["exclude"])
    assert excluded.search(".pre-commit-config.yaml") and excluded.search(".github/workflows/tzreport.yml")
    assert not excluded.search("京汉新城社区/2024.yaml") and not excluded.search("2024.yaml")


def test_the_hook_entry_passes_a_clean_file_and_stops_a_draft(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(DRAFT, encoding="utf-8")
    args = shlex.split(hook()["entry"])[1:]
    assert runner.invoke(app, [*args, str(tmp_path / "a.yaml")]).exit_code == 0
    result = runner.invoke(app, [*args, str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")])
    assert result.exit_code == 1
    assert "错误 TZ101 存在问题[0]: 未填的占位符：“X次”中的“X”" in result.stderr


def workflow_commands() -> list[list[str]]:
    flow = yaml.safe_load((ROOT / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = flow["jobs"]["report"]["steps"]
    return [shlex.split(s["run"])[1:] for s in steps if s.get("run", "").startswith("tzreport ")]


def test_the_workflow_checks_builds_drafts_and_uploads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check, build = workflow_commands()
    flow = (ROOT / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    assert "actions/upload-artifact" in flow and "path: 报告/" in flow
    # a unit's repository: two communities, one still a draft, and the workflow itself
    (tmp_path / "甲").mkdir()
    (tmp_path / "甲" / "2024.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "乙").mkdir()
    (tmp_path / "乙" / "2024.yaml").write_text(DRAFT, encoding="utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "tzreport.yml").write_text(flow, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    checked = runner.invoke(app, check)
    assert checked.exit_code == 1
    assert checked.stdout.startswith("::error file=乙/2024.yaml,line=3,col=") and checked.stderr == ""
    built = runner.invoke(app, build)
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (tmp_path / "报告").iterdir() if p.name[0] != ".") == [
        "乙社区2024年统战工作总结.docx", "乙社区2024年统战工作总结.md",
        "甲社区2024年统战工作总结.docx", "甲社区2024年统战工作总结.md",
    ]
    draft = (tmp_path / "报告" / "乙社区2024年统战工作总结.md").read_text(encoding="utf-8")
    assert draft.startswith("# 乙社区2024年统战工作总结（征求意见稿）\n")
