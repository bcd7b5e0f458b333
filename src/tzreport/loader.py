"""YAML data file → Report, with every error located at file:line:column.

PyYAML only composes the node tree here, with a resolver that guesses no types; we build the
Python values ourselves, so that:
- duplicate keys are errors (PyYAML keeps the last one silently, losing data);
- every unquoted value stays the text the user typed: the model's field types decide what is a
  number, a date or true/false, so `no` is not False, `9:30` is not 570, "2024-13-40" does not
  crash PyYAML's timestamp resolver, and error messages quote the value as it was written;
- no tag can construct a Python object;
- a line such as "内容：……" (Chinese colon), which YAML silently reads as text and folds into the
  line before it, is reported at its own line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from tzreport import datafile, messages, models
from tzreport.errors import DataError, Diagnostic
from tzreport.text import CJK_CHARS

_PLAIN = "tag:tzreport:plain"  # an unquoted, untagged scalar: its type is the field's business
_TEXT = "tag:yaml.org,2002:str"  # a quoted scalar (or one tagged !!str): always text
_ALLOWED_TAGS = {_PLAIN, _TEXT, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_NULL = {"", "~", "null", "Null", "NULL"}  # an empty value, as in YAML 1.2
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
            return _PLAIN
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
                raise _Limit(self.peek_event().start_mark, _too_many(f"超过{MAX_NODES // 10000}万项"))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Limit(Exception):
    def __init__(self, mark: Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def _too_many(what: str) -> str:
    return f"文件内容过多（{what}）：一份报告的数据通常只有几百项，请检查是否选错了文件"


class _Build:
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
        self.nodes -= 1
        if self.nodes < 0:
            raise _TooLarge(node, f"超过{MAX_NODES // 10000}万项")
        if id(node) not in self.visited:
            self.visited.add(id(node))
        elif self.repeated is None:
            self.repeated = node
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, _bad_tag(node.tag), field)
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, field)
        if isinstance(node, SequenceNode):
            return [self.value(item, f"{field}[{i}]") for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)  # the only other kind of node
        if id(node) not in self.scalars:
            self.scalars[id(node)] = self.scalar(node, field)
        text = self.scalars[id(node)]
        self.chars -= len(text or "")
        if self.chars < 0:
            raise _TooLarge(node, f"文字超过{MAX_CHARS // 10000}万字")
        return text

    def mapping(self, node: MappingNode, field: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (_PLAIN, _TEXT):
                self.problem(key_node, "键必须是一段文字", field)
                continue
            key = key_node.value  # always text: "2024:" is the key "2024", not a number
            plain = key_node.tag == _PLAIN
            name = f"{field}.{key}" if field else key
            if plain and key in _NULL:
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
        if node.tag == _TEXT:
            text = _unfold(node.value) if node.style == ">" else node.value
            # "\x07" written as an escape in double quotes: removed like a pasted one
            if datafile.INVISIBLE.search(text):
                text = datafile.INVISIBLE.sub("", text)
                mark = node.start_mark
                self.warnings.append(Diagnostic(
                    self.path, mark.line + 1, mark.column + 1, "已删除转义写法的不可见字符", field, "警告"
                ))
            return text
        for slip in _colon_slips(self.text, node):
            self.problem_at(*slip)
            self.reported.add(id(node))
        if node.value in _NULL:
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


class _TooLarge(Exception):
    def __init__(self, node: Node, what: str) -> None:
        self.node = node
        self.what = what


def _bad_tag(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"不能使用 YAML 标签“{shown}”：数据文件里只能写文字、列表和“键: 值”"


# ---------------------------------------------------------------- a key with the wrong colon


def _colon_slips(text: str, node: ScalarNode) -> list[tuple[int, int, str]]:
    """The wrong-colon lines inside one plain scalar. Its first line is looked at from the start
    of the line, so text after a real key ("标题: 内容：……") is not taken for a key."""
    own = text[node.start_mark.index : node.end_mark.index]
    if ":" not in own and "：" not in own:
        return []  # the wrong colon would be part of the scalar: most have none
    line_start = text.rfind("\n", 0, node.start_mark.index) + 1
    return messages.slips(text[line_start : node.end_mark.index], node.start_mark.line)


def _diagnostics(path: Path, slips: list[tuple[int, int, str]]) -> list[Diagnostic]:
    return [Diagnostic(path, line + 1, column + 1, message) for line, column, message in slips]


def _models() -> Iterator[type[BaseModel]]:
    """The report model and every model inside it."""
    todo: list[type[BaseModel]] = [models.Report]
    done: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        done.add(model)
        yield model
        for field in model.model_fields.values():
            inner = messages.inner_model(field.annotation)
            if inner is not None and inner not in done and inner not in todo:
                todo.append(inner)


@functools.cache
def _synonyms() -> dict[str, frozenset[str]]:
    """Each key → the names a user may write for it: the Chinese key and its English name."""
    found: dict[str, set[str]] = {}
    for model in _models():
        for name, field in model.model_fields.items():
            both = {name, field.alias or name}
            for each in both:
                found.setdefault(each, set()).update(both)
    return {k: frozenset(v) for k, v in found.items()}


# ---------------------------------------------------------------- reading and parsing


def read_text(path: Path) -> str:
    """The file's text as the parser reads it (see datafile.read)."""
    return datafile.read(path).text


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
    todo = [root]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))  # an alias is the same node again
        if isinstance(node, ScalarNode):
            if node.style == "":
                node.style = None
        elif isinstance(node, SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                todo += (key, value)


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
        except yaml.YAMLError as exc:  # text datafile.read has not cleaned
            raise DataError([Diagnostic(path, 0, 0, f"YAML 格式错误：{exc}")]) from None
        except ValueError:  # PyYAML's chr() of an escape past U+10FFFF ("\U00110000")
            mark = loader.get_mark()
            message = "YAML 格式错误：引号中的转义字符（\\U 或 \\x 后的编号）超出了 Unicode 的范围"
            raise DataError([Diagnostic(path, mark.line + 1, mark.column + 1, message)]) from None
        finally:
            loader.dispose()
    if node is None or (isinstance(node, ScalarNode) and node.tag == _PLAIN and node.value in _NULL):
        raise DataError([Diagnostic(path, 1, 1, "文件是空的：至少要写“单位”和“年度”")])
    return node


def _syntax_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> list[Diagnostic]:
    message, mark = messages.syntax_reason(exc)
    line = mark.line if mark else len(text.splitlines())
    # A key written with a Chinese colon is the commonest cause of a syntax error a few lines
    # further on; when there is one up to here, it is the thing to fix.
    source = "\n".join(text.split("\n")[: line + 1])
    slips = _diagnostics(path, messages.slips(source, 0))
    if slips:
        return slips
    where: tuple[int, int] = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return [Diagnostic(path, *where, f"YAML 格式错误：{message}")]


def _top(path: Path, text: str, root: Node) -> MappingNode:
    """The file's top level, which must be a mapping of keys to values."""
    if isinstance(root, MappingNode):
        return root
    if isinstance(root, ScalarNode) and root.tag == _PLAIN:
        slips = _diagnostics(path, _colon_slips(text, root))
        if slips:
            raise DataError(slips)
    message = "文件最外层应是“键: 值”的形式，如“单位: 京汉新城社区”"
    if isinstance(root, SequenceNode):
        message += "，不能是以“- ”开头的列表"
    mark = root.start_mark
    raise DataError([Diagnostic(path, mark.line + 1, mark.column + 1, message)])


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated file, with its text and node tree, so that later checks can point at the
    line and column of any value in it, and the warnings about what was fixed on the way (a
    GBK file read, control characters removed)."""

    path: Path
    text: str
    root: Node
    data: M
    warnings: list[Diagnostic] = dataclasses.field(default_factory=list)

    @property
    def report(self) -> M:
        return self.data

    def find(self, loc: tuple[Any, ...]) -> tuple[Node, Node | None, str]:
        """The node at a location such as ("思想引领", "工作", 0, "内容") (Chinese keys; the
        English name written in the file is found too), the key node naming it (None for a
        list item), and the field path as the user wrote it ("思想引领.工作[0].内容")."""
        node, shown, key_node = _locate(self.root, loc)
        return node, key_node, ".".join(shown)


def read(path: Path) -> Loaded[models.Report]:
    """Read and validate one data file. Raises DataError with every problem in the file, and
    the warnings too."""
    return load_model(path, models.Report)


def load(path: Path) -> models.Report:
    """Read and validate one data file; its warnings are dropped (see read)."""
    return read(path).data


def load_as(path: Path, model: type[M]) -> M:
    """Read one YAML file (a data file, a layout file …) as the given model."""
    return load_model(path, model).data


def load_model(path: Path, model: type[M]) -> Loaded[M]:
    """Read one YAML file and validate it as the given model, with located errors."""
    source = datafile.read(path)
    build = _Build(path, source.text)
    try:
        root, result = _validate(path, source.text, build, model)
    except DataError as exc:
        found = [source.original(d) for d in exc.diagnostics]
        raise DataError(_warnings(source, build) + found) from None
    return Loaded(path, source.text, root, result, _warnings(source, build))


def _warnings(source: datafile.SourceText, build: _Build) -> list[Diagnostic]:
    fixed = datafile.invisible_warnings(source, build.field_at)
    return source.warnings + fixed + [source.original(w) for w in build.warnings]


def _validate(path: Path, text: str, build: _Build, model: type[M]) -> tuple[Node, M]:
    root = _top(path, text, compose(path, text))
    try:
        data = build.value(root, "")
    except _TooLarge as exc:
        # an alias bomb is told where its repeated part is, not where the count ran out
        if build.repeated is not None:
            message = f"文件内容展开后过大（{exc.what}）：“*”引用（别名）使内容成倍增加，请直接写出各项"
            build.problem(build.repeated, message)
        else:
            build.problem(exc.node, _too_many(exc.what))
        raise DataError(build.problems) from None
    problems = list(build.problems)
    result = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        problems += _diagnose_all(path, root, exc.errors(), build.reported, model)
    if problems:
        raise DataError(problems)
    assert result is not None
    return root, result


def diagnostic_at(path: Path, field: str, message: str, index: int | None = None) -> Diagnostic:
    """A finding about a top-level field of a valid file (named by its Chinese key), placed
    where the user wrote it: at the field's value, or at the index-th item of its list."""
    root = compose(path, read_text(path))
    names = {name for name, chinese in models.user_keys(models.Report).items() if chinese == field}
    written = field
    if isinstance(root, MappingNode):
        written = next((k.value for k, _ in root.value if k.value in names), field)
    loc: tuple[Any, ...] = (written,) if index is None else (written, index)
    node, shown, _ = _locate(root, loc)
    return _at(path, node, message, ".".join(shown))


# ---------------------------------------------------------------- pydantic error → diagnostic


def _diagnose_all(
    path: Path, root: Node, errors: list[Any], reported: set[int],
    model: type[BaseModel] = models.Report,
) -> list[Diagnostic]:
    # A misspelt required key ("单为") is one mistake, not two: its "did you mean 单位"
    # already says what the "单位 is missing" error would.
    guessed = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            guess = messages.unknown_key(tuple(err["loc"]), model)[1]
            guessed.add((tuple(err["loc"][:-1]), guess))
    found: list[Diagnostic] = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and (loc[:-1], loc[-1]) in guessed:
            continue
        diagnostic = _diagnose(path, root, err, reported, model)
        # a mistake inside an aliased part is one mistake, whichever field reaches it
        if diagnostic is not None and not any(_same_place(diagnostic, d) for d in found):
            found.append(diagnostic)
    return found


def _same_place(one: Diagnostic, other: Diagnostic) -> bool:
    return (one.line, one.column, one.message) == (other.line, other.column, other.message)


def _diagnose(
    path: Path, root: Node, err: Any, reported: set[int], model: type[BaseModel]
) -> Diagnostic | None:
    loc = tuple(err["loc"])
    kind = err["type"]
    node, shown, key_node = _locate(root, loc)
    if id(node) in reported:
        return None
    field = ".".join(shown)
    if kind == "missing":
        return _at(path, node, f"缺少必填项“{loc[-1]}”", field)
    if kind == "extra_forbidden":
        return _at(path, key_node or node, messages.unknown_key(loc, model)[0], field)
    if kind == "too_deep":  # the 工作 key is what must go, not the items under it
        return _at(path, key_node or node, str(err["msg"]), field)
    return _at(path, node, messages.message(err, messages.model_at(loc, model)), field)


def _at(path: Path, node: Node, message: str, field: str) -> Diagnostic:
    mark = node.start_mark
    return Diagnostic(path, mark.line + 1, mark.column + 1, message, field)


def _locate(root: Node, loc: tuple[Any, ...]) -> tuple[Node, list[str], Node | None]:
    """The node a pydantic error location points at, and the field path in the user's keys.

    Shorthands (a plain list as a section's 要点, a string as an event) mean the location can
    name a key the YAML does not have: such a step is passed over. A key is found under its
    Chinese or its English name, and shown as written."""
    node, shown, key_node = root, [], None
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            names = _synonyms().get(part, frozenset((part,)))
            keyed = [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]
            # the key exactly as named first: where both names are written, each error is
            # about the one pydantic named
            for k, v in sorted(keyed, key=lambda kv: kv[0].value != part):
                if k.value in names:
                    node, key_node = v, k
                    shown.append(k.value)
                    break
            else:
                shown.append(part)  # a missing key: report at the mapping
                break
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node, key_node = node.value[part], None
            if shown:
                shown[-1] += f"[{part}]"
            else:
                shown.append(f"[{part}]")
        # else: a shorthand step, or a pydantic-internal one; stay where we are
    return node, shown, key_node
