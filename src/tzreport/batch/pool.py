"""Many data files at once: finding them in folders, and doing the work in parallel processes.

A folder is searched with all its sub-folders (hidden ones, whose names start with “.”, are
passed over) for .yaml and .yml files. Such a file is a data file when it has a top-level 单位
(or unit) key, written at the start of a line (headers.is_data_file); any other YAML file — a
layout file, a CI workflow — is skipped, and the caller is told which. A file named on the
command line is always taken as a data file.

The work runs in a pool of processes (one per CPU by default), each file on its own, so that one
bad file fails alone; results come back in the order of the files, whatever order they finish
in, so that what is printed and which of two clashing files wins do not depend on timing.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tzreport.data import headers
from tzreport.errors import InputError, TzreportError
from tzreport.lint import terms
from tzreport.writers.layout import LAYOUT_FILE

T = TypeVar("T")
OWN_FILES = (LAYOUT_FILE, *terms.FILE_NAMES)


@dataclass
class Found:
    """The data files to work on, in order, and the YAML files passed over as not data files."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)  # folders that could not be looked in


def _yaml_files(folder: Path, unreadable: list[Path]) -> Iterator[Path]:
    """The .yaml and .yml files below folder, hidden folders passed over; a folder that cannot
    be read (no permission) is noted in unreadable rather than silently left out."""

    def note(exc: OSError) -> None:
        unreadable.append(Path(exc.filename) if exc.filename else folder)

    for here, dirs, files in os.walk(folder, onerror=note):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(here, name)
            if name.startswith(".") or path.suffix.lower() not in headers.DATA_SUFFIXES:
                continue
            try:
                if path.is_file():
                    yield path
            except OSError:
                unreadable.append(path)


def discover(paths: Iterable[Path]) -> Found:
    """The files named, and every data file below each folder named, in name order."""
    found = Found()
    for path in paths:
        if path.is_dir():
            inside = sorted(_yaml_files(path, found.unreadable))
            data = [p for p in inside if headers.is_data_file(p)]
            # tzreport's own files beside the data (版式.yaml, tzreport-terms.yaml) are expected
            # there: passed over without a note
            found.skipped += [p for p in inside if p not in data and p.name not in OWN_FILES]
            if not data:
                others = f"；其中的 {len(inside)} 个 YAML 文件都没有“单位”，不是数据文件" if inside else ""
                raise InputError(f"{path}: 错误 文件夹中没有数据文件（.yaml 或 .yml）{others}")
            found.files += data
        elif path.exists():
            found.files.append(path)
        else:
            raise InputError(f"{path}: 错误 文件或文件夹不存在")
    found.files = list(dict.fromkeys(found.files))
    found.skipped = list(dict.fromkeys(found.skipped))
    return found


def cpu_count() -> int:
    """The CPUs this process may use (fewer than the machine has in a container or under taskset)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _attempt(work: Callable[[Path], T], item: Path) -> T | TzreportError:
    # A user's error is a result like any other: it must not stop the other files.
    try:
        return work(item)
    except TzreportError as exc:
        return exc


def in_order(
    work: Callable[[Path], T], items: Sequence[Path], jobs: int, fresh: bool = False
) -> Generator[tuple[Path, T | TzreportError], None, None]:
    """(item, work(item) or the TzreportError it raised) for each item, in the items' order.

    With jobs > 1 and more than one item the work runs in that many processes (work must be
    picklable: a module-level function or a functools.partial of one). Any other exception is
    a bug in tzreport and is raised here, with its traceback.

    fresh: the workers start from a clean process (forkserver) instead of a copy of this one,
    for work with a library that runs threads of its own (the Typst engine): a forked copy of
    a process whose threads were running can hang.

    The workers never see Ctrl+C (the whole console gets it): the parent stops the build, and
    when it stops, for whatever reason, the workers are terminated at once rather than left to
    finish a slow file; a worker whose parent dies (kill -9) ends itself."""
    workers = min(jobs, len(items))
    if workers <= 1:
        for item in items:
            yield item, _attempt(work, item)
        return
    # imported here: check and one-file builds never start a pool, and multiprocessing is a
    # tenth of a cold start
    import multiprocessing

    fork_safe = fresh and "forkserver" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if fork_safe else None)
    if fork_safe:  # the server imports the work's module once, not each worker
        context.set_forkserver_preload([getattr(getattr(work, "func", work), "__module__", "")])
    pool = context.Pool(workers, initializer=_worker_start)
    try:
        # imap hands results back in the items' order, each dropped once handed on
        results = pool.imap(functools.partial(_attempt, work), items)
        for item in items:
            yield item, _next(results, multiprocessing.TimeoutError)
        pool.close()
    finally:
        _stop(pool)


def _stop(pool: Any) -> None:
    """End the pool: its workers at once, its threads with them. On Windows the wait is
    bounded: there a build interrupted by Ctrl+C sometimes never ended (one run in five under
    Wine) — Pool.terminate first takes the task queue's lock, and a lock held by a worker that
    is gone is never released there. The workers are ended first and the pool's terminate is
    given 10 s, in a daemon thread that cannot keep the process from ending. Elsewhere ending
    a worker first is what would leave the lock held: the pool ends them itself."""
    if sys.platform != "win32":
        _terminate_and_join(pool)
        return
    import threading

    for process in list(getattr(pool, "_pool", [])):
        if process.exitcode is None:
            process.terminate()
    ending = threading.Thread(target=_terminate_and_join, args=(pool,), daemon=True)
    ending.start()
    ending.join(10)


def _terminate_and_join(pool: Any) -> None:
    pool.terminate()
    pool.join()


def _next(results: Any, timeout_error: type[Exception]) -> Any:
    """The next result, waited for in short steps: on Windows a wait without a time limit is
    not interrupted by Ctrl+C, which then took effect only when the next file was done."""
    while True:
        try:
            return results.next(timeout=0.2)
        except timeout_error:
            continue


def _worker_start() -> None:
    """Each worker: Ctrl+C and the parent's handlers are not its business, and it ends with
    its parent however the parent ended."""
    import multiprocessing
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # handlers a forked worker inherited from the CLI
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: Any) -> None:
    parent.join()  # waits on the parent's sentinel: returns when the parent has gone
    os._exit(1)
