"""`tzreport import`: reports and ledgers a unit already has → data files (docs/命令.md, “导入已有的材料”).

Orchestration only: read each source with its reader (ingest.word, ingest.source_text, ingest.ledger),
map it (ingest.mapping; the files of one run planned together: ingest.planned_files), write it
(ingest.data_text). Everything is read and mapped before anything
is written, so a bad file among several writes nothing; an existing file is never overwritten
(the rule and message of init) unless --force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tzreport.commands.init import check_unit, check_year, write_new
from tzreport.data import headers
from tzreport.errors import WARNING, InputError, OutputError, os_reason, shown
from tzreport.ingest import (
    planned_files,
    rebuilt_passage,
    report_split,
    review,
    rollup_report,
    source_text,
)
from tzreport.ingest.data_text import REVIEW, data_text
from tzreport.ingest.review import Review
from tzreport.report.outline import safe_filename

REPORTS = (".docx", ".doc", ".txt", ".md")
LEDGERS = (".xlsx", ".xls", ".ods")


_KINDS = {".docx": " Word 文档", ".doc": " Word 文档", ".txt": "文本文件", ".md": " Markdown 文件",
          ".xlsx": " Excel 表格", ".xls": " Excel 表格", ".ods": "表格文件"}


def refuse_as_data(paths: Sequence[Path]) -> None:
    """An InputError for a report or a ledger named where a data file belongs (`tzreport build
    报告.docx`, a first day's slip: the report one has is not a data file yet), saying which
    import makes one of it."""
    from tzreport.commands.init import typed_path

    for path in paths:
        kind = _KINDS.get(path.suffix.lower())
        if kind is None or not path.is_file():
            continue
        if path.suffix.lower() in LEDGERS:
            raise InputError(
                f"{path}: 错误 这是{kind}，不是数据文件：build 只读数据文件（.yaml）。"
                f"活动台账请先导入：tzreport import {typed_path(path)}（并入已有的数据文件加 --into 数据文件.yaml）"
            )
        if path.suffix.lower() in (".txt", ".md") and headers.is_data_file(path):
            continue  # a data file saved with another ending: built, with its own messages
        raise InputError(
            f"{path}: 错误 这是{kind}，不是数据文件：build 只读数据文件（.yaml）。"
            f"要从这份报告生成数据文件，请先运行 tzreport import {typed_path(path)}，再 build 生成的 .yaml 文件"
        )


@dataclass
class Result:
    """What one run did: files written, events added to --into, and notes for the user."""

    written: list[Path] = field(default_factory=list)
    added: int = 0
    completed: int = 0
    rows: int = 0  # the ledgers' rows --into was given
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def expand(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The files to import: a folder stands for the reports and ledgers in it; the lock files
    Word and Excel leave beside an open document ("~$报告.docx") are passed over."""
    found: list[Path] = []
    notes: list[str] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REPORTS + LEDGERS)
            if not inside:
                raise InputError(f"{path}: 错误 文件夹中没有可以导入的文件（.docx .doc .txt .md .xlsx .xls .ods）")
            paths_here = inside
        else:
            paths_here = [path]
        for file in paths_here:
            if file.name.startswith("~$"):
                notes.append(f"{file}: 提示 这是 Word/Excel 打开文档时留下的临时文件，已跳过")
                continue
            found.append(file)
    return found, notes


@dataclass
class Source:
    """A report's paragraphs, by its kind of file; what of it was not read; the member units
    its 附表 names when it is a roll-up's report."""

    paragraphs: list[source_text.Paragraph]
    unread: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


def read_report(path: Path) -> Source:
    """A report's paragraphs, by its kind of file, and what of it was not read."""
    suffix = path.suffix.lower()
    if suffix in (".docx", ".doc"):
        from tzreport.ingest import word

        read = word.convert_doc(path) if suffix == ".doc" else word.read_docx(path)
        unread = [f"原文中的{read.unread}个表格没有导入：其中的数字请写进相应章节的“统计”"] if read.unread else []
        return Source(read.paragraphs, unread, read.members)
    return Source([source_text.Paragraph(line) for line in source_text.read(path)])


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Review) else value


