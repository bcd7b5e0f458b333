"""Files in → reports out: find data files, validate, render, write safely.

The core never prints or exits: it returns what happened, or raises our own errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tzreport import loader, outline
from tzreport.errors import DataError, Diagnostic, InputError, OutputError, TzreportError
from tzreport.models import Report
from tzreport.output import write_atomic as write_atomic  # where callers of the core had it
from tzreport.output import write_reports

FORMATS = ("md", "docx")
DATA_SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    """What a build or check did: files written per source, and the errors of those that failed."""

    written: dict[Path, list[Path]] = field(default_factory=dict)
    failed: dict[Path, TzreportError] = field(default_factory=dict)
    # what was fixed on the way (a GBK file read, control characters removed), per source
    # that built; a failed source's warnings are among its error's diagnostics
    warnings: dict[Path, list[Diagnostic]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def parse_formats(spec: str) -> tuple[str, ...]:
    """"md,docx" → ("md", "docx"); an unknown format is an InputError."""
    wanted = tuple(dict.fromkeys(p.strip().lower() for p in spec.split(",") if p.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise InputError(f"错误 不支持的输出格式“{'、'.join(unknown) or spec}”；可选：{'、'.join(FORMATS)}")
    return wanted


def find_data_files(paths: Iterable[Path]) -> list[Path]:
    """The data files named, and every .yaml/.yml file below each folder named, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in DATA_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not inside:
                raise InputError(f"{path}: 错误 文件夹中没有数据文件（.yaml 或 .yml）")
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: 错误 文件或文件夹不存在")
    return list(dict.fromkeys(found))


def render(report: Report, fmt: str, templates: Path | None = None) -> bytes:
    """One report in one format, as the bytes of the file."""
    from tzreport import templating  # jinja2 only for commands that render

    markdown = templating.render_markdown(report, templates)
    if fmt == "md":
        return markdown.encode("utf-8")
    from tzreport import word  # python-docx only when a .docx is asked for

    return word.to_docx(markdown)


@dataclass
class Prepared:
    """One data file validated and rendered: the files to write, and the warnings."""

    files: list[tuple[Path, bytes]]
    warnings: list[Diagnostic]


def prepare(
    source: Path,
    formats: Sequence[str] = FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
) -> Prepared:
    """Validate one data file and render it in each format: (target file, bytes) pairs.
    Everything is rendered before anything is written, so a failure writes nothing."""
    loaded = loader.read(source)
    folder = out_dir if out_dir is not None else source.parent
    stem = outline.output_stem(loaded.report)
    files = [(folder / f"{stem}.{fmt}", render(loaded.report, fmt, templates)) for fmt in formats]
    return Prepared(files, loaded.warnings)


def build_one(
    source: Path,
    formats: Sequence[str] = FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
) -> list[Path]:
    """Build one data file; returns the files written."""
    rendered = prepare(source, formats, out_dir, templates).files
    write_reports(dict(rendered), force)
    return [target for target, _ in rendered]


def build(
    paths: Sequence[Path],
    formats: Sequence[str] = FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
) -> Outcome:
    """Build every data file named or found under the folders named; a bad file fails alone.
    A report edited since it was written is not overwritten unless force is given."""
    outcome = Outcome()
    claimed: dict[Path, Path] = {}
    for source in find_data_files(paths):
        try:
            prepared = prepare(source, formats, out_dir, templates)
            rendered = prepared.files
            for target, _ in rendered:
                if target.resolve() in claimed:
                    raise OutputError(
                        f"{source}: 错误 与 {claimed[target.resolve()]} 要生成同一个文件"
                        f"“{target.name}”；请检查两个文件的“单位”“年度”“期间”“类型”"
                    )
            write_reports(dict(rendered), force)
            for target, _ in rendered:
                claimed[target.resolve()] = source
        except TzreportError as exc:
            outcome.failed[source] = exc
            continue
        outcome.written[source] = [target for target, _ in rendered]
        if prepared.warnings:
            outcome.warnings[source] = prepared.warnings
    return outcome


def check(paths: Sequence[Path]) -> Outcome:
    """Validate every data file without writing anything."""
    outcome = Outcome()
    for source in find_data_files(paths):
        try:
            loaded = loader.read(source)
        except DataError as exc:
            outcome.failed[source] = exc
        else:
            outcome.written[source] = []
            if loaded.warnings:
                outcome.warnings[source] = loaded.warnings
    return outcome
