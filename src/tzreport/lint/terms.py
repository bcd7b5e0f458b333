"""The term list of `tzreport check`: wrong terms of this field (少数民主 → 少数民族) and
reduplications that are not doubled words (的的确确).

The built-in list is package data (data/terms.yaml). A unit extends it with a file named
tzreport-terms.yaml in the folder of its data files or in any folder above: every such file
counts, the nearest last, so a 街道 can keep one list for all its communities and a community
add to it. A terms file is validated like a data file, with located errors.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from tzreport.data import loader
from tzreport.data.field_types import Model, Text, key
from tzreport.errors import ERROR, WARNING

FILE_NAMES = ("tzreport-terms.yaml", "tzreport-terms.yml")


class Term(Model):
    """一条错误用语：文中出现“错”时，提示改成“正”。"""

    wrong: Text = key("错", "wrong", description="文中不应出现的写法，如“少数民主”")
    right: Text = key("正", "right", description="应改成的写法，如“少数民族”")
    note: str | None = key("说明", "note", default=None, description="为什么错，显示在提示中")
    source: str | None = key("来源", "source", default=None, description="规范写法的出处，如文件、词典")
    level: str = key("级别", "level", default=WARNING, description="“错误”或“警告”，默认“警告”")

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, raw: Any) -> Any:
        if raw not in (ERROR, WARNING):
            raise PydanticCustomError("level", "应为“错误”或“警告”")
        return raw


class TermsFile(Model):
    """用语表文件（tzreport-terms.yaml）。"""

    terms: list[Term] = key("错误用语", "terms", default_factory=list, description="错误用语")
    reduplications: list[Text] = key(
        "叠词", "reduplications", default_factory=list, description="其中的重复不算错的词"
    )


@dataclass(frozen=True)
class Terms:
    """The terms in force for one data file."""

    wrong: dict[str, Term]
    reduplications: frozenset[str]

    @functools.cached_property
    def any_error(self) -> bool:
        """Whether a wrong term is an error here (one in a file makes it a draft)."""
        return any(term.level == ERROR for term in self.wrong.values())

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Every wrong term, longest first, so that the longest one standing at a place wins."""
        if not self.wrong:
            return None
        return re.compile("|".join(re.escape(w) for w in sorted(self.wrong, key=len, reverse=True)))


def builtin_file() -> Path:
    # beside this module (importlib.resources would add tempfile, random and hashlib to a check)
    return Path(__file__).with_name("terms.yaml")


@functools.cache
def _read(path: Path, stamp: int) -> TermsFile:
    """One terms file, parsed once per process (and again if it changed: `stamp`)."""
    return loader.load_model(path, TermsFile).data


def read(path: Path) -> TermsFile:
    """Read and validate one terms file; DataError, located, when it is wrong."""
    return _read(path, _stamp(path))


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0  # the loader reports the file as missing or unreadable


def unit_files(folder: Path) -> tuple[Path, ...]:
    """The unit's terms files that apply to data files in this folder, outermost first."""
    found: list[Path] = []
    for each in (folder, *folder.parents):
        # os.path on the names, not a Path each: asked for every data file a build reads
        where = str(each)
        found += [each / name for name in FILE_NAMES if os.path.isfile(os.path.join(where, name))]
    return tuple(reversed(found))


def merge(files: list[TermsFile]) -> Terms:
    """Later files add to earlier ones; a wrong term written again takes the later entry."""
    wrong: dict[str, Term] = {}
    reduplications: set[str] = set()
    for each in files:
        wrong.update((t.wrong, t) for t in each.terms)
        reduplications.update(each.reduplications)
    return Terms(wrong, frozenset(reduplications))


def for_data_file(path: Path) -> Terms:
    """The built-in terms plus those of every tzreport-terms.yaml above the data file."""
    files = (builtin_file(), *unit_files(path.resolve().parent))
    return _merged(tuple((p, _stamp(p)) for p in files))


@functools.lru_cache(maxsize=64)
def _merged(stamped: tuple[tuple[Path, int], ...]) -> Terms:
    # the data files of a folder share their terms: merged once, not once a file
    return merge([_read(p, stamp) for p, stamp in stamped])
