"""Writing reports without losing anyone's work.

- Every file is written to a temporary file in its folder and renamed into place, so an
  interrupted build leaves the previous file whole.
- A report a person changed after tzreport wrote it (typically the .docx, edited in Word) is
  never overwritten unless asked with --force. tzreport records the SHA-256 of each file it
  writes in a small manifest in the output folder (MANIFEST); an existing file is replaced
  only if it still has the recorded hash, or already has exactly the new content.
  Why a manifest and not a property inside the .docx: Word keeps custom properties when it
  saves, so a mark inside the file survives the very edit it should reveal, and a hash of the
  file cannot be stored in the file itself. The manifest also covers the .md. If it is lost,
  files are treated as unknown and refused: the safe side.
- A file Word holds open on Windows (PermissionError) gets a message asking to close it, and
  is found before anything of the report is written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
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

from tzreport import file_lock
from tzreport.errors import OutputError, os_reason

if TYPE_CHECKING:
    from concurrent.futures import Executor

MANIFEST = ".tzreport-manifest.json"
_NOTE = "tzreport 在这里记录它生成的每个文件的 SHA-256，用来发现生成后被人修改过的报告，避免覆盖。请不要修改。"
_KEEP_OR_REPLACE = "如要保留它，请先把它改名或移到别处，再重新生成；如要用新生成的报告替换它，请加上 --force 重新生成"
_IN_USE = "文件被占用或没有写权限；若已在 Word/WPS 中打开，请先关闭"


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def write_atomic(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it into place, so an
    interrupted build never leaves a half-written file. The data reaches the disk (fsync)
    before the rename, so that after a power cut the file is the old one or the new one,
    whole; then the folder, for the rename. The file gets the mode the existing one had, or
    that of any new file under the user's umask (the temporary file's 0600 must not survive
    the rename). A file already holding exactly this content is left alone (a full disk)."""
    if _replace_together({target: data}, []):
        _sync_folder(target.parent)


def _replace_together(files: dict[Path, bytes], done: list[Path]) -> int:
    """Write files as write_atomic does, but for the sync of their folder: each to a temporary
    file, all synced at once (the system joins syncs issued together), then each renamed into
    place. `done` gets each file holding its new content, even when a later one fails;
    returns how many were renamed. A failure is an OutputError naming the file; the files
    renamed before it stay, nothing is left of the others. (Reports are written so, their
    folder synced before the manifest recording them is saved: Manifest.save.)"""
    staged: list[_Staged] = []
    try:
        staged = _stage_all(files, done)
        renamed = len(staged)
        _sync_all(staged)
        _rename_all(staged, done)
        return renamed
    finally:  # KeyboardInterrupt too: the previous files stay as they were
        _discard_all(staged)


def _stage_all(files: dict[Path, bytes], done: list[Path]) -> list[_Staged]:
    """Each file's content in a temporary file beside it (not yet synced); `done` gets those
    already holding it. On a failure nothing staged is left."""
    staged: list[_Staged] = []
    try:
        for target, data in files.items():
            one = _stage(target, data)
            if one is None:
                done.append(target)  # it holds this content already
            else:
                staged.append(one)
    except BaseException:
        _discard_all(staged)
        raise
    return staged


def _sync_all(staged: list[_Staged], threads: Executor | None = None) -> None:
    """Sync the staged files all at once: fsync lets other threads run, and the system joins
    syncs issued together, so that several files wait for the disk about once. threads: a
    folder build's, already running; by default a thread each is started. A sync that fails
    is kept on its file (_Staged.error), for _rename_all to say."""
    if threads is not None:
        list(threads.map(_Staged.sync, staged))
        return
    started = [threading.Thread(target=_Staged.sync, args=(one,)) for one in staged[:-1]]
    for thread in started:
        thread.start()
    for one in staged[-1:]:
        one.sync()
    for thread in started:
        thread.join()


def _rename_all(staged: list[_Staged], done: list[Path]) -> None:
    """Rename the synced files into place, each removed from `staged` as it is; a sync that
    failed renames none of them (an OutputError naming its file)."""
    for one in staged:
        if one.error is not None:
            with _said_as_output_error(one.target):
                raise one.error
    for one in list(staged):
        one.handle.close()  # Windows renames no file that is open, our own handle included
        with _said_as_output_error(one.target):
            os.chmod(one.temp, one.mode)
            _replace(one.temp, one.target)
        staged.remove(one)
        done.append(one.target)


def _discard_all(staged: list[_Staged]) -> None:
    for one in staged:
        one.handle.close()
        _discard(one.temp)


@dataclass
class _Staged:
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


def _stage(target: Path, data: bytes) -> _Staged | None:
    """The data in a temporary file in target's folder; None if target already holds it."""
    existing = None
    with contextlib.suppress(OSError):
        existing = os.stat(target)
    if existing is not None and stat.S_ISREG(existing.st_mode) and existing.st_size == len(data):
        with contextlib.suppress(OSError), open(target, "rb") as handle:
            if handle.read(len(data) + 1) == data:
                return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: 错误 无法写入：{os_reason(exc)}") from None
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    staged = _Staged(target, temp, mode, os.fdopen(fd, "wb"))
    try:
        with _said_as_output_error(target):
            staged.handle.write(data)
        return staged
    except BaseException:
        staged.handle.close()
        _discard(temp)
        raise


