"""Stopping a folder build (issue 18, finding 6): SIGTERM and SIGHUP are handled like Ctrl+C
(what was written is recorded, exit 143 or 129), one Ctrl+C stops it with no traceback, and
no worker outlives the build, even when the build is killed outright."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tzreport import output

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals; Windows has Ctrl+C only"),
]
# about half a second a file: the loop counts against the template's budget, well within it
SLOW = '{% extends "builtin/report.md.j2" %}{% block closing %}{% for i in range(300) %}{% for j in range(1000) %}{% endfor %}{% endfor %}{% endblock %}'


def start(tmp_path: Path, files: int = 40) -> tuple[subprocess.Popen[str], Path]:
    data = tmp_path / "数据"
    data.mkdir()
    for n in range(files):
        (data / f"{n:02}.yaml").write_text(f"单位: 第{n}社区\n年度: 2024\n", encoding="utf-8")
    templates = tmp_path / "模板"
    templates.mkdir()
    (templates / "report.md.j2").write_text(SLOW, encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "tzreport", "build", str(data), "-f", "md", "-j", "2",
         "--templates", str(templates), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob("*.md")):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    return process, out


def workers_of(pid: int) -> list[int]:
    listed = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(x) for x in listed.stdout.split()]


def gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                os.kill(pid, 0)
                alive.append(pid)
            except ProcessLookupError:
                pass
            except PermissionError:
                alive.append(pid)
        if not alive:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_stops_the_build_and_records_what_was_written(tmp_path: Path, sig: int, code: int) -> None:
    process, out = start(tmp_path)
    workers = workers_of(process.pid)
    stopped = time.monotonic()
    process.send_signal(sig)  # to the main process alone
    stdout, stderr = process.communicate(timeout=30)
    assert time.monotonic() - stopped < 10  # a few seconds at most, on a busy machine
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert "已中断：已生成的文件都是完整的并已记录" in stderr
    written = {p.name for p in out.glob("*.md")}
    recorded = json.loads((out / output.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert written and set(recorded) == written
    assert len(written) < 40
    assert gone(workers, 5)


def test_workers_die_with_a_build_killed_outright(tmp_path: Path) -> None:
    process, _ = start(tmp_path)
    workers = workers_of(process.pid)
    assert workers
    process.kill()
    process.communicate(timeout=30)
    assert gone(workers, 5)