def file_name(data: dict[str, Any], source: Path) -> str:
    """{单位}{年度}{期间}{类型}.yaml (期间 and 类型 only when not 全年/统战工作), the unit left out
    when the source did not name it, the source's own name when it gave no year; made safe as
    a file name."""
    year = data.get("年度")
    if isinstance(year, Review) and "没有写年度" in year.why:
        return safe_filename(source.stem) + ".yaml"
    unit = "" if isinstance(data.get("单位"), Review) and "XX" in str(_plain(data["单位"])) else _plain(data["单位"])
    period = "" if data.get("期间", "全年") == "全年" else data["期间"]
    kind = "" if data.get("类型", "统战工作") == "统战工作" else data["类型"]
    return safe_filename(f"{unit}{_plain(data['年度'])}{period}{kind}") + ".yaml"


def header(source: Path, name: str, dropped: list[str], today: dt.date, unread: list[str], part: str = "") -> list[str]:
    lines = [
        f"由 tzreport import 从“{shown(source.name)}”{f'（其中的{part}）' if part else ''}导入（{today.isoformat()}）。",
        f"文字和数字都取自原文；标有“# {REVIEW}”的行是导入时拿不准的地方，请对照原文核对后删去这个标记。",
        f"检查：tzreport check {name}    生成报告：tzreport build {name}",
    ]
    lines += unread
    lines += [hidden_note(d) for d in dropped if source_text.HIDDEN.match(d)]
    noise = [d for d in dropped if not source_text.HIDDEN.match(d)]
    if noise:
        lines.append("原文中这些像是网页抓取留下的杂字，没有导入：" + "；".join(d[:30] for d in noise[:5]))
    return lines


def hidden_note(marker: str) -> str:
    """What import says of a web page's “此处隐藏6579字”: part of the report is not in the source
    at all, so the imported file is not the whole report (said, never filled in)."""
    found = source_text.HIDDEN.match(marker)
    count = f"{found.group(1)}字" if found and found.group(1) else ""
    return (f"原文有一段正文被网页隐藏了（“{marker[:30]}”）：这{count}原文中没有，无法导入，导入的报告不完整；"
            "请找到完整的原文（如下载的 Word 文件）再导入。其后的章节可能缺了标题，请核对。")


def plan(
    sources: list[Path],
    out_dir: Path | None = None,
    unit: str | None = None,
    year: int | str | None = None,
    today: dt.date | None = None,
    templates: Path | None = None,
) -> tuple[dict[Path, str], list[str]]:
    """What import would write: each new data file's text by its path; and notes for the user.
    templates: the user's templates folder (as build --templates), whose items template says a
    passage again when import checks that it reads it right."""
    if templates is not None and not templates.is_dir():
        raise InputError(f"{templates}: 错误 模板文件夹不存在")
    token = rebuilt_passage.TEMPLATES.set(templates)
    try:
        return _plan(sources, out_dir, unit, year, today)
    finally:
        rebuilt_passage.TEMPLATES.reset(token)


