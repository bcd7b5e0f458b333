"""Where a problem is: a pydantic error's location → the node, line and column in the user's
YAML and the field path in the user's own keys, with every error of a file worded at once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tzreport.data import field_types, messages, models
from tzreport.data.yaml_nodes import MappingNode, Node, ScalarNode, SequenceNode, compose, read_text
from tzreport.errors import Diagnostic


@functools.cache
def synonyms() -> dict[str, frozenset[str]]:
    """Each key → the names a user may write for it: the Chinese key and its English name."""
    found: dict[str, set[str]] = {}
    for model in models.all_models():
        for name, field in model.model_fields.items():
            both = {name, field.alias or name}
            for each in both:
                found.setdefault(each, set()).update(both)
    return {k: frozenset(v) for k, v in found.items()}


def diagnostic_at(path: Path, field: str, message: str, index: int | None = None) -> Diagnostic:
    """A finding about a top-level field of a valid file (named by its Chinese key), placed
    where the user wrote it: at the field's value, or at the index-th item of its list."""
    root = compose(path, read_text(path))
    names = {name for name, chinese in field_types.user_keys(models.Report).items() if chinese == field}
    written = field
    if isinstance(root, MappingNode):
        written = next((k.value for k, _ in root.value if k.value in names), field)
    loc: tuple[Any, ...] = (written,) if index is None else (written, index)
    node, shown, _ = locate(root, loc)
    return located(path, node, message, ".".join(shown))


def diagnose_all(
    path: Path, root: Node, errors: list[Any], reported: set[int],
    model: type[BaseModel] = models.Report,
) -> list[Diagnostic]:
    # A misspelt required key ("单为") is one mistake, not two: its "did you mean 单位"
    # already says what the "单位 is missing" error would.
    guessed = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            guess = messages.unknown_key(tuple(err["loc"]), model, written_beside(root, tuple(err["loc"])))[1]
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


def written_beside(root: Node, loc: tuple[Any, ...]) -> frozenset[str]:
    """The keys written in the mapping that holds the key at loc (as written: Chinese or English)."""
    holder = locate(root, loc[:-1])[0]
    if not isinstance(holder, MappingNode):
        return frozenset()
    return frozenset(k.value for k, _ in holder.value if isinstance(k, ScalarNode) and isinstance(k.value, str))


def _same_place(one: Diagnostic, other: Diagnostic) -> bool:
    return (one.line, one.column, one.message) == (other.line, other.column, other.message)


def _diagnose(
    path: Path, root: Node, err: Any, reported: set[int], model: type[BaseModel]
) -> Diagnostic | None:
    loc = tuple(err["loc"])
    kind = err["type"]
    node, shown, key_node = locate(root, loc)
    if id(node) in reported:
        return None
    field = ".".join(shown)
    if kind == "missing":
        return located(path, node, f"缺少必填项“{loc[-1]}”", field)
    if kind == "extra_forbidden":
        message = messages.unknown_key(loc, model, written_beside(root, loc))[0]
        return located(path, key_node or node, message, field)
    if kind == "too_deep":  # the 工作 key is what must go, not the items under it
        return located(path, key_node or node, str(err["msg"]), field)
    return located(path, node, messages.message(err, messages.model_at(loc, model)), field)


def located(path: Path, node: Node, message: str, field: str) -> Diagnostic:
    mark = node.start_mark
    return Diagnostic(path, mark.line + 1, mark.column + 1, message, field)


def locate(root: Node, loc: tuple[Any, ...]) -> tuple[Node, list[str], Node | None]:
    """The node a pydantic error location points at, and the field path in the user's keys.

    Shorthands (a plain list as a section's 要点, a string as an event) mean the location can
    name a key the YAML does not have: such a step is passed over. A key is found under its
    Chinese or its English name, and shown as written."""
    node, shown, key_node = root, [], None
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            names = synonyms().get(part, frozenset((part,)))
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
