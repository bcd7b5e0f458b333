"""What the importer is unsure of: a value with why (the writer turns it into a "# 请核对"
comment), and the 同比 a source said, which is not data."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any


@dataclass
class Review:
    """A value the importer is unsure of, with why (written as "# 请核对：why"). change: a 同比
    the source said after this count, which is not data (the report works it out from the
    previous year's file): to review only when that file does not hold it (see settle_changes)."""

    value: Any
    why: str
    change: str = ""

    def reason(self) -> str:
        """Why the value is to be reviewed, in the words of the comment."""
        said = f"原文的同比“{self.change}”没有导入：同比由上年的数据文件算出，请把上年的数据文件放在本文件旁边" if self.change else ""
        return "；".join(r for r in (self.why, said) if r)


def reviewed(value: Any, why: str) -> Any:
    """A value with one more reason to review it."""
    if isinstance(value, Review):
        return Review(value.value, "；".join(r for r in (value.why, why) if r), value.change)
    return Review(value, why)


def says_changes(value: Any) -> bool:
    """Whether the data holds a 同比 the source said (a Review with its change)."""
    if isinstance(value, Review):
        return bool(value.change) or says_changes(value.value)
    if isinstance(value, dict):
        return any(says_changes(v) for v in value.values())
    if isinstance(value, list):
        return any(says_changes(v) for v in value)
    return False


def settle_changes(value: Any, previous: Collection[tuple[str, str]]) -> Any:
    """The data with each 同比 mark settled: dropped when the previous year's file holds the
    same figure (its 项目 and 单位 in `previous`: the report says the 同比 again from it), kept
    when it does not — the previous file may be there without that figure."""
    if isinstance(value, Review):
        inner = settle_changes(value.value, previous)
        if not value.change or not _known(value.value, previous):
            return Review(inner, value.why, value.change)
        return Review(inner, value.why) if value.why else inner
    if isinstance(value, dict):
        return {k: settle_changes(v, previous) for k, v in value.items()}
    if isinstance(value, list):
        return [settle_changes(v, previous) for v in value]
    return value


def _known(stat: Any, previous: Collection[tuple[str, str]]) -> bool:
    return isinstance(stat, dict) and (str(stat.get("项目")), str(stat.get("单位", "次"))) in previous


def figure_keys(value: Any) -> set[tuple[str, str]]:
    """The (项目, 单位) of every 统计 and 概况 entry in imported data."""
    value = value.value if isinstance(value, Review) else value
    if isinstance(value, list):
        return {key for v in value for key in figure_keys(v)}
    if not isinstance(value, dict):
        return set()
    found = {(str(value["项目"]), str(value.get("单位", "次")))} if "项目" in value and "数量" in value else set()
    for v in value.values():
        found |= figure_keys(v)
    return found
