"""`tzreport preview`: what the preview shows of each data file, kept up to date as files change.

A Preview holds the data files it was asked about (one file, or every data file of a folder)
and, for each one rendered so far, its page: the report in a page-like view with `check`'s
findings marked at their text and listed at the top, or, when the data cannot be read, the
errors with their file:line:col (the last good report is kept, one link away). Each view also
knows the folders of every file it was made from (roll-up members, the 上年 file, terms files,
user templates, the layout file); a change in one of them renders it again and moves its
version on, which the page's event stream (preview/server.py) turns into a reload. The report is
rendered and parsed once per change; its page is the HTML writer's, from that one document.

Change events come from watchfiles (the operating system's file notifications) where it can be
imported; otherwise the files' times and sizes are looked at four times a second.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from tzreport.batch import pool
from tzreport.commands import build
from tzreport.data import loader
from tzreport.errors import ERROR, DataError, Diagnostic, TzreportError, as_diagnostic
from tzreport.lint import check_data, terms
from tzreport.preview import pages
from tzreport.preview.pages import View
from tzreport.report import gather, outline, rollup
from tzreport.writers.layout_lookup import load_layout

WATCHED_SUFFIXES = (".yaml", ".yml", ".j2")
POLL_SECONDS = 0.25
INDEX_AT_ONCE = 20  # more data files than this in a folder: its index fills in as they are checked


class Preview:
    """The data files being previewed and their views. Thread-safe: the server's threads read
    while the watcher renders."""

    def __init__(self, path: Path, templates: Path | None = None,
                 layout_file: Path | None = None) -> None:
        if not path.exists():
            raise TzreportError(f"{path}: 错误 文件或文件夹不存在")
        self.folder = (path if path.is_dir() else path.parent).resolve()
        self.single = None if path.is_dir() else path.resolve()
        self.site = pages.Site(self.folder, self.single is not None)
        self.templates = templates.resolve() if templates is not None else None
        self.layout_file = layout_file.resolve() if layout_file is not None else None
        if self.templates is not None and not self.templates.is_dir():
            raise TzreportError(f"{templates}: 错误 模板文件夹不存在")
        self.lock = threading.Condition()
        self.views: dict[str, View] = {}
        self.index_version = 0
        self._warming = False
        self.started = format(int(time.time() * 1000) % 10**9, "x")  # tells a restarted server
        self._scan()

    # ------------------------------------------------------------------ the files

    def _scan(self) -> None:
        """Find the data files (again: in a folder, files come and go)."""
        if self.single is not None:
            sources = [self.single]
        else:
            found = pool.discover([self.folder])
            sources = [s.resolve() for s in found.files
                       if s.name not in terms.FILE_NAMES]
        keys = {self._key(s): s for s in sources}
        with self.lock:
            for key in list(self.views):
                if key not in keys:
                    del self.views[key]
            for key, source in keys.items():
                self.views.setdefault(key, View(source, key))

    def _key(self, source: Path) -> str:
        return source.relative_to(self.folder).as_posix()

    def keys(self) -> list[str]:
        with self.lock:
            return list(self.views)

    def view(self, key: str) -> View | None:
        """A data file's view, rendered on first sight; None for a path that is not one of
        the data files (nothing else is ever served)."""
        with self.lock:
            view = self.views.get(key)
            if view is not None and not view.page:
                self._render(view)
            return view

    def page(self, key: str, good: bool = False) -> str | None:
        """The page to send for a data file (or, for key "", the folder's index), with its
        current version in it; None when there is no such page."""
        with self.lock:
            if key == "" and self.single is None:
                text = pages.index_page(self.site, self._index_views())
            else:
                view = self.view(key or self._key(self.single or self.folder))
                if view is None or (good and not view.good):
                    return None
                key = view.key
                text = view.good if good else view.page
            return text.replace(pages.VERSION, quote(self.version(key)))

    def _index_views(self) -> list[View]:
        """The views for the index (called with the lock held). A folder of a few files is
        checked at once; a larger one in the background, so that the index shows at once and
        fills in, reloading once when every file has been looked at."""
        pending = [v for v in self.views.values() if not v.page]
        if len(pending) <= INDEX_AT_ONCE:
            for view in pending:
                self._render(view)
        elif not self._warming:
            self._warming = True
            threading.Thread(target=self._warm, daemon=True, name="tzreport-index").start()
        return list(self.views.values())

    def _warm(self) -> None:
        for key in self.keys():
            with self.lock:
                view = self.views.get(key)
                if view is not None and not view.page:
                    self._render(view)
        with self.lock:
            self._warming = False
            self.index_version += 1
            self.lock.notify_all()

    def version(self, key: str) -> str:
        """What a page's event stream compares: changes when its view (or, for the index,
        any view) changes, and when the server is started again."""
        with self.lock:
            view = self.views.get(key)
            number = self.index_version if view is None else view.version
            return f"{self.started}-{number}"

    # ------------------------------------------------------------------ rendering

    def _render(self, view: View) -> None:
        """Render one data file into its view (called with the lock held)."""
        source = view.source
        folders = {source.parent}
        folders |= {p.parent for p in terms.unit_files(source.parent)}
        if self.templates is not None:
            folders |= {self.templates, *(p for p in self.templates.rglob("*") if p.is_dir())}
        if self.layout_file is not None:
            folders.add(self.layout_file.parent)
        reports = rollup.Reports()
        try:
            loaded = loader.read(source)
            found = list(loaded.warnings)
            try:
                gathered = gather.gather(source, loaded.data, reports)
            finally:
                folders |= {p.parent for p in reports.paths()}
            found += check_data.lint(loaded)
            drafted = any(d.level == ERROR for d in found)
            report = outline.as_draft(gathered.report) if drafted else gathered.report
            layout = load_layout(source, self.layout_file)
            # jinja2 and markdown-it only once something is rendered
            from tzreport.render import document, templating

            markdown = templating.render_markdown(report, self.templates, gathered.extra)
            doc = document.parse(markdown)
            page = pages.report_page(self.site, view, doc, layout, found, loaded.text)
            view.good = pages.report_page(self.site, view, doc, layout, found, loaded.text,
                                          last_good=True)
            view.ok = True
            view.status = _status(found)
        except DataError as exc:
            folders |= {d.path.resolve().parent for d in exc.diagnostics}
            page = pages.error_page(self.site, view, exc.diagnostics)
            view.ok, view.status = False, "数据有误"
        except TzreportError as exc:
            page = pages.error_page(self.site, view, [as_diagnostic(exc, source)])
            view.ok, view.status = False, "数据有误"
        view.folders = folders
        if page != view.page:
            if view.page:  # a change; a file seen for the first time does not reload the index
                self.index_version += 1
            view.page = page
            view.version += 1
            self.lock.notify_all()

    def refresh(self, changed: Iterable[Path]) -> None:
        """Render again every view made from a folder where something changed."""
        folders = {Path(p).resolve().parent for p in changed}
        if self.single is None and folders:
            self._scan()
        with self.lock:
            for view in self.views.values():
                if view.page and (view.folders & folders):
                    self._render(view)
            self.index_version += 1
            self.lock.notify_all()

    def folders(self) -> set[Path]:
        """Every folder a change in which matters."""
        with self.lock:
            found = {self.folder} if self.single is None else set()
            for view in self.views.values():
                found |= view.folders or {view.source.parent}
            if self.single is None:
                found |= {p for p in self.folder.rglob("*") if p.is_dir() and not _hidden(p)}
        return {f for f in found if f.is_dir()}

    def wait(self, key: str, seen: str, timeout: float) -> str:
        """Wait until a page's version is no longer `seen` (or the timeout): the version."""
        with self.lock:
            self.lock.wait_for(lambda: self.version(key) != seen, timeout)
            return self.version(key)

    # ------------------------------------------------------------------ downloads

    def download(self, key: str, fmt: str) -> tuple[str, bytes]:
        """A report built on demand in memory (never into the user's folder): file name and
        bytes. Raises TzreportError when it cannot be built."""
        view = self.view(key)
        if view is None:
            raise TzreportError("错误 没有这个数据文件")
        options = build.BuildOptions((fmt,), templates=self.templates,
                                    layout_file=self.layout_file, allow_draft=True)
        prepared = build.prepare(view.source, options)
        target, data = prepared.files[0]
        return target.name, data


