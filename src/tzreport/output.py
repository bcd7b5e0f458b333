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

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tzreport import file_lock, file_replace
from tzreport.errors import OutputError, os_reason

if TYPE_CHECKING:
    from concurrent.futures import Executor

MANIFEST = ".tzreport-manifest.json"
_NOTE = "tzreport 在这里记录它生成的每个文件的 SHA-256，用来发现生成后被人修改过的报告，避免覆盖。请不要修改。"
_KEEP_OR_REPLACE = "如要保留它，请先把它改名或移到别处，再重新生成；如要用新生成的报告替换它，请加上 --force 重新生成"


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
        file_replace.sync_folder(target.parent)


def _replace_together(files: dict[Path, bytes], done: list[Path]) -> int:
    """Write files as write_atomic does, but for the sync of their folder: each to a temporary
    file, all synced at once (the system joins syncs issued together), then each renamed into
    place. `done` gets each file holding its new content, even when a later one fails;
    returns how many were renamed. A failure is an OutputError naming the file; the files
    renamed before it stay, nothing is left of the others. (Reports are written so, their
    folder synced before the manifest recording them is saved: Manifest.save.)"""
    staged: list[file_replace.Staged] = []
    try:
        staged = file_replace.stage_all(files, done)
        renamed = len(staged)
        file_replace.sync_all(staged)
        file_replace.rename_all(staged, done)
        return renamed
    finally:  # KeyboardInterrupt too: the previous files stay as they were
        file_replace.discard_all(staged)


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
            raise OutputError(f"{target}: 错误 {file_replace.IN_USE}") from None
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
            file_replace.sync_folder(self.path.parent)
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
    with file_replace.said_as_output_error(target):
        fd = os.open(target, os.O_RDWR)
    os.close(fd)


def place(target: Path, folders: dict[Path, Path]) -> Path:
    """Where a file lands, links followed (as target.resolve()): its folder resolved once per
    build (folders: those resolved so far; resolving costs a system call a folder level, for
    every file of a folder build), the file itself only when it is a link."""
    if os.path.islink(target):
        return target.resolve()
    if target.parent not in folders:
        folders[target.parent] = target.parent.resolve()
    return folders[target.parent] / target.name


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
    staged: list[file_replace.Staged]
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
        staged = file_replace.stage_all(written, done)
    except BaseException:
        _record(written, manifests, known, done)
        raise
    return Pending(written, manifests, known, staged, done)


def sync_reports(pending: list[Pending], threads: Executor | None = None) -> None:
    """Every staged file of these reports synced at once (file_replace.sync_all; threads: a
    folder build's). A failed sync is said by finish_reports."""
    file_replace.sync_all([one for report in pending for one in report.staged], threads)


def finish_reports(pending: Pending) -> None:
    """Rename a report's synced files into place and record them in their folders' manifests;
    an OutputError if one could not be synced or renamed (the files renamed before it stay,
    and are recorded; nothing is left of the others)."""
    try:
        # synced together, then renamed, their folder synced when the manifest is saved: a
        # folder build waits for the disk about once a report, not four times
        file_replace.rename_all(pending.staged, pending.done)
    finally:
        file_replace.discard_all(pending.staged)
        pending.staged = []
        # what was written is recorded even if a later file failed (the disk filled up):
        # otherwise the next build would take it for a report someone edited
        _record(pending.written, pending.manifests, pending.known, pending.done)


def discard_reports(pending: Pending) -> None:
    """Give up a staged report: its temporary files removed, the previous files left as they were."""
    file_replace.discard_all(pending.staged)
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
