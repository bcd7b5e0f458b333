"""Files in → reports out: find data files, validate, render, write safely.

The core never prints or exits: it returns what happened, or raises our own errors.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tzreport import output, regular_file
from tzreport.batch import pool, write_behind
from tzreport.data import headers, loader
from tzreport.data.models import Report
from tzreport.errors import (
    DataError,
    Diagnostic,
    DraftError,
    InputError,
    OptionError,
    OutputError,
    TzreportError,
)
from tzreport.lint import check_data
from tzreport.output import Manifest, save_manifests
from tzreport.report import gather, outline
from tzreport.writers.layout import DEFAULT, LAYOUT_FILE, Layout
from tzreport.writers.layout_lookup import load_layout

if TYPE_CHECKING:  # the 统计表 is laid out only for -f xlsx: its module is imported then
    from tzreport.report import stat_book

FORMATS = ("md", "docx", "pdf", "html", "xlsx")
DEFAULT_FORMATS = ("md", "docx")
PDF_ENGINES = ("typst", "libreoffice")  # typst: typeset directly; libreoffice: the .docx converted
DATA_SUFFIXES = headers.DATA_SUFFIXES


@dataclass
class Outcome:
    """What a build did: files written per source, and the errors of those that failed."""

    written: dict[Path, list[Path]] = field(default_factory=dict)
    failed: dict[Path, TzreportError] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)  # YAML files in folders that are not data files
    # what was fixed on the way (a GBK file read, control characters removed), per source
    # that built; a failed source's warnings are among its error's diagnostics
    warnings: dict[Path, list[Diagnostic]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # said once per build (the PDF's fonts)


@dataclass(frozen=True)
class BuildOptions:
    """How to build, as the command line says: the same for every data file of a build, and
    passed whole to the worker processes."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    out_dir: Path | None = None  # None: beside each data file
    templates: Path | None = None  # a --templates folder
    layout_file: Path | None = None  # --layout; None: a 版式.yaml beside the data file
    reference: Path | None = None  # --reference-docx
    allow_draft: bool = False
    force: bool = False  # replace reports edited since they were written
    pdf_engine: str = "typst"  # typst | libreoffice
    anywhere: bool = False  # --allow-outside: 汇总 and 上年 may name files outside the folder