@contextlib.contextmanager
def _said_as_output_error(target: Path) -> Iterator[None]:  # an OSError, as the user is told it
    try:
        yield
    except PermissionError:
        raise OutputError(f"{target}: 错误 {_IN_USE}") from None
    except OSError as exc:
        raise OutputError(f"{target}: 错误 无法写入：{os_reason(exc)}") from None


# Windows refuses to replace a file another process has open, even for reading: another build
# reading the manifest, a virus scanner looking at a new file. Such a moment passes; a file open
# in Word does not, and is found before anything is written (Manifest.check).
REPLACE_WAITS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5) if sys.platform == "win32" else ()


def _replace(temp: str, target: Path) -> None:
    for wait in REPLACE_WAITS:
        try:
            os.replace(temp, target)
            return
        except PermissionError:
            time.sleep(wait)
    os.replace(temp, target)


@functools.cache
def _umask() -> int:
    # Python can read the umask only by setting it: once, before any worker threads
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no fsync of a folder)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _discard(temp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)


# The manifest is read with the care a data file gets: a regular file of bounded size.
# A record line is about 100 bytes, so this allows some 50 000 reports in one folder.
MAX_MANIFEST = 5_000_000


def _read_manifest(path: Path) -> dict[str, str]:
    """The files a manifest records. Missing or damaged (not JSON): none, so that every
    existing file counts as unknown, the safe side. Not a regular file, or too large: an
    OutputError, rather than hanging on a pipe or reading a device without end."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder's own problem is said later
        return {}
    except OSError as exc:
        raise OutputError(f"{path}: 错误 无法读取 tzreport 的生成记录：{os_reason(exc)}") from None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MANIFEST:
        what = "超过 5 MB" if stat.S_ISREG(info.st_mode) else "不是普通文件"
        raise OutputError(
            f"{path}: 错误 tzreport 的生成记录{what}，无法使用；请删除它后重新生成"
            "（已有的报告将被当作不是 tzreport 生成的，确认后加 --force）"
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_MANIFEST + 1)
        if len(raw) > MAX_MANIFEST:
            return {}
        recorded = json.loads(raw.decode("utf-8"))
        return {str(k): str(v) for k, v in dict(recorded.get("files", {})).items()}
    except (OSError, ValueError, TypeError, AttributeError, RecursionError):
        return {}


class Manifest:
    """The record of what tzreport wrote in one folder: file name → hash of its content."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.files: dict[str, str] = _read_manifest(self.path)
        self.added: dict[str, str] = {}  # recorded by this build, not yet saved
        self.unsaved = False

    def check(self, target: Path, data: bytes, force: bool = False) -> None:
        """Raise OutputError if writing data to target would lose something a person wrote,
        or could not be done because the file is in use."""
        try:
            if target.parent.exists() and not target.parent.is_dir():
                raise OutputError(f"{target.parent}: 错误 这是一个文件，不是文件夹，无法在其中生成报告")
            if target.is_dir():
                raise OutputError(f"{target}: 错误 已有同名的文件夹，无法生成这个文件")
        except OSError as exc:  # a folder without permission, a name too long
            raise OutputError(f"{target}: 错误 无法写入：{os_reason(exc)}") from None
        try:
            with target.open("rb") as handle:
                existing = "sha256:" + hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            return
        except PermissionError:
            raise OutputError(f"{target}: 错误 {_IN_USE}") from None
        except OSError as exc:
            raise OutputError(f"{target}: 错误 无法读取已有的文件：{os_reason(exc)}") from None
        _probe_writable(target)
        if force or existing in (digest(data), self.files.get(target.name)):
            return
        if target.name not in self.files:
            why = f"已有同名文件，但没有它由 tzreport 生成的记录（{MANIFEST}），它可能是别人写的，或记录已丢失"
        else:
            why = "这个文件在生成以后被修改过（例如在 Word 中编辑并保存过）"
        raise OutputError(f"{target}: 错误 {why}，为免丢失内容，没有覆盖它。{_KEEP_OR_REPLACE}")

    def record(self, written: dict[Path, bytes], save: bool = True) -> None:
        """Remember the files just written. save=False: kept in memory until save(); a
        folder build saves every few seconds and at its end, rather than rewriting a growing
        record after every report."""
        new = {target.name: digest(data) for target, data in written.items()}
        self.files.update(new)
        self.added.update(new)
        self.unsaved = True
        if save:
            self.save()

    def save(self) -> None:
        """Merge what this build recorded into the record on disk, under the folder's lock:
        entries another build saved meanwhile are kept, entries of files no longer there are
        dropped."""
        if not self.unsaved:
            return
        if self.added:  # the renames of the reports (write_reports) on the disk before their record
            _sync_folder(self.path.parent)
        with file_lock.locked(self.path):
            files = {**_read_manifest(self.path), **self.added}
            try:
                present = {entry.name for entry in os.scandir(self.path.parent) if entry.is_file()}
            except OSError as exc:
                raise OutputError(f"{self.path.parent}: 错误 无法读取文件夹：{os_reason(exc)}") from None
            files = {name: h for name, h in files.items() if name in present}
            text = json.dumps({"说明": _NOTE, "files": dict(sorted(files.items()))}, ensure_ascii=False, indent=2)
            try:
                write_atomic(self.path, (text + "\n").encode("utf-8"))
            except OutputError as exc:  # a full disk: the reports are written, say so
                raise OutputError(
                    f"{exc.message}。已生成的 {len(self.added)} 个文件完好，但没能记下它们由 tzreport 生成；"
                    "腾出空间后再生成一次即可记下（内容相同的文件不会重写）"
                ) from None
        self.files = {**files, **self.files}
        self.added = {}
        self.unsaved = False


