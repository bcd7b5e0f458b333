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

from tzreport import batch, facts, lint, lint_terms, loader, outline, peek
from tzreport.errors import (
    DataError,
    Diagnostic,
    DraftError,
    InputError,
    OutputError,
    TzreportError,
)
from tzreport.layout import DEFAULT, LAYOUT_FILE, Layout
from tzreport.lint_rules import ALL, Selection
from tzreport.models import Report
from tzreport.output import Manifest, save_manifests, write_reports
from tzreport.output import write_atomic as write_atomic  # where callers of the core had it

FORMATS = ("md", "docx", "pdf")
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


def parse_formats(spec: str) -> tuple[str, ...]:
    """"md,docx" → ("md", "docx"); an unknown format is an InputError."""
    wanted = tuple(dict.fromkeys(p.strip().lower() for p in spec.split(",") if p.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise InputError(f"错误 不支持的输出格式“{'、'.join(unknown) or spec}”；可选：{'、'.join(FORMATS)}")
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
    from tzreport.layout_file import LayoutFile  # its models only when a layout file is used

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
    the .docx is made from it, and the PDF from the .docx. `extra`: what facts.gather adds
    (a roll-up's sums, 同比)."""
    from tzreport import templating  # jinja2 only for commands that render

    markdown = templating.render_markdown(report, templates, extra)
    out = {"md": markdown.encode("utf-8")}
    if "docx" in formats or "pdf" in formats:
        from tzreport import word  # python-docx only when a .docx is asked for

        out["docx"] = word.to_docx(markdown, layout, reference)
    if "pdf" in formats:
        from tzreport import pdf

        out["pdf"] = pdf.docx_to_pdf(out["docx"], outline.output_stem(report))
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


def prepare(
    source: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
    layout_file: Path | None = None,
    reference: Path | None = None,
    allow_draft: bool = False,
    anywhere: bool = False,
) -> Prepared:
    """Validate one data file (with a roll-up's members and the previous year's file) and
    render it in each format: (target file, bytes) pairs. Everything is rendered before
    anything is written, so a failure writes nothing."""
    loaded = loader.read(source)
    gathered = facts.gather(source, loaded.data, anywhere)
    report = draft_or_final(loaded, gathered.report, allow_draft)
    layout = load_layout(source, layout_file)
    folder = out_dir if out_dir is not None else source.parent
    stem = outline.output_stem(gathered.report)
    files = render_formats(report, formats, templates, layout, reference, gathered.extra)
    return Prepared([(folder / f"{stem}.{fmt}", data) for fmt, data in files.items()],
                    loaded.warnings)


OnDone = Callable[[Path, list[Path], TzreportError | None], None]


def build(
    paths: Sequence[Path],
    formats: Sequence[str] = DEFAULT_FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
    layout_file: Path | None = None,
    reference: Path | None = None,
    allow_draft: bool = False,
    force: bool = False,
    jobs: int = 1,
    on_start: Callable[[batch.Found], None] | None = None,
    on_done: OnDone | None = None,
    anywhere: bool = False,
) -> Outcome:
    """Build every data file named or found under the folders named, in `jobs` processes; a
    bad file fails alone. A report edited since it was written is not overwritten unless
    force is given. on_start is told what was found; on_done (source, files written, error)
    is called for each file as it is finished, in the files' order."""
    if "pdf" in formats:
        from tzreport import pdf

        if pdf.soffice() is None:  # say it once, not once per file
            raise OutputError(f"错误 {pdf.INSTALL_HINT}")
    if reference is not None and not reference.is_file():
        raise InputError(f"{reference}: 错误 参考文档不存在")
    found = batch.discover(paths)
    outcome = Outcome(skipped=found.skipped)
    if on_start is not None:
        on_start(found)
    claimed: dict[Path, Path] = {}
    manifests: dict[Path, Manifest] = {}
    work = functools.partial(
        prepare, formats=formats, out_dir=out_dir, templates=templates, layout_file=layout_file,
        reference=reference, allow_draft=allow_draft, anywhere=anywhere,
    )
    saved = time.monotonic()
    results = batch.in_order(work, found.files, min(jobs, batch.cpu_count()))  # more only thrash
    try:
        for source, result in results:
            _write_one(source, result, force, manifests, claimed, outcome)
            if on_done is not None:
                on_done(source, outcome.written.get(source, []), outcome.failed.get(source))
            if time.monotonic() - saved > SAVE_EVERY:
                save_manifests(manifests)
                saved = time.monotonic()
    except BaseException:
        # interrupted (Ctrl+C, SIGTERM): the workers are stopped first, then what was written
        # is still recorded, and the interruption is what the user is told about, not a
        # failure to save the record on the way out
        results.close()
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


@dataclass
class Checked:
    """What `check` found: the files looked at, those passed over, and every finding."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)


def check(paths: Sequence[Path], selection: Selection = ALL, anywhere: bool = False) -> Checked:
    """Validate and lint every data file without writing anything: a roll-up with its members,
    a report with its previous year's file. A file that does not validate gets its validation
    errors only: the text checks need valid data. A unit's tzreport-terms.yaml named on the
    command line is validated as a terms file."""
    found = batch.discover(paths)
    checked = Checked(skipped=found.skipped, unreadable=found.unreadable)
    for source in found.files:
        checked.files.append(source)
        try:
            if source.name in lint_terms.FILE_NAMES:
                lint_terms.read(source)
            else:
                loaded = loader.read(source)
                facts.gather(source, loaded.data, anywhere)  # a roll-up's members, the previous year
                checked.diagnostics += loaded.warnings + lint.lint(loaded, selection)
        except DataError as exc:
            checked.diagnostics += exc.diagnostics
        except TzreportError as exc:  # not tied to a line: a missing member file, say
            checked.diagnostics.append(Diagnostic(source, 0, 0, exc.message))
    # a wrong tzreport-terms.yaml is met again by every data file below it: say it once
    checked.diagnostics = list(dict.fromkeys(checked.diagnostics))
    return checked
