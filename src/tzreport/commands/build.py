"""Files in → reports out: find data files, validate, render, write safely.

The core never prints or exits: it returns what happened, or raises our own errors.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tzreport.commands import batch
from tzreport.data import headers as peek
from tzreport.data import loader
from tzreport.data.models import Report
from tzreport.errors import (
    Diagnostic,
    DraftError,
    InputError,
    OptionError,
    OutputError,
    TzreportError,
)
from tzreport.lint import check_data as lint
from tzreport.output import Manifest, save_manifests, write_reports
from tzreport.output import write_atomic as write_atomic  # where callers of the core had it
from tzreport.report import gather as facts
from tzreport.report import outline
from tzreport.writers.layout import DEFAULT, LAYOUT_FILE, Layout

FORMATS = ("md", "docx", "pdf", "html")
DEFAULT_FORMATS = ("md", "docx")
DATA_SUFFIXES = peek.DATA_SUFFIXES


@dataclass
class Outcome:
    """What a build did: files written per source, and the errors of those that failed."""

    written: dict[Path, list[Path]] = field(default_factory=dict)
    failed: dict[Path, TzreportError] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)  # YAML files in folders that are not data files
    # what was fixed on the way (a GBK file read, control characters removed), per source
    # that built; a failed source's warnings are among its error's diagnostics
    warnings: dict[Path, list[Diagnostic]] = field(default_factory=dict)


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


def parse_formats(spec: str) -> tuple[str, ...]:
    """"md,docx" → ("md", "docx"); an unknown format is a usage error (OptionError)."""
    wanted = tuple(dict.fromkeys(p.strip().lower() for p in spec.split(",") if p.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise OptionError(f"错误 不支持的输出格式“{'、'.join(unknown) or spec}”；可选：{'、'.join(FORMATS)}")
    return wanted


def load_layout(source: Path, layout_file: Path | None = None) -> Layout:
    """The Word layout for a data file: the file named by --layout, else a 版式.yaml beside the
    data file, else GB/T 9704."""
    path = layout_file
    if path is None and (source.parent / LAYOUT_FILE).is_file():
        path = source.parent / LAYOUT_FILE
    if path is None:
        return DEFAULT
    if not path.is_file():
        raise InputError(f"{path}: 错误 版式文件不存在")
    from tzreport.writers.layout_file import (
        LayoutFile,  # its models only when a layout file is used
    )

    return loader.load_as(path, LayoutFile).apply(DEFAULT)


def render_formats(
    report: Report,
    formats: Sequence[str],
    templates: Path | None = None,
    layout: Layout = DEFAULT,
    reference: Path | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, bytes]:
    """The report in each format asked for, as file contents. The Markdown is rendered once;
    the .docx and the HTML page are made from it, and the PDF from the .docx. `extra`: what facts.gather adds
    (a roll-up's sums, 同比)."""
    from tzreport.render import templating  # jinja2 only for commands that render

    markdown = templating.render_markdown(report, templates, extra)
    out = {"md": markdown.encode("utf-8")}
    if "docx" in formats or "pdf" in formats:
        from tzreport.writers.docx import (
            writer as word,  # python-docx only when a .docx is asked for
        )

        out["docx"] = word.to_docx(markdown, layout, reference)
    if "pdf" in formats:
        from tzreport.writers.pdf import libreoffice as pdf

        out["pdf"] = pdf.docx_to_pdf(out["docx"], outline.output_stem(report))
    if "html" in formats:
        from tzreport.writers import html  # the 公众号 page, from the same parsed document

        out["html"] = html.page(markdown, layout).encode("utf-8")
    return {fmt: out[fmt] for fmt in formats}


def render(
    report: Report, fmt: str, templates: Path | None = None, extra: Mapping[str, Any] | None = None
) -> bytes:
    """One report in one format, with the default layout."""
    return render_formats(report, (fmt,), templates, extra=extra)[fmt]


def draft_or_final(loaded: loader.Loaded[Report], report: Report, allow_draft: bool = False) -> Report:
    """The report to build from a data file. A file with error-level findings (unfilled
    placeholders) is a draft: refused (DraftError), or with allow_draft built with its title
    marked as a draft (outline.DRAFT_MARK)."""
    found = lint.errors(loaded)
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


def prepare(source: Path, options: BuildOptions = BuildOptions()) -> Prepared:
    """Validate one data file (with a roll-up's members and the previous year's file) and
    render it in each format: (target file, bytes) pairs. Everything is rendered before
    anything is written, so a failure writes nothing."""
    loaded = loader.read(source)
    gathered = facts.gather(source, loaded.data)
    report = draft_or_final(loaded, gathered.report, options.allow_draft)
    layout = load_layout(source, options.layout_file)
    folder = options.out_dir if options.out_dir is not None else source.parent
    stem = outline.output_stem(gathered.report)
    files = render_formats(
        report, options.formats, options.templates, layout, options.reference, gathered.extra
    )
    return Prepared([(folder / f"{stem}.{fmt}", data) for fmt, data in files.items()],
                    loaded.warnings)


OnDone = Callable[[Path, list[Path], TzreportError | None], None]


def build(
    paths: Sequence[Path],
    options: BuildOptions = BuildOptions(),
    jobs: int = 1,
    on_start: Callable[[batch.Found], None] | None = None,
    on_done: OnDone | None = None,
) -> Outcome:
    """Build every data file named or found under the folders named, in `jobs` processes; a
    bad file fails alone. A report edited since it was written is not overwritten unless
    force is given. on_start is told what was found; on_done (source, files written, error)
    is called for each file as it is finished, in the files' order."""
    if "pdf" in options.formats:
        from tzreport.writers.pdf import libreoffice as pdf

        if pdf.soffice() is None:  # say it once, not once per file
            raise OutputError(f"错误 {pdf.INSTALL_HINT}")
    if options.templates is not None and not options.templates.is_dir():
        raise InputError(f"{options.templates}: 错误 模板文件夹不存在")
    if options.reference is not None and not options.reference.is_file():
        raise InputError(f"{options.reference}: 错误 参考文档不存在")
    found = batch.discover(paths)
    outcome = Outcome(skipped=found.skipped)
    if on_start is not None:
        on_start(found)
    claimed: dict[Path, Path] = {}
    manifests: dict[Path, Manifest] = {}
    work = functools.partial(prepare, options=options)
    saved = time.monotonic()
    try:
        for source, result in batch.in_order(work, found.files, jobs):
            _write_one(source, result, options.force, manifests, claimed, outcome)
            if on_done is not None:
                on_done(source, outcome.written.get(source, []), outcome.failed.get(source))
            if time.monotonic() - saved > SAVE_EVERY:
                save_manifests(manifests)
                saved = time.monotonic()
    except BaseException:
        # interrupted (Ctrl+C): what was written is still recorded, and the interruption is
        # what the user is told about, not a failure to save the record on the way out
        with contextlib.suppress(TzreportError):
            save_manifests(manifests)
        raise
    save_manifests(manifests)
    return outcome


# Seconds between saves of the manifests during a folder build: saving after every report
# rewrote a record that grows with the folder (quadratic), and a build killed outright loses
# at most this much of the record (its files are then refused as unknown: the safe side).
SAVE_EVERY = 2.0


def _write_one(
    source: Path,
    result: Prepared | TzreportError,
    force: bool,
    manifests: dict[Path, Manifest],
    claimed: dict[Path, Path],
    outcome: Outcome,
) -> None:
    """Write one source's rendered files, or note why it failed, in the outcome."""
    try:
        if isinstance(result, TzreportError):
            raise result
        rendered = result.files
        places = [target.resolve() for target, _ in rendered]
        for (target, _), place in zip(rendered, places, strict=True):
            if place in claimed:
                raise OutputError(
                    f"{source}: 错误 与 {claimed[place]} 要生成同一个文件"
                    f"“{target.name}”；请检查两个文件的“单位”“年度”“期间”“类型”"
                )
        write_reports(dict(rendered), force, manifests)
        claimed.update((place, source) for place in places)
    except TzreportError as exc:
        outcome.failed[source] = exc
        return
    outcome.written[source] = [target for target, _ in rendered]
    if result.warnings:
        outcome.warnings[source] = result.warnings
