"""The rules of `tzreport check`: each has a stable code, a level and a short Chinese name.

Codes are grouped by what they look at: TZ1xx unfinished text, TZ2xx punctuation and
characters, TZ3xx wording and numbers, TZ4xx figures, dates and personal data, TZ5xx the shape
of a data file's report, TZ6xx the numbering and TZ7xx the Word layout of a report written by
hand. The rules themselves, with their documentation and examples, are in catalogue.py.
A code, once published, keeps its meaning: users write it in `# tzreport: ignore` comments
and in `--select` / `--ignore`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tzreport.errors import OptionError
from tzreport.lint.catalogue import CATALOGUE, Rule

RULES: dict[str, Rule] = {rule.code: rule for rule in CATALOGUE}


@dataclass(frozen=True)
class Hit:
    """What a rule found, before it is placed in the file.

    A hit in a text has `span`, the characters it is about in `text` (the field's text as it
    will be printed), and may have `fix`, the text to put in their place. A hit without a
    span is about the whole value (or, with `at_key`, about the key that names it)."""

    code: str
    message: str
    span: tuple[int, int] | None = None
    text: str = ""
    fix: str | None = None
    level: str | None = None  # a term of the unit's list can be an error or a warning
    at_key: bool = False

    @property
    def severity(self) -> str:
        return self.level or RULES[self.code].level


@dataclass(frozen=True)
class Selection:
    """Which rules run: all of `select` (every rule when None), except those in `ignore`."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()

    def wants(self, code: str) -> bool:
        return (self.select is None or code in self.select) and code not in self.ignore


ALL = Selection()

_SPLIT = re.compile(r"[\s,，、]+")


def parse_codes(specs: Iterable[str]) -> frozenset[str]:
    """"TZ101,tz2" → {"TZ101", "TZ201", "TZ202", …}: codes, or prefixes of codes, separated by
    commas or spaces. An unknown code is a usage error (OptionError)."""
    codes: set[str] = set()
    for spec in specs:
        for part in _SPLIT.split(spec.strip()):
            if not part:
                continue
            matched = {code for code in RULES if code.startswith(part.upper())}
            if not part.upper().startswith("TZ") or not matched:
                raise OptionError(f"错误 未知的检查代码“{part}”；代码见说明文档 docs/检查规则.md，如 TZ101、TZ2")
            codes |= matched
    return frozenset(codes)


def selection(select: Iterable[str] | None, ignore: Iterable[str] | None) -> Selection:
    """The selection for `--select` and `--ignore` as given on the command line."""
    chosen = parse_codes(select) if select else None
    return Selection(chosen, parse_codes(ignore) if ignore else frozenset())