def _plan(
    sources: list[Path], out_dir: Path | None, unit: str | None, year: int | str | None, today: dt.date | None,
) -> tuple[dict[Path, str], list[str]]:
    unit = check_unit(unit) if unit is not None else None
    year = check_year(year) if year is not None else None
    sources, notes = expand(sources)
    files: dict[Path, str] = {}
    dropped: list[str]
    unread: list[str]
    mapped: list[planned_files.Planned] = []
    for source in sources:
        suffix = source.suffix.lower()
        if suffix in LEDGERS:
            from tzreport.ingest import ledger

            read = ledger.read(source, year)
            data, dropped, unread = ledger.as_data(read.rows, source, unit, year), [], []
            rolled = None
            notes += read.notes
        elif suffix in REPORTS:
            got = read_report(source)
            unread = got.unread
            paras, dropped = source_text.paragraphs(got.paragraphs)
            notes += [f"{source}: 提示 {line}" for line in unread]
            notes += [f"{source}: 警告 {hidden_note(d)}" for d in dropped if source_text.HIDDEN.match(d)]
            if not paras:
                raise InputError(f"{source}: 错误 文件中没有文字，无法导入")
            parts, between = report_split.reports(paras)
            dropped += between
            if len(parts) > 1:
                # several reports one after another: one data file each, named apart
                names: list[str] = []
                for n, part in enumerate(parts, 1):
                    data, rolled = planned_files.report_data(part, unit, year, got.members)
                    name = file_name(data, source)
                    if name in names or name == safe_filename(source.stem) + ".yaml":
                        name = f"{name.removesuffix('.yaml')}（{n}）.yaml"
                    names.append(name)
                    target = (out_dir if out_dir is not None else source.parent) / name
                    planned_files.add(mapped, planned_files.Planned(source, target, data, dropped if n == 1 else [], unread, f"第{n}份报告", rolled))
                notes.append(f"{source}: 提示 文件中有{len(parts)}份报告，分别导入为{'、'.join(names)}")
                continue
            data, rolled = planned_files.report_data(paras, unit, year, got.members)
            if rolled is not None and not rolled.members:
                notes.append(f"{source}: 提示 {rolled.header()[0]}原文没有列出各{rolled.word}的名称：请不要把所辖"
                             f"{rolled.word}的数据文件与它放在同一文件夹中汇总")
        else:
            raise InputError(
                f"{source}: 错误 不能导入这种文件（{source.suffix or '无扩展名'}）：报告支持 .docx .doc .txt .md，台账支持 .xlsx .xls .ods"
            )
        name = file_name(data, source)
        target = (out_dir if out_dir is not None else source.parent) / name
        planned_files.add(mapped, planned_files.Planned(source, target, data, dropped, unread, rolled=rolled if suffix in REPORTS else None))
    planned_files.counted_twice(mapped)
    batch = [m.data for m in mapped]
    for m in mapped:
        data = m.data
        if review.says_changes(data):
            data = review.settle_changes(data, planned_files.previous_figures(data, m.target.parent, batch), data.get("期间", "全年"))
            if m.rolled is not None:
                data = rollup_report.keep_unsaid_changes(data, m.rolled)
        said = header(m.source, m.target.name, m.dropped, today or dt.date.today(), m.unread, m.part)
        files[m.target] = data_text(data, said + (m.rolled.header() if m.rolled else []))
    return files, notes


def import_files(
    sources: list[Path],
    out_dir: Path | None = None,
    unit: str | None = None,
    year: int | str | None = None,
    force: bool = False,
    templates: Path | None = None,
) -> Result:
    """Import each source into a new data file; nothing is written when any source fails."""
    files, notes = plan(sources, out_dir, unit, year, templates=templates)
    clashes = [p for p in files if p.exists()]
    if clashes and not force:
        names = "、".join(str(p) for p in clashes)
        raise OutputError(f"{names}: 错误 文件已存在，不会覆盖：请换一个文件夹（-o），或确认后加 --force")
    result = Result(notes=notes)
    for path, content in files.items():
        if path.exists():
            from tzreport.output import write_atomic

            write_atomic(path, content.encode("utf-8"))
        else:
            write_new(path, content)
        result.written.append(path)
        if marks := content.count(f"  # {REVIEW}："):
            result.notes.append(f"{path}: 有 {marks} 处标有“{REVIEW}”，请对照原文核对")
    return result


