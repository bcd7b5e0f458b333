"""`import --into`: a ledger's events added to an existing data file as text, so that its
comments, order and layout stay as the user left them; an event the file already has (same
名称 and 日期) is not added again, so importing the same ledger twice adds nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tzreport.data.models import Event, Report
from tzreport.data.yaml_writer import Lines
from tzreport.errors import InputError
from tzreport.ingest.data_text import sequence
from tzreport.ingest.ledger import NO_CATEGORY, Row, sections_of
from tzreport.ingest.review import Review

_SECTION_NAMES = {
    key: names
    for key, names in (
        ("思想引领", ("思想引领", "ideology")),
        ("民族工作", ("民族工作", "ethnic")),
        ("宗教工作", ("宗教工作", "religion")),
        ("存在问题", ("存在问题", "problems")),
        ("下一步计划", ("下一步计划", "plans")),
        ("其他工作", ("其他工作", "other")),
    )
}


def _events(value: Any) -> list[Event]:
    """Every event anywhere under a model (sections, items, points)."""
    found: list[Event] = []
    todo = [value]
    while todo:
        node = todo.pop()
        if isinstance(node, Event):
            found.append(node)
        elif isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, BaseModel):
            todo.extend(node.__dict__.values())
    return found


def _key(event: dict[str, Any] | Event) -> tuple[str, str]:
    if isinstance(event, Event):
        return event.name, event.date.isoformat() if event.date else ""
    day = event.get("日期")
    return str(event["名称"]).strip(), day if isinstance(day, str) else ""


def _child(node: Any, names: tuple[str, ...]) -> tuple[Any, Any] | None:
    for key, value in getattr(node, "value", []) if node.id == "mapping" else []:
        if key.value in names:
            return key, value
    return None


def _insert_at(lines: list[str], end_line: int, indent: int) -> int:
    """Where to insert after a block that ends before `end_line`: after its last line of
    content, not after the blank lines and comments that belong to what follows."""
    at = min(end_line, len(lines))
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")
                      and len(lines[at - 1]) - len(lines[at - 1].lstrip()) <= indent):
        at -= 1
    return at


def _block(level: int, items: list[Any]) -> list[str]:
    lines = Lines()
    sequence(lines, level, items)
    return lines.lines


def _add(text: str, path: Path, section: str, events: list[dict[str, Any]]) -> str:
    from tzreport.data import loader

    lines = text.split("\n")
    root = loader.compose(path, text)
    key_names: tuple[str, ...]
    title = None
    if section == NO_CATEGORY or section.startswith("其他工作:"):
        title = NO_CATEGORY if section == NO_CATEGORY else section.split(":", 1)[1]
        key_names = _SECTION_NAMES["其他工作"]
    else:
        key_names = _SECTION_NAMES[section]
    found = _child(root, key_names)
    if title is not None:
        heading: Any = Review(title, "这些活动在台账中没有类别，请移到所属章节") if section == NO_CATEGORY else title
        entry = {"标题": heading, "活动": events}
        if found is None:
            block = ["", f"{key_names[0]}:", *_block(1, [entry])]
            return "\n".join([*lines[: _insert_at(lines, len(lines), 0)], *block, ""])
        key, value = found
        if value.id != "sequence" or value.flow_style:
            raise InputError(f"{path}:{key.start_mark.line + 1}: 错误 “其他工作”不是逐行列出的列表，无法添加活动：请手工添加")
        indent = value.value[0].start_mark.column - 2 if value.value else key.start_mark.column + 2
        at = _insert_at(lines, value.end_mark.line, indent)
        return "\n".join([*lines[:at], *["  " * (indent // 2) + line for line in _block(0, [entry])], *lines[at:]])
    if found is None:
        block = ["", f"{key_names[0]}:", "  活动:", *_block(2, events)]
        return "\n".join([*lines[: _insert_at(lines, len(lines), 0)], *block, ""])
    key, value = found
    if value.id != "mapping":
        raise InputError(f"{path}:{key.start_mark.line + 1}: 错误 “{key.value}”写成了列表，无法添加活动：请把它改成带“要点:”的章节，或手工添加")
    column = value.value[0][0].start_mark.column if value.value else key.start_mark.column + 2
    has = _child(value, ("活动", "events"))
    if has is None:
        at = _insert_at(lines, value.end_mark.line, column)
        block = [" " * column + "活动:", *[" " * column + line for line in _block(1, events)]]
        return "\n".join([*lines[:at], *block, *lines[at:]])
    ev_key, ev_value = has
    if ev_value.id != "sequence" or ev_value.flow_style and ev_value.value:
        raise InputError(f"{path}:{ev_key.start_mark.line + 1}: 错误 “活动”写在一行的方括号里，无法添加：请改成每项一行（以“- ”开头）")
    if not ev_value.value:  # "活动:" or "活动: []": write the list under the key
        row = ev_key.start_mark.line
        lines[row] = " " * column + "活动:"
        return "\n".join([*lines[: row + 1], *[" " * column + line for line in _block(1, events)], *lines[row + 1:]])
    item_column = ev_value.value[0].start_mark.column - 2
    at = _insert_at(lines, ev_value.end_mark.line, item_column)
    return "\n".join([*lines[:at], *[" " * item_column + line for line in _block(0, events)], *lines[at:]])


def add_events(target: Path, rows: list[Row]) -> tuple[int, list[str], str]:
    """(events added, what was skipped, the file's new text)."""
    from tzreport.data import loader

    loaded = loader.read(target)
    report: Report = loaded.data
    have = {_key(e) for e in _events(report)}
    fresh: list[Row] = []
    skipped: list[str] = []
    for row in rows:
        key = _key(row.event)
        if key in have:
            skipped.append(f"{target}: 已有活动“{key[0]}”{('（' + key[1] + '）') if key[1] else ''}，不重复添加")
            continue
        have.add(key)
        fresh.append(row)
    text = loaded.text
    for section, events in sections_of(fresh).items():
        text = _add(text, target, section, events)
    return len(fresh), skipped, text if text.endswith("\n") else text + "\n"

