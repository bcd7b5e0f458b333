"""Helpers of the Windows suite (`make test-windows`, tests/windows/run.sh): running the tzreport
that pip installed, as a Windows user runs it, and reading what it prints in the console's code
page. The Linux suite (`make test`) passes this folder over (pyproject.toml: --ignore), and run.sh
runs it under the Windows Python with its own pytest.ini; elsewhere than on Windows nothing here
is collected even when named."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

if sys.platform != "win32":
    collect_ignore_glob = ["test_*.py"]

SCRIPTS = Path(sys.executable).parent / "Scripts"
# fake_soffice.exe, compiled by run.sh
HELPERS = Path(os.environ.get("TZREPORT_WINDOWS_SUITE_HELPERS", "."))
CODE_PAGE = "cp936"
CLEAN = "单位: {unit}\n年度: {year}\n存在问题: [宣传不够]\n下一步计划: [加强学习]\n"


def command(how: str) -> list[str]:
    """tzreport as a Windows user starts it: the console script pip made, or `py -m tzreport`
    (here python.exe -m: the embeddable Python has no py launcher)."""
    return [str(SCRIPTS / "tzreport.exe")] if how == "exe" else [sys.executable, "-m", "tzreport"]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    env.update(extra)
    return env


def decode(raw: bytes) -> str:
    """What a cp936 console shows: the bytes must be GBK, every one of them."""
    return raw.decode(CODE_PAGE).replace("\r\n", "\n")


def tzreport(*args: str, how: str = "module", cwd: Path | None = None, timeout: float = 180,
             env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one tzreport command, its output read as GBK."""
    done = subprocess.run([*command(how), *args], capture_output=True, cwd=cwd, timeout=timeout,
                          env=env or environment())
    return done.returncode, decode(done.stdout), decode(done.stderr)


def data_file(path: Path, unit: str, year: int = 2024) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CLEAN.format(unit=unit, year=year), encoding="utf-8")
    return path


def report_name(unit: str, year: int = 2024) -> str:
    return f"{unit}{year}年统战工作总结"


class Lines:
    """A running process's output, line by line, as it comes (a thread reads the pipe)."""

    def __init__(self, stream: object) -> None:
        self.lines: list[str] = []
        self.raw = bytearray()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.raw += line
            self.lines.append(decode(line).rstrip("\n"))

    def wait_for(self, test: object, timeout: float) -> list[str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = [line for line in self.lines if test(line)]  # type: ignore[operator]
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no such line within {timeout} s; so far: {self.lines}")

    def text(self) -> str:
        self._thread.join(30)
        return decode(bytes(self.raw))


kernel32 = ctypes.WinDLL("kernel32", use_last_error=True) if sys.platform == "win32" else None


@contextlib.contextmanager
def console_ctrl_c() -> Iterator[threading.Event]:
    """While inside: Ctrl+C reaches this process as an event set (not a KeyboardInterrupt). The
    console sends Ctrl+C to every process attached to it, this one included, as when a person
    presses the keys in the window tzreport runs in."""
    assert kernel32 is not None
    if not kernel32.GetConsoleWindow() and kernel32.GetConsoleOutputCP() == 0:
        raise AssertionError("no console: run the Windows suite with make test-windows")
    got = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda signum, frame: got.set())
    try:
        yield got
    finally:
        got.wait(10)  # the event comes on a thread of its own: it must not land after the reset
        time.sleep(0.3)
        signal.signal(signal.SIGINT, previous)


def press_ctrl_c() -> None:
    assert kernel32 is not None
    if not kernel32.GenerateConsoleCtrlEvent(signal.CTRL_C_EVENT, 0):
        raise ctypes.WinError(ctypes.get_last_error())


class PROCESSENTRY32W(ctypes.Structure):
    _fields_ = [
        ("dwSize", ctypes.c_ulong), ("cntUsage", ctypes.c_ulong), ("th32ProcessID", ctypes.c_ulong),
        ("th32DefaultHeapID", ctypes.c_size_t), ("th32ModuleID", ctypes.c_ulong),
        ("cntThreads", ctypes.c_ulong), ("th32ParentProcessID", ctypes.c_ulong),
        ("pcPriClassBase", ctypes.c_long), ("dwFlags", ctypes.c_ulong),
        ("szExeFile", ctypes.c_wchar * 260),
    ]


def descendants(pid: int) -> dict[int, str]:
    """The processes below pid (children, their children …): id → program name."""
    assert kernel32 is not None
    kernel32.CreateToolhelp32Snapshot.restype = ctypes.c_void_p
    snapshot = kernel32.CreateToolhelp32Snapshot(0x2, 0)  # TH32CS_SNAPPROCESS
    entry = PROCESSENTRY32W()
    entry.dwSize = ctypes.sizeof(entry)
    parents: dict[int, tuple[int, str]] = {}
    ok = kernel32.Process32FirstW(ctypes.c_void_p(snapshot), ctypes.byref(entry))
    while ok:
        parents[entry.th32ProcessID] = (entry.th32ParentProcessID, entry.szExeFile)
        ok = kernel32.Process32NextW(ctypes.c_void_p(snapshot), ctypes.byref(entry))
    kernel32.CloseHandle(ctypes.c_void_p(snapshot))
    found: dict[int, str] = {}
    frontier = {pid}
    while frontier:
        frontier = {p for p, (parent, _) in parents.items() if parent in frontier and p not in found}
        found.update({p: parents[p][1] for p in frontier})
    return found


def running(pid: int) -> bool:
    """Whether the process is still there (waits up to 5 s for one that is ending)."""
    assert kernel32 is not None
    kernel32.OpenProcess.restype = ctypes.c_void_p
    handle = kernel32.OpenProcess(0x00100000 | 0x1000, False, pid)  # SYNCHRONIZE, QUERY_LIMITED
    if not handle:
        return False
    try:
        return kernel32.WaitForSingleObject(ctypes.c_void_p(handle), 5000) != 0  # WAIT_OBJECT_0
    finally:
        kernel32.CloseHandle(ctypes.c_void_p(handle))
