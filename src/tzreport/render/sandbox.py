"""The Jinja sandbox templates render in: data only, and bounded in size and in work.

Jinja's ImmutableSandboxedEnvironment refuses underscore names and changes to lists; this
subclass goes further, with the rules of render/limits.py:
- an attribute is read only when limits.attribute_allowed says so, judged by its name before
  it is read: the fields of our data, declared helpers, harmless methods of built-in types;
- every filter, call and operator that can grow text checks its widths and counts first and
  the size of what it made after; `~` and the joins of output are checked the same way;
- every loop turn counts against the render's budget, so a loop written wrong stops.
A limit passed raises limits.LimitExceeded, which templating turns into a located message.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable
from inspect import getattr_static
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter

from tzreport.render import limits
from tzreport.render.limits import LimitExceeded

MAX_SIZE = 100_000  # items or characters made with "*"
_MISSING = object()


STEPS = "_steps"  # the filter every loop's iterable goes through


class _Codegen(CodeGenerator):
    """Jinja's compiler, with loops counted and `~` checked."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Jinja allows no node types of our own: the count is a filter on each loop's
        # iterable, put in before the compiler looks up the filters a template uses.
        for loop in node.find_all(nodes.For):
            if not (isinstance(loop.iter, nodes.Filter) and loop.iter.name == STEPS):
                loop.iter = nodes.Filter(loop.iter, STEPS, [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Formatter(SandboxedFormatter):
    """str.format in the sandbox: no width past the limit, no field too long to print."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        limits.check_spec(format_spec)
        limits.check_arguments("format", (value,), {})
        return limits.made(super().format_field(value, format_spec), "format")


def _str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Check a text method that grows its text by an argument; returns the arguments to use."""
    what = f"“{name}”"
    if name in ("center", "ljust", "rjust", "zfill"):
        limits.check_width(name, (list(args) + list(kwargs.values()) + [0])[0])
    elif name == "expandtabs":
        size = (list(args) + list(kwargs.values()) + [8])[0]
        limits.check_width(name, size)
        if isinstance(size, int):
            limits.check_projected(what, len(text) + text.count("\t") * max(size, 0))
    elif name == "replace" and len(args) >= 2:
        limits.check_projected(what, limits.replaced_size(text, args[0], args[1], *args[2:3]))
    elif name == "join" and args:
        parts = list(args[0])
        limits.check_projected(what, limits.joined_size(parts, text))
        return (parts,)
    return args


# Filters whose widths and counts are checked before they run (named as Jinja's parameters).
def _center(value: Any, width: Any = 80) -> None:
    limits.check_width("center", width)


def _indent(s: Any, width: Any = 4, first: Any = False, blank: Any = False) -> None:
    size = len(width) if isinstance(width, str) else width
    limits.check_width("indent", size)
    if isinstance(size, int):
        text = str(s)
        limits.check_projected("过滤器“indent”", len(text) + (text.count("\n") + 1) * max(size, 0))


def _wordwrap(s: Any, width: Any = 79, break_long_words: Any = True, wrapstring: Any = None, *rest: Any) -> None:
    limits.check_width("wordwrap", width)
    limits.check_projected("过滤器“wordwrap”", len(str(s)) * (1 + len(str(wrapstring or "\n"))))


def _format(value: Any, *args: Any, **kwargs: Any) -> None:
    limits.check_percent(str(value), args or tuple(kwargs.values()))


def _replace(s: Any, old: Any, new: Any, count: Any = None) -> None:
    limits.check_projected("过滤器“replace”", limits.replaced_size(s, old, new, -1 if count is None else count))


def _batch(value: Any, linecount: Any, fill_with: Any = None) -> None:
    limits.check_width("batch", linecount, limits.MAX_ITEMS)


def _slice(value: Any, slices: Any, fill_with: Any = None) -> None:
    limits.check_width("slice", slices, limits.MAX_ITEMS)


def _tojson(value: Any, indent: Any = None) -> None:
    limits.check_width("tojson", indent, 100)


def _urlize(value: Any, trim_url_limit: Any = None, nofollow: Any = False, target: Any = None, rel: Any = None, *rest: Any) -> None:
    limits.check_width("urlize", str(target or "") + str(rel or ""), 100)


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "center": _center, "indent": _indent, "wordwrap": _wordwrap, "format": _format, "replace": _replace,
    "batch": _batch, "slice": _slice, "tojson": _tojson, "urlize": _urlize,
}


@jinja2.pass_environment
def _join(env: jinja2.Environment, value: Iterable[Any], d: Any = "", attribute: Any = None) -> str:
    """Jinja's join, with the joined size known before the text is made."""
    parts = list(value)
    if attribute is not None:
        get = make_attrgetter(env, attribute)
        parts = [get(p) for p in parts]
    limits.check_projected("过滤器“join”", limits.joined_size(parts, d))
    return str(d).join(map(str, parts))


def guarded(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks its arguments first and what it made after."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
    check = _FILTER_CHECKS.get(name)
    what = f"过滤器“{name}”"

    @functools.wraps(func)  # keeps jinja_pass_arg: Jinja still passes the context first
    def run(*args: Any, **kwargs: Any) -> Any:
        limits.check_arguments(what, args[skip:], kwargs)
        if check is not None:
            check(*args[skip:], **kwargs)
        return limits.made(func(*args, **kwargs), what)

    return run


def _finalize(value: Any) -> Any:
    """What {{ … }} prints: nothing whose text passes the limit is turned into text."""
    if type(value) is not str:
        limits.check_arguments("输出", (value,), {})
    return value


def _located(exc: LimitExceeded, parts: Any) -> LimitExceeded:
    """Name the template line a generator of output was at when its output grew too long."""
    frame = None
    while parts is not None and getattr(parts, "gi_frame", None) is not None:
        frame, parts = parts.gi_frame, getattr(parts, "gi_yieldfrom", None)
    template = frame.f_globals.get("__jinja_template__") if frame is not None else None
    if template is not None and frame is not None:
        exc.where = (frame.f_code.co_filename, template.get_corresponding_lineno(frame.f_lineno))  # type: ignore[attr-defined]
    return exc


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with templates seeing data only and bounded in what they make."""

    code_generator_class = _Codegen
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, finalize=_finalize, **kwargs)
        self.globals.pop("lipsum", None)  # placeholder text of any length: no use in a report
        self.filters["join"] = _join
        self._safe: dict[tuple[type, str], bool] = {}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Jinja's parse, bounded: the nesting is counted on the lexer's tokens before the
        parser (which recurses once a level) sees them, and the tree's depth before the
        compiler (which recurses too) does. Every template passes here: the entry, includes,
        imports and what it extends."""
        where = filename or name or "模板"
        try:
            limits.check_nesting(self.lex(source, name, filename), where)
        except jinja2.TemplateSyntaxError:
            pass  # the parser says what is wrong, with its line
        parser = Parser(self, source, name, filename)
        try:
            tree = parser.parse()
        except RecursionError:  # a chain the counts above do not see ("not not not …")
            raise limits.too_deep("表达式的层次", limits.MAX_DEPTH, where, parser.stream.current.lineno) from None
        limits.check_depth(tree, where)
        return tree

    def add_filters(self, filters: dict[str, Any]) -> None:
        """Add ours, then guard every filter (Jinja's and ours) the same way."""
        self.filters.update(filters)
        for name, func in list(self.filters.items()):
            self.filters[name] = guarded(name, func)
        self.filters[STEPS] = limits.count_steps

    # -- what a template may read

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Jinja's answer depends only on the type and the name; asked ~170 times a report,
        # so each answer is kept (the table is emptied should a template make up thousands).
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            if len(self._safe) > 10_000:
                self._safe.clear()
            safe = limits.attribute_allowed(obj, attr) and super().is_safe_attribute(obj, attr, value)
            self._safe[key] = safe
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Judged by name before the attribute is read: reading runs properties. (The answer
        # kept by is_safe_attribute is looked up here first: this runs for every attribute.)
        if isinstance(attribute, str) and not (
            self._safe.get((type(obj), attribute)) or self.is_safe_attribute(obj, attribute, None)
        ):
            try:
                return obj[attribute]  # a dict key of that name
            except (TypeError, LookupError):
                pass
            if getattr_static(obj, attribute, _MISSING) is _MISSING and not attribute.startswith("_"):
                return self.undefined(obj=obj, name=attribute)
            return self.unsafe_undefined(obj, attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        if isinstance(obj, str):  # str.format: through the sandbox's formatter
            return self.wrap_str_format(value) or value
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if isinstance(argument, str):
                return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if not isinstance(value, types.BuiltinMethodType) or value.__name__ not in ("format", "format_map"):
            return None
        text = value.__self__
        if not isinstance(text, str):
            return None
        vformat = _Formatter(self).vformat
        by_name = value.__name__ == "format_map"

        def run(*args: Any, **kwargs: Any) -> str:
            if by_name:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                return limits.made(str(vformat(text, (), args[0])), "“format”")
            return limits.made(str(vformat(text, args, kwargs)), "“format”")

        return functools.update_wrapper(run, value)

    # -- what a template may make

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        limits.check_arguments(__obj, args, kwargs)
        if isinstance(__obj, types.BuiltinMethodType) and isinstance(__obj.__self__, str):
            args = _str_method(__obj.__self__, __obj.__name__, args, kwargs)
        return limits.made(super().call(__context, __obj, *args, **kwargs), __obj)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        ints = all(isinstance(x, int) and not isinstance(x, bool) for x in (left, right))
        if operator == "**" and isinstance(right, int):
            if abs(right) > 100:
                raise SecurityError(f"power {right} is not safely callable")
            if ints and right > 0:
                limits.check_digits(1 << min(left.bit_length() * right, 10**6))
        if operator == "*":
            if _too_long(left, right):
                raise SecurityError("repeating text or lists that often is not safely callable")
            if ints:
                limits.check_digits(1 << min(left.bit_length() + right.bit_length(), 10**6))
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, list | tuple) and isinstance(times, int):
                    limits.check_projected("“*”", limits.weight(seq) * times)
        if operator == "+" and all(isinstance(x, list | tuple) for x in (left, right)):
            limits.check_width("+", len(left) + len(right), limits.MAX_ITEMS)
        if operator == "%" and isinstance(left, str):
            limits.check_percent(left, right)
        return limits.made(super().call_binop(context, operator, left, right), f"“{operator}”")

    def checked_concat(self, parts: tuple[Any, ...]) -> str:
        """`a ~ b`: the sizes checked before the text is made."""
        limits.check_projected("“~”", sum(limits.weight(p) for p in parts))
        return limits.made("".join(map(str, parts)), "“~”")

    def concat(self, parts: Iterable[str]) -> str:
        """Joins every piece of output (the report, a macro's, a block's): stopped as soon as
        it passes the limit, not after."""
        if isinstance(parts, list):  # a macro's or a block's buffer: sized before it is joined
            size = sum(map(len, parts))
            if size > limits.MAX_TEXT:
                raise limits.LimitExceeded(_TOO_LONG)
            limits.spend(size)
            return "".join(parts)
        done: list[str] = []
        size = 0
        for part in parts:  # the report itself, as it is rendered: stopped at the limit
            size += len(part)
            if size > limits.MAX_TEXT:
                raise _located(limits.LimitExceeded(_TOO_LONG), parts)
            done.append(part)
        limits.spend(size)
        return "".join(done)


_TOO_LONG = f"生成的报告超过 {limits.MAX_TEXT:,} 字，已停止：可能是循环或重复写错了"


def _too_long(left: Any, right: Any) -> bool:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * times > MAX_SIZE
    return False
