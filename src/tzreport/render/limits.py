"""What a template may touch and how much it may make: the sandbox's allowlist and size limits.

A template someone sends you runs in Jinja's sandbox (templating.py). That sandbox alone lets
a template call any public method of the objects it is given, and pydantic models have
methods that read files and unpickle data. So a template sees only data: the fields of our
models and dataclasses, the few helpers declared in HELPERS, and a declared list of harmless
methods of text, numbers, lists and dates. Everything else is refused by name, before the
attribute is even read.

The size limits keep a template from asking for gigabytes: every width or count a filter or
method takes, every text an operation makes and the rendered report itself are bounded, and
one render may make only so much text and turn its loops only so often in all. The numbers
are stated in docs/安全.md. No jinja2 here: templating.py wires these checks into Jinja.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

MAX_TEXT = 1_000_000  # characters: any one text a template makes, and the whole report
MAX_ITEMS = 100_000  # a list made with * or +, a width, a count of batches
MAX_WORK = 20_000_000  # characters made in all during one render
MAX_STEPS = 2_000_000  # loop turns (and list items looked through) during one render
MAX_DIGITS = 3_000  # digits of a number a template computes
# How deep a template may nest, checked before Jinja compiles it: Jinja's parser and compiler
# recurse once a level (300 nested brackets or 2000 nested {% if %} ended in RecursionError),
# and Python compiles no more than 20 nested loops. A report's templates nest 5 or 6 deep.
MAX_NESTING = 20  # blocks ({% if %}, {% for %} …) in one another; brackets in one another
MAX_DEPTH = 100  # levels of the parsed template (a chain of filters, attributes or operators)

# Harmless methods of the built-in types: nothing here grows text beyond a small factor of
# its input, runs code or touches files. SIZED grow text by an argument: checked in call().
STR_PLAIN = frozenset(
    "capitalize casefold count endswith find index isalnum isalpha isascii isdecimal isdigit "
    "isidentifier islower isnumeric isprintable isspace istitle isupper lower lstrip partition "
    "removeprefix removesuffix rfind rindex rpartition rsplit rstrip split splitlines startswith "
    "strip swapcase title upper".split()
)
STR_SIZED = frozenset("center ljust rjust zfill expandtabs replace join format format_map".split())
_BUILTIN: dict[type, frozenset[str]] = {
    str: STR_PLAIN | STR_SIZED,
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
    dict: frozenset({"get", "items", "keys", "values"}),
    int: frozenset({"real", "imag", "bit_length"}),
    float: frozenset({"real", "imag", "is_integer"}),
    dt.date: frozenset({"year", "month", "day", "weekday", "isoweekday", "isoformat"}),
}

# Beyond their fields: the helpers our classes offer templates (by module and class name, so
# that this module imports none of them), and what Jinja's own objects offer.
HELPERS: dict[str, frozenset[str]] = {
    "tzreport.data.models.Section": frozenset({"empty"}),
    "tzreport.report.gather.RollupView": frozenset(
        {"unit", "members", "word", "events", "table", "table_title", "sections", "totals", "scope", "groups",
         "takes_lead", "most_attended", "only_own", "own_part"}
    ),
    "jinja2.runtime.LoopContext": frozenset(
        "index index0 revindex revindex0 first last length depth depth0 previtem nextitem cycle changed".split()
    ),
    "jinja2.utils.Cycler": frozenset({"current", "next", "reset"}),
}
# Jinja objects whose public names are the template's own variables.
_OPEN = frozenset({"jinja2.utils.Namespace", "jinja2.environment.TemplateModule"})


class LimitExceeded(Exception):
    """A template went past a limit; the message is Chinese and says which. `where`, when
    set, is the (file, line) it was found at."""


# the tags that open a block closed by {% end… %} ({% set x %} only without "=")
_BLOCKS = frozenset("if for macro call filter block with autoescape set trans".split())
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")


def too_deep(what: str, limit: int, filename: str, line: int) -> LimitExceeded:
    exc = LimitExceeded(f"模板嵌套过深：{what}超过 {limit} 层，请拆开写（可用 set 或 macro）")
    exc.where = (filename, line)  # type: ignore[attr-defined]
    return exc


def check_nesting(tokens: Iterable[tuple[int, str, str]], filename: str) -> None:
    """Raise LimitExceeded, located, when a template's blocks or brackets nest past
    MAX_NESTING. tokens: (line, type, value) as Jinja's lexer makes them."""
    blocks = brackets = 0
    tag: list[str] = []  # the names and operators of the block tag being read
    in_tag = False
    for line, kind, value in tokens:
        if kind == "block_begin":
            in_tag, tag = True, []
        elif kind == "block_end":
            in_tag = False
            name = tag[0] if tag else ""
            if name in _BLOCKS and not (name == "set" and "=" in tag):
                blocks += 1
                if blocks > MAX_NESTING:
                    raise too_deep("语句块（如 if、for）的嵌套", MAX_NESTING, filename, line)
            elif name.startswith("end"):
                blocks = max(blocks - 1, 0)
        elif kind in ("name", "operator") and in_tag:
            tag.append(value)
        if kind == "operator" and value in _OPENING:
            brackets += 1
            if brackets > MAX_NESTING:
                raise too_deep("括号的嵌套", MAX_NESTING, filename, line)
        elif kind == "operator" and value in _CLOSING:
            brackets = max(brackets - 1, 0)


