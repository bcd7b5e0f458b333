"""A data file edited in place: the form's values merged into the user's YAML so that everything
not edited keeps its bytes' meaning and look — comments (the commented last-year lines new-year
writes too), key order, quoting, block scalars, flow mappings, blank lines, the BOM and CRLF.

ruamel.yaml's round-trip mode does this: it keeps comments and styles on the nodes it loads and
writes them back, which hand-editing the loader's located spans would have to re-invent for every
insertion, deletion and move of a list entry. The merge touches only what changed: a value equal
to what the file says is left as the file wrote it (its quoting, a "200余" stays plain, a "|"
block stays a block); a one-line shorthand (an event written as its name) stays one line while
only its name is set; a list's entries are matched to the file's by content (matching.sources),
so that deleting, adding or moving one leaves the others as they were.

ruamel does not hold every comment, though: one after a block scalar's "|" (where check's ignore
comments go), after a flow mapping in a list, between list items or at the end of the file can come
back changed or not at all. So its dump is then laid over the original line by line (_reconcile):
a line whose YAML is unchanged is the original line, every comment-only and blank line of the
original is kept where it was, and only the lines whose values changed are ruamel's.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import itertools
import re
from typing import Any

from pydantic import BaseModel

from tzreport.data import models
from tzreport.errors import TzreportError
from tzreport.preview import matching
from tzreport.preview.fields import SHORTHANDS, Field, fields

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line the user wrote on one
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
    except Exception:  # noqa: BLE001 - a file it cannot guess from is refused by load() below
        sequence, offset = None, None
    mapping = _mapping_indent(text)
    offset = offset if offset is not None else 0
    yaml.indent(mapping=mapping, sequence=sequence or mapping + offset, offset=offset)
    return yaml


_KEY_LINE = re.compile(r"^((?: *- +)*| *)([^\s#-][^:#]*):[ \t]*(#.*)?$")  # a key opening a block
_CHILD = re.compile(r"^( *)[^\s#-][^:]*:(\s|$)")


def _mapping_indent(text: str) -> int:
    """How far the file indents a mapping inside a mapping (ruamel guesses only sequences):
    from the first key opening a block whose next line is a key of that block."""
    parent = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if parent is not None and (child := _CHILD.match(line)) and len(child.group(1)) > parent:
            return len(child.group(1)) - parent
        opening = _KEY_LINE.match(line)
        parent = len(opening.group(1)) if opening else None
    return 2


def load(text: str) -> tuple[Any, Any]:
    """The YAML engine set to the file's indentation, and the document (None when empty)."""
    from ruamel.yaml.error import YAMLError

    yaml = _yaml(text)
    try:
        return yaml, yaml.load(text)
    except (YAMLError, RecursionError) as exc:
        raise TzreportError(f"错误 数据文件不是有效的 YAML，无法在表单中编辑：{exc}") from None


# ---------------------------------------------------------------------- file → form


def form_values(text: str) -> dict[str, Any]:
    """What the form shows of a data file: its values by the Chinese keys, shorthands written
    out, every scalar as the text the file has."""
    _, document = load(text)
    value = _to_form(document, ("model", models.Report))
    return value if isinstance(value, dict) else {}


def _key_in(mapping: Any, field: Field) -> str | None:
    for name in (field.key, field.english):
        if isinstance(mapping, dict) and name in mapping:
            return name
    return None


def _to_form(node: Any, shape: tuple[Any, ...]) -> Any:
    kind = shape[0]
    if node is None:
        return None
    if kind == "model":
        model = shape[1]
        if isinstance(node, str) and model in SHORTHANDS:
            node = {SHORTHANDS[model]: node}
        elif isinstance(node, list) and issubclass(model, models.Section):
            node = {"要点": node}
        if not isinstance(node, dict):
            return None
        out = {}
        for field in fields(model):
            name = _key_in(node, field)
            if name is not None and (value := _to_form(node[name], field.shape)) not in (None, "", []):
                out[field.key] = value
        return out
    if kind == "list":
        return [_to_form(item, shape[1]) for item in node] if isinstance(node, list) else []
    if kind == "bool":
        return node is True or str(node).strip().lower() in ("true", "yes", "是")
    return str(node).strip() if not isinstance(node, (dict, list)) else None


# ---------------------------------------------------------------------- form → file