def parse_formats(spec: str) -> tuple[str, ...]:
    """"md,docx" → ("md", "docx"); an unknown format is a usage error (OptionError)."""
    wanted = tuple(dict.fromkeys(p.strip().lower() for p in spec.split(",") if p.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise OptionError(f"错误 不支持的输出格式“{'、'.join(unknown) or spec}”；可选：{'、'.join(FORMATS)}")
    return wanted


def parse_pdf_engine(spec: str) -> str:
    """"typst" or "libreoffice"; anything else is a usage error (OptionError)."""
    engine = spec.strip().lower()
    if engine not in PDF_ENGINES:
        raise OptionError(f"错误 不支持的 PDF 引擎“{spec}”；可选：{'、'.join(PDF_ENGINES)}")
    return engine


@dataclass
class Rendered:
    """A report's files by format; with the LibreOffice engine the PDF is still the .docx it is
    to be made from (converted later, a folder at a time), and the typesetter's notes."""

    files: dict[str, bytes]
    pdf_from_docx: bool = False
    notes: list[str] = field(default_factory=list)


def render_formats(
    report: Report,
    formats: Sequence[str],
    templates: Path | None = None,
    layout: Layout = DEFAULT,
    reference: Path | None = None,
    extra: Mapping[str, Any] | None = None,
    pdf_engine: str = "typst",
    book: stat_book.Book | None = None,
) -> Rendered:
    """The report in each format asked for, as file contents. The Markdown is rendered once
    and parsed once; each other format's writer (writers/formats.py) sets that one document.
    `extra`: what gather.gather adds (a roll-up's sums, 同比); `book`: the report's figures
    as tables for the spreadsheet (by default the report's own, without a previous year)."""
    from tzreport.render import document, templating  # jinja2, markdown-it only when rendering
    from tzreport.writers.formats import FIGURE_WRITERS, write, write_figures

    markdown = templating.render_markdown(report, templates, extra)
    out = {"md": markdown.encode("utf-8")}
    for fmt in (f for f in formats if f in FIGURE_WRITERS):
        from tzreport.report import stat_book

        out[fmt] = write_figures(fmt, book if book is not None else stat_book.of_report(report)).data
    later = "pdf" in formats and pdf_engine == "libreoffice"
    # with LibreOffice the PDF is made from the .docx, converted later
    wanted = [f for f in formats if f not in ("md", *FIGURE_WRITERS) and not (later and f == "pdf")]
    if later and "docx" not in wanted:
        wanted.append("docx")
    notes = []
    if wanted:
        doc = document.parse(markdown)
        for fmt in wanted:
            written = write(fmt, doc, layout, reference)
            out[fmt] = written.data
            if written.note:
                notes.append(written.note)
    if later:
        out["pdf"] = out["docx"]
    return Rendered({fmt: out[fmt] for fmt in formats}, later, notes)


def render(
    report: Report, fmt: str, templates: Path | None = None, extra: Mapping[str, Any] | None = None
) -> bytes:
    """One report in one format, with the default layout."""
    rendered = render_formats(report, (fmt,), templates, extra=extra)
    if rendered.pdf_from_docx:  # not reached: typst is the default engine
        raise AssertionError(fmt)
    return rendered.files[fmt]


def draft_or_final(loaded: loader.Loaded[Report], report: Report, allow_draft: bool = False) -> Report:
    """The report to build from a data file. A file with error-level findings (unfilled
    placeholders) is a draft: refused (DraftError), or with allow_draft built with its title
    marked as a draft (outline.DRAFT_MARK)."""
    found = check_data.errors(loaded)
    if not found:
        return report
    if not allow_draft:
        raise DraftError(found)
    return outline.as_draft(report)


@dataclass
class Prepared:
    """One data file validated and rendered: the files to write, and the warnings."""

    files: list[tuple[Path, bytes]]
    warnings: list[Diagnostic]
    notes: list[str] = field(default_factory=list)
    pdf_from_docx: bool = False  # the .pdf's bytes are the .docx for LibreOffice to convert


def prepare(source: Path, options: BuildOptions = BuildOptions()) -> Prepared:
    """Validate one data file (with a roll-up's members and the previous year's file) and
    render it in each format: (target file, bytes) pairs. Everything is rendered before
    anything is written, so a failure writes nothing."""
    loaded = loader.read(source)
    gathered = gather.gather(source, loaded.data, anywhere=options.anywhere)
    report = draft_or_final(loaded, gathered.report, options.allow_draft)
    layout = load_layout(source, options.layout_file)
    folder = options.out_dir if options.out_dir is not None else source.parent
    stem = outline.output_stem(gathered.report)
    book = None
    if "xlsx" in options.formats:
        from tzreport.report import stat_book

        if overlong := stat_book.overlong(loaded):
            raise DataError(overlong)
        book = stat_book.book(gathered)
    rendered = render_formats(report, options.formats, options.templates, layout,
                              options.reference, gathered.extra, options.pdf_engine, book)
    return Prepared([(folder / f"{stem}.{fmt}", data) for fmt, data in rendered.files.items()],
                    loaded.warnings, rendered.notes, rendered.pdf_from_docx)


OnDone = Callable[[Path, list[Path], TzreportError | None], None]


def build(
    paths: Sequence[Path],
    options: BuildOptions = BuildOptions(),
    jobs: int = 1,
    on_start: Callable[[pool.Found], None] | None = None,
    on_done: OnDone | None = None,
) -> Outcome:
    """Build every data file named or found under the folders named, in `jobs` processes; a
    bad file fails alone. A report edited since it was written is not overwritten unless
    force is given. on_start is told what was found; on_done (source, files written, error)
    is called for each file as it is finished, in the files' order. With the LibreOffice
    PDF engine every report is rendered first, then the .docx files are converted by one
    LibreOffice per worker, then written."""
    formats, pdf_engine = options.formats, options.pdf_engine
    if "pdf" in formats:  # a missing program or font is said once, not once per file
        if pdf_engine == "libreoffice":
            from tzreport.writers.pdf import libreoffice

            if libreoffice.soffice() is None:
                raise OutputError(f"错误 {libreoffice.INSTALL_HINT}")
        else:
            _check_fonts(paths, options.layout_file)
    if options.templates is not None and not options.templates.is_dir():
        raise InputError(f"{options.templates}: 错误 模板文件夹不存在")
    if options.reference is not None:
        try:
            regular_file.check(options.reference)  # a pipe or device would hang the read
        except regular_file.NotRegularFile as exc:
            raise InputError(f"{options.reference}: 错误 {exc.strerror}") from None
        if not options.reference.is_file():
            raise InputError(f"{options.reference}: 错误 参考文档不存在")
    if any(p.suffix.lower() not in headers.DATA_SUFFIXES and p.is_file() for p in paths):
        from tzreport.commands import import_

        import_.refuse_as_data(paths)  # a report or a ledger: which import makes a data file of it
    found = pool.discover(paths)
    outcome = Outcome(skipped=found.skipped)
    if on_start is not None:
        on_start(found)
    with _startup_frozen():
        return _build(found, options, jobs, outcome, on_done)


@contextlib.contextmanager
def _startup_frozen() -> Iterator[None]:
    """The objects made before the build (the modules, the libraries' and templates' code:
    some 35 000) kept out of Python's full garbage collections meanwhile: each of those looked
    them all through again, some 20–40 ms a time, one every hundred reports or so. Put back
    after, so that a process building again is as it was."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _build(
    found: pool.Found, options: BuildOptions, jobs: int, outcome: Outcome, on_done: OnDone | None
) -> Outcome:
    formats, pdf_engine = options.formats, options.pdf_engine
    claimed: dict[Path, Path] = {}
    folders: dict[Path, Path] = {}  # each output folder, resolved (output.place)
    manifests: dict[Path, Manifest] = {}
    work = functools.partial(prepare, options=options)
    typst = "pdf" in formats and pdf_engine == "typst"
    # more workers than processors only thrash
    workers = pool.in_order(work, found.files, min(jobs, pool.cpu_count()), fresh=typst)
    results: Iterator[tuple[Path, Prepared | TzreportError]] = workers
    if "pdf" in formats and pdf_engine == "libreoffice":
        results = iter(_converted(list(workers), jobs))
    # a report's files are written while the next ones are rendered: they wait for the disk
    writing = write_behind.WriteBehind(
        functools.partial(_stage_one, force=options.force, manifests=manifests, claimed=claimed, outcome=outcome,
                          folders=folders),
        functools.partial(_finish_one, outcome=outcome),
        functools.partial(save_manifests, manifests),
    ) if len(found.files) > 1 else None

    def finished(source: Path) -> None:
        if on_done is not None:
            on_done(source, outcome.written.get(source, []), outcome.failed.get(source))

    try:
        for source, result in results:
            if isinstance(result, Prepared):
                outcome.notes += [n for n in result.notes if n not in outcome.notes]
            if writing is None:
                pending = _stage_one(source, result, options.force, manifests, claimed, outcome, folders)
                if pending is not None:
                    try:
                        output.sync_reports([pending])
                    except BaseException:  # interrupted: the previous files stay as they were
                        output.discard_reports(pending)
                        raise
                _finish_one(source, result, pending, outcome)
                finished(source)
                continue
            writing.start(source, result)
            for written in writing.finished():  # those written in the meantime, in order
                finished(written)
        if writing is not None:
            for written in writing.close():
                finished(written)
    except BaseException:
        # interrupted (Ctrl+C, SIGTERM): the workers are stopped first, then the reports
        # being written are finished and what was written is still recorded, and the
        # interruption is what the user is told about, not a failure to save the record on
        # the way out
        workers.close()
        if writing is not None:
            with contextlib.suppress(BaseException):
                writing.close(discard=True)
        with contextlib.suppress(TzreportError):
            save_manifests(manifests)
        raise
    save_manifests(manifests)
    return outcome


def _check_fonts(paths: Sequence[Path], layout_file: Path | None) -> None:
    """Raise the error naming what to install when no Chinese font is to be found, before any
    work (a 版式.yaml beside the data may name a folder of fonts: then each file finds out)."""
    from tzreport.writers.pdf import typst

    try:
        typst.fonts_for(load_layout(Path(), layout_file) if layout_file else DEFAULT)
    except OutputError:
        if layout_file is not None or not any(
            (p if p.is_dir() else p.parent).joinpath(LAYOUT_FILE).is_file() for p in paths
        ):
            raise


def _converted(
    results: list[tuple[Path, Prepared | TzreportError]], jobs: int
) -> list[tuple[Path, Prepared | TzreportError]]:
    """The prepared reports with their .docx-for-PDF converted by LibreOffice, one process
    per worker for the whole folder instead of one per file."""
    from tzreport.writers.pdf import libreoffice

    waiting = [(i, r) for i, (_, r) in enumerate(results)
               if isinstance(r, Prepared) and r.pdf_from_docx]
    docs = [next(d for t, d in r.files if t.suffix == ".pdf") for _, r in waiting]
    converted = libreoffice.convert_many(docs, jobs)
    out = list(results)
    for (i, prepared), done in zip(waiting, converted, strict=True):
        if isinstance(done, TzreportError):
            out[i] = (out[i][0], done)
            continue
        files = [(t, done if t.suffix == ".pdf" else d) for t, d in prepared.files]
        out[i] = (out[i][0], replace(prepared, files=files, pdf_from_docx=False))
    return out




def _stage_one(
    source: Path,
    result: Prepared | TzreportError,
    force: bool,
    manifests: dict[Path, Manifest],
    claimed: dict[Path, Path],
    outcome: Outcome,
    folders: dict[Path, Path],
) -> output.Pending | None:
    """Check one source's rendered files and stage them (output.stage_reports); None, with
    why in the outcome, if it failed or may not be written."""
    try:
        if isinstance(result, TzreportError):
            raise result
        rendered = result.files
        places = [output.place(target, folders) for target, _ in rendered]
        for (target, _), place in zip(rendered, places, strict=True):
            if place in claimed:
                raise OutputError(
                    f"{source}: 错误 与 {claimed[place]} 要生成同一个文件"
                    f"“{target.name}”；请检查两个文件的“单位”“年度”“期间”“类型”"
                )
        pending = output.stage_reports(dict(rendered), force, manifests)
        # claimed now: a later report of the same batch is checked against it
        claimed.update((place, source) for place in places)
        return pending
    except TzreportError as exc:
        outcome.failed[source] = exc
        return None


def _finish_one(
    source: Path, result: Prepared | TzreportError, pending: output.Pending | None, outcome: Outcome
) -> None:
    """Rename a staged report's synced files into place and note it in the outcome."""
    if pending is None or not isinstance(result, Prepared):
        return  # failed before it was staged: already in the outcome
    try:
        output.finish_reports(pending)
    except TzreportError as exc:
        outcome.failed[source] = exc
        return
    outcome.written[source] = list(pending.written)
    if result.warnings:
        outcome.warnings[source] = result.warnings
