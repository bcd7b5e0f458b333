"""`tzreport check` of data files: validate and lint without writing anything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tzreport.commands import batch
from tzreport.data import loader
from tzreport.errors import DataError, Diagnostic, OptionError, TzreportError
from tzreport.lint import check_data as lint
from tzreport.lint import terms as lint_terms
from tzreport.lint.rules import ALL, Selection
from tzreport.report import gather as facts

OUTPUT_FORMATS = ("text", "json", "github")


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
    unreadable: list[Path] = field(default_factory=list)  # folders without permission


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
                # a roll-up's members, the previous year (anywhere: outside the file's folder too)
                facts.gather(source, loaded.data, anywhere=anywhere)
                checked.diagnostics += loaded.warnings + lint.lint(loaded, selection)
        except DataError as exc:
            checked.diagnostics += exc.diagnostics
        except TzreportError as exc:  # not tied to a line: a missing member file, say
            checked.diagnostics.append(Diagnostic(source, 0, 0, exc.message))
    # a wrong tzreport-terms.yaml is met again by every data file below it: say it once
    checked.diagnostics = list(dict.fromkeys(checked.diagnostics))
    return checked
