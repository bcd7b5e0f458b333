"""YAML text → a node tree with line and column marks, composed safely and with limits.

PyYAML only composes the node tree here, with a resolver that guesses no types: values are built
from the nodes by values.py, where the model's field types decide what is a number, a date or
true/false. No tag can construct a Python object. An alias bomb, deep nesting or a huge file is
stopped with a located message before it costs time or memory. This is the one module that
imports PyYAML; the others use the node types from here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from tzreport.data import file_text, messages
from tzreport.errors import DataError, Diagnostic

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode"]  # for values.py and locate.py

PLAIN = "tag:tzreport:plain"  # an unquoted, untagged scalar: its type is the field's business
TEXT = "tag:yaml.org,2002:str"  # a quoted scalar (or one tagged !!str): always text
ALLOWED_TAGS = {PLAIN, TEXT, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
NULL = {"", "~", "null", "Null", "NULL"}  # an empty value, as in YAML 1.2
# An alias bomb ("billion laughs") expands a small file into billions of values: the values built
# and the characters of text they hold are counted, aliases included, and capped far above what a
# report needs (a few hundred values), so that such a file fails within a second.
MAX_NODES = 20_000
MAX_CHARS = 2_000_000
MAX_NESTING = 30  # levels of indentation or brackets; a report needs about 15


class _Resolver(BaseResolver):
    """Marks plain scalars as such instead of guessing a type from how they look."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return PLAIN
        return super().resolve(kind, value, implicit)


_CComposer: Any = None
try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the Python parser does it all
    pass
