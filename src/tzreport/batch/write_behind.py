"""A folder build's writing, done while the next reports are rendered.

A report's files must reach the disk (fsync) before they are renamed into place, and the disk
is slow next to rendering: waiting for it report by report cost as much as the rendering. So
the build hands each rendered report to a thread of its own, which writes what has come to it
by the time it is free as one batch — each report checked and staged, all their files synced
at once on a few threads (the system joins syncs issued together: the batch waits for the
disk about once), then each renamed into place and recorded, in the files' order. A report
is said to be written only once its files are on the disk and in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from tzreport import output
from tzreport.output import Pending

R = TypeVar("R")  # what the build hands over for a report: its files, or why it failed

# Seconds between saves of the manifests during a folder build: saving after every report
# rewrote a record that grows with the folder (quadratic), and a build killed outright loses
# at most this much of the record (its files are then refused as unknown: the safe side).
SAVE_EVERY = 2.0


class WriteBehind(Generic[R]):
    """The writing thread of one build (see above): start() hands a report over, finished()
    and close() give the reports written, in order. At most DEPTH reports wait or are being
    written; the record is saved every SAVE_EVERY seconds."""

    DEPTH = 16

    def __init__(
        self,
        stage: Callable[[Path, R], Pending | None],
        finish: Callable[[Path, R, Pending | None], None],
        save: Callable[[], None],
    ) -> None:
        import queue
        import threading

        self.stage, self.finish, self.save = stage, finish, save
        self.jobs: queue.SimpleQueue[tuple[Path, R] | None] = queue.SimpleQueue()
        # each report written, in order; an exception that is not a user's error (a bug, or a
        # failure to save the record) ends the thread and is raised in the build's thread
        self.done: queue.SimpleQueue[Path | BaseException] = queue.SimpleQueue()
        self.waiting = 0  # reports handed over and not yet said to be written
        self.discarding = False
        self.thread = threading.Thread(target=self._run, daemon=True, name="tzreport-write")
        self.thread.start()

    def start(self, source: Path, result: R) -> None:
        self.jobs.put((source, result))
        self.waiting += 1

    def finished(self) -> list[Path]:
        """The reports written since last asked; waits for the oldest when DEPTH are waiting."""
        out = []
        while self.waiting and (self.waiting >= self.DEPTH or not self.done.empty()):
            item = self.done.get()
            self.waiting -= 1
            if isinstance(item, BaseException):
                raise item
            out.append(item)
        return out

    def close(self, discard: bool = False) -> list[Path]:
        """Let the reports handed over be written (discard: only those being written, the
        others dropped: the build was interrupted), end the thread; the reports written."""
        self.discarding = discard
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join()
        out: list[Path] = []
        failure = None
        while not self.done.empty():
            item = self.done.get()
            if isinstance(item, BaseException):
                failure = item
            else:
                out.append(item)
        self.waiting = 0
        if failure is not None:
            raise failure
        return out

    def _run(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        saved: float | None = None  # counted from the first report written
        with ThreadPoolExecutor(max_workers=8, thread_name_prefix="tzreport-sync") as syncing:
            while (batch := self._batch()) and not self.discarding:
                pending: list[Pending | None] = []
                try:
                    for source, result in batch:
                        pending.append(self.stage(source, result))
                    output.sync_reports([p for p in pending if p is not None], syncing)
                    for i, (source, result) in enumerate(batch):
                        one, pending[i] = pending[i], None
                        self.finish(source, result, one)
                        self.done.put(source)
                    if saved is None:
                        saved = time.monotonic()
                    elif time.monotonic() - saved > SAVE_EVERY:
                        self.save()
                        saved = time.monotonic()
                except BaseException as exc:  # handed to the build's thread
                    for one in pending:
                        if one is not None:
                            output.discard_reports(one)
                    self.done.put(exc)
                    return

    def _batch(self) -> list[tuple[Path, R]]:
        """The reports handed over and not yet written: waits for one; [] at the end."""
        import queue

        first = self.jobs.get()
        batch = [first] if first is not None else []
        while batch and len(batch) < self.DEPTH:
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                self.jobs.put(None)  # the end, seen again when this batch is written
                break
            batch.append(job)
        return batch
