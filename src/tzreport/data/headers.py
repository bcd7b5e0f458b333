"""A quick look at a YAML file's top-level keys, without parsing or validating it.

Two questions are answered from it, for many files at a time, where loading each file would be
too slow or would fail on files that are not ours:
- is this a data file? (folder builds skip a layout file, a CI workflow, any other YAML);
- which file beside this one is the same unit's previous year? (candidates for 同比).

A top-level key is one written at the very start of a line (block style, no indentation):
"单位: 京汉新城社区". A key with a Chinese colon ("单位：…") counts too, so that a data file with
that common slip is still reported with its errors instead of being skipped.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from tzreport.data import field_types, models, yaml_nodes
from tzreport.errors import DataError

# "key: value", "key:" (value below), and the slips "key：value", "key:value"; the key may
# be quoted. Matched after a line break (the text gets one in front): a literal first character
# lets the regex engine jump from line to line instead of trying every position.
_TOP = re.compile(
    r"""\n(?P<q>["']?)(?P<key>[^\s#"'\-:：{}\[\],][^:：\n]*?)(?P=q)[ \t]*[:：](?P<value>[^\n]*)"""
)
_COMMENT = re.compile(r"\s+#.*$")

DATA_SUFFIXES = (".yaml", ".yml")
DATA_KEYS = ("单位", "unit")  # the key that makes a YAML file one of our data files


def _value(written: str) -> str:
    """A value as written after its key, without its comment and quotes."""
    value = _COMMENT.sub("", written).strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()
    return value


def top_level(text: str) -> dict[str, str]:
    """Each top-level key and its value as written (comment and quotes removed); the first
    occurrence of a key wins."""
    found: dict[str, str] = {}
    for m in _TOP.finditer("\n" + text):
        found.setdefault(m["key"].strip(), _value(m["value"]))
    return found


def is_data_file(path: Path) -> bool:
    """Whether a YAML file is one of ours: it has a top-level 单位 (or unit) key.

    A file that cannot be read as UTF-8 text counts as a data file, so that its error is
    reported rather than the file silently passed over."""
    if _at_a_glance(path):
        return True
    try:
        text = yaml_nodes.read_text(path)
    except DataError:
        return True
    keys = top_level(text)
    return any(k in keys for k in DATA_KEYS)


def _at_a_glance(path: Path) -> bool:
    """Whether a quick look finds a data file's key at the top (a folder build looks at every
    file before it builds any). What it finds, the full reader finds too, which can only
    find more; a pipe, a device and any trouble are left to the full reader."""
    try:
        return path.is_file() and any(k in top_level(_text(path)) for k in DATA_KEYS)
    except (OSError, DataError):
        return False


@dataclass(frozen=True)
class Header:
    """What identifies a report: unit, year, period and kind (defaults filled in)."""

    unit: str
    year: int | None
    period: str
    kind: str


@functools.cache
def _spellings(name: str) -> tuple[tuple[str, str], str | None]:
    """The keys a Report field may be written under, and its default when that is a text (asked
    four times a file for hundreds of files: pydantic's model_fields is not free)."""
    field = models.Report.model_fields[name]
    default = field.default
    return (field_types.key_of(models.Report, name), name), default if isinstance(default, str) else None


def _field(keys: dict[str, str], name: str) -> str | None:
    spellings, default = _spellings(name)
    for written in spellings:
        if written in keys and keys[written]:
            return keys[written]
    return default


_PLAIN_LIMIT = 256 * 1024  # larger files go through the full reader, which also refuses them


def _text(path: Path) -> str:
    """A file's text for a look at its top: plain UTF-8 read directly (a folder build looks at
    every file beside a report, and the full reader's checks cost five times as much); any
    other file through yaml_nodes.read_text, which knows GBK and refuses what is not text."""
    try:
        data = _small_regular(path)  # a FIFO, a device, a large file: to the full reader
        if data is not None:
            # the BOM by hand: the "utf-8-sig" codec is a Python-level decoder
            return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    return yaml_nodes.read_text(path)


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def _small_regular(path: Path) -> bytes | None:
    """A small regular file's bytes, in as few system calls as can be (a check looks at every
    file of its folder, some hundreds, for the previous year's): the file opened without
    waiting (a FIFO does not hang the open: O_NONBLOCK, which a regular file's read ignores),
    looked at, read whole. None for anything else, or a file that changed meanwhile."""
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _PLAIN_LIMIT:
            return None
        data = os.read(fd, info.st_size + 1)
        return data if len(data) == info.st_size else None
    finally:
        os.close(fd)


_HEADER_FIELDS = ("unit", "year", "period", "kind")


@functools.cache
def _header_keys() -> re.Pattern[str]:
    """The top-level lines a header is read from: only the keys of its four fields, so that a
    file costs one pass of the regex engine and no Python work for its other keys."""
    spellings = [s for name in _HEADER_FIELDS for s in _spellings(name)[0]]
    alternatives = "|".join(re.escape(s) for s in spellings)
    return re.compile(rf"""\n(["']?)({alternatives})\1[ \t]*[:：]([^\n]*)""")


def header(path: Path) -> Header | None:
    """The unit, year, period and kind a file states at its top level; None for a file that
    cannot be read or states no unit."""
    try:
        text = _text(path)
    except DataError:
        return None
    keys: dict[str, str] = {}
    for _, key, written in _header_keys().findall("\n" + text):
        keys.setdefault(key, _value(written))
    unit = _field(keys, "unit")
    if not unit:
        return None
    year = _field(keys, "year")
    return Header(
        unit=unit,
        # a year of thousands of digits (a slip, a hostile file) must not break int() for
        # every file of its folder: only four digits can be a year
        year=int(year) if year and year.isdecimal() and len(year) <= 4 else None,
        period=_field(keys, "period") or "",
        kind=_field(keys, "kind") or "",
    )
