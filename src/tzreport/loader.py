"""YAML data file → Report, with every error located at file:line:column.

PyYAML only composes the node tree here; we build the Python values ourselves so that
duplicate keys are caught (PyYAML keeps the last one silently), dates are left as text for
pydantic to check (PyYAML's timestamp resolver crashes on 2024-13-40), YAML 1.1 surprises
(`no` → False, `9:30` → 570) do not happen, and no tag can construct a Python object.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tzreport import models
from tzreport.errors import DataError, Diagnostic

# Plain scalars are typed by the YAML 1.2 core schema; everything else stays text.
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}
MAX_NODES = 200_000  # an alias bomb ("billion laughs") must fail fast, not eat the memory


class _Build:
    """Turns a composed node tree into plain dicts, lists and scalars, collecting problems."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []
        self.budget = MAX_NODES

    def problem(self, node: Node, message: str, field: str = "") -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(self.path, mark.line + 1, mark.column + 1, message, field))

    def value(self, node: Node, field: str) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge(node)
        if node.tag not in _STANDARD_TAGS and not node.tag.startswith("tag:yaml.org,2002:"):
            self.problem(node, f"不支持的 YAML 标签“{node.tag}”", field)
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, field)
        if isinstance(node, SequenceNode):
            return [self.value(item, f"{field}[{i}]") for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: MappingNode, field: str) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node) if isinstance(key_node, ScalarNode) else None
            name = f"{field}.{key}" if field else str(key)
            if key is None or not isinstance(key_node, ScalarNode):
                self.problem(key_node, "键必须是一段文字", field)
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.problem(key_node, f"重复的键“{key}”（第{first}行已写过），后写的会覆盖先写的", name)
                continue
            seen[key] = key_node
            result[key] = self.value(value_node, name)
        return result

    @staticmethod
    def scalar(node: ScalarNode) -> Any:
        text = node.value
        if node.style is not None or node.tag == "tag:yaml.org,2002:str":
            return text  # quoted or explicitly text
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
        return text


class _TooLarge(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


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
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Diagnostic(path, line, 0, "文件不是 UTF-8 编码；请在编辑器中“另存为”UTF-8 编码")]
        ) from None


def compose(path: Path, text: str) -> Node:
    """Parse the YAML text into a node tree (no Python objects are constructed)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        reason = _yaml_reason(exc, text)
        raise DataError([Diagnostic(path, line, column, reason)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Diagnostic(path, 0, 0, f"YAML 格式错误：{exc}")]) from None
    if node is None:
        raise DataError([Diagnostic(path, 1, 1, "文件是空的：至少要写“单位”和“年度”")])
    if not isinstance(node, MappingNode):
        raise DataError(
            [Diagnostic(path, node.start_mark.line + 1, node.start_mark.column + 1,
                        "文件内容应是“键: 值”的形式，如“单位: 京汉新城社区”")]
        )
    return node


def _yaml_reason(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or ""
    if "\t" in problem or "tab" in problem:
        return "YAML 格式错误：不能用 Tab 键缩进，请改用空格"
    if "could not find expected ':'" in problem:
        return "YAML 格式错误：缺少冒号“:”（冒号是半角，冒号后要有空格）"
    if "mapping values are not allowed" in problem:
        return "YAML 格式错误：这里不能出现“: ”；若文字中有冒号，请给整段文字加引号"
    if "found character that cannot start any token" in problem:
        return "YAML 格式错误：有不能出现在这里的字符（常见原因：Tab 缩进、行首的 @ 或 `）"
    return f"YAML 格式错误：{problem or exc.context}"


def load(path: Path) -> models.Report:
    """Read and validate one data file. Raises DataError with every problem in the file."""
    text = read_text(path)
    root = compose(path, text)
    build = _Build(path)
    try:
        data = build.value(root, "")
    except _TooLarge as exc:
        build.problem(exc.node, f"文件内容过大（超过{MAX_NODES}个值），可能含有循环引用的别名")
        raise DataError(build.problems) from None
    problems = list(build.problems)
    report = None
    try:
        report = models.Report.model_validate(data)
    except ValidationError as exc:
        problems += [_diagnose(path, root, err) for err in exc.errors()]
    if problems:
        raise DataError(_unique(problems))
    assert report is not None
    return report


def _unique(problems: list[Diagnostic]) -> list[Diagnostic]:
    # a duplicate key already reported by the YAML pass may be reported again by pydantic
    return list(dict.fromkeys(problems))


# ---------------------------------------------------------------- pydantic error → diagnostic


def _diagnose(path: Path, root: Node, err: Any) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    node, shown, key_node = _locate(root, loc)
    field = ".".join(shown)
    if kind == "missing":
        return _at(path, node, f"缺少必填项“{loc[-1]}”", field)
    if kind == "extra_forbidden":
        return _at(path, key_node or node, _unknown_key(root, loc), field)
    return _at(path, node, _message(err), field)


def _at(path: Path, node: Node, message: str, field: str) -> Diagnostic:
    mark = node.start_mark
    return Diagnostic(path, mark.line + 1, mark.column + 1, message, field)


def _locate(root: Node, loc: tuple[Any, ...]) -> tuple[Node, list[str], Node | None]:
    """The node a pydantic error location points at, and the field path in the user's keys.

    Shorthands (a plain list as a section's 要点, a string as an event) mean the location can
    name a key the YAML does not have: such a step is passed over."""
    node, shown, key_node = root, [], None
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == part:
                    node, key_node = v, k
                    shown.append(part)
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


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model class that holds the last key of loc (for "did you mean")."""
    model: type[BaseModel] = models.Report
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


def _unknown_key(root: Node, loc: tuple[Any, ...]) -> str:
    name = str(loc[-1])
    model = _model_at(loc[:-1])
    keys = models.user_keys(model)
    if name in keys:  # both the Chinese and the English name of one field were written
        return f"“{name}”与“{keys[name]}”是同一项，只能写一个"
    close = difflib.get_close_matches(name, list(keys), n=1, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(name.lower(), [k.lower() for k in keys], n=1, cutoff=0.6)
    chinese = list(dict.fromkeys(keys.values()))
    if close:
        return f"未知的键“{name}”，是否想写“{keys.get(close[0], close[0])}”？"
    return f"未知的键“{name}”；这里可以写：{'、'.join(chinese)}"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, list):
        return "一个列表"
    if value is None:
        return "空值"
    return f"“{value}”"


def _message(err: Any) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    got = f"，实际为{_describe(value)}"
    if kind in ("string_type",):
        return f"应为一段文字{got}"
    if kind == "string_too_short":
        return "不能为空"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"应为整数{got}"
    if kind == "greater_than_equal":
        return f"不能小于{ctx.get('ge')}{got}"
    if kind == "less_than_equal":
        return f"不能大于{ctx.get('le')}{got}"
    if kind in ("list_type",):
        return f"应为列表（每项一行，以“- ”开头）{got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"应为一组“键: 值”{got}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"不是有效日期{got}（应写成 2023-12-28 或 2023年12月28日）"
    if kind in ("bool_type", "bool_parsing"):
        return f"应为 true 或 false{got}"
    return str(err["msg"])
