"""The manifest under concurrency and hostile files (issue 18, findings 3 and 7): builds
writing into one folder at once keep each other's records; a manifest that is a pipe, a
device, huge or nested without end gives a clear message, at once."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzreport import file_lock, output
from tzreport.cli.main import app

runner = CliRunner()


def _record_many(folder: str, worker: int, count: int) -> None:
    for n in range(count):
        target = Path(folder) / f"w{worker}-{n}.md"
        target.write_bytes(b"x")
        manifest = output.Manifest(Path(folder))  # a fresh read each time, as separate builds do
        manifest.record({target: b"x"})


def test_many_processes_recording_at_once_keep_every_entry(tmp_path: Path) -> None:
    workers, count = 8, 25
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_record_many, args=(str(tmp_path), w, count)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    recorded = json.loads((tmp_path / output.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert len(recorded) == workers * count
    assert not (tmp_path / (output.MANIFEST + ".lock")).exists()


def test_a_lock_held_by_another_process_is_waited_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_lock, "LOCK_WAIT", 0.3)
    (tmp_path / "a.md").write_bytes(b"x")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom pathlib import Path\nfrom tzreport import file_lock, output\n"
         "with file_lock.locked(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(3)\n",
         str(tmp_path / output.MANIFEST)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(output.OutputError, match="另一个 tzreport 正在写这个文件夹的生成记录"):
            output.Manifest(tmp_path).record({tmp_path / "a.md": b"x"})
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # the system releases the lock of a process killed outright
    output.Manifest(tmp_path).record({tmp_path / "a.md": b"x"})
    assert "a.md" in json.loads((tmp_path / output.MANIFEST).read_text(encoding="utf-8"))["files"]


def data_files(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"{n}.yaml"
        path.write_text(f"单位: 第{n}社区\n年度: 2024\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_single_file_builds_run_together_lose_no_record(tmp_path: Path) -> None:
    # what make -j does: one build per file, all into one folder at once
    paths = data_files(tmp_path / "data", 6)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tzreport", "build", "-f", "md", "-o", str(out)]
    procs = [subprocess.Popen([*command, str(p)], stderr=subprocess.PIPE, text=True) for p in paths]
    for p in procs:
        _, errors = p.communicate(timeout=120)
        assert p.returncode == 0, errors
    recorded = json.loads((out / output.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert len(recorded) == 6
    again = subprocess.run([*command, str(tmp_path / "data")], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


def build(tmp_path: Path, closing: str = "特此报告"):
    source = tmp_path / "a.yaml"
    source.write_text(f"单位: 甲社区\n年度: 2024\n结语: {closing}\n", encoding="utf-8")
    return runner.invoke(app, ["build", str(source), "-f", "md", "-o", str(tmp_path / "out")])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_manifest_that_is_a_pipe_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    os.mkfifo(tmp_path / "out" / output.MANIFEST)
    started = time.monotonic()
    result = build(tmp_path)
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'out' / output.MANIFEST}: 错误 tzreport 的生成记录不是普通文件，无法使用；"
        "请删除它后重新生成（已有的报告将被当作不是 tzreport 生成的，确认后加 --force）\n"
    )


def test_a_manifest_linked_to_a_device_or_too_big_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    manifest = tmp_path / "out" / output.MANIFEST
    device = Path(os.devnull)
    try:
        manifest.symlink_to(device)
    except OSError:  # Windows without the right to make links
        pytest.skip("no symbolic links here")
    result = build(tmp_path)
    assert result.exit_code == 1 and "不是普通文件" in result.stderr
    manifest.unlink()
    manifest.write_bytes(b" " * (output.MAX_MANIFEST + 1))
    result = build(tmp_path)
    assert result.exit_code == 1 and "超过 5 MB" in result.stderr


def test_a_manifest_nested_without_end_counts_as_damaged(tmp_path: Path) -> None:
    assert build(tmp_path).exit_code == 0
    manifest = tmp_path / "out" / output.MANIFEST
    manifest.write_text("[" * 100_000, encoding="utf-8")
    result = build(tmp_path, "第二稿")
    assert result.exit_code == 1
    assert "没有它由 tzreport 生成的记录" in result.stderr and "Traceback" not in result.stderr