def _probe_writable(target: Path) -> None:
    """Open the file for writing without changing it: on Windows this fails while Word has the
    file open, which is better found before any file of the report is written."""
    try:
        fd = os.open(target, os.O_RDWR)
    except PermissionError:
        raise OutputError(f"{target}: 错误 {_IN_USE}") from None
    except OSError as exc:
        raise OutputError(f"{target}: 错误 无法写入：{os_reason(exc)}") from None
    os.close(fd)


def write_reports(
    written: dict[Path, bytes], force: bool = False, known: dict[Path, Manifest] | None = None
) -> None:
    """Check every file first, then write them all and record them in their folders' manifests.
    Nothing is written if any of them may not be. known: the manifests of a build so far, by
    folder (read from disk once per build, then kept up to date in memory; the build saves
    them, see save_manifests)."""
    pending = stage_reports(written, force, known)
    try:
        sync_reports([pending])
    except BaseException:  # KeyboardInterrupt too: the previous files stay as they were
        discard_reports(pending)
        raise
    finish_reports(pending)


@dataclass
class Pending:
    """A report's files checked and written to temporary files beside their targets, waiting
    for the disk (sync_reports) before they are renamed into place (finish_reports)."""

    written: dict[Path, bytes]
    manifests: dict[Path, Manifest]
    known: dict[Path, Manifest] | None
    staged: list[_Staged]
    done: list[Path]  # files holding their new content


def stage_reports(
    written: dict[Path, bytes], force: bool = False, known: dict[Path, Manifest] | None = None
) -> Pending:
    """The first step of write_reports: every file checked (an OutputError if any may not be
    written, and then nothing is), then each written to a temporary file. A folder build
    stages several reports, syncs them together and finishes each: one wait for the disk
    for them all."""
    manifests: dict[Path, Manifest] = {}
    for target, data in written.items():
        if target.parent not in manifests:
            if known is not None and target.parent in known:
                manifests[target.parent] = known[target.parent]
            else:
                manifests[target.parent] = Manifest(target.parent)
                if known is not None:  # one record a folder, for reports staged before this one is finished
                    known[target.parent] = manifests[target.parent]
        manifests[target.parent].check(target, data, force)
    done: list[Path] = []
    try:
        staged = _stage_all(written, done)
    except BaseException:
        _record(written, manifests, known, done)
        raise
    return Pending(written, manifests, known, staged, done)


def sync_reports(pending: list[Pending], threads: Executor | None = None) -> None:
    """Every staged file of these reports synced at once (see _sync_all; threads: a folder
    build's). A failed sync is said by finish_reports."""
    _sync_all([one for report in pending for one in report.staged], threads)


def finish_reports(pending: Pending) -> None:
    """Rename a report's synced files into place and record them in their folders' manifests;
    an OutputError if one could not be synced or renamed (the files renamed before it stay,
    and are recorded; nothing is left of the others)."""
    try:
        # synced together, then renamed, their folder synced when the manifest is saved: a
        # folder build waits for the disk about once a report, not four times
        _rename_all(pending.staged, pending.done)
    finally:
        _discard_all(pending.staged)
        pending.staged = []
        # what was written is recorded even if a later file failed (the disk filled up):
        # otherwise the next build would take it for a report someone edited
        _record(pending.written, pending.manifests, pending.known, pending.done)


def discard_reports(pending: Pending) -> None:
    """Give up a staged report: its temporary files removed, the previous files left as they were."""
    _discard_all(pending.staged)
    pending.staged = []
    _record(pending.written, pending.manifests, pending.known, pending.done)


def _record(
    written: dict[Path, bytes], manifests: dict[Path, Manifest], known: dict[Path, Manifest] | None,
    done: list[Path],
) -> None:
    for folder, manifest in manifests.items():
        mine = {t: written[t] for t in done if t.parent == folder}
        if mine:
            manifest.record(mine, save=known is None)
        if known is not None:
            known[folder] = manifest


def save_manifests(manifests: dict[Path, Manifest]) -> None:
    """Write every manifest that recorded something since it was last written."""
    for manifest in manifests.values():
        manifest.save()