def check_depth(tree: Any, filename: str) -> None:
    """Raise LimitExceeded, located, when a parsed template (a Jinja node) is more than
    MAX_DEPTH levels deep; walked without recursion."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise too_deep("表达式（过滤器、属性、运算的连写）的层次", MAX_DEPTH, filename, getattr(node, "lineno", 0))
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


_ALLOWED: dict[type, frozenset[str] | None] = {}


def _names_of(cls: type) -> frozenset[str] | None:
    """The names a template may read on objects of cls; None: every public name."""
    for base, names in _BUILTIN.items():
        if issubclass(cls, base) and not issubclass(cls, bool):
            return names
    if issubclass(cls, bool):
        return frozenset()
    found: set[str] = set()
    for klass in cls.__mro__:
        if _name(klass) in _OPEN:
            return None
        found |= HELPERS.get(_name(klass), frozenset())
    fields = getattr(cls, "model_fields", None)  # a pydantic model: its fields only
    if isinstance(fields, Mapping) and cls.__module__.startswith("tzreport."):
        found |= set(fields)
    elif dataclasses.is_dataclass(cls) and cls.__module__.startswith("tzreport."):
        found |= {f.name for f in dataclasses.fields(cls)}
    return frozenset(found)


def attribute_allowed(obj: Any, attr: str) -> bool:
    """Whether a template may read obj.attr: data and declared helpers only."""
    if attr.startswith("_"):
        return False
    cls = type(obj)
    if cls not in _ALLOWED:
        _ALLOWED[cls] = _names_of(cls)
    names = _ALLOWED[cls]
    return names is None or attr in names


# ------------------------------------------------------------------ the budget of a render


class Budget:
    """What one render has made so far: characters of text and loop turns."""

    def __init__(self) -> None:
        self.work = 0
        self.steps = 0

    def made(self, chars: int) -> None:
        self.work += chars
        if self.work > MAX_WORK:
            raise LimitExceeded(
                f"模板生成的文字总量超过 {MAX_WORK // 10_000} 万字，已停止：可能是循环或重复写错了"
            )

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise LimitExceeded(f"模板中的循环总共超过 {MAX_STEPS // 10_000} 万次，已停止：可能是循环写错了")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("tzreport_budget", default=None)


@contextmanager
def budget() -> Iterator[Budget]:
    """A fresh budget for one render."""
    token = _BUDGET.set(Budget())
    try:
        yield _current()
    finally:
        _BUDGET.reset(token)


def _current() -> Budget:
    found = _BUDGET.get()
    if found is None:  # a render outside render_markdown (tests): a budget of its own
        found = Budget()
        _BUDGET.set(found)
    return found


def spend(chars: int) -> None:
    """Count text made outside made() (the joins of output) against the render's budget."""
    _current().made(chars)


def count_steps(iterable: Any) -> Iterator[Any]:
    """The items of a loop, each counted against the render's budget."""
    spend = _current().step
    for item in iterable:
        spend()
        yield item


# ------------------------------------------------------------------ sizes


def too_long(what: str, size: int) -> LimitExceeded:
    return LimitExceeded(f"出于安全考虑，模板中{what}的结果不能超过 {MAX_TEXT:,} 字（这里将是 {size:,} 字）")


def weight(value: Any) -> int:
    """About how many characters str(value) has, counted without making it; past MAX_TEXT
    the count stops. Objects other than text, numbers and containers count nothing: their
    text is bounded by the data file they come from."""
    kind = type(value)  # asked for every argument of every call: the common types first
    if kind is str:
        return len(value)
    if kind is int:
        return value.bit_length() // 3 + 1
    if kind is bool or kind is float or value is None:
        return 8
    if kind.__module__.startswith("tzreport."):  # our data: bounded by its file
        return 0
    return _weigh(value, {}, 0)


_CONTAINERS = (list, tuple, set, frozenset, dict)


