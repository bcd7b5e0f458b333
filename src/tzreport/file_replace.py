"""Files replaced whole: each written to a temporary file beside it, synced to the disk, then
renamed into place, so that an interrupted write, a crash or a power cut leaves the old file
or the new one, never half of one (output.py writes reports and their record through here).

The steps are apart so that many files can be staged, then synced at once (the system joins
syncs issued together), then renamed: stage_all, sync_all, rename_all; discard_all gives up.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tzreport.errors import OutputError, os_reason

if TYPE_CHECKING:
    from concurrent.futures import Executor

IN_USE = "文件被占用或没有写权限；若已在 Word/WPS 中打开，请先关闭"


def stage_all(files: dict[Path, bytes], done: list[Path]) -> list[Staged]:
    """Each file's content in a temporary file beside it (not yet synced); `done` gets those
    already holding it. On a failure nothing staged is left."""
    staged: list[Staged] = []
    try:
        for target, data in files.items():
            one = stage(target, data)
            if one is None:
                done.append(target)  # it holds this content already
            else:
                staged.append(one)
    except BaseException:
        discard_all(staged)
        raise
    return staged


def sync_all(staged: list[Staged], threads: Executor | None = None) -> None:
    """Sync the staged files all at once: fsync lets other threads run, and the system joins
    syncs issued together, so that several files wait for the disk about once. threads: a
    folder build's, already running; by default a thread each is started. A sync that fails
    is kept on its file (Staged.error), for rename_all to say."""
    if threads is not None:
        list(threads.map(Staged.sync, staged))
        return
    started = [threading.Thread(target=Staged.sync, args=(one,)) for one in staged[:-1]]
    for thread in started:
        thread.start()
    for one in staged[-1:]:
        one.sync()
    for thread in started:
        thread.join()


def rename_all(staged: list[Staged], done: list[Path]) -> None:
    """Rename the synced files into place, each removed from `staged` as it is; a sync that
    failed renames none of them (an OutputError naming its file)."""
    for one in staged:
        if one.error is not None:
            with said_as_output_error(one.target):
                raise one.error
    for one in list(staged):
        one.handle.close()  # Windows renames no file that is open, our own handle included
        with said_as_output_error(one.target):
            os.chmod(one.temp, one.mode)
            replace(one.temp, one.target)
        staged.remove(one)
        done.append(one.target)


def discard_all(staged: list[Staged]) -> None:
    for one in staged:
        one.handle.close()
        discard(one.temp)


@dataclass
class Staged:
    """A file's new content in a temporary file beside it, and how its sync went."""

    target: Path
    temp: str
    mode: int
    handle: BinaryIO
    error: OSError | None = None

    def sync(self) -> None:
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
        except OSError as exc:
            self.error = exc


def stage(target: Path, data: bytes) -> Staged | None:
    """The data in a temporary file in target's folder; None if target already holds it."""
    existing = None
    with contextlib.suppress(OSError):
        existing = os.stat(target)
    if existing is not None and stat.S_ISREG(existing.st_mode) and existing.st_size == len(data):
        with contextlib.suppress(OSError), open(target, "rb") as handle:
            if handle.read(len(data) + 1) == data:
                return None
    try:
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except FileNotFoundError:  # the folder is made for the first file written into it
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: 错误 无法写入：{os_reason(exc)}") from None
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~umask()
    staged = Staged(target, temp, mode, os.fdopen(fd, "wb"))
    try:
        with said_as_output_error(target):
            staged.handle.write(data)
        return staged
    except BaseException:
        staged.handle.close()
        discard(temp)
        raise


@contextlib.contextmanager
def said_as_output_error(target: Path) -> Iterator[None]:  # an OSError, as the user is told it
    try:
        yield
    except PermissionError:
        raise OutputError(f"{target}: 错误 {IN_USE}") from None
    except OSError as exc:
        raise OutputError(f"{target}: 错误 无法写入：{os_reason(exc)}") from None


# Windows refuses to replace a file another process has open, even for reading: another build
# reading the manifest, a virus scanner looking at a new file. Such a moment passes; a file open
# in Word does not, and is found before anything is written (Manifest.check).
REPLACE_WAITS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5) if sys.platform == "win32" else ()


def replace(temp: str, target: Path) -> None:
    for wait in REPLACE_WAITS:
        try:
            os.replace(temp, target)
            return
        except PermissionError:
            time.sleep(wait)
    os.replace(temp, target)


@functools.cache
def umask() -> int:
    # Python can read the umask only by setting it: once, before any worker threads
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no fsync of a folder)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def discard(temp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)