def merged_text(text: str, values: dict[str, Any]) -> str:
    """The file's text with the form's values in it, everything else as it was."""
    bom = text.startswith("\ufeff")
    crlf = "\r\n" in text
    plain = text.lstrip("\ufeff").replace("\r\n", "\n")
    yaml, document = load(plain)
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(document, dict):
        document = CommentedMap()
    document = _merge(document, values, ("model", models.Report))
    out = io.StringIO()
    yaml.dump(document, out)
    result = _reconcile(plain, out.getvalue())
    if crlf:
        result = result.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + result


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def _merge(old: Any, new: Any, shape: tuple[Any, ...]) -> Any:
    kind = shape[0]
    if kind == "model":
        if isinstance(new, str) and shape[1] in SHORTHANDS:
            new = {SHORTHANDS[shape[1]]: new}
        # anything but a mapping is no form's value: what the file has stays
        return _merge_model(old, new, shape[1]) if isinstance(new, dict) else old
    if kind == "list":
        return _merge_list(old, new, shape[1]) if isinstance(new, list) else old
    if isinstance(new, (dict, list)):
        return old
    if _to_form(old, shape) == _to_form(new, shape) and old is not None:
        return old  # unchanged: its quoting and style as the file has them
    return _scalar(old, new, kind)