def _weigh(value: Any, seen: dict[int, int], depth: int) -> int:
    if type(value) is list and depth == 0:  # a list of our data or of text, most often
        total = 2
        for item in value:
            kind = type(item)
            if kind is str:
                total += len(item) + 2
            elif kind.__module__.startswith("tzreport."):
                total += 2
            else:  # anything else: weighed the general way, from the start
                return _weigh_any(value, seen, depth)
            if total > MAX_TEXT:
                break
        _current().step(len(value))  # counted as the general way counts it
        return total
    return _weigh_any(value, seen, depth)


def _weigh_any(value: Any, seen: dict[int, int], depth: int) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return 8
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    if type(value).__name__ == "Namespace":
        value = getattr(value, "_Namespace__attrs", {})
    if not isinstance(value, list | tuple | set | frozenset | dict):
        return 0
    key = id(value)
    if key in seen:  # the same list twice counts twice, but is looked through once
        return seen[key]
    if depth > 100:
        return MAX_TEXT + 1
    items = [x for pair in value.items() for x in pair] if isinstance(value, dict) else value
    _current().step(len(items))
    total = 2
    for item in items:
        kind = type(item)
        if kind is str:  # most items: text, or our data objects
            total += len(item) + 2
        elif kind.__module__.startswith("tzreport."):
            total += 2
        else:
            total += _weigh(item, seen, depth + 1) + 2
        if total > MAX_TEXT:
            break
    seen[key] = total
    return total


def check_arguments(what: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """No argument of a filter or call may be something whose text passes MAX_TEXT. what:
    the words for the message, or the object called (named only if there is a message)."""
    for value in (*args, *kwargs.values()) if kwargs else args:
        kind = type(value)  # the common arguments (text, numbers, our data) without a call
        if kind is str:
            size = len(value)
        elif kind is int:
            size = value.bit_length() // 3 + 1
        elif kind is bool or value is None or kind.__module__.startswith("tzreport."):
            continue
        else:
            size = weight(value)
        if size > MAX_TEXT:
            raise too_long(_named(what), size)


def made(value: Any, what: Any) -> Any:
    """A result a template made: text counted against the budget, numbers bounded."""
    kind = type(value)
    if kind is str or isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise too_long(_named(what), len(value))
        _current().made(len(value))
    elif kind is int:
        check_digits(value)
    return value


def _named(what: Any) -> str:
    if isinstance(what, str):
        return what
    name = getattr(what, "__name__", None) or getattr(what, "name", None) or "调用"
    return f"“{name}”"


def check_digits(value: int) -> None:
    if value.bit_length() > MAX_DIGITS * 10 // 3:
        raise LimitExceeded(f"出于安全考虑，模板中计算出的数字不能超过 {MAX_DIGITS} 位")


def check_width(what: str, width: Any, limit: int = MAX_TEXT) -> None:
    if isinstance(width, int) and not isinstance(width, bool) and abs(width) > limit:
        raise LimitExceeded(f"出于安全考虑，模板中“{what}”的宽度或次数不能超过 {limit:,}（这里是 {width:,}）")
    if isinstance(width, str) and len(width) > limit:
        raise LimitExceeded(f"出于安全考虑，模板中“{what}”的宽度或次数不能超过 {limit:,}（这里是 {len(width):,}）")


def check_projected(what: str, size: int) -> None:
    if size > MAX_TEXT:
        raise too_long(what, size)


def replaced_size(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    """How long text.replace(old, new, count) would be."""
    text, old, new = str(text), str(old), str(new)
    hits = (len(text) + 1) if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * (len(new) - len(old))


def joined_size(parts: list[Any], sep: Any) -> int:
    return sum(weight(p) for p in parts) + max(len(parts) - 1, 0) * len(str(sep))


# Widths in a %-format or a format spec: the digits after the flags, and after the dot.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?.?")
_SPEC_NUMBERS = re.compile(r"\d+")


def check_percent(fmt: str, args: Any) -> None:
    """`fmt % args` and the format filter: no width or precision past the limit, no `*`."""
    for m in _PERCENT.finditer(fmt):
        for part in m.groups():
            if part == "*":
                raise LimitExceeded("出于安全考虑，模板中的 % 格式不能用“*”指定宽度")
            if part:
                check_width("%", _bounded_int(part))
    check_arguments("%", args if isinstance(args, tuple) else (args,), {})


def check_spec(spec: str) -> None:
    """A str.format spec such as `>20` or `.3f`: no number in it past the limit."""
    for digits in _SPEC_NUMBERS.findall(spec):
        check_width("format", _bounded_int(digits))


def _bounded_int(digits: str) -> int:
    return int(digits) if len(digits) <= 12 else 10**12
