"""Files in → reports out: find data files, validate, render, write safely.

The core never prints or exits: it returns what happened, or raises our own errors.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tzreport import lint, lint_terms, loader, outline
from tzreport.errors import (
    DataError,
    Diagnostic,
    DraftError,
    InputError,
    OutputError,
    TzreportError,
)
from tzreport.layout import DEFAULT, LAYOUT_FILE, Layout, LayoutFile
from tzreport.lint_rules import ALL, Selection
from tzreport.models import Report

FORMATS = ("md", "docx", "pdf")
DEFAULT_FORMATS = ("md", "docx")
DATA_SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    """What a build or check did: files written per source, and the errors of those that failed."""

    written: dict[Path, list[Path]] = field(default_factory=dict)
    failed: dict[Path, TzreportError] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)  # YAML files in a folder that are not data

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


def find_data_files(paths: Iterable[Path], skipped: list[Path] | None = None) -> list[Path]:
    """The data files named, and every .yaml/.yml file below each folder named, in name order.

    In a folder, a unit's tzreport-terms.yaml is not a data file, and neither is a YAML file
    of another program (a CI workflow): those are added to `skipped`, to be mentioned."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in DATA_SUFFIXES and p.is_file() and p.name != LAYOUT_FILE
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.name not in lint_terms.FILE_NAMES
            )
            other = [p for p in inside if not loader.looks_like_data(p)]
            if skipped is not None:
                skipped += other
            inside = [p for p in inside if p not in other]
            if not inside:
                raise InputError(f"{path}: 错误 文件夹中没有数据文件（.yaml 或 .yml）")
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: 错误 文件或文件夹不存在")
    return list(dict.fromkeys(found))


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
    return loader.load_as(path, LayoutFile).apply(DEFAULT)


def render_formats(
    report: Report,
    formats: Sequence[str],
    templates: Path | None = None,
    layout: Layout = DEFAULT,
    reference: Path | None = None,
) -> dict[str, bytes]:
    """The report in each format asked for, as file contents. The Markdown is rendered once;
    the .docx is made from it, and the PDF from the .docx."""
    from tzreport import templating  # jinja2 only for commands that render

    markdown = templating.render_markdown(report, templates)
    out = {"md": markdown.encode("utf-8")}
    if "docx" in formats or "pdf" in formats:
        from tzreport import word  # python-docx only when a .docx is asked for

        out["docx"] = word.to_docx(markdown, layout, reference)
    if "pdf" in formats:
        from tzreport import pdf

        out["pdf"] = pdf.docx_to_pdf(out["docx"], outline.output_stem(report))
    return {fmt: out[fmt] for fmt in formats}


def render(report: Report, fmt: str, templates: Path | None = None) -> bytes:
    """One report in one format, with the default layout."""
    return render_formats(report, (fmt,), templates)[fmt]


def write_atomic(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it into place, so an
    interrupted build never leaves a half-written file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: 错误 无法写入：{exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except PermissionError:
        os.unlink(temp)
        raise OutputError(f"{target}: 错误 文件被占用或没有写权限；若已在 Word/WPS 中打开，请先关闭") from None
    except IsADirectoryError:
        os.unlink(temp)
        raise OutputError(f"{target}: 错误 同名的文件夹已存在，无法写入这个文件") from None
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def final_or_draft(source: Path, allow_draft: bool = False) -> Report:
    """Load a data file for building. A file with error-level findings (unfilled
    placeholders) is a draft: refused (DraftError), or with allow_draft built with its title
    marked as a draft (outline.DRAFT_MARK)."""
    loaded = loader.load_located(source)
    found = lint.errors(loaded)
    if not found:
        return loaded.data
    if not allow_draft:
        raise DraftError(found)
    return outline.as_draft(loaded.data)


def prepare(
    source: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
    layout_file: Path | None = None,
    reference: Path | None = None,
    allow_draft: bool = False,
) -> list[tuple[Path, bytes]]:
    """Validate one data file and render it in each format: (target file, bytes) pairs.
    Everything is rendered before anything is written, so a failure writes nothing."""
    report = final_or_draft(source, allow_draft)
    layout = load_layout(source, layout_file)
    folder = out_dir if out_dir is not None else source.parent
    stem = outline.output_stem(report)
    files = render_formats(report, formats, templates, layout, reference)
    return [(folder / f"{stem}.{fmt}", data) for fmt, data in files.items()]


def build_one(
    source: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
    layout_file: Path | None = None,
    reference: Path | None = None,
    allow_draft: bool = False,
) -> list[Path]:
    """Build one data file; returns the files written."""
    rendered = prepare(source, formats, out_dir, templates, layout_file, reference, allow_draft)
    for target, data in rendered:
        write_atomic(target, data)
    return [target for target, _ in rendered]


def build(
    paths: Sequence[Path],
    formats: Sequence[str] = DEFAULT_FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
    layout_file: Path | None = None,
    reference: Path | None = None,
    allow_draft: bool = False,
) -> Outcome:
    """Build every data file named or found under the folders named; a bad file fails alone."""
    if "pdf" in formats:
        from tzreport import pdf

        if pdf.soffice() is None:  # say it once, not once per file
            raise OutputError(f"错误 {pdf.INSTALL_HINT}")
    if reference is not None and not reference.is_file():
        raise InputError(f"{reference}: 错误 参考文档不存在")
    outcome = Outcome()
    claimed: dict[Path, Path] = {}
    for source in find_data_files(paths, outcome.skipped):
        try:
            rendered = prepare(
                source, formats, out_dir, templates, layout_file, reference, allow_draft
            )
            for target, _ in rendered:
                if target.resolve() in claimed:
                    raise OutputError(
                        f"{source}: 错误 与 {claimed[target.resolve()]} 要生成同一个文件"
                        f"“{target.name}”；请检查两个文件的“单位”“年度”“期间”“类型”"
                    )
            for target, data in rendered:
                write_atomic(target, data)
                claimed[target.resolve()] = source
        except TzreportError as exc:
            outcome.failed[source] = exc
            continue
        outcome.written[source] = [target for target, _ in rendered]
    return outcome


@dataclass
class Checked:
    """What `check` found: the files looked at, those passed over, and every finding."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def check(paths: Sequence[Path], selection: Selection = ALL) -> Checked:
    """Validate and lint every data file without writing anything. A file that does not
    validate gets its validation errors only: the text checks need valid data. A unit's
    tzreport-terms.yaml named on the command line is validated as a terms file."""
    checked = Checked()
    for source in find_data_files(paths, checked.skipped):
        checked.files.append(source)
        try:
            if source.name in lint_terms.FILE_NAMES:
                lint_terms.read(source)
            else:
                checked.diagnostics += lint.lint(loader.load_located(source), selection)
        except DataError as exc:
            checked.diagnostics += exc.diagnostics
    # a wrong tzreport-terms.yaml is met again by every data file below it: say it once
    checked.diagnostics = list(dict.fromkeys(checked.diagnostics))
    return checked
