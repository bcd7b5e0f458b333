"""The lock around a manifest's read–merge–write: builds writing into one folder at the same
time (make -j, two windows) wait for each other instead of losing each other's records."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tzreport.errors import OutputError, os_reason

LOCK_WAIT = 30.0  # seconds to wait for another build to finish saving the same record
DELETE_PENDING_WAIT = 2.0  # seconds a lock file being removed on Windows may stay unopenable


BUSY = "另一个 tzreport 正在写这个文件夹的生成记录"


@contextlib.contextmanager
def locked(path: Path, busy: str = BUSY) -> Iterator[None]:
    """Hold the manifest's lock file while its record is read, merged and written, so that
    builds writing into one folder at the same time (make -j, two windows) keep each
    other's entries. An OS lock (fcntl, or msvcrt on Windows) is released by the system if
    the process dies, so a killed build never leaves the folder locked; the lock file is
    removed when done, and a lock taken on a file already removed is taken again.
    The same lock serves any read–modify–write of one file (import --into a data file); `busy`
    says who holds it when the wait runs out."""
    lock = path.with_name(path.name + ".lock")
    started = time.monotonic()
    denied = None  # since when opening the lock file is refused
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        except PermissionError as exc:
            # On Windows a lock file being removed while a virus scanner or indexer still has it
            # open can be opened by no one until they let go ("delete pending"): a moment's wait
            denied = denied or time.monotonic()
            if sys.platform == "win32" and time.monotonic() - denied < DELETE_PENDING_WAIT:
                time.sleep(0.02)
                continue
            raise OutputError(f"{lock}: 错误 无法写入：{os_reason(exc)}") from None
        except OSError as exc:
            raise OutputError(f"{lock}: 错误 无法写入：{os_reason(exc)}") from None
        if _try_lock(fd):
            if _same_file(fd, lock):
                break
            _unlock(fd)
        os.close(fd)
        if time.monotonic() - started > LOCK_WAIT:
            raise OutputError(f"{path}: 错误 {busy}，等待 {LOCK_WAIT:.0f} 秒仍未结束")
        time.sleep(0.02)
    try:
        yield
    finally:
        if sys.platform != "win32":
            # removed while still held: whoever opened it meanwhile finds, once it has the
            # lock, that it is no longer the file at the path (_same_file), and starts again
            with contextlib.suppress(OSError):
                os.unlink(lock)
        _unlock(fd)
        os.close(fd)
        if sys.platform == "win32":
            # Windows removes no file that is open, this handle included: removed after closing,
            # and only when no one else has it open (our opens allow no deleting, so then
            # DeleteFile fails with a sharing violation and the file stays for whoever holds or
            # waits for it, which removes it in turn): no one can lock a file that is gone
            with contextlib.suppress(OSError):
                os.unlink(lock)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
