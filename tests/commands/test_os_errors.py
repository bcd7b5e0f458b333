"""What the system refuses (unreadable files, names too long, a stuck LibreOffice) and odd input:
each was a traceback or a wrong message; each is now a Chinese message, exit 1, with nothing
written or lost."""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzreport import output
from tzreport.batch import pool
from tzreport.cli.main import app
from tzreport.commands import templates
from tzreport.errors import OutputError
from tzreport.writers.pdf import libreoffice

runner = CliRunner()
GOOD = "单位: 甲社区\n年度: 2024\n"


def write(path: Path, text: str = GOOD) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_escape_past_unicode_in_a_value(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", '单位: "甲\\U00110000"\n年度: 2024\n')
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1:" in result.stderr and "超出了 Unicode 的范围" in result.stderr
    assert "Traceback" not in result.output


def test_a_member_name_too_long_for_the_system(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", GOOD + f"汇总: [{'长' * 5000}.yaml]\n")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "无法读取成员文件“" + "长" * 60 + "……”：文件名太长" in result.stderr
    assert "Traceback" not in result.output and len(result.stderr) < 1000


def test_an_output_folder_name_too_long(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml")
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / ("x" * 300))])
    assert result.exit_code == 1
    assert "文件名太长" in result.stderr and "Traceback" not in result.output


def test_an_unreadable_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "a.yaml")
    real_open = os.open  # a data file is opened as a regular file only (regular_file.open_regular)

    def refuse(name: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if Path(str(name)) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: 错误 无法读取文件：没有权限")


def test_an_unreadable_subfolder_is_noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "数据" / "a.yaml")
    write(tmp_path / "数据" / "锁住" / "b.yaml", "单位: 乙社区\n年度: 2024\n")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):  # type: ignore[no-untyped-def]
        for here, dirs, files in real_walk(top, onerror=onerror, **kwargs):
            if Path(here).name == "锁住":
                onerror(PermissionError(errno.EACCES, "Permission denied", here))
                dirs[:] = []
                continue
            yield here, dirs, files

    monkeypatch.setattr(pool.os, "walk", walk)
    result = runner.invoke(app, ["check", str(tmp_path / "数据")])
    assert result.exit_code == 0
    assert f"{tmp_path / '数据' / '锁住'}: 提示 无法读取（没有权限），其中的数据文件没有处理" in result.stderr


def test_a_folder_without_permission_in_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(self: Path, *args: object, **kwargs: object) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_dir", denied)
    with pytest.raises(OutputError, match="无法写入：没有权限"):
        output.Manifest(tmp_path).check(tmp_path / "锁住" / "x.md", b"x")


def test_escape_sequences_in_file_names_reach_the_terminal_shown(tmp_path: Path) -> None:
    path = write(tmp_path / "a\x1b[31mred\x1b]0;title\x07.yaml", "单位: 甲社区\n")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "a\\x1b[31mred\\x1b]0;title\\x07.yaml:1:1: 错误" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_a_pdf_timeout_ends_every_process_libreoffice_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pid_file}\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(libreoffice, "soffice", lambda: str(fake))
    monkeypatch.setattr(libreoffice, "TIMEOUT_SECONDS", 1)
    with pytest.raises(OutputError, match="超过1秒仍未完成"):
        libreoffice.docx_to_pdf(b"x")
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError("the child of soffice is still running")


def test_jobs_are_capped_at_the_cpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(3):
        write(tmp_path / "数据" / f"{n}.yaml", f"单位: 第{n}社区\n年度: 2024\n")
    seen: list[int] = []
    real = pool.in_order

    def in_order(work, items, jobs, fresh=False):  # type: ignore[no-untyped-def]
        seen.append(jobs)
        return real(work, items, 1)

    monkeypatch.setattr(pool, "in_order", in_order)
    monkeypatch.setattr(pool, "cpu_count", lambda: 2)
    result = runner.invoke(app, ["build", str(tmp_path / "数据"), "-f", "md", "-j", "64", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and seen == [2]


def test_templates_copy_is_all_or_nothing_with_a_dangling_link(tmp_path: Path) -> None:
    folder = tmp_path / "模板"
    folder.mkdir()
    try:
        (folder / "report.md.j2").symlink_to(tmp_path / "nowhere")
    except OSError:
        pytest.skip("no symbolic links here")
    with pytest.raises(OutputError, match="文件已存在，不会覆盖"):
        templates.copy_templates(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["report.md.j2"]


def test_a_manifest_that_cannot_be_saved_says_the_reports_are_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "a.yaml")
    real = output.write_atomic

    def full_for_the_record(target: Path, data: bytes) -> None:
        if target.name == output.MANIFEST:
            raise OutputError(f"{target}: 错误 无法写入：磁盘空间不足")
        real(target, data)

    monkeypatch.setattr(output, "write_atomic", full_for_the_record)
    result = runner.invoke(app, ["build", str(path), "-f", "md", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "磁盘空间不足。已生成的 1 个文件完好，但没能记下它们由 tzreport 生成" in result.stderr
    assert (tmp_path / "out" / "甲社区2024年统战工作总结.md").exists()
