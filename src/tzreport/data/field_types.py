"""The building blocks of the data format's models: the base model with Chinese keys, and the
field types users write in their own ways — dates and months, figures with 余 and 万 — with the
helpers that look at a model's fields. Imports nothing of ours (like models.py, which uses it).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError


def key(chinese: str, english: str, **kwargs: Any) -> Any:
    """A field whose key is the Chinese name, also accepted under its English name."""
    if kwargs.get("default_factory") is list:
        kwargs["default_factory"] = no_items
    return Field(alias=chinese, validation_alias=AliasChoices(chinese, english), **kwargs)


def no_items() -> list[Any]:
    """A new empty list, the default of a list field. (Not `list` itself: pydantic reads the
    signature of every default factory, and a built-in's is parsed from its text, 10 ms of
    each start for our list fields.)"""
    return []


# Characters no text keeps: the loader removes them from a file before parsing (data/file_text),
# a model from any text it is given (Model). Those YAML cannot read (C0/C1 controls, DEL,
# U+FFFE/FFFF), the line separators YAML counts as line breaks but editors do not (so line
# numbers would disagree), and the zero-width space and stray byte-order mark, which make a key such as
# "单位" unknown while looking right.
# (Written as the few ranges YAML refuses rather than "all but what it reads": the regex
# compiler walks every character of a class's ranges, and the negated form cost 5 ms a start.)
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\u200b\ufeff]"
)


class Model(BaseModel):
    """Common settings: unknown keys are errors, and names are kept as the user wrote them."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _none_is_empty_list(cls, raw: Any, info: ValidationInfo) -> Any:
        # A key left empty ("要点:" with nothing after it, as in a copied skeleton) means
        # "none", not a mistake: only lists get this, a required text must still be filled in.
        if raw is not None:  # every value of every file passes here: the common case first
            if isinstance(raw, str) and INVISIBLE.search(raw):
                # a model made in code (import, the edit page, a test) keeps what the loader
                # removes from a file; removed here too, so that the white space such a
                # character shielded is stripped (“\x1f 名” is 名) and a text of nothing else
                # is empty, as it is in a file
                return INVISIBLE.sub("", raw)
            return raw
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and typing.get_origin(field.annotation) is list:
            return []
        return raw


Text = Annotated[str, Field(min_length=1)]

_DATES = tuple(
    re.compile(pattern)
    for pattern in (
        r"(\d{4})-(\d{1,2})-(\d{1,2})",
        r"(\d{4})/(\d{1,2})/(\d{1,2})",
        r"(\d{4})\.(\d{1,2})\.(\d{1,2})",
        r"(\d{4})年(\d{1,2})月(\d{1,2})日",
    )
)


def _date(raw: Any) -> Any:
    """2023-12-28, 2023-6-5, 2023/6/5, 2023.6.5 or 2023年6月5日: the forms people write in China.

    Anything else is refused here rather than passed on to pydantic, which would read a bare
    number such as 1703721600 as a Unix timestamp."""
    if raw is None or isinstance(raw, dt.date):
        return raw
    for pattern in _DATES:
        if m := pattern.fullmatch(str(raw).strip()):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise PydanticCustomError("date", "应为有效日期（如 2023-12-28 或 2023年12月28日）")


Date = Annotated[dt.date, BeforeValidator(_date)]

_MONTHS = tuple(
    re.compile(pattern)
    for pattern in (r"(\d{4})-(\d{1,2})", r"(\d{4})/(\d{1,2})", r"(\d{4})\.(\d{1,2})", r"(\d{4})年(\d{1,2})月")
)


class Month(dt.date):
    """A date known only to its month (“2025年3月”, “2025-03”): the first of that month, which
    the report writes without a day."""

    month_only = True

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"


def _date_or_month(raw: Any) -> Any:
    """A full date, or a month written as 2025-03, 2025/3, 2025.3 or 2025年3月."""
    if isinstance(raw, str):
        for pattern in _MONTHS:
            if (m := pattern.fullmatch(raw.strip())) and 1 <= int(m[2]) <= 12:
                return Month(int(m[1]), int(m[2]), 1)
    try:
        return _date(raw)
    except PydanticCustomError:
        raise PydanticCustomError(
            "date", "应为有效日期（如 2023-12-28 或 2023年12月28日），或只写到月（如 2024-03 或 2024年3月）"
        ) from None


DateOrMonth = Annotated[dt.date, BeforeValidator(_date_or_month)]

# The forms of a figure people write: 150, 150余, 3万, 1万余, 1.2万余, 上万 (GB/T 15835 keeps 万
# with Arabic numerals). The text as typed is what the report prints, never re-rounded.
_FIGURE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(万)?\s*(余)?\s*$")
_ROUND = {"上百": 100, "上千": 1000, "上万": 10_000}


# The largest count a report states: any real figure is far below, and a number of thousands
# of digits (a slip, or a hostile file) would break the sums of a roll-up and Python's int().
MAX_COUNT = 10**12
_TOO_BIG = "数字太大：不能超过 1 万亿"


def bounded(raw: Any) -> Any:
    """A count as the user typed it, refused past MAX_COUNT before int() reads its digits."""
    text = raw.strip() if isinstance(raw, str) else None
    if text is not None and text.isdecimal():
        if len(text.lstrip("0")) > 13 or int(text) > MAX_COUNT:
            raise PydanticCustomError("count", _TOO_BIG)
        return int(text)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw > MAX_COUNT:
        raise PydanticCustomError("count", _TOO_BIG)
    return raw


@dataclass(frozen=True)
class WrittenFigure:
    """A figure as the user typed it: the text (without spaces), its lower bound, whether it is
    a 约数, and the step of its last written digit, which says how far above the lower bound it
    reaches: 150余 → 10 (up to 159), 1.2万余 → 1000 (up to 12999), 1万余 → 10000, 上万 → 90000
    (below 10万)."""

    text: str
    value: int
    approx: bool
    step: int


