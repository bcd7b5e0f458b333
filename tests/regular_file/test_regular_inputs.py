"""Every input a command reads is read only from a regular file: a named pipe (FIFO) given as a
report, a data file, a layout file, a template or a reference document is refused at once with
a message saying what it is. Before, a FIFO hung check and import for ever, and one in the
template folder was passed over in silence (the built-in template served instead)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")

runner = CliRunner()
FIFO = "错误 这是命名管道（FIFO），不是普通文件，不能读取"
EXAMPLE = ROOT / "examples" / "出头岭镇" / "2021上半年.yaml"


def fifo(path: Path) -> Path:
    """A named pipe at path. Should the code under test open it and wait (as it did), a writer
    comes along after 5 s and closes at once, so that the test fails rather than hangs."""
    os.mkfifo(path)

    def release() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # only once a reader waits
                return
            except OSError:
                time.sleep(0.1)

    def later() -> None:
        time.sleep(5)
        release()

    threading.Thread(target=later, daemon=True).start()
    return path


def said(args: list[object]) -> tuple[str, float]:
    started = time.monotonic()
    result = runner.invoke(app, [str(a) for a in args])
    took = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return [line for line in result.stderr.splitlines() if "错误" in line][0], took


@pytest.mark.parametrize("name", ["r.txt", "r.md", "r.docx"])
def test_a_fifo_given_as_a_report_is_refused_at_once_by_check_and_import(tmp_path: Path, name: str) -> None:
    pipe = fifo(tmp_path / name)
    for args in (["check", pipe], ["import", pipe, "-o", tmp_path / "导入"]):
        line, took = said(args)
        assert line == f"{pipe}: {FIFO}"
        assert took < 2


def test_a_fifo_as_a_data_file_is_refused_by_check_and_build(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "2024.yaml")
    for args in (["check", pipe], ["build", pipe, "-o", tmp_path / "out"]):
        line, took = said(args)
        assert line == f"{pipe}: {FIFO}"
        assert took < 2


def test_a_fifo_as_layout_template_or_reference_is_refused(tmp_path: Path) -> None:
    data = shutil.copy(EXAMPLE, tmp_path / "2023.yaml")
    templates = tmp_path / "模板"
    templates.mkdir()
    cases = {
        "--layout": fifo(tmp_path / "版式.yaml.fifo"),
        "--templates": fifo(templates / "report.md.j2"),
        "--reference-docx": fifo(tmp_path / "参考.docx"),
    }
    for option, pipe in cases.items():
        given = templates if option == "--templates" else pipe
        line, took = said(["build", data, option, given, "-o", tmp_path / "out"])
        assert line == f"{pipe}: {FIFO}", option
        assert took < 2, option
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_a_fifo_as_the_layout_of_a_word_check_is_named_once(tmp_path: Path) -> None:
    import docx

    report = tmp_path / "报告.docx"
    document = docx.Document()
    document.add_paragraph("幸福里社区2024年统战工作总结")
    document.save(str(report))
    pipe = fifo(tmp_path / "版式.yaml.fifo")
    line, took = said(["check", report, "--layout", pipe])
    # the message about the layout file under its own name, not after the report's
    assert line == f"{pipe}: {FIFO}"
    assert took < 2