else:

    class _LibyamlComposer(CParser, _Resolver):
        """The same composer on libyaml's C parser."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

    _CComposer = _LibyamlComposer


class _Composer(Reader, Scanner, Parser, Composer, _Resolver):
    """PyYAML's SafeLoader without its constructor and its type-guessing resolver."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # PyYAML composes recursively: "[[[[…" a few thousand deep would overflow the stack.
        # And a megabyte of "[a,a,a,…" is half a million nodes: 15 seconds to compose.
        self.depth += 1
        self.nodes += 1
        try:
            if self.depth > MAX_NESTING:
                raise _Limit(self.peek_event().start_mark, f"嵌套层数太多（超过{MAX_NESTING}层）：请检查缩进和括号")
            if self.nodes > MAX_NODES:
                raise _Limit(self.peek_event().start_mark, too_many(f"超过{MAX_NODES // 10000}万项"))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Limit(Exception):
    def __init__(self, mark: Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def too_many(what: str) -> str:
    return f"文件内容过多（{what}）：一份报告的数据通常只有几百项，请检查是否选错了文件"


def colon_slips(text: str, node: ScalarNode) -> list[tuple[int, int, str]]:
    """The wrong-colon lines inside one plain scalar. Its first line is looked at from the start
    of the line, so text after a real key ("标题: 内容：……") is not taken for a key."""
    own = text[node.start_mark.index : node.end_mark.index]
    if ":" not in own and "：" not in own:
        return []  # the wrong colon would be part of the scalar: most have none
    line_start = text.rfind("\n", 0, node.start_mark.index) + 1
    return messages.slips(text[line_start : node.end_mark.index], node.start_mark.line)


def diagnostics(path: Path, slips: list[tuple[int, int, str]]) -> list[Diagnostic]:
    return [Diagnostic(path, line + 1, column + 1, message) for line, column, message in slips]


def read_text(path: Path) -> str:
    """The file's text as the parser reads it (see file_text.read)."""
    return file_text.read(path).text


# libyaml composes a whole file before anything is counted; past this size (a report's data is
# a few tens of KB) the Python composer, which stops at MAX_NODES, is the one to use.
FAST_CHARS = 200_000
_BRACKETS = re.compile(r"[^\[\]{}]+")
_INDENT = re.compile(r"^[ -]*", re.MULTILINE)


def _shallow(text: str) -> bool:
    """Whether a text is small and surely nested less than MAX_NESTING deep, judged from its widest
    indentation and its deepest brackets (quoted ones count too: an overestimate only sends a
    file the slow way). libyaml's composer recurses once a level in C, so only such a text is
    given to it; the Python composer counts the levels and says where there are too many."""
    if len(text) > FAST_CHARS:
        return False
    indent = max((len(m) for m in _INDENT.findall(text)), default=0) // 2
    depth = deepest = 0
    for mark in _BRACKETS.sub("", text):
        depth += 1 if mark in "[{" else -1
        deepest = max(deepest, depth)
    return indent + deepest < MAX_NESTING


def _fast_compose(text: str) -> Node | None:
    """The node tree from libyaml, 15 times faster than PyYAML's Python parser; None when
    libyaml is missing or finds a problem (the Python parser then says what, in detail)."""
    if _CComposer is None:
        return None
    try:
        node = _CComposer(text).get_single_node()
    except yaml.YAMLError:
        return None
    _plain_style(node)
    return node


def _plain_style(root: Node | None) -> None:
    # libyaml marks a plain scalar with style "", the Python parser with None: use None.
    # (Every node of every file a build reads passes here: a scalar met again through an
    # alias is only set again; a collection met again is not entered again, or an alias
    # bomb would be walked through.)
    todo = [root]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        kind = type(node)
        if kind is ScalarNode:
            if node.style == "":  # type: ignore[union-attr]
                node.style = None  # type: ignore[union-attr]
            continue
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if kind is SequenceNode:
            todo += node.value
        elif kind is MappingNode:
            for pair in node.value:
                todo += pair


def compose(path: Path, text: str) -> Node:
    """Parse the YAML text into a node tree (no Python objects are constructed)."""
    node = _fast_compose(text) if _shallow(text) else None
    if node is None:
        loader = _Composer(text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise DataError(_syntax_error(path, text, exc)) from None
        except _Limit as exc:
            mark = exc.mark
            raise DataError([Diagnostic(path, mark.line + 1, mark.column + 1, exc.message)]) from None
        except yaml.YAMLError as exc:  # text file_text.read has not cleaned
            raise DataError([Diagnostic(path, 0, 0, f"YAML 格式错误：{exc}")]) from None
        except ValueError:  # PyYAML's chr() of an escape past U+10FFFF ("\U00110000")
            mark = loader.get_mark()
            message = "YAML 格式错误：引号中的转义字符（\\U 或 \\x 后的编号）超出了 Unicode 的范围"
            raise DataError([Diagnostic(path, mark.line + 1, mark.column + 1, message)]) from None
        finally:
            loader.dispose()
    if node is None or (isinstance(node, ScalarNode) and node.tag == PLAIN and node.value in NULL):
        raise DataError([Diagnostic(path, 1, 1, "文件是空的：至少要写“单位”和“年度”")])
    return node


def _syntax_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> list[Diagnostic]:
    message, mark = messages.syntax_reason(exc)
    line = mark.line if mark else len(text.splitlines())
    # A key written with a Chinese colon is the commonest cause of a syntax error a few lines
    # further on; when there is one up to here, it is the thing to fix.
    source = "\n".join(text.split("\n")[: line + 1])
    slips = diagnostics(path, messages.slips(source, 0))
    if slips:
        return slips
    where: tuple[int, int] = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return [Diagnostic(path, *where, f"YAML 格式错误：{message}")]


def top(path: Path, text: str, root: Node) -> MappingNode:
    """The file's top level, which must be a mapping of keys to values."""
    if isinstance(root, MappingNode):
        return root
    if isinstance(root, ScalarNode) and root.tag == PLAIN:
        slips = diagnostics(path, colon_slips(text, root))
        if slips:
            raise DataError(slips)
    message = "文件最外层应是“键: 值”的形式，如“单位: 京汉新城社区”"
    if isinstance(root, SequenceNode):
        message += "，不能是以“- ”开头的列表"
    mark = root.start_mark
    raise DataError([Diagnostic(path, mark.line + 1, mark.column + 1, message)])
