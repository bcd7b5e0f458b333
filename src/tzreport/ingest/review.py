"""What the importer is unsure of: a value with why (the writer turns it into a "# 请核对"
comment), and the 同比 a source said, which is not data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Review:
    """A value the importer is unsure of, with why (written as "# 请核对：why"). change: a 同比
    the source said after this count, which is not data (the report works it out from the
    previous year's file): to review only when there is no such file (see settle_changes)."""

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


def settle_changes(value: Any, previous: bool) -> Any:
    """The data with each 同比 mark settled: when the previous year's file is there, the count
    gets `同比: true` (the report works the wording out from that file, and says it where the
    source said one, though its own rule compares only a figure or two a chapter); kept for
    review when it is not."""
    if isinstance(value, Review):
        if not previous or not value.change:
            return Review(settle_changes(value.value, previous), value.why, value.change)
        inner = settle_changes(value.value, previous)
        if isinstance(inner, dict):
            inner = {**inner, "同比": True}
        return Review(inner, value.why) if value.why else inner
    if isinstance(value, dict):
        return {k: settle_changes(v, previous) for k, v in value.items()}
    if isinstance(value, list):
        return [settle_changes(v, previous) for v in value]
    return value
