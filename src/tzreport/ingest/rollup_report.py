"""A roll-up's own report recognised on import (docs/命令.md, “导入汇总报告”).

A 街道's report made by a roll-up says whose work its sums count (“新城街道所辖4个社区开展……”)
and ends with a 附表 of its members' figures. Its figures are the sums of those members': a 区
rolls it up as one member; with its communities' files beside it, every figure would be added
twice. So import says what it is in the data file's header (members named, from the 附表 when
it has one), marks its 单位, leaves the 附表 out (a roll-up makes it again from the data), and
refuses to put it in one folder with the data file of a unit it already counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tzreport.ingest import rebuilt_passage, structure
from tzreport.ingest.review import Review, reviewed
from tzreport.ingest.source_text import Paragraph

_ANNEX_TITLE = re.compile(r"^(?:附表\d*[：:])?.{0,40}主要数据统计表$")
HEADER = "原文是{unit}的汇总报告：其中的数字是所辖{count}个{word}之和{names}。"
_HEADER = re.compile(r"^# 原文是(?P<unit>.+?)的汇总报告：其中的数字是所辖\d+个.+?之和(?:（(?P<names>[^）]+)）)?。", re.M)


@dataclass
class RollupReport:
    """What a roll-up's report says of itself: its unit, how many members of which kind, and
    their names when its 附表 lists them."""

    unit: str
    count: int
    word: str
    members: list[str] = field(default_factory=list)

    def header(self) -> list[str]:
        names = f"（{'、'.join(self.members)}）" if self.members else ""
        return [
            HEADER.format(unit=self.unit, count=self.count, word=self.word, names=names),
            f"区（上级）汇总时，把本文件作为一个成员；不要同时汇总所辖{self.word}的数据文件，否则这些数字会相加两次。"
            "原文的附表由汇总时重新算出，没有导入。",
        ]

    def mark(self) -> str:
        return f"原文是汇总报告，数字是所辖{self.count}个{self.word}之和：不要与所辖{self.word}的文件一起汇总"


def recognise(paras: list[Paragraph], unit: str, members: list[str]) -> RollupReport | None:
    """The roll-up a report of this unit says it is, or None: its 附表 lists its members (a
    row each, then 合计) and its text names them or says “{unit}所辖4个社区”; without such a
    table (a text file), it says “{unit}所辖4个社区” and has a 附表 titled “……主要数据统计表”."""
    text = "".join(p.text for p in paras)
    said = re.search(rf"{re.escape(unit)}及?所辖(\d+)个({_KINDS})", text) if unit else None
    if members and (said or any(name in text for name in members)):
        return RollupReport(unit, len(members), said[2] if said else _kind(members), members)
    if said and any(_ANNEX_TITLE.match(p.text) for p in paras):
        return RollupReport(unit, int(said[1]), said[2])
    return None


_KINDS = "社区|村|街道|乡镇|镇|乡|单位"


def _kind(members: list[str]) -> str:
    """What the members are (社区, 街道 …), when they all are the same, else 单位."""
    kinds = {next((k for k in _KINDS.split("|") if name.endswith(k)), "单位") for name in members}
    return kinds.pop() if len(kinds) == 1 else "单位"


def said_in_header(text: str) -> tuple[str, list[str]] | None:
    """From an imported data file's text: the roll-up it came from and the members it names."""
    m = _HEADER.search(text)
    if m is None:
        return None
    return m["unit"], m["names"].split("、") if m["names"] else []


def mark_sums(value: Any, rolled: RollupReport) -> Any:
    """The data with each 统计 whose 项目 says whose sum it is (“新城街道所辖4个社区组织宗教知识学习”)
    marked: the report says it again as written, but a 区 adds up only figures of the same 项目,
    and every 街道 names itself there."""
    subject = _subject(rolled)
    if isinstance(value, Review):
        return Review(mark_sums(value.value, rolled), value.why, value.change)
    if isinstance(value, list):
        return [mark_sums(v, rolled) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: mark_sums(v, rolled) for k, v in value.items()}
    for i, entry in enumerate(out.get("统计", []) if isinstance(out.get("统计"), list) else []):
        label = str((entry.value if isinstance(entry, Review) else entry).get("项目", ""))
        if m := subject.match(label):
            out["统计"][i] = reviewed(entry, f"“项目”以“{m[0]}”开头，说的是谁的数字：区汇总时只有项目相同的数字才相加，"
                                             f"需要与别的街道相加时请删去这几个字")
    return out


def _subject(rolled: RollupReport) -> re.Pattern[str]:
    """Who a sums sentence of the roll-up's report begins with."""
    names = "|".join(map(re.escape, rolled.members)) or "(?!)"
    # a later chapter says who once said: “各社区”, “上述4个社区” (report/gather.py)
    return re.compile(rf"^{re.escape(rolled.unit)}及?所辖\d+个{rolled.word}(?:中的\d+个)?"
                      rf"|^(?:{re.escape(rolled.unit)}及)?(?:各|上述\d+个){rolled.word}"
                      rf"|^(?:{re.escape(rolled.unit)}及)?(?:(?:{names})、?)+")


def keep_unsaid_changes(value: Any, rolled: RollupReport) -> Any:
    """The data with each sums sentence whose 同比 the data cannot say again put back into the
    text, word for word (called once the 同比 are settled against last year's file).

    A sum's 项目 begins with who it counts (“河畔花园社区、金源郦都社区清除宗教宣传标语”), and
    who counted which figure changes from year to year: last year's figure stands under another
    项目 (“……排查……7次，清除宗教宣传标语150余处”), so the report rebuilt from the data would
    drop the 同比 the source said. Where the data format cannot say a sentence, it stays as text
    in place, its figures marked for review (DESIGN §7: nothing is lost)."""
    if isinstance(value, Review):
        if isinstance(value.value, (dict, list)):
            return Review(keep_unsaid_changes(value.value, rolled), value.why, value.change)
        return value
    if isinstance(value, list):
        return [keep_unsaid_changes(v, rolled) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: keep_unsaid_changes(v, rolled) for k, v in value.items()}
    stats = out.get("统计")
    if not isinstance(stats, list) or not stats or out.get("要点") or not any(
            isinstance(e, Review) and e.change for e in stats):
        return out
    first = stats[0].value if isinstance(stats[0], Review) else stats[0]
    if not isinstance(first, dict) or not _subject(rolled).match(str(first.get("项目", ""))):
        return out
    said = rebuilt_passage.passage(out)
    if said is None:
        return out
    kept = {k: v for k, v in out.items() if k not in ("内容", "统计", "活动")}
    titled = {k: v for k, v in kept.items() if k == "标题"}
    return {**titled, "内容": Review(said, structure.UNMAPPED), **{k: v for k, v in kept.items() if k != "标题"}}
