"""What Windows does differently to files and processes: the msvcrt lock between builds writing
into one folder at once (and imports into one data file), its lock file removed all the same, a
report held open in Word, and Ctrl+C in the console window a folder build runs in."""

from __future__ import annotations

import ctypes
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    Lines,
    command,
    console_ctrl_c,
    data_file,
    decode,
    descendants,
    environment,
    kernel32,
    press_ctrl_c,
    report_name,
    running,
    tzreport,
)

MANIFEST = ".tzreport-manifest.json"
IN_USE = "错误 文件被占用或没有写权限；若已在 Word/WPS 中打开，请先关闭"


def recorded(folder: Path) -> dict[str, str]:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


# Two processes, each recording 60 reports one at a time in the same folder, started at the
# same moment: every record must be kept.
WRITER = """
import sys, time
from pathlib import Path
from tzreport.output import write_reports
folder, tag, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
while not go.exists():
    time.sleep(0.005)
for n in range(60):
    write_reports({folder / f"{tag}-{n:02d}.md": f"{tag} {n}\\n".encode()})
"""


def test_two_processes_recording_in_one_folder_keep_every_record(tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    go = tmp_path / "go"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder), tag, str(go)],
                                stderr=subprocess.PIPE, env=environment()) for tag in ("甲", "乙")]
    go.touch()
    errors = [w.communicate(timeout=300)[1].decode("cp936") for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    files = recorded(folder)
    assert sorted(files) == sorted(f"{t}-{n:02d}.md" for t in ("甲", "乙") for n in range(60))
    assert all(files[name] == sha256(folder / name) for name in files)
    assert not list(folder.glob(".*.tmp")), "a temporary file was left behind"
    # removed after 120 turns of the lock, half of them taken while the other process waited
    assert not (folder / (MANIFEST + ".lock")).exists()


def test_two_imports_into_one_data_file_at_once_keep_both_and_leave_no_lock_file(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    events = "".join(f"    - 已有活动{n}\n" for n in range(2000))  # a while to read, merge and write
    target.write_text(f"单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n{events}", encoding="utf-8")
    ledgers = []
    for k in range(2):
        source = tmp_path / f"来源{k}.yaml"
        listed = "".join(f"    - 台账{k}活动{n}\n" for n in range(15))
        source.write_text(f"单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n{listed}", encoding="utf-8")
        code, out, err = tzreport("export", str(source), "-o", str(tmp_path / f"台账{k}.xlsx"))
        assert code == 0, err
        ledgers.append(tmp_path / f"台账{k}.xlsx")
    runs = [subprocess.Popen([*command("module"), "import", str(ledger), "--into", str(target)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment()) for ledger in ledgers]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [decode(err) for _, err in results]
    text = target.read_text(encoding="utf-8")
    assert [f"台账{k}活动{n}" for k in range(2) for n in range(15) if f"    - 台账{k}活动{n}\n" not in text] == []
    assert not (tmp_path / "2024.yaml.lock").exists()


def test_two_folder_builds_into_one_output_folder_at_once_keep_both_records(tmp_path: Path) -> None:
    output = tmp_path / "输出"
    units = {"一": ["甲社区", "乙社区", "丙社区"], "二": ["丁社区", "戊社区", "己社区"]}
    for part, names in units.items():
        for unit in names:
            data_file(tmp_path / part / f"{unit}.yaml", unit)
    builds = [subprocess.Popen([*command("module"), "build", str(tmp_path / part), "-o", str(output), "-j", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment())
              for part in units]
    results = [b.communicate(timeout=300) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], [e.decode("cp936") for _, e in results]
    expected = sorted(f"{report_name(u)}.{k}" for names in units.values() for u in names for k in ("md", "docx"))
    assert sorted(recorded(output)) == expected


def open_as_word_does(path: Path, share: int) -> int:
    """A handle on the file like an editor's: share=0 lets no one else open it (as Word does
    with a document it is editing); FILE_SHARE_READ lets others read but not write."""
    assert kernel32 is not None
    kernel32.CreateFileW.restype = ctypes.c_void_p
    handle = kernel32.CreateFileW(str(path), 0x80000000 | 0x40000000, share, None, 3, 0x80, None)
    if handle in (None, ctypes.c_void_p(-1).value):
        raise ctypes.WinError(ctypes.get_last_error())
    return handle


@pytest.mark.parametrize("share", [0, 1], ids=["no-sharing", "share-read"])
def test_a_report_open_in_word_is_named_and_nothing_is_lost(tmp_path: Path, share: int) -> None:
    source = data_file(tmp_path / "2024.yaml", "甲社区")
    code, out, err = tzreport("build", str(source))
    assert code == 0, err
    docx = tmp_path / f"{report_name('甲社区')}.docx"
    md = docx.with_suffix(".md")
    before = {p: p.read_bytes() for p in (md, docx, tmp_path / MANIFEST)}
    source.write_text(source.read_text(encoding="utf-8").replace("宣传不够", "队伍建设不够"), encoding="utf-8")
    handle = open_as_word_does(docx, share)
    try:
        code, out, err = tzreport("build", str(source))
    finally:
        assert kernel32 is not None
        kernel32.CloseHandle(ctypes.c_void_p(handle))
    assert (code, out) == (1, "")
    assert err == f"{docx}: {IN_USE}\n"
    # nothing of the report was written: the .md found beside it is the previous one
    assert {p: p.read_bytes() for p in before} == before
    assert not list(tmp_path.glob(".*.tmp"))
    # once Word has closed it, the same command writes both
    code, out, err = tzreport("build", str(source))
    assert code == 0, err
    assert "队伍建设不够" in md.read_text(encoding="utf-8")
    assert recorded(tmp_path)[docx.name] == sha256(docx)


def test_ctrl_c_stops_a_folder_build_keeps_what_was_written_and_leaves_no_worker(tmp_path: Path) -> None:
    folder = tmp_path / "数据"
    units = [f"第{n:02d}社区" for n in range(40)]
    for unit in units:
        data_file(folder / f"{unit}.yaml", unit)
    output = tmp_path / "输出"
    with console_ctrl_c() as got:
        build = subprocess.Popen([*command("module"), "build", str(folder), "-o", str(output), "-j", "2"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment())
        out, err = Lines(build.stdout), Lines(build.stderr)
        try:
            out.wait_for(lambda line: line.endswith(".docx"), timeout=180)
            out.wait_for(lambda line: "第01社区" in line and line.endswith(".docx"), timeout=60)
            workers = descendants(build.pid)
            press_ctrl_c()
            try:
                build.wait(timeout=60)
            except subprocess.TimeoutExpired:
                raise AssertionError(f"still running 60 s after Ctrl+C: {out.lines[-3:]}, {err.lines}, "
                                     f"{descendants(build.pid)}") from None
        finally:
            if build.poll() is None:
                build.kill()
        assert got.wait(10), "Ctrl+C did not reach the console's processes"
    assert len(workers) >= 2, workers  # the two spawned workers (and multiprocessing's helpers)
    assert build.returncode == 130, err.text()
    assert err.text().endswith("已中断：已生成的文件都是完整的并已记录，其余文件没有生成。\n")
    assert "Traceback" not in err.text()
    # (a lock file stays if a process is ended while it holds the lock)
    written = sorted(p.name for p in output.iterdir() if p.name not in (MANIFEST, MANIFEST + ".lock"))
    assert 2 <= len(written) < 2 * len(units)
    assert recorded(output) == {name: sha256(output / name) for name in written}
    said = [line.removeprefix("已生成 ") for line in out.text().splitlines()]
    assert {Path(p).name for p in said} <= set(written)
    left = [f"{pid} {name}" for pid, name in workers.items() if running(pid)]
    assert not left, f"still running after the build ended: {left}"


# A folder build's parent waits for each file's result; on Windows a wait without a time limit
# is not interrupted by Ctrl+C, so one slow file held up the stop until it was done.
SLOW = """
import sys, time
from pathlib import Path
from tzreport.batch import pool

def work(item):
    time.sleep(float(item.name))
    return item.name

if __name__ == "__main__":
    try:
        for item, result in pool.in_order(work, [Path("0.1"), Path("90"), Path("90")], jobs=2):
            print("done", result, flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
"""


def test_ctrl_c_is_not_held_up_by_a_slow_file(tmp_path: Path) -> None:
    script = tmp_path / "slow.py"
    script.write_text(SLOW, encoding="utf-8")
    with console_ctrl_c():
        run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, env=environment())
        out = Lines(run.stdout)
        try:
            out.wait_for(lambda line: line == "done 0.1", timeout=120)
            time.sleep(1)  # the parent is waiting for the slow file now
            pressed = time.monotonic()
            press_ctrl_c()
            run.wait(timeout=60)
            took = time.monotonic() - pressed
        finally:
            if run.poll() is None:
                run.kill()
    assert out.text() == "done 0.1\ninterrupted\n"
    assert took < 10
