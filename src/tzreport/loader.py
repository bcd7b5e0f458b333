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

import difflib
import functools
import re
import types
import typing
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

from tzreport import models
from tzreport.errors import DataError, Diagnostic

_PLAIN = "tag:tzreport:plain"  # an unquoted, untagged scalar: its type is the field's business
_TEXT = "tag:yaml.org,2002:str"  # a quoted scalar (or one tagged !!str): always text
_ALLOWED_TAGS = {_PLAIN, _TEXT, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_NULL = {"", "~", "null", "Null", "NULL"}  # an empty value, as in YAML 1.2
MAX_NODES = 200_000  # an alias bomb ("billion laughs") must fail fast, not eat the memory


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


class _Build:
    """Turns a composed node tree into plain dicts, lists and text, collecting problems."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Diagnostic] = []
        # Nodes already reported: pydantic's complaint about the value we put in their place
        # would only repeat the same mistake in worse words.
        self.reported: set[int] = set()
        self.budget = MAX_NODES

    def problem(self, node: Node, message: str, field: str = "") -> None:
        self.problem_at(node.start_mark.line, node.start_mark.column, message, field)
        self.reported.add(id(node))

    def problem_at(self, line: int, column: int, message: str, field: str = "") -> None:
        """A problem at a 0-based line and column, as PyYAML counts them."""
        self.problems.append(Diagnostic(self.path, line + 1, column + 1, message, field))

    def value(self, node: Node, field: str) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge(node)
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, _bad_tag(node.tag), field)
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, field)
        if isinstance(node, SequenceNode):
            return [self.value(item, f"{field}[{i}]") for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)  # the only other kind of node
        return self.scalar(node)

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
            slips = list(_slips(key, key_node.start_mark.line, key_node.start_mark.column))
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
            result[key] = self.value(value_node, name)
        return result

    def scalar(self, node: ScalarNode) -> str | None:
        if node.tag == _TEXT:
            return _unfold(node.value) if node.style == ">" else node.value
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
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》"
_FOLD = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def _unfold(text: str) -> str:
    return _FOLD.sub("", text)


class _TooLarge(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def _bad_tag(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"不能使用 YAML 标签“{shown}”：数据文件里只能写文字、列表和“键: 值”"


# ---------------------------------------------------------------- a key with the wrong colon

# At the start of a line (after the indentation and any "- "): a word followed by a Chinese
# colon, or by a colon with no space after it.
_SLIP = re.compile(r"([ \t]*(?:-[ \t]+)*)([^\s:：#\"'-][^\s:：]*)(：|:(?=\S))")


def _slips(source: str, first_line: int, first_column: int = 0) -> Iterator[tuple[int, int, str]]:
    """(line, column, message), 0-based, for each line of source that starts with one of our
    keys followed by a wrong colon: YAML does not see a key there, only text."""
    for i, line in enumerate(source.split("\n")):
        m = _SLIP.match(line)
        if m and m[2] in _all_keys():
            if m[3] == "：":
                message = f"“{m[2]}”后面是中文冒号“：”，应改为半角冒号加空格，如“{m[2]}: ……”"
            else:
                message = f"“{m[2]}:”后面缺少空格，应写成“{m[2]}: ……”"
            yield first_line + i, (first_column if i == 0 else 0) + len(m[1]), message


def _colon_slips(text: str, node: ScalarNode) -> Iterator[tuple[int, int, str]]:
    """The wrong-colon lines inside one plain scalar. Its first line is looked at from the start
    of the line, so text after a real key ("标题: 内容：……") is not taken for a key."""
    line_start = text.rfind("\n", 0, node.start_mark.index) + 1
    return _slips(text[line_start : node.end_mark.index], node.start_mark.line)


def _diagnostics(path: Path, slips: Iterator[tuple[int, int, str]]) -> list[Diagnostic]:
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
            inner = _inner_model(field.annotation)
            if inner is not None and inner not in done and inner not in todo:
                todo.append(inner)


@functools.cache
def _all_keys() -> frozenset[str]:
    """Every key of every model, Chinese and English."""
    return frozenset(k for model in _models() for k in models.user_keys(model))


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
    """The file's text: UTF-8, with or without a byte-order mark."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Diagnostic(path, 0, 0, "文件不存在")]) from None
    except IsADirectoryError:
        raise DataError([Diagnostic(path, 0, 0, "这是一个文件夹，不是数据文件")]) from None
    except OSError as exc:
        raise DataError([Diagnostic(path, 0, 0, f"无法读取文件：{exc.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        raise DataError(
            [
                Diagnostic(
                    path,
                    before.count(b"\n") + 1,
                    column,
                    "文件不是 UTF-8 编码（可能是 GBK/ANSI 编码）：请在记事本或 WPS 中“另存为”，编码选择 UTF-8",
                )
            ]
        ) from None


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
    _refuse_control_characters(path, text)
    node = _fast_compose(text)
    if node is None:
        loader = _Composer(text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise DataError(_syntax_error(path, text, exc)) from None
        finally:
            loader.dispose()
    if node is None or (isinstance(node, ScalarNode) and node.tag == _PLAIN and node.value in _NULL):
        raise DataError([Diagnostic(path, 1, 1, "文件是空的：至少要写“单位”和“年度”")])
    return node


def _refuse_control_characters(path: Path, text: str) -> None:
    """Checked before PyYAML's Reader does, because it gives only an offset, not a line."""
    m = Reader.NON_PRINTABLE.search(text)
    if m is None:
        return
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    code = f"U+{ord(m.group()):04X}"
    raise DataError([Diagnostic(path, line, column, f"文件中有不可见的控制字符（{code}），请删除")])


def _syntax_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> list[Diagnostic]:
    message, mark = _syntax_reason(exc)
    line = mark.line if mark else len(text.splitlines())
    # A key written with a Chinese colon is the commonest cause of a syntax error a few lines
    # further on; when there is one up to here, it is the thing to fix.
    source = "\n".join(text.split("\n")[: line + 1])
    slips = _diagnostics(path, _slips(source, 0))
    if slips:
        return slips
    where = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return [Diagnostic(path, *where, f"YAML 格式错误：{message}")]


def _syntax_reason(exc: yaml.MarkedYAMLError) -> tuple[str, Mark | None]:
    """A plain-Chinese reason for a PyYAML error, and the place that best shows it: for an
    unclosed bracket or quote that is where it opens, not the end of the file."""
    problem, context = exc.problem or "", exc.context or ""
    here, opening = exc.problem_mark, exc.context_mark or exc.problem_mark
    if "'\\t'" in problem:
        return "不能用 Tab 键缩进或分隔，请改用空格", here
    if "cannot start any token" in problem:
        return "“@”和“`”不能写在文字开头：请把整段文字用引号括起来", here
    if "could not find expected ':'" in problem:
        return "这一行缺少冒号：键后面要写半角冒号和空格，如“年度: 2024”", opening
    if "mapping values are not allowed" in problem:
        return "这里不能出现“: ”：文字中有冒号时，请把整段文字用引号括起来；也可能是缩进没有对齐", here
    if "flow sequence" in context:
        return "“[”没有对应的“]”：请补上“]”；若是以“[”开头的文字，请把整段文字用引号括起来", opening
    if "flow mapping" in context:
        return "“{”没有对应的“}”：请补上“}”；若是以“{”开头的文字，请把整段文字用引号括起来", opening
    if "quoted scalar" in context and "end of stream" in problem:
        return "引号没有配对：从这里开始的引号直到文件末尾都没有结束", opening
    if "escape character" in problem:
        return "双引号中的“\\”有特殊含义：请改用单引号，或把“\\”写成“\\\\”", here
    if "alias" in context or "anchor" in context or "undefined alias" in problem:
        return "以“*”或“&”开头的文字，请把整段文字用引号括起来", opening
    if "another document" in problem:
        return "一个文件只能写一份数据：这里的“---”后面又开始了一份，请删除或分成两个文件", here
    if "document start" in problem:
        return "前面有单独一行的“...”，它表示数据到此结束，后面不能再写内容：请删除那一行", here
    if "<scalar>" in problem:
        return "以引号、“[”或“{”开头的文字，要把整段文字用单引号括起来，如：内容: '[注] 说明'", here
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "缩进没有对齐：同一层的各项要从同一列开始（只用空格缩进）", here
    return f"这里的写法不对（{problem or context}）", here


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


# A key at the start of a line: the top level of a block mapping.


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated file, with its text and node tree, so that later checks can point at the
    line and column of any value in it."""

    path: Path
    text: str
    root: Node
    data: M

    def find(self, loc: tuple[Any, ...]) -> tuple[Node, Node | None, str]:
        """The node at a location such as ("思想引领", "工作", 0, "内容") (Chinese keys; the
        English name written in the file is found too), the key node naming it (None for a
        list item), and the field path as the user wrote it ("思想引领.工作[0].内容")."""
        node, shown, key_node = _locate(self.root, loc)
        return node, key_node, ".".join(shown)


def load(path: Path) -> models.Report:
    """Read and validate one data file. Raises DataError with every problem in the file."""
    return load_located(path).data


def load_located(path: Path) -> Loaded[models.Report]:
    """Read and validate one data file, keeping where each value stands in it."""
    return load_model(path, models.Report)


def load_as(path: Path, model: type[M]) -> M:
    """Read one YAML file (a data file, a layout file …) as the given model."""
    return load_model(path, model).data


def load_model(path: Path, model: type[M]) -> Loaded[M]:
    """Read one YAML file and validate it as the given model, with located errors."""
    text = read_text(path)
    root = _top(path, text, compose(path, text))
    build = _Build(path, text)
    try:
        data = build.value(root, "")
    except _TooLarge as exc:
        build.problem(exc.node, f"文件内容过大（超过{MAX_NODES}个值），可能含有循环引用的别名")
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
    return Loaded(path, text, root, result)


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
            guess = _unknown_key(tuple(err["loc"]), model)[1]
            guessed.add((tuple(err["loc"][:-1]), guess))
    found: list[Diagnostic] = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and (loc[:-1], loc[-1]) in guessed:
            continue
        diagnostic = _diagnose(path, root, err, reported, model)
        if diagnostic is not None and diagnostic not in found:
            found.append(diagnostic)
    return found


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
        return _at(path, key_node or node, _unknown_key(loc, model)[0], field)
    if kind == "too_deep":  # the 工作 key is what must go, not the items under it
        return _at(path, key_node or node, str(err["msg"]), field)
    return _at(path, node, _message(err, _model_at(loc, model)), field)


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


def _model_at(loc: tuple[Any, ...], model: type[BaseModel] = models.Report) -> type[BaseModel]:
    """The model class a location leads to from the file's model: the one holding loc's last
    key, or, when loc ends at a model-typed field, that field's model."""
    for part in loc:
        if not isinstance(part, str):
            continue
        field = next(
            (f for n, f in model.model_fields.items() if part in (n, f.alias)), None
        )
        if field is None:
            continue
        inner = _inner_model(field.annotation)
        if inner is not None:
            model = inner
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _unknown_key(
    loc: tuple[Any, ...], model: type[BaseModel] = models.Report
) -> tuple[str, str | None]:
    """The message for an unknown key, and the Chinese key it is probably a misspelling of."""
    name = str(loc[-1])
    keys = models.user_keys(_model_at(loc[:-1], model))
    if name in keys:  # both the Chinese and the English name of one field were written
        return f"“{name}”与“{keys[name]}”是同一项，只能写一个", None
    close = difflib.get_close_matches(name, list(keys), n=1, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(name.lower(), [k.lower() for k in keys], n=1, cutoff=0.6)
    if close:
        guess = keys.get(close[0], close[0])
        return f"未知的键“{name}”，是否想写“{guess}”？", guess
    allowed = "、".join(dict.fromkeys(keys.values()))
    return f"未知的键“{name}”；这里可以写：{allowed}", None


# What a value of each model must look like, where a shorthand makes it more than a mapping.
_SHAPES: dict[type[BaseModel], str] = {
    models.Section: "应为一组“键: 值”，或以“- ”开头的一串要点",
    models.Event: "应为活动名称，或一组“键: 值”（名称、日期、人数等）",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, list):
        return "一个列表"
    text = str(value)
    return f"“{text[:30]}……”" if len(text) > 30 else f"“{text}”"


def _message(err: Any, model: type[BaseModel]) -> str:
    """What was expected, then what was found (the value as the user wrote it)."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if value is None or kind == "string_too_short":
        return "不能为空"
    if kind == "string_type":
        expected = "应为一段文字"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        expected = "应为整数"
    elif kind in ("float_type", "float_parsing"):
        expected = "应为数字"
    elif kind == "greater_than_equal":
        expected = f"不能小于{ctx.get('ge'):g}"
    elif kind == "less_than_equal":
        expected = f"不能大于{ctx.get('le'):g}"
    elif kind == "greater_than":
        expected = f"应大于{ctx.get('gt'):g}"
    elif kind == "less_than":
        expected = f"应小于{ctx.get('lt'):g}"
    elif kind == "list_type":
        expected = "应为列表（每项一行，以“- ”开头）"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        expected = _SHAPES.get(model, "应为一组“键: 值”")
    elif kind in ("bool_type", "bool_parsing"):
        expected = "应为 true 或 false"
    else:  # our own checks in models.py ("count", "period", "date") say it in their words
        expected = str(err["msg"])
    return f"{expected}，实际为{_describe(value)}"
