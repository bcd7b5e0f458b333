"""YAML data file → Report, with every error located at file:line:column: the public API.

A file is read (file_text.py: encodings, size, invisible characters), composed into a node tree
(yaml_nodes.py), turned into plain values (values.py) and validated by the models; every problem
on the way is located (locate.py) and all of a file's problems are reported at once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from tzreport.data import file_text, models
from tzreport.data.locate import diagnose_all, locate
from tzreport.data.values import TooLarge, Values
from tzreport.data.yaml_nodes import (
    Node,
    compose,
    too_many,
    top,
)
from tzreport.errors import DataError, Diagnostic

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
        node, shown, key_node = locate(self.root, loc)
        return node, key_node, ".".join(shown)


def read(path: Path, raw: bytes | None = None, *, text: str | None = None) -> Loaded[models.Report]:
    """Read and validate one data file: its bytes on disk, or the bytes given as its content
    (`raw`, what --into is about to write), or `text` (the editor's form, not yet saved). Raises
    DataError with every problem in the file, and the warnings too."""
    return load_model(path, models.Report, raw, text=text)


def load(path: Path) -> models.Report:
    """Read and validate one data file; its warnings are dropped (see read)."""
    return read(path).data


def load_as(path: Path, model: type[M]) -> M:
    """Read one YAML file (a data file, a layout file …) as the given model."""
    return load_model(path, model).data


def load_model(
    path: Path, model: type[M], raw: bytes | None = None, *, text: str | None = None
) -> Loaded[M]:
    """Read one YAML file (or the bytes or text given as its content) and validate it as the
    given model, with located errors."""
    source = file_text.SourceText(path, text) if text is not None else file_text.read(path, raw)
    build = Values(path, source.text)
    try:
        root, result = _validate(path, source.text, build, model)
    except DataError as exc:
        found = [source.original(d) for d in exc.diagnostics]
        raise DataError(_warnings(source, build) + found) from None
    return Loaded(path, source.text, root, result, _warnings(source, build))


def _warnings(source: file_text.SourceText, build: Values) -> list[Diagnostic]:
    fixed = file_text.invisible_warnings(source, build.field_at)
    return source.warnings + fixed + [source.original(w) for w in build.warnings]


def _validate(path: Path, text: str, build: Values, model: type[M]) -> tuple[Node, M]:
    root = top(path, text, compose(path, text))
    try:
        data = build.value(root, "")
    except TooLarge as exc:
        # an alias bomb is told where its repeated part is, not where the count ran out
        if build.repeated is not None:
            message = f"文件内容展开后过大（{exc.what}）：“*”引用（别名）使内容成倍增加，请直接写出各项"
            build.problem(build.repeated, message)
        else:
            build.problem(exc.node, too_many(exc.what))
        raise DataError(build.problems) from None
    problems = list(build.problems)
    result = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        problems += diagnose_all(path, root, exc.errors(), build.reported, model)
    if problems:
        raise DataError(problems)
    assert result is not None
    return root, result
