"""汇总 and 上年 stay inside the data file's folder (issue 18, finding 4): a data file
someone sends cannot make tzreport read, or quote in its messages, other files of this
computer; globs follow no links out or round in circles; a roll-up has a member limit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzreport.cli.main import app
from tzreport.report import rollup

runner = CliRunner()
OUTSIDE = "在本文件所在的文件夹以外，出于安全考虑不读取；确需使用，请加 --allow-outside"
SECRET = "root:$6$secret-hash:19000:0:99999:7:::\n"


def tree(tmp_path: Path, rollup_text: str) -> Path:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "secret.yaml").write_text(SECRET, encoding="utf-8")
    data = tmp_path / "街道"
    (data / "甲社区").mkdir(parents=True)
    (data / "甲社区" / "2024.yaml").write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    path = data / "2024.yaml"
    path.write_text("单位: 新城街道\n年度: 2024\n" + rollup_text, encoding="utf-8")
    return path


def check(*args: object):
    return runner.invoke(app, ["check", *map(str, args)])


@pytest.mark.parametrize("written", ["{secret}", "../secret.txt", "../secret.yaml", "甲社区/../../secret.yaml"])
@pytest.mark.parametrize("key", ["汇总", "上年"])
def test_a_file_outside_is_not_read(tmp_path: Path, written: str, key: str) -> None:
    written = written.format(secret=tmp_path / "secret.yaml")
    value = f"[{written}]" if key == "汇总" else written
    path = tree(tmp_path, f"{key}: {value}\n")
    for fmt in ("text", "github"):
        result = check(path, "--format", fmt)
        assert result.exit_code == 1
        assert OUTSIDE in result.output
        assert "root:" not in result.output and "secret-hash" not in result.output


@pytest.mark.parametrize("key", ["汇总", "上年"])
def test_with_allow_outside_a_file_that_is_not_data_is_still_not_quoted(tmp_path: Path, key: str) -> None:
    value = "[../secret.yaml]" if key == "汇总" else "../secret.yaml"
    path = tree(tmp_path, f"{key}: {value}\n")
    result = check(path, "--allow-outside")
    assert result.exit_code == 1
    assert "“../secret.yaml”不是 tzreport 的数据文件" in result.output
    assert "root:" not in result.output and "secret-hash" not in result.output


def test_allow_outside_reads_a_data_file_beside_the_folder(tmp_path: Path) -> None:
    path = tree(tmp_path, "汇总: [甲社区/2024.yaml, ../乙社区.yaml]\n")
    (tmp_path / "乙社区.yaml").write_text("单位: 乙社区\n年度: 2024\n", encoding="utf-8")
    assert OUTSIDE in check(path).output
    assert check(path, "--allow-outside").exit_code == 0


def test_a_glob_from_the_root_is_refused_at_once(tmp_path: Path) -> None:
    path = tree(tmp_path, '汇总: ["/**/2024.yaml"]\n')
    started = time.monotonic()
    result = check(path)
    assert time.monotonic() - started < 5
    assert result.exit_code == 1 and OUTSIDE in result.output


def links_allowed(tmp_path: Path) -> bool:
    try:
        (tmp_path / "probe").symlink_to(tmp_path)
    except OSError:
        return False
    (tmp_path / "probe").unlink()
    return True


def test_globs_follow_no_links_out_or_in_circles(tmp_path: Path) -> None:
    if not links_allowed(tmp_path):
        pytest.skip("no symbolic links here")
    path = tree(tmp_path, '汇总: ["**/*.yaml"]\n')
    folder = path.parent
    (folder / "甲社区" / "up").symlink_to("..", target_is_directory=True)
    (folder / "up").symlink_to("..", target_is_directory=True)
    outside = tmp_path / "外" / "乙.yaml"
    outside.parent.mkdir()
    outside.write_text("单位: 乙社区\n年度: 2024\n", encoding="utf-8")
    (folder / "乙.yaml").symlink_to(outside)
    started = time.monotonic()
    result = check(path)
    assert time.monotonic() - started < 5
    assert result.exit_code == 0, result.output
    members = rollup.expand(path, "**/*.yaml")
    assert members == [folder / "甲社区" / "2024.yaml"]


def test_a_roll_up_has_a_member_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tree(tmp_path, '汇总: ["*/2024.yaml"]\n')
    for name in ("乙社区", "丙社区"):
        (path.parent / name).mkdir()
        (path.parent / name / "2024.yaml").write_text(f"单位: {name}\n年度: 2024\n", encoding="utf-8")
    monkeypatch.setattr(rollup, "MAX_MEMBERS", 2)
    with pytest.raises(LookupError, match="匹配了 3 个数据文件，一个汇总最多 2 个成员"):
        rollup.expand(path, "*/2024.yaml")


def test_globs_match_as_before(tmp_path: Path) -> None:
    path = tree(tmp_path, "")
    (path.parent / "乙社区" / "深").mkdir(parents=True)
    for rel in ("乙社区/2024.yaml", "乙社区/深/2024.yaml", "乙社区/说明.txt"):
        (path.parent / rel).write_text(f"单位: {rel}\n年度: 2024\n", encoding="utf-8")
    found = lambda pattern: [p.relative_to(path.parent).as_posix() for p in rollup.expand(path, pattern)]  # noqa: E731
    assert found("*/2024.yaml") == ["乙社区/2024.yaml", "甲社区/2024.yaml"]
    assert found("**/2024.yaml") == ["乙社区/2024.yaml", "乙社区/深/2024.yaml", "甲社区/2024.yaml"]
    assert found("乙社区/**/*.yaml") == ["乙社区/2024.yaml", "乙社区/深/2024.yaml"]
    assert found("?社区/2024.yaml") == ["乙社区/2024.yaml", "甲社区/2024.yaml"]
    assert os.sep in str(rollup.expand(path, "*/2024.yaml")[0])
