"""A data file's text edited in place, byte for byte: its lines with their own line ends, its
byte-order mark and encoding (Layout); new lines put between them and insertions inside one
(Edits); its indentation read from what is there (Style) and followed by the lines written;
and the node helpers that find where a block of the file ends. Used by `import --into`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tzreport.data.yaml_writer import needs_quotes, scalar
from tzreport.errors import InputError
from tzreport.ingest.data_text import one_line
from tzreport.ingest.review import Review

# PyYAML's nodes, read through the attributes every kind has (id, value, marks, style); the
# stubs know them only on the subclasses
Node = Any


@dataclass
class Layout:
    """How the file is written: its byte-order mark, encoding and line end, kept on writing."""

    bom: str
    encoding: str
    newline: str

    @classmethod
    def of(cls, raw: bytes) -> Layout:
        if raw.startswith(b"\xef\xbb\xbf"):
            bom, encoding = "\ufeff", "utf-8"
        elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            bom, encoding = "\ufeff", "utf-16-le" if raw.startswith(b"\xff\xfe") else "utf-16-be"
        else:
            bom = ""
            try:
                raw.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "gbk"  # what the loader read it as (it warned about it)
        text = raw.decode(encoding, errors="replace")
        first = re.search(r"\r\n|\r|\n", text)
        return cls(bom, encoding, first[0] if first else "\n")

    def decode(self, raw: bytes) -> str:
        text = raw.decode(self.encoding)
        return text[1:] if self.bom and text.startswith(self.bom) else text

    def encode(self, path: Path, text: str) -> bytes:
        try:
            return (self.bom + text).encode(self.encoding)
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise InputError(
                f"{path}: 错误 文件是 GBK 编码，写不下台账中的“{bad}”：请在记事本中“另存为”，编码选择 UTF-8，再导入"
            ) from None


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def split_lines(text: str) -> list[tuple[str, str]]:
    """The lines of a text as the loader counts them (CRLF, CR or LF), each with its own end."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines = [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    if parts[-1]:
        lines.append((parts[-1], ""))
    return lines


@dataclass
class Edits:
    """New lines to put before a line of the file (len(lines): at the end), and insertions
    inside a line (at a column, in the text as the loader read it)."""

    before: dict[int, list[list[str]]] = field(default_factory=dict)
    inside: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)  # (start, end, text)

    def insert(self, at: int, lines: list[str]) -> None:
        self.before.setdefault(at, []).append(lines)

    def _lines_before(self, at: int) -> list[str]:
        """The blocks bound for one place, the most indented first: a block continues the
        structure whose entries stand at its indentation, so a nested one that ends here goes
        before the key of an outer one, which would close it."""
        blocks = sorted(self.before.get(at, []), key=lambda b: -indent(next((x for x in b if x.strip()), "")))
        return [line for block in blocks for line in block]

    def replace(self, line: int, start: int, end: int, text: str) -> None:
        self.inside.setdefault(line, []).append((start, end, text))

    def apply(self, lines: list[tuple[str, str]], newline: str) -> str:
        out: list[str] = []
        for index, (content, end) in enumerate(lines):
            out += [line + newline for line in self._lines_before(index)]
            for start, stop, text in sorted(self.inside.get(index, []), reverse=True):
                content = content[:start] + text + content[stop:]
            out.append(content + end)
        if tail := self._lines_before(len(lines)):
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += newline  # the last line had no line end: one is added, nothing changed
            out += [line + newline for line in tail]
        return "".join(out)


# --- the file's nodes -----------------------------------------------------------------------------


def pairs(node: Node | None) -> list[tuple[Any, Any]]:
    return list(node.value) if node is not None and node.id == "mapping" else []


def child(node: Node | None, names: tuple[str, ...]) -> tuple[Any, Any] | None:
    return next(((k, v) for k, v in pairs(node) if k.id == "scalar" and k.value in names), None)


def leaves(node: Node) -> Iterator[Node]:
    if node.id == "scalar" or getattr(node, "flow_style", False):
        yield node
    elif node.id == "mapping":
        for key, value in node.value:
            yield key
            yield from leaves(value)
    else:
        for value in node.value:
            yield from leaves(value)


def last_line(node: Node) -> int:
    """The last line holding something of a node (a block node's end mark is where the next
    token starts)."""
    return max(leaf.end_mark.line - (1 if leaf.end_mark.column == 0 and leaf.end_mark.line > leaf.start_mark.line else 0)
               for leaf in leaves(node))


def empty(node: Node | None) -> bool:
    """Nothing written after the key ("民族工作:", or ~ / null)."""
    return node is None or node.id == "scalar" and node.style is None and node.value in ("", "~", "null", "Null", "NULL")


@dataclass
class Style:
    """The file's indentation: a nested key's step, a list's dash from its key, and an item's
    text from its dash."""

    unit: int = 2
    dash: int = 2
    content: int = 2


def style_of(root: Node, lines: list[tuple[str, str]]) -> Style:
    style = Style()
    found_unit = found_dash = found_content = False
    todo = [root]
    while todo and not (found_unit and found_dash and found_content):
        node = todo.pop(0)
        for key, value in pairs(node):
            if value.id == "mapping" and not value.flow_style and value.value and not found_unit:
                style.unit = max(1, value.value[0][0].start_mark.column - key.start_mark.column)
                found_unit = True
            if value.id == "sequence" and not value.flow_style and value.value and not found_dash:
                dash = dash_column(value.value[0], lines)
                if dash is not None:
                    style.dash, found_dash = max(0, dash - key.start_mark.column), True
                    for entry in value.value:
                        if entry.id == "mapping" and not entry.flow_style:
                            style.content, found_content = entry.start_mark.column - dash, True
                            break
            todo.append(value)
        if node.id == "sequence":
            todo.extend(node.value)
    if not found_dash:
        style.dash = style.unit
    return style


