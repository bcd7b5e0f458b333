"""What the importer is unsure of: a value with why (the writer turns it into a "# 请核对"
comment), and the 同比 a source said, which is not data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from tzreport import text
from tzreport.data.models import Report, Stat
from tzreport.report import figures, year_over_year
from tzreport.report.figures import Figure


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
        beside = "" if SAID_AGAIN in self.why else "，请把上年的数据文件放在本文件旁边"
        said = f"原文的同比“{self.change}”没有导入：同比由上年的数据文件算出{beside}" if self.change else ""
        return "；".join(r for r in (self.why, said) if r)


SAID_AGAIN = "按上年的数据文件，报告会写"


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


def plain(value: Any) -> Any:
    """The data without its review marks."""
    if isinstance(value, Review):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def name_of(event: dict[str, Any]) -> str:
    """An event's 名称 without its review mark (a ledger row that looked like a 合计 row has one)."""
    return str(plain(event["名称"]))


Previous = Mapping[tuple[str, str, str], Figure]  # by 项目, 单位 and 口径 (figures.Key)


def settle_changes(value: Any, previous: Previous, period: str = "全年") -> Any:
    """The data with each 同比 mark settled: dropped when the previous year's figures (by 项目,
    单位 and 口径) make the report say the very 同比 the source said, kept when they are not there
    or say another (the previous file may lack the figure, or hold it less exactly than the
    source's author had it)."""
    if isinstance(value, Review):
        inner = settle_changes(value.value, previous, period)
        if not value.change:
            return Review(inner, value.why, value.change)
        said = _said_again(value.value, previous, period)
        if said and isinstance(inner, dict):
            # the source compared this figure with last year: the report compares it too, though
            # its own rule says a comparison only where a chapter's change tells something
            inner = {**inner, "同比": True}
        if said == value.change:
            return Review(inner, value.why) if value.why else inner
        why = f"{SAID_AGAIN}“{said}”" if said else ""
        return Review(inner, "；".join(r for r in (value.why, why) if r), value.change)
    if isinstance(value, dict):
        return {k: settle_changes(v, previous, period) for k, v in value.items()}
    if isinstance(value, list):
        return [settle_changes(v, previous, period) for v in value]
    return value


def _said_again(stat: Any, previous: Previous, period: str) -> str | None:
    """The 同比 the report will say for an imported stat from the previous year's figures."""
    if not isinstance(stat, dict):
        return None
    try:
        model = Stat.model_validate(plain(stat))
    except ValidationError:
        return None
    # a stock (截至目前) is compared only with last year's stock, as the report does
    before = previous.get((text.strip_end(model.label).strip(), model.unit, figures.basis_of(model.basis, period)))
    if before is None:
        return None
    return year_over_year.change(Figure(model.value, model.approx, model.written), before, model.unit, period)


def figures_of(data: Any) -> dict[tuple[str, str, str], Figure]:
    """The figures of imported data (or a data file's report), by 项目, 单位 and 口径; {} when
    it is no valid report."""
    report = data
    if not isinstance(data, Report):
        try:
            report = Report.model_validate(plain(data))
        except ValidationError:
            return {}
    return {(key.label, key.unit, key.basis): figure for key, figure in figures.of_report(report).items()}
