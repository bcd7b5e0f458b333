"""The Windows branches whose logic can be shown on Linux too. They run for real, under the
Windows Python with a Chinese code page, in `make test-windows` (tests/windows)."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from tzreport.cli import main
from tzreport.writers.pdf import libreoffice


def test_output_in_windows_default_error_mode_prints_a_question_mark_for_what_gbk_lacks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Windows' Python opens a redirected stdout as gbk with errors="surrogateescape"
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk", errors="surrogateescape")
    monkeypatch.setattr(sys, "stdout", stream)
    main._tolerant_console()
    print("乙社区😀", end="")
    stream.flush()
    assert raw.getvalue().decode("gbk") == "乙社区?"


def test_libreoffice_is_found_where_its_windows_installer_puts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    monkeypatch.delenv("ProgramFiles(x86)", raising=False)
    assert libreoffice.soffice() is None
    program.parent.mkdir(parents=True)
    program.write_bytes(b"MZ")
    assert libreoffice.soffice() == str(program)
