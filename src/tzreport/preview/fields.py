"""The editor's view of the data model: each model's fields, in the order a report prints them,
with the kind of control each one needs, read from the pydantic models themselves (data/models.py)
so that a key added to the format shows in the form without a line here.

A shape is one of: ("model", cls), ("list", shape), ("choice", values), ("bool",), ("int",),
("date",), ("text",), ("long",) — "long" for the paragraphs (内容, 导语, 结语), shown as a text area.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from tzreport.data import models

LONG_KEYS = frozenset({"内容", "导语", "结语"})  # paragraphs: a text area, not a one-line input
# The one-line shorthand a model accepts in place of a mapping: the key it stands for.
SHORTHANDS: dict[type[BaseModel], str] = {models.Event: "名称", models.Point: "内容"}


@dataclass(frozen=True)
class Field:
    key: str  # the Chinese key, as the file and the form write it
    english: str  # the field's English name, also accepted in a file
    shape: tuple[Any, ...]
    help: str
    required: bool


def shape_of(annotation: Any, key: str = "") -> tuple[Any, ...]:
    """The kind of control an annotation needs (see the module's docstring)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return shape_of(args[0], key)
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return shape_of(inner[0], key)
    if origin is list:
        return ("list", shape_of(args[0], key)) if args and args[0] is not Any else ("none",)
    if origin is typing.Literal:
        return ("choice", args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    if annotation is bool:
        return ("bool",)
    if annotation is int:
        return ("int",)
    if annotation is dt.date:
        return ("date",)
    return ("long",) if key in LONG_KEYS else ("text",)


def fields(model: type[BaseModel]) -> list[Field]:
    """A model's fields in declaration order (the report's order), Item4's empty 工作 left out."""
    found = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        shape = shape_of(info.annotation, key)
        if shape == ("none",):
            continue  # 第四级 can hold no further level: nothing to fill in
        found.append(Field(key, name, shape, info.description or "", info.is_required()))
    return found


def models_in_form() -> list[type[BaseModel]]:
    """Every model a form can hold an entry of (each gets one template to copy from)."""
    return models.all_models()