def parse_figure(raw: str) -> WrittenFigure | None:
    """A figure as written, or None when it is not one: “150余” → 150, 约数, step 10;
    “1.2万余” → 12000, 约数, step 1000; “3万” → 30000, exact; “上千” → 1000, 约数, step 9000."""
    raw = raw.strip()
    if raw in _ROUND:
        return WrittenFigure(raw, _ROUND[raw], True, _ROUND[raw] * 9)
    m = _FIGURE.match(raw)
    if m is None:
        return None
    number, wan, about = m.groups()
    if len(number) > 16:  # past 1 万亿 whatever follows: not read (see bounded_figure)
        return None
    scale = 10_000 if wan else 1
    scaled = Decimal(number) * scale
    if scaled != scaled.to_integral_value():
        return None  # 1.5次, 1.23456万: not a whole count
    value = int(scaled)
    if value > MAX_COUNT:
        return None
    whole, _, decimals = number.partition(".")
    step = scale // 10 ** len(decimals) if decimals else scale * 10 ** _trailing_zeros(int(whole))
    # kept as typed but for spaces and the zeros before its digits, which say nothing and no
    # report prints: “0010余” is 10余, as “001” is 1
    number = (whole.lstrip("0") or "0") + (f".{decimals}" if decimals else "")
    return WrittenFigure(f"{number}{wan or ''}{about or ''}", value, bool(about), max(step, 1))


def _trailing_zeros(n: int) -> int:
    return len(str(n)) - len(str(n).rstrip("0")) if n else 0


def _rounded(value: int) -> int:
    """The 约数 rule's rounding: down to two significant figures (under 100, to the ten)."""
    step = 10 if value < 100 else 10 ** (len(str(value)) - 2)
    return value // step * step


def _wan(value: int) -> str:
    """A number in 万 without trailing zeros: 12000 → 1.2, 10000 → 1, 123000 → 12.3."""
    whole, rest = divmod(value, 10_000)
    return f"{whole}.{rest:04d}".rstrip("0").rstrip(".") if rest else str(whole)


def printed_figure(value: int, approx: bool, written: str | None = None) -> str:
    """A figure as the report prints it — the one place this is decided: as the user typed it
    (150余, 1.2万余, 上万), never re-rounded; an exact count as it is; a 约数 rounded down to
    two significant figures (under 100, to the ten) with 余, from 10000 on in 万, and no 余
    under 10: 8 → 8, 12 → 10余, 35 → 30余, 150 → 150余, 215 → 210余, 1137 → 1100余,
    12000 → 1.2万余, 123456 → 12万余."""
    if written:
        return written
    if not approx or value < 10:
        return str(value)
    rounded = _rounded(value)
    return f"{_wan(rounded)}万余" if rounded >= 10_000 else f"{rounded}余"


def printed_sum(value: int, approx: bool) -> str:
    """A sum of figures (a roll-up's, or one file's stats of the same key) as the report prints
    it: exact when every part is; with any 约数 part, by the same rule as one 约数 (DESIGN §3,
    30余 + 120余 → 150余): 10余 + 8 + 6 + 7 + 6 → 30余, as a 街道 writes it (共学习30余次), not
    “37余”, a precision its 10余 does not have. What the sum can mean at the most is kept apart
    (report/figures.Figure.span), for the comparison with last year."""
    return printed_figure(value, approx)


def printed_span(value: int, approx: bool, written: WrittenFigure | None = None) -> tuple[int, int]:
    """The least and the largest number a figure as printed can mean: 12 is 12; a 约数 from its
    printed digits up to its last printed digit — 10余 10 to 19, 150余 150 to 159, 1.2万余 12000 to
    12999, 上万 10000 to 99999. (A sum's span is its parts' spans added: report/figures.Figure.)
    Reads the numbers, never the printed text: the rounding (or what was typed) gives the step."""
    if not approx or value < 10:
        return value, value
    if written is not None:
        return value, value + written.step - 1
    lower = _rounded(value)  # printed without trailing zeros after the point, so this is its step
    return lower, lower + 10 ** _trailing_zeros(lower) - 1


def highest_figure(value: int, approx: bool, written: WrittenFigure | None = None) -> int:
    """The largest number a figure as printed can mean (printed_span)."""
    return printed_span(value, approx, written)[1]


def bounded_figure(raw: Any) -> Any:
    """A figure parse_figure would not read because it is past MAX_COUNT: refused with the
    message that says so (at the field, where the loader places it); anything else unchanged."""
    m = _FIGURE.match(raw.strip()) if isinstance(raw, str) else None
    if m is not None:
        number, wan = m.group(1), m.group(2)
        whole = number.split(".")[0].lstrip("0")
        if len(whole) > 16 or Decimal(number) * (10_000 if wan else 1) > MAX_COUNT:
            raise PydanticCustomError("count", _TOO_BIG)
    return bounded(raw)


def user_keys(model: type[BaseModel]) -> dict[str, str]:
    """Every key a user may write for this model, mapped to the field's Chinese key."""
    names: dict[str, str] = {}
    for name, field in model.model_fields.items():
        chinese = field.alias or name
        names[chinese] = chinese
        names[name] = chinese
    return names


def key_of(model: type[BaseModel], name: str) -> str:
    """The Chinese key users write for a field (its alias), by the field's English name."""
    return model.model_fields[name].alias or name


def inner_models(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: `Item`, `list[Stat]`, `Section | list[str] | None` …"""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        return [m for arg in typing.get_args(annotation) for m in inner_models(arg)]
    return []