def dash_column(entry: Node, lines: list[tuple[str, str]]) -> int | None:
    """The column of the "-" that starts a list entry."""
    before = lines[entry.start_mark.line][0][: entry.start_mark.column].rstrip()
    return len(before) - 1 if before.endswith("-") else None


# --- writing new entries in the file's style ---------------------------------------------------


def entry_lines(items: list[Any], column: int, style: Style) -> list[str]:
    out: list[str] = []
    for item in items:
        written = one_line(item, flow=False)
        if written is not None:
            out.append(" " * column + "- " + written[0] + written[1])
            continue
        value, note = (item.value, f"  # 请核对：{item.reason()}") if isinstance(item, Review) else (item, "")
        inner = mapping_lines(value, column + style.content, style)
        out.append(" " * column + "-" + " " * (style.content - 1) + inner[0].lstrip(" ") + note)
        out += inner[1:]
    return out


def mapping_lines(data: dict[str, Any], column: int, style: Style) -> list[str]:
    out: list[str] = []
    for key, value in data.items():
        if isinstance(value, list):
            out.append(" " * column + f"{key}:")
            out += entry_lines(value, column + style.dash, style)
        else:
            text, note = one_line(value) or ("", "")
            out.append(" " * column + f"{key}: {text}{note}")
    return out


def pair(key: str, value: Any, flow: bool) -> str:
    if key in ("日期", "date") and isinstance(value, str):
        return f'{key}: "{value}"'
    return f"{key}: {value if isinstance(value, int) else scalar(str(value), flow)}"


def complete_in_text(node: Node, add: dict[str, Any], english: dict[str, str], edits: Edits,
                     lines: list[tuple[str, str]], cleaned: list[str]) -> bool:
    """Write the keys an existing entry (an event) lacks into it: new lines under a block
    mapping, new pairs before the "}" of a flow one, a scalar made a flow mapping of it and
    them ({名称: …}); the keys in English (`english`) when the entry's are. False when it is
    written so that this cannot be done without rewriting the user's text (it spans lines,
    or holds invisible characters)."""
    line = node.start_mark.line
    if node.id == "mapping" and str(node.value[0][0].value).isascii():  # name:, date: … as the file has them
        add = {english.get(k, k): v for k, v in add.items()}
    if node.id == "mapping" and not node.flow_style:
        column = node.value[0][0].start_mark.column
        edits.insert(last_line(node) + 1, [" " * column + pair(k, v, False) for k, v in add.items()])
        return True
    if node.end_mark.line != line or lines[line][0] != cleaned[line]:
        return False
    pairs = ", ".join(pair(k, v, True) for k, v in add.items())
    if node.id == "mapping":  # {名称: …}: the new keys go before its "}"
        close = node.end_mark.column - 1
        if lines[line][0][close : close + 1] != "}":
            return False
        edits.replace(line, close, close, ", " + pairs)
        return True
    written = lines[line][0][node.start_mark.column : node.end_mark.column]
    if node.style is None and needs_quotes(str(node.value), flow=True):
        written = scalar(str(node.value), flow=True)  # a plain name with a comma: quoted inside { }
    edits.replace(line, node.start_mark.column, node.end_mark.column, "{名称: " + written + ", " + pairs + "}")
    return True


def add_to_list(target: Path, node: Node, names: tuple[str, ...], entries: list[Any], column: int,
                 edits: Edits, lines: list[tuple[str, str]], style: Style) -> None:
    """Entries written into the list under one of `names` of a mapping: after its last entry,
    in the dash column of its entries; inside its brackets when it is written in them; under
    its key when nothing is; with the key when it is not there."""
    found = child(node, names)
    if found is None:
        edits.insert(last_line(node) + 1, [" " * column + f"{names[0]}:", *entry_lines(entries, column + style.dash, style)])
        return
    key, value = found
    if value.id == "sequence" and value.flow_style:
        if not value.value:  # "活动: []": the brackets go, the list is written under the key
            line = value.start_mark.line
            edits.replace(line, value.start_mark.column, value.end_mark.column, "")
            edits.insert(line + 1, entry_lines(entries, column + style.dash, style))
            return
        close = value.end_mark.column - 1
        line = value.end_mark.line
        if lines[line][0][close : close + 1] == "]" and all(one_line(e, flow=True) for e in entries):
            written = ", ".join(w[0] for e in entries if (w := one_line(e, flow=True)))
            edits.replace(line, close, close, ", " + written)
            return
        raise InputError(f"{target}:{key.start_mark.line + 1}: 错误 “{key.value}”写在一行的方括号里，无法添加：请改成每项一行（以“- ”开头）")
    if empty(value):
        rest = lines[key.start_mark.line][0][key.end_mark.column :].strip()
        if rest.startswith(":") and (not rest[1:].strip() or rest[1:].strip().startswith("#")):
            edits.insert(key.start_mark.line + 1, entry_lines(entries, column + style.dash, style))
            return
    if value.id != "sequence" or not value.value:
        raise InputError(f"{target}:{key.start_mark.line + 1}: 错误 “{key.value}”不是逐行列出的列表，无法添加：请手工添加")
    dash = dash_column(value.value[0], lines)
    if dash is None:
        raise InputError(f"{target}:{key.start_mark.line + 1}: 错误 “{key.value}”的写法无法自动添加：请手工添加")
    edits.insert(last_line(value) + 1, entry_lines(entries, dash, style))
