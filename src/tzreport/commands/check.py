"""`tzreport check`: data files validated and linted; reports written by hand (.docx, .txt,
.md) proofread, and with --annotate a commented copy of each .docx. Nothing else is written."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tzreport.batch import pool
from tzreport.data import loader
from tzreport.errors import (
    DataError,
    Diagnostic,
    InputError,
    OptionError,
    OutputError,
    TzreportError,
    as_diagnostic,
)
from tzreport.lint import check_data, terms
from tzreport.lint.rules import ALL, Selection
from tzreport.output import MANIFEST, Manifest
from tzreport.report import gather

if TYPE_CHECKING:  # types only: the proofreader's modules are imported when a report is read,
    # so a data file's check starts without the Word and layout rules
    from tzreport.lint.layout_rules import Expected
    from tzreport.writers.layout import Layout

OUTPUT_FORMATS = ("text", "json", "github")
REPORT_SUFFIXES = (".docx", ".txt", ".md")
ANNOTATED = "（校对意见）"
NOT_REPORTS = frozenset({"readme", "changelog", "license"})  # a repository's own files, in a folder


def parse_output_format(name: str) -> str:
    """The --format of check; an unknown one is a usage error (OptionError)."""
    if name not in OUTPUT_FORMATS:
        raise OptionError(f"错误 不支持的输出格式“{name}”；可选：{'、'.join(OUTPUT_FORMATS)}")
    return name


@dataclass
class Checked:
    """What `check` found: the files looked at, those passed over, and every finding."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    annotated: list[Path] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)  # folders without permission


__all__ = ["Options", "check", "discover", "parse_output_format"]


@dataclass(frozen=True)
class Options:
    """What `check` does beyond the data files: the layout profile for Word reports
    (--layout; None: a 版式.yaml beside the report, else GB/T 9704), and --annotate (-o)."""

    layout_file: Path | None = None
    annotate: bool = False
    output_dir: Path | None = None


DEFAULT_OPTIONS = Options()


def is_report(path: Path) -> bool:
    """A report written by hand, not one of ours: not a commented copy, not Word's lock file."""
    return (path.suffix.lower() in REPORT_SUFFIXES and ANNOTATED not in path.stem
            and not path.name.startswith(("~$", ".")) and path.stem.lower() not in NOT_REPORTS)


def discover(paths: Sequence[Path]) -> pool.Found:
    """Data files and reports written by hand: those named, and below each folder named every
    data file and every .docx, .txt and .md that tzreport did not make itself (a report built
    beside its data is recorded in the folder's manifest and checked through its data)."""
    found = pool.Found()
    for path in paths:
        if not path.is_dir():
            part = pool.discover([path])
        else:
            reports = sorted(p for p in path.rglob("*") if is_report(p) and p.is_file()
                             and not any(x.startswith(".") for x in p.relative_to(path).parts)
                             and p.name not in _made_by_us(p.parent))
            try:
                part = pool.discover([path])
            except InputError:
                if not reports:
                    raise
                part = pool.Found()
            part.files += reports
        found.files += part.files
        found.skipped += part.skipped
        found.unreadable += part.unreadable
    found.files = list(dict.fromkeys(found.files))
    return found


def _for(source: Path, paths: Sequence[Path], options: Options) -> Options:
    """The options for one report: with -o, a report found in a sub-folder of a folder named
    gets its commented copy in the same sub-folder of -o, so that two communities' 总结.docx
    do not overwrite each other's copy."""
    if options.output_dir is None:
        return options
    for folder in paths:
        if folder.is_dir() and source.is_relative_to(folder):
            return dataclasses.replace(options, output_dir=options.output_dir / source.parent.relative_to(folder))
    return options


def _made_by_us(folder: Path) -> set[str]:
    return set(Manifest(folder).files) if (folder / MANIFEST).is_file() else set()


