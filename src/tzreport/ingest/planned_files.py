"""The data files one import run writes, planned together before any is written: each with its
source (a part of it, when the source holds several reports), its target and its data; a
roll-up's own report recognised and marked; a roll-up's report and a file of a unit it counts
never put in one folder, where a roll-up of that folder would add the unit's figures twice;
and the figures of the previous year's file, which a 同比 the source said is settled against.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tzreport.data import headers
from tzreport.errors import InputError
from tzreport.ingest import mapping, review, rollup_report, source_text
from tzreport.ingest.review import Review, reviewed


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Review) else value


def report_data(paras: list[source_text.Paragraph], unit: str | None, year: int | None,
            members: list[str]) -> tuple[dict[str, Any], rollup_report.RollupReport | None]:
    """One report's data, and the roll-up it says it is (its 单位 then marked)."""
    data = mapping.from_paragraphs(paras, unit, year)
    rolled = rollup_report.recognise(paras, str(_plain(data["单位"])), members)
    if rolled is not None:
        data["单位"] = reviewed(data["单位"], rolled.mark())
        data = rollup_report.mark_sums(data, rolled)
    return data, rolled


def counted_twice(mapped: list[Planned]) -> None:
    """Refuse to put a roll-up's report and the data file of a unit it counts already in one
    folder, where `汇总: ["*.yaml"]` would add that unit's figures twice: imported together, or
    one of them already there (an imported roll-up says its members in its header)."""
    for folder in {m.target.parent for m in mapped}:
        here = [(m.target.name, str(_plain(m.data.get("单位"))), m.rolled) for m in mapped if m.target.parent == folder]
        for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
            if path.suffix.lower() not in headers.DATA_SUFFIXES or any(path.name == name for name, _, _ in here):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")[:4000]
            found = headers.header(path)
            said = rollup_report.said_in_header(text)
            rolled = rollup_report.RollupReport(said[0], len(said[1]), "单位", said[1]) if said else None
            here.append((path.name, found.unit if found else "", rolled))
        for name, _, rolled in here:
            for other, unit, _ in here:
                if rolled is not None and other != name and unit in rolled.members:
                    raise InputError(
                        f"{folder / name}: 错误 这是{rolled.unit}的汇总报告，其中的数字已含{unit}的；{unit}的数据文件"
                        f"（{other}）在同一文件夹中，用 汇总: [\"*.yaml\"] 汇总时会相加两次：请把汇总报告导入到另一个文件夹（-o）")


@dataclass
class Planned:
    """One data file to write: where from (a source, `part` of it when it holds several
    reports), where to, its data, what of the source it leaves out, and the roll-up the
    source says it is."""

    source: Path
    target: Path
    data: dict[str, Any]
    dropped: list[str]
    unread: list[str]
    part: str = ""
    rolled: rollup_report.RollupReport | None = None


def add(mapped: list[Planned], new: Planned) -> None:
    if any(new.target == m.target for m in mapped):
        raise InputError(f"{new.source}: 错误 与另一个导入的文件同名（{new.target.name}）：请分开导入，或用 --unit 区分单位")
    mapped.append(new)


def _identity(data: dict[str, Any]) -> tuple[Any, ...]:
    return (_plain(data.get("单位")), _plain(data.get("年度")), data.get("期间", "全年"), data.get("类型", "统战工作"))


def previous_figures(data: dict[str, Any], folder: Path, batch: list[dict[str, Any]]) -> review.Previous:
    """The figures (by 项目 and 单位) of the previous year's data file of an imported report,
    which the report works its 同比 out from: imported with it, or in the folder it is written
    to (none when there is none, or it cannot be read)."""
    unit, year, period, kind = _identity(data)
    if not isinstance(year, int):
        return {}
    wanted = (unit, year - 1, period, kind)
    for other in batch:
        if _identity(other) == wanted:
            return review.figures_of(other)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in headers.DATA_SUFFIXES) if folder.is_dir() else []
    for path in files:
        found = headers.header(path)
        if found is not None and (found.unit, found.year, found.period, found.kind) == wanted:
            from tzreport.data import loader
            from tzreport.errors import DataError

            try:
                return review.figures_of(loader.load(path))
            except DataError:
                return {}
    return {}
