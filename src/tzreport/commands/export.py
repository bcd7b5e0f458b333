"""`tzreport export`: the events of data files as an activity ledger (台账) in .xlsx, which
`tzreport import 台账.xlsx --into FILE` reads back (docs/命令.md, “导出活动台账”).

Orchestration only: find the data files (a folder stands for those under it), load and validate
every one, lay their events out (writers/xlsx/ledger), write the file whole. A bad data file
fails the export before anything is written; an existing file is not replaced unless --force.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tzreport.batch import pool
from tzreport.data import loader
from tzreport.errors import DataError, Diagnostic, InputError, OptionError, OutputError
from tzreport.output import write_atomic
from tzreport.report import stat_book

if TYPE_CHECKING:
    from tzreport.data.models import Report


@dataclass
class Exported:
    """What an export did: the ledger written, how many events from how many data files."""

    target: Path
    events: int
    sources: list[Path]
    skipped: list[Path] = field(default_factory=list)  # YAML files in folders that are not data files
    unreadable: list[Path] = field(default_factory=list)


def export(paths: list[Path], target: Path, force: bool = False) -> Exported:
    """Write the events of the data files named (or found under the folders named) to target."""
    if target.suffix.lower() != ".xlsx":
        raise OptionError(f"{target}: 错误 台账导出为 .xlsx 文件：请把 -o 写成“台账.xlsx”这样的文件名")
    if target.is_dir():
        raise OptionError(f"{target}: 错误 这是一个文件夹：-o 应写台账的文件名，如“台账.xlsx”")
    if target.exists() and not force:
        raise OutputError(f"{target}: 错误 文件已存在，不会覆盖：请换一个文件名，或确认后加 --force")
    found = pool.discover(paths)
    reports: list[Report] = []
    problems: list[Diagnostic] = []
    for source in found.files:
        try:
            loaded = loader.read(source)
        except DataError as exc:
            problems += exc.diagnostics
            continue
        problems += stat_book.overlong(loaded)
        reports.append(loaded.data)
    if problems:
        raise DataError(problems)
    if not reports:
        raise InputError(f"{'、'.join(str(p) for p in paths)}: 错误 没有数据文件可以导出")
    from tzreport.writers.xlsx import ledger  # XlsxWriter only when exporting

    data, events = ledger.workbook(reports)
    write_atomic(target, data)
    return Exported(target, events, found.files, found.skipped, found.unreadable)