def import_into(sources: list[Path], target: Path, year: int | str | None = None, force: bool = False) -> Result:
    """Merge the events of ledgers into an existing data file (ingest/into.py): events it has
    are completed, not added twice; rows go into the work items and chapters the ledger names;
    a ledger naming another unit needs `force`. The file is locked from its read to its write,
    so that two runs at once wait for each other instead of losing each other's events; what
    is written is checked to load with every event it should have, else nothing is written."""
    from tzreport import file_lock
    from tzreport.data import file_text, loader
    from tzreport.ingest import into, ledger
    from tzreport.output import write_atomic
    from tzreport.regular_file import NotRegularFile, read_regular

    sources, notes = expand(sources)
    bad = [s for s in sources if s.suffix.lower() not in LEDGERS]
    if bad:
        raise InputError(f"{bad[0]}: 错误 --into 只用于台账（.xlsx .xls .ods）：报告请不加 --into 导入成新的数据文件")
    year = check_year(year) if year is not None else None
    ledgers = [(source, ledger.read(source, year)) for source in sources]
    rows = [row for _, read in ledgers for row in read.rows]
    if not rows:  # an exported ledger of a file without events: nothing to add, nothing wrong
        notes.append(f"{'、'.join(map(str, sources))}: 提示 表格中没有活动（表头下面没有填写活动名称的行），没有添加")
        return Result(notes=notes)
    units = [u for source, read in ledgers for u in ledger.named_units(read.rows, source)]
    notes += [note for _, read in ledgers for note in read.notes]
    try:
        read_regular(target, 0)  # a pipe or device refused at once, before any lock is taken
    except FileNotFoundError:
        raise InputError(f"{target}: 错误 文件不存在：--into 把台账并入已有的数据文件；新建数据文件请不加 --into") from None
    except NotRegularFile as exc:
        raise InputError(f"{target}: 错误 {exc.strerror}") from None
    except OSError:
        pass  # the read under the lock says why
    with file_lock.locked(target, "另一个 tzreport 正在向这个数据文件添加活动"):
        try:
            raw = read_regular(target, file_text.MAX_BYTES)
        except NotRegularFile as exc:
            raise InputError(f"{target}: 错误 {exc.strerror}") from None
        except OSError as exc:
            raise InputError(f"{target}: 错误 无法读取文件：{os_reason(exc)}") from None
        loaded = loader.read(target, raw)
        merged = into.merge(target, raw, loaded.text, loaded.root, loaded.data.unit, loaded.data.year,
                            rows, force, units)
        if merged.changed:
            _check_merged(target, merged, into.count_events(loaded.root))
            write_atomic(target, merged.content)
    return Result(written=[target] if merged.changed else [], added=merged.added, skipped=[],
                  notes=notes + merged.notes, completed=merged.completed, rows=len(rows))


def _check_merged(target: Path, merged: Any, before: int) -> None:
    """The merged text loads, and has the events it had and those added: else nothing is
    written (a layout the merge did not foresee must not cost the user the file). A problem
    on a line marked “请核对” (a date the ledger wrote so that it could not be read) is the
    user's to settle, as in a file import writes."""
    from tzreport.data import file_text, loader, yaml_nodes
    from tzreport.errors import DataError
    from tzreport.ingest import into

    lines = file_text.read(target, merged.content).text.split("\n")
    try:
        root = loader.read(target, merged.content).root
    except DataError as exc:
        marked = all(0 < d.line <= len(lines) and f"# {REVIEW}" in lines[d.line - 1]
                     for d in exc.diagnostics if d.level != WARNING)
        try:
            text = "\n".join(lines)
            root = yaml_nodes.top(target, text, yaml_nodes.compose(target, text))
        except DataError:
            marked = False
        if not marked:
            raise InputError(f"{target}: 错误 无法把活动自动写进这个文件的写法中（文件没有改动）：请手工添加，或把台账导入成新的数据文件再复制") from None
    if into.count_events(root) != before + merged.added:
        raise InputError(f"{target}: 错误 无法把活动自动写进这个文件的写法中（文件没有改动）：请手工添加，或把台账导入成新的数据文件再复制")