def _merge_model(old: Any, new: dict[str, Any], model: type[BaseModel]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    short = SHORTHANDS.get(model)
    if short and set(new) <= {short} and (old is None or isinstance(old, str)):
        return _merge(old, new.get(short, ""), ("text",))  # an event still written as its name
    if isinstance(old, list) and issubclass(model, models.Section) and set(new) <= {"要点"}:
        return _merge_list(old, new.get("要点", []), ("model", models.Point))
    if isinstance(old, str) and short:
        old = CommentedMap([(short, old)])
    elif isinstance(old, list) and issubclass(model, models.Section):
        old = CommentedMap([("要点", old)])
    if not isinstance(old, dict):
        old = CommentedMap()
    order = [f.key for f in fields(model)]
    for field in fields(model):
        name = _key_in(old, field)
        value = new.get(field.key)
        if _empty(value):
            if name is not None and not _empty(_to_form(old[name], field.shape)):
                del old[name]  # cleared in the form; an empty key the file had stays
            continue
        if name is not None:
            old[name] = _merge(old[name], value, field.shape)
            continue
        # a new key: after the last key the file has that comes before it in the report
        before = order[: order.index(field.key)]
        place = 0
        for index, existing in enumerate(old):
            if existing in before or any(f.english == existing and f.key in before for f in fields(model)):
                place = index + 1
        added = _merge(None, value, field.shape)
        if added is not None:  # (None: a value of no shape the form makes)
            old.insert(place, field.key, added)
    return old


def _merge_list(old: Any, new: list[Any], inner: tuple[Any, ...]) -> Any:
    """The form's entries merged into the file's list. Each entry is merged into the one of the
    file it is (matching.sources: an entry deleted, added or moved in the form leaves the others
    where they were), so that the file's entries keep their own style (a shorthand, a flow
    mapping) and the lines of entries the form did not change stay the file's."""
    from ruamel.yaml.comments import CommentedSeq

    if not isinstance(old, list):
        old = CommentedSeq()
    keys = ([_entry_key(entry, inner) for entry in old], [_entry_key(value, inner) for value in new])
    sources = matching.sources(*keys)
    entries = [_merge(None if i is None else old[i], value, inner) for i, value in zip(sources, new, strict=True)]
    old[:] = entries
    return old


def _entry_key(value: Any, inner: tuple[Any, ...]) -> str:
    """A list entry as the form sees it, empty fields left out: equal for an entry of the file
    and the form's copy of it."""
    import json

    def bare(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: b for k, x in v.items() if not _empty(b := bare(x))}
        if isinstance(v, list):
            return [bare(x) for x in v]
        return v

    return json.dumps(bare(_to_form(value, inner)), ensure_ascii=False, sort_keys=True)


def _scalar(old: Any, new: Any, kind: str) -> Any:
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if kind == "bool":
        return bool(new)
    text = str(new).replace("\r\n", "\n").strip("\n")
    if kind == "int" and text.strip().isdecimal():
        return int(text.strip())
    if kind == "date" and _ISO.match(text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
    if "\n" in text or isinstance(old, LiteralScalarString):
        return LiteralScalarString(text + "\n")
    for style in (SingleQuotedScalarString, DoubleQuotedScalarString):
        if isinstance(old, style):
            return style(text)
    return text


# ---------------------------------------------------------------------- the dump laid over the file


_BLOCK_HEADER = re.compile(r"[|>][-+1-9]*")


def _yaml_lines(text: str) -> list[tuple[str, str] | None]:
    """Each line split into its YAML and what follows it (spaces and an end-of-line comment);
    None for a line of no YAML (blank, or only a comment). Where the YAML ends is taken from the
    scanner's tokens, so a "#" inside quotes or inside a block scalar is never taken for a comment."""
    from ruamel.yaml import YAML
    from ruamel.yaml.tokens import ScalarToken

    lines = text.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    ends: list[int | None] = [None] * len(lines)
    whole = len(text) + 1  # the whole line is YAML (a line inside a block or a quoted scalar)

    def place(index: int) -> tuple[int, int]:
        # from the character offset, not the scanner's line: YAML also breaks lines at "\r",
        # U+0085, U+2028 and U+2029, which a pasted text may hold and this file splits not at
        line = bisect.bisect_right(starts, index) - 1
        return line, index - starts[line]

    def cover(line: int, column: int) -> None:
        ends[line] = max(ends[line] or 0, column)

    for token in YAML(typ="safe", pure=True).scan(text):
        if token.start_mark.index == token.end_mark.index:
            continue  # an empty token (a key's start, a block's end) marks no text
        (first, column), (last, end) = place(token.start_mark.index), place(token.end_mark.index)
        if isinstance(token, ScalarToken) and token.style in ("|", ">"):
            header = _BLOCK_HEADER.match(lines[first], column)
            cover(first, header.end() if header else column + 1)
            last = last if end else last - 1
            while last > first and not lines[last].strip():
                last -= 1  # blank lines after the block are the file's spacing, not its text
            for line in range(first + 1, last + 1):
                cover(line, whole)
            continue
        for line in range(first, last):
            cover(line, whole)
        cover(last, end)
    return [None if end is None else (line[:end], line[end:]) for line, end in zip(lines, ends, strict=True)]


def _reconcile(original: str, dumped: str) -> str:
    """The dump with every line of the original that it did not change: lines are matched by
    their YAML alone (comments aside, matching.align); a matched line is the original's, bytes
    and comment, and so is a line moved with its entry (matching.moved_lines); a changed line
    keeps the end-of-line comment of the line it replaced, never of a deleted neighbour; a
    comment-only or blank line of the original stays before the line it stood before. Comments
    come only from the original: the form writes none, so any in the dump are ruamel's (possibly
    misplaced) copies."""
    old_lines = original.split("\n")
    old = [(i, split) for i, split in enumerate(_yaml_lines(original)) if split is not None]
    new = [split for split in _yaml_lines(dumped) if split is not None]
    out: list[str] = []
    done = 0  # the original's lines up to here are written or replaced
    if not old:  # a file of comments only: they stay at its head, the values follow
        done = len(old_lines) - 1
        out.extend(old_lines[:done])

    def keep_comments_before(line: int) -> None:
        nonlocal done
        out.extend(old_lines[done:line])  # only lines of no YAML lie between
        done = line + 1

    before = [y.rstrip() for _, (y, _) in old]
    after = [y.rstrip() for y, _ in new]
    pairs = matching.align(before, after)
    source = {j: i for i, j in pairs if i is not None and j is not None and before[i] == after[j]}
    matching.moved_lines(before, after, source)
    taken = set(source.values())
    # a changed line keeps the comment of the line it replaced in its stretch of changes (never
    # of a line elsewhere: a stretch's neighbours are the only lines it can be about)
    for i, j in pairs:
        if i is not None and j is not None and j not in source and i not in taken:
            source[j] = i
    for i, j in pairs:
        if i is not None:
            keep_comments_before(old[i][0])
        if j is None:
            continue
        if j not in source:
            out.append(after[j])
        elif after[j] == before[source[j]]:
            out.append(old_lines[old[source[j]][0]])  # the original line, bytes and comment
        else:
            rest = old[source[j]][1][1]
            out.append(after[j] + (rest if rest.strip() else ""))
    out.extend(old_lines[done:])
    return "\n".join(out)
