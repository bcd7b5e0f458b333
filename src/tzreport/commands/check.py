"""`tzreport check`: data files validated and linted; reports written by hand (.docx, .txt,
.md) proofread, and with --annotate a commented copy of each .docx. Nothing else is written."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tzreport.commands import batch
from tzreport.data import loader
from tzreport.errors import ERROR, DataError, Diagnostic, InputError, OptionError, TzreportError
from tzreport.lint import check_data, terms
from tzreport.lint.rules import ALL, Selection
from tzreport.output import MANIFEST, Manifest
from tzreport.report import gather

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


def discover(paths: Sequence[Path]) -> batch.Found:
    """Data files and reports written by hand: those named, and below each folder named every
    data file and every .docx, .txt and .md that tzreport did not make itself (a report built
    beside its data is recorded in the folder's manifest and checked through its data)."""
    found = batch.Found()
    for path in paths:
        if not path.is_dir():
            part = batch.discover([path])
        else:
            reports = sorted(p for p in path.rglob("*") if is_report(p) and p.is_file()
                             and not any(x.startswith(".") for x in p.relative_to(path).parts)
                             and p.name not in _made_by_us(p.parent))
            try:
                part = batch.discover([path])
            except InputError:
                if not reports:
                    raise
                part = batch.Found()
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
    (commands/proofread.py). anywhere (--allow-outside): a roll-up's members and the previous
    year may be outside the file's folder."""
    found = discover(paths)
    checked = Checked(skipped=found.skipped, unreadable=found.unreadable)
    for source in found.files:
        checked.files.append(source)
        try:
            if source.suffix.lower() in (".doc", ".wps"):
                raise InputError(f"{source}: 错误 旧版 Word 文档（{source.suffix}）不能直接校对：请在 Word 或 WPS 中“另存为” .docx 后再检查")
            if source.suffix.lower() in REPORT_SUFFIXES:
                # the proofreader of hand-written reports only when there is one: a data
                # file's check starts faster without the Word and layout rules
                from tzreport.commands import proofread

                here = _for(source, paths, options)
                found_here, written = proofread.proofread(
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
            # the message names the file it is about; this one is named by the finding already
            message = exc.message.removeprefix(f"{source}: {ERROR} ")
            checked.diagnostics.append(Diagnostic(source, 0, 0, message))
    # a wrong tzreport-terms.yaml is met again by every data file below it: say it once
    checked.diagnostics = list(dict.fromkeys(checked.diagnostics))
    return checked