def _status(found: list[Diagnostic]) -> str:
    errors = sum(d.level == ERROR for d in found)
    warnings = len(found) - errors
    if errors:
        return f"{errors} 个错误（按征求意见稿显示）"
    return f"{warnings} 个提示" if warnings else "正常"


def _hidden(path: Path) -> bool:
    return any(part.startswith(".") for part in path.parts[-3:])


# ---------------------------------------------------------------------- watching


def watch(preview: Preview, stop: threading.Event,
          on_change: Callable[[set[Path]], None] | None = None) -> str:
    """Follow changes until stop is set: with watchfiles where it is installed, else by
    looking at the files' times. Returns which of the two it used (for the log)."""
    try:
        import watchfiles
    except ImportError:
        watchfiles = None  # type: ignore[assignment]
    react = on_change or preview.refresh
    if watchfiles is not None and os.environ.get("TZREPORT_PREVIEW_POLL") != "1":
        threading.Thread(target=_notified, args=(preview, stop, react, watchfiles),
                         daemon=True, name="tzreport-watch").start()
        return "watchfiles"
    threading.Thread(target=_polled, args=(preview, stop, react), daemon=True,
                     name="tzreport-poll").start()
    return "poll"


def _relevant(path: Path) -> bool:
    return path.suffix.lower() in WATCHED_SUFFIXES


def _notified(preview: Preview, stop: threading.Event,
              react: Callable[[set[Path]], None], watchfiles: object) -> None:
    try:
        _follow_notifications(preview, stop, react, watchfiles)
    except Exception:  # noqa: BLE001 - e.g. the system's limit of watched folders reached
        _polled(preview, stop, react)  # still follow saves, the slower way


def _follow_notifications(preview: Preview, stop: threading.Event,
                          react: Callable[[set[Path]], None], watchfiles: object) -> None:
    while not stop.is_set():
        folders = preview.folders()
        # one level each: the folders of the files in use, not everything under them
        for changes in watchfiles.watch(  # type: ignore[attr-defined]
            *folders, recursive=False, debounce=50, step=20, stop_event=stop,
            rust_timeout=500, yield_on_timeout=True, raise_interrupt=False,
        ):
            changed = {Path(p) for _, p in changes if _relevant(Path(p))}
            if changed:
                react(changed)
            if preview.folders() != folders:
                break  # a member or a template folder came or went: watch the new set


def _snapshot(folders: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    found = {}
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if _relevant(Path(entry.name)):
                try:
                    st = entry.stat()
                except OSError:
                    continue
                found[Path(entry.path)] = (st.st_mtime_ns, st.st_size)
    return found


def _polled(preview: Preview, stop: threading.Event, react: Callable[[set[Path]], None]) -> None:
    before = _snapshot(preview.folders())
    while True:
        if stop.wait(POLL_SECONDS):
            return
        now = _snapshot(preview.folders())
        changed = {p for p in before.keys() | now.keys() if before.get(p) != now.get(p)}
        before = now
        if changed:
            react(changed)
