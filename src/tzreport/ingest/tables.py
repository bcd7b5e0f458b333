"""Word tables of a report → data: a 统计 table (rows of 项目 and 数量) becomes 统计 where it
stands; a roll-up's 附表 (a row per member unit, then 合计) names the units it adds up. Any
other table is not read, and import says so.
"""

from __future__ import annotations

import re
from typing import Any

from tzreport.ingest.count_grammar import value
from tzreport.report.loose_counts import NUMBER, UNITS

_LABEL_HEADERS = ("项目", "工作项目", "事项", "工作内容", "内容", "指标", "名称", "活动")
_COUNT_HEADERS = ("数量", "次数", "数目", "数值", "完成数")
_MEASURE_HEADERS = ("单位", "计量单位", "量词")
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_FIGURE = re.compile(rf"^(?P<num>{NUMBER})\s*(?P<unit>{_UNIT})?$")
_HEADER_UNIT = re.compile(rf"[（(](?P<unit>{_UNIT})[）)]$")


def _column(header: tuple[str, ...], names: tuple[str, ...]) -> int | None:
    return next((i for i, cell in enumerate(header) if re.sub(r"[（(].*", "", cell).strip() in names), None)


def stats(rows: tuple[tuple[str, ...], ...]) -> list[dict[str, Any]] | None:
    """The 统计 of a table whose rows are 项目 and 数量 (a header naming them, or two columns
    of words and figures), a “其中……” row a part of the row before it; None when it is not
    such a table, or a row does not read as one."""
    rows = tuple(r for r in rows if any(c.strip() for c in r))
    if len(rows) < 2:
        return None
    header = rows[0]
    label_at, count_at = _column(header, _LABEL_HEADERS), _column(header, _COUNT_HEADERS)
    measure_at = _column(header, _MEASURE_HEADERS)
    body = rows[1:]
    if label_at is None or count_at is None:
        if any(len(r) != 2 for r in rows) or not all(_FIGURE.match(r[1].strip()) for r in rows):
            return None
        label_at, count_at, measure_at, body = 0, 1, None, rows
    header_unit = _HEADER_UNIT.search(header[count_at]) if body is not rows else None
    out: list[dict[str, Any]] = []
    for row in body:
        if max(label_at, count_at) >= len(row):
            return None
        label, figure = row[label_at].strip(), row[count_at].strip()
        m = _FIGURE.match(figure)
        if not label or not m:
            return None
        unit = m["unit"] or (row[measure_at].strip() if measure_at is not None and measure_at < len(row) else "")
        unit = unit or (header_unit["unit"] if header_unit else "次")
        if unit not in UNITS:
            return None
        stat: dict[str, Any] = {"项目": label, "数量": value(m["num"])}
        if unit != "次":
            stat["单位"] = unit
        part = re.match(r"^其中[：:，,]?\s*(.+)$", label)
        if part and out:
            stat["项目"] = part[1]
            if stat.get("单位", "次") == out[-1].get("单位", "次"):
                stat.pop("单位", None)
            out[-1].setdefault("其中", []).append(stat)
        else:
            out.append(stat)
    return out


def members(rows: tuple[tuple[str, ...], ...]) -> list[str] | None:
    """The member units a roll-up's 附表 adds up (its rows between the header “单位” and
    “合计”, the roll-up's own “本级” row left out); None when the table is no such 附表."""
    if len(rows) < 3 or not rows[0] or rows[0][0].strip() != "单位" or rows[-1][0].strip() != "合计":
        return None
    return [r[0].strip() for r in rows[1:-1] if r and r[0].strip() and not r[0].strip().endswith("本级")]