def check(
    paths: Sequence[Path], selection: Selection = ALL, anywhere: bool = False,
    options: Options = DEFAULT_OPTIONS,
) -> Checked:
    """Validate and lint every data file without writing anything: a roll-up with its members,
    a report with its previous year's file. A file that does not validate gets its validation
    errors only: the text checks need valid data. A unit's tzreport-terms.yaml named on the
    command line is validated as a terms file. Reports written by hand are proofread
    (proofread below). anywhere (--allow-outside): a roll-up's members and the previous
    year may be outside the file's folder."""
    found = discover(paths)
    checked = Checked(skipped=found.skipped, unreadable=found.unreadable)
    for source in found.files:
        checked.files.append(source)
        try:
            if source.suffix.lower() in (".doc", ".wps"):
                raise InputError(f"{source}: 错误 旧版 Word 文档（{source.suffix}）不能直接校对：请在 Word 或 WPS 中“另存为” .docx 后再检查")
            if source.suffix.lower() in REPORT_SUFFIXES:
                here = _for(source, paths, options)
                found_here, written = proofread(
                    source, selection, here.layout_file, here.annotate, here.output_dir)
                checked.diagnostics += found_here
                checked.annotated += [written] if written else []
            elif source.name in terms.FILE_NAMES:
                terms.read(source)
            else:
                loaded = loader.read(source)
                # a roll-up's members, the previous year (anywhere: outside the file's folder too)
                gather.gather(source, loaded.data, anywhere=anywhere)
                checked.diagnostics += loaded.warnings + check_data.lint(loaded, selection)
        except DataError as exc:
            checked.diagnostics += exc.diagnostics
        except TzreportError as exc:  # not tied to a line: a missing member file, say
            checked.diagnostics.append(as_diagnostic(exc, source))
    # a wrong tzreport-terms.yaml is met again by every data file below it: say it once
    checked.diagnostics = list(dict.fromkeys(checked.diagnostics))
    return checked


# Proofreading one report written by hand: read it (office, ingest), check it against the rules
# and the layout profile (lint), and with --annotate write a copy with a Word comment on each
# finding (writers): the glue between the three, which do not know one another.


def expected(layout: Layout) -> Expected:
    """The layout profile's figures, as the layout rules compare them."""
    from tzreport.lint.layout_rules import Expected

    return Expected(
        paper=(layout.page_width_mm, layout.page_height_mm),
        margins=(layout.margin_top_mm, layout.margin_bottom_mm, layout.margin_left_mm, layout.margin_right_mm),
        body=(layout.body.east_asia, layout.body.size),
        title=(layout.title.east_asia, layout.title.size),
        headings=tuple(layout.heading(level).east_asia for level in (1, 2, 3, 4)),
        line_pitch=layout.line_pitch_pt,
    )


def annotated_name(source: Path, output_dir: Path | None) -> Path:
    """Where the commented copy goes: "{原名}（校对意见）.docx" beside the report or in -o DIR."""
    folder = output_dir if output_dir is not None else source.parent
    return folder / f"{source.stem}（校对意见）.docx"


def proofread(
    source: Path, selection: Selection, layout_file: Path | None = None, annotate: bool = False,
    output_dir: Path | None = None,
) -> tuple[list[Diagnostic], Path | None]:
    """The findings in one report, and with `annotate` the commented copy written (beside the
    report, or in output_dir). layout_file: the layout profile for a Word report (None: a
    版式.yaml beside it, else GB/T 9704)."""
    from tzreport.lint import handwritten
    from tzreport.lint.terms import for_data_file
    from tzreport.writers.layout_lookup import load_layout

    word = source.suffix.lower() == ".docx"
    if word:
        from tzreport.office import word_body

        body = word_body.read(source)
    else:
        from tzreport.ingest import plain_body

        body = plain_body.read(source)
    profile = expected(load_layout(source, layout_file)) if word else None
    found = handwritten.check(source, body, for_data_file(source), selection, profile)
    if not (word and annotate):
        return found, None
    from tzreport.writers.docx import comments

    target = annotated_name(source, output_dir)
    if target.resolve() == source.resolve():
        raise OutputError(f"{target}: 错误 批注副本不能覆盖原文件")
    notes = [
        comments.Comment(d.line - 1, d.column - 1, max(d.end_column - 1, d.column - 1),
                         f"{d.level} {d.code}：{d.message}" + (f"\n建议改为：{d.fix}" if d.fix else ""))
        for d in found
    ]
    if output_dir is not None:
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{output_dir}: 错误 无法创建文件夹：{exc.strerror}") from None
    comments.annotate(source, target, notes)
    return found, target
