"""Inputs are read only from regular files: a named pipe (FIFO) would hang the read until some
other program writes to it, a device (/dev/zero, /dev/urandom) never ends, a socket cannot be
read at all. Every command that reads a file someone gave it opens it here, so such a path is
refused at once with a message saying what it is, whatever the command.

The file is opened without blocking (a FIFO with no writer would otherwise hang the open
itself) and what was opened is checked, not the path before opening, so nothing can be swapped
in between the check and the read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISFIFO, "命名管道（FIFO）"),
    (stat.S_ISCHR, "设备文件"),
    (stat.S_ISBLK, "设备文件"),
    (stat.S_ISSOCK, "套接字（socket）"),
    (stat.S_ISDIR, "文件夹"),
)


class NotRegularFile(OSError):
    """The path names a pipe, a device, a socket or a folder: its `strerror` says which, in
    the user's words, so that a caller's "无法读取文件：{reason}" reads right."""


def what_it_is(mode: int) -> str:
    """The user's word for a file that is not a regular one ("命名管道（FIFO）", …)."""
    return next((word for test, word in _KINDS if test(mode)), "特殊文件")


def refusal(path: Path, mode: int) -> NotRegularFile:
    reason = f"这是{what_it_is(mode)}，不是普通文件，不能读取"
    return NotRegularFile(0, reason, str(path))


def check(path: Path) -> None:
    """Raise NotRegularFile when the path exists and is not a regular file (a folder included);
    a missing path is left for the open to report."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise refusal(path, mode)


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading in binary, or NotRegularFile (an OSError) at once when it is
    a pipe, a device, a socket or a folder; the system's OSError when it cannot be opened."""
    check(path)  # a socket cannot even be opened: say what it is before trying
    # O_NONBLOCK is POSIX's: Windows has no FIFO to hang on, and its os.set_blocking (3.12+)
    # works on pipes only — on a file it fails with “无效的函数” (ERROR_INVALID_FUNCTION)
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_RDONLY | nonblocking | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for a pipe or device since the check
            raise refusal(path, mode)
        if nonblocking:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int) -> bytes:
    """At most limit + 1 bytes of a regular file (one more than the limit tells the caller the
    file is too big without reading it all). The same checks as open_regular, in fewer system
    calls (every data file of a folder build is read here): the path is looked at only when
    it cannot be opened (a socket, a folder on Windows: to say what it is), and the bytes are
    read without a file object."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # (POSIX's: see open_regular)
    flags = os.O_RDONLY | nonblocking | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        check(path)
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # a FIFO, a device, a folder: opened without waiting, refused
            raise refusal(path, mode)
        if nonblocking:
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        wanted = limit + 1
        while wanted > 0 and (chunk := os.read(fd, wanted)):
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
