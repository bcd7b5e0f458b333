"""A composed YAML node tree → plain dicts, lists and text for the models to validate, with the
problems found on the way located at their line and column.

- duplicate keys are errors (PyYAML keeps the last one silently, losing data);
- every unquoted value stays the text the user typed, so error messages quote the value as it
  was written, and `no` is not False nor `9:30` 570;
- a line such as "内容：……" (Chinese colon), which YAML silently reads as text and folds into
  the line before it, is reported at its own line;
- aliases are counted, so an alias bomb is stopped and told where its repeated part is.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from tzreport.data import messages
from tzreport.data.field_types import INVISIBLE
from tzreport.data.yaml_nodes import (
    ALLOWED_TAGS,
    MAX_CHARS,
    MAX_NODES,
    NULL,
    PLAIN,
    TEXT,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    colon_slips,
)
from tzreport.errors import WARNING, Diagnostic
from tzreport.text import CJK_CHARS


class Values:
    """Turns a composed node tree into plain dicts, lists and text, collecting problems."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        # Nodes already reported: pydantic's complaint about the value we put in their place
        # would only repeat the same mistake in worse words.
        self.reported: set[int] = set()
        self.nodes = MAX_NODES
        self.chars = MAX_CHARS
        # An aliased node is met again at each alias: its text is worked out and its problems
        # reported once.
        self.scalars: dict[int, str | None] = {}
        self.seen: set[Diagnostic] = set()
        self.visited: set[int] = set()
        self.repeated: Node | None = None  # the first node met again through an alias
        # (start, end, field) of each text, to name the field an invisible character was in
        self.spans: list[tuple[int, int, str]] = []

    def problem(self, node: Node, message: str, field: str = "") -> None:
        self.problem_at(node.start_mark.line, node.start_mark.column, message, field)
        self.reported.add(id(node))

    def problem_at(self, line: int, column: int, message: str, field: str = "") -> None:
        """A problem at a 0-based line and column, as PyYAML counts them."""
        found = Diagnostic(self.path, line + 1, column + 1, message, field)
        if found not in self.seen:
            self.seen.add(found)
            self.problems.append(found)

    def field_at(self, index: int) -> str:
        """The field whose text (or key) holds a place of the text, or "" if none does."""
        holding = [(end - start, f) for start, end, f in self.spans if start <= index <= end]
        return min(holding)[1] if holding else ""

    def value(self, node: Node, field: str) -> Any:
        # met once for every value of every file a build reads: kept to the bone
        self.nodes -= 1
        if self.nodes < 0:
            raise TooLarge(node, f"超过{MAX_NODES // 10000}万项")
        key = id(node)
        if key not in self.visited:
            self.visited.add(key)
        elif self.repeated is None:
            self.repeated = node
        if node.tag not in ALLOWED_TAGS:
            self.problem(node, _bad_tag(node.tag), field)
            return None
        kind = type(node)
        if kind is MappingNode:
            return self.mapping(node, field)  # type: ignore[arg-type]
        if kind is SequenceNode:
            return [self.value(item, f"{field}[{i}]") for i, item in enumerate(node.value)]
        assert kind is ScalarNode  # the only other kind of node
        if key in self.scalars:  # met again through an alias
            text = self.scalars[key]
        else:
            text = self.scalars[key] = self.scalar(node, field)  # type: ignore[arg-type]
        if text is not None:
            self.chars -= len(text)
            if self.chars < 0:
                raise TooLarge(node, f"文字超过{MAX_CHARS // 10000}万字")
        return text

    def mapping(self, node: MappingNode, field: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (PLAIN, TEXT):
                self.problem(key_node, "键必须是一段文字", field)
                continue
            key = key_node.value  # always text: "2024:" is the key "2024", not a number
            plain = key_node.tag == PLAIN
            name = f"{field}.{key}" if field else key
            if plain and key in NULL:
                self.problem(key_node, "冒号前缺少键名", field)
                continue
            if plain and key == "<<":
                self.problem(key_node, "不支持“<<”合并写法：请把各项直接写出来", field)
                continue
            # "{项目：开展活动, 数量: 5}" has the key "项目：开展活动"
            slips = list(messages.slips(key, key_node.start_mark.line, key_node.start_mark.column))
            if plain and slips:
                for slip in slips:
                    self.problem_at(*slip)
                # the mapping now lacks that key; "缺少必填项" would only say so again
                self.reported.add(id(node))
                continue
            if key in seen:
                first, again = seen[key].start_mark.line + 1, key_node.start_mark.line + 1
                self.problem(
                    key_node, f"重复的键“{key}”：第{first}行和第{again}行都写了，只能保留一个", name
                )
                continue
            seen[key] = key_node
            self.spans.append((key_node.start_mark.index, key_node.end_mark.index, name))
            result[key] = self.value(value_node, name)
        return result

    def scalar(self, node: ScalarNode, field: str) -> str | None:
        self.spans.append((node.start_mark.index, node.end_mark.index, field))
        if node.tag == TEXT:
            text = _unfold(node.value) if node.style == ">" else node.value
            # "\x07" written as an escape in double quotes: removed like a pasted one
            if INVISIBLE.search(text):
                text = INVISIBLE.sub("", text)
                mark = node.start_mark
                self.warnings.append(Diagnostic(
                    self.path, mark.line + 1, mark.column + 1, "已删除转义写法的不可见字符", field, WARNING
                ))
            return text
        for slip in colon_slips(self.text, node):
            self.problem_at(*slip)
            self.reported.add(id(node))
        if node.value in NULL:
            return None
        if node.style in (None, ">") and node.end_mark.line > node.start_mark.line:
            return _unfold(node.value)
        return node.value


# YAML folds a line break in plain or ">" text into a space; between Chinese characters that
# space is wrong ("民族关系， 促进"), so a text written over several lines reads as one.
@functools.cache
def _fold() -> re.Pattern[str]:
    # compiled when first needed: the ranges take the regex compiler milliseconds to walk,
    # and most files have no text written over several lines
    return re.compile(f"(?<=[{CJK_CHARS}]) (?=[{CJK_CHARS}])")


def _unfold(text: str) -> str:
    return _fold().sub("", text)


class TooLarge(Exception):
    def __init__(self, node: Node, what: str) -> None:
        self.node = node
        self.what = what


def _bad_tag(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"不能使用 YAML 标签“{shown}”：数据文件里只能写文字、列表和“键: 值”"
