"""Imported data → the text of a data file: block YAML with Chinese keys, a header comment that
names the source and says what to review, and "# 请核对" on each line the importer is unsure of.

Written by hand through data/yaml_writer (as init and new-year do) because the comments are the point.
"""

from __future__ import annotations

from typing import Any

from tzreport.data.yaml_writer import Lines, flow_mapping, scalar
from tzreport.ingest.review import Review

REVIEW = "请核对"
_FLAT_STAT = ("项目", "数量", "单位", "约数", "次数", "口径", "同比")


def _scalar(value: Any, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return scalar(str(value), flow)


def _note(value: Any) -> tuple[Any, str]:
    if isinstance(value, Review):
        return value.value, f"  # {REVIEW}：{value.reason()}"
    return value, ""


def _flow(mapping: dict[str, Any]) -> str | None:
    """A stat or event as {项目: …, 数量: …} on one line, when it has nothing nested."""
    if any(isinstance(v, (dict, list, Review)) for v in mapping.values()):
        return None
    return flow_mapping([(k, _scalar(v, flow=True)) for k, v in mapping.items()])


def one_line(value: Any, flow: bool = False) -> tuple[str, str] | None:
    """A value written on one line, as a list entry or a key's value is: its text and its
    "  # 请核对" note (or ""); None for one that needs lines of its own (a mapping with a
    value to review, a list). An event with nothing but its name is written as the name."""
    value, note = _note(value)
    if isinstance(value, dict) and list(value) == ["名称"] and not isinstance(value["名称"], Review):
        value = value["名称"]
    if isinstance(value, dict):
        written = _flow(value)
        return None if written is None else (written, note)
    if isinstance(value, list):
        return None
    return _scalar(value, flow), note


def _value(lines: Lines, level: int, key: str, value: Any) -> None:
    value, note = _note(value)
    if isinstance(value, dict):
        lines.add(level, f"{key}:{note}")
        _mapping(lines, level + 1, value)
    elif isinstance(value, list):
        lines.add(level, f"{key}:{note}")
        sequence(lines, level + 1, value)
    else:
        lines.add(level, f"{key}: {_scalar(value)}{note}")


def _mapping(lines: Lines, level: int, mapping: dict[str, Any]) -> None:
    for key, value in mapping.items():
        _value(lines, level, key, value)


def sequence(lines: Lines, level: int, items: list[Any]) -> None:
    for entry in items:
        entry, note = _note(entry)
        if isinstance(entry, dict) and list(entry) == ["名称"] and not isinstance(entry["名称"], Review):
            entry = entry["名称"]  # an event with nothing but its name is written as the name
        if isinstance(entry, dict):
            flat = _flow(entry) if set(entry) <= set(_FLAT_STAT) | {"名称", "日期", "人数", "地点", "形式", "备注"} else None
            if flat is not None:
                lines.add(level, f"- {flat}{note}")
                continue
            sub = Lines()
            _mapping(sub, 0, entry)
            first, *rest = sub.lines
            lines.add(level, f"- {first}{note}")
            for line in rest:
                lines.add(level + 1, line)
        else:
            lines.add(level, f"- {_scalar(entry)}{note}")


def data_text(data: dict[str, Any], header: list[str]) -> str:
    """The data file's text: the header comment lines, then the keys, a blank line between
    top-level blocks."""
    lines = Lines()
    for comment in header:
        lines.comment(0, comment)
    simple = True
    for key, value in data.items():
        nested = isinstance(value.value if isinstance(value, Review) else value, (dict, list))
        if nested or not simple:
            lines.blank()
        _value(lines, 0, key, value)
        simple = not nested
    return lines.text()
