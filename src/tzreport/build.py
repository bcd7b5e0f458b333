"""Files in → reports out: find data files, validate, render, write safely.

The core never prints or exits: it returns what happened, or raises our own errors.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tzreport import batch, facts, outline, peek
from tzreport.errors import InputError, OutputError, TzreportError
from tzreport.models import Report

FORMATS = ("md", "docx")
DATA_SUFFIXES = peek.DATA_SUFFIXES


@dataclass
class Outcome:
    """What a build or check did: files written per source, and the errors of those that failed."""

    written: dict[Path, list[Path]] = field(default_factory=dict)
    failed: dict[Path, TzreportError] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)  # YAML files in folders that are not data files

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


def render(
    report: Report, fmt: str, templates: Path | None = None, extra: Mapping[str, Any] | None = None
) -> bytes:
    """One report in one format, as the bytes of the file. `extra`: what facts.gather adds
    (a roll-up's sums, 同比)."""
    from tzreport import templating  # jinja2 only for commands that render

    markdown = templating.render_markdown(report, templates, extra)
    if fmt == "md":
        return markdown.encode("utf-8")
    from tzreport import word  # python-docx only when a .docx is asked for

    return word.to_docx(markdown)


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
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def prepare(
    source: Path,
    formats: Sequence[str] = FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
) -> list[tuple[Path, bytes]]:
    """Validate one data file (with a roll-up's members and the previous year's file) and
    render it in each format: (target file, bytes) pairs. Everything is rendered before
    anything is written, so a failure writes nothing."""
    gathered = facts.gather(source)
    folder = out_dir if out_dir is not None else source.parent
    stem = outline.output_stem(gathered.report)
    return [
        (folder / f"{stem}.{fmt}", render(gathered.report, fmt, templates, gathered.extra))
        for fmt in formats
    ]


def build_one(
    source: Path,
    formats: Sequence[str] = FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
) -> list[Path]:
    """Build one data file; returns the files written."""
    rendered = prepare(source, formats, out_dir, templates)
    for target, data in rendered:
        write_atomic(target, data)
    return [target for target, _ in rendered]


OnDone = Callable[[Path, list[Path], TzreportError | None], None]


def build(
    paths: Sequence[Path],
    formats: Sequence[str] = FORMATS,
    out_dir: Path | None = None,
    templates: Path | None = None,
    jobs: int = 1,
    on_start: Callable[[batch.Found], None] | None = None,
    on_done: OnDone | None = None,
) -> Outcome:
    """Build every data file named or found under the folders named, in `jobs` processes; a
    bad file fails alone. on_start is told what was found; on_done (source, files written,
    error) is called for each file as it is finished, in the files' order."""
    found = batch.discover(paths)
    outcome = Outcome(skipped=found.skipped)
    if on_start is not None:
        on_start(found)
    claimed: dict[Path, Path] = {}
    work = functools.partial(prepare, formats=formats, out_dir=out_dir, templates=templates)
    for source, result in batch.in_order(work, found.files, jobs):
        try:
            if isinstance(result, TzreportError):
                raise result
            rendered = result
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
            if on_done is not None:
                on_done(source, [], exc)
            continue
        outcome.written[source] = [target for target, _ in rendered]
        if on_done is not None:
            on_done(source, outcome.written[source], None)
    return outcome


def check(paths: Sequence[Path]) -> Outcome:
    """Validate every data file (with a roll-up's members and the previous year's file)
    without writing anything."""
    found = batch.discover(paths)
    outcome = Outcome(skipped=found.skipped)
    for source in found.files:
        try:
            facts.gather(source)
        except TzreportError as exc:
            outcome.failed[source] = exc
        else:
            outcome.written[source] = []
    return outcome
