"""`tzreport export`: the events of data files as an activity ledger (台账) in .xlsx.

One row per event, in each report's order: 单位, 章节, 工作事项 (the innermost item the event
is listed in; a 要点's event gives its item), 名称, 日期 (an Excel date), 次数, 人数, 地点,
形式, 备注. The header row's words are those `tzreport import` recognises, and a title row
above it names the unit and year when there is one of each, as a hand-kept ledger does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tzreport.data.models import Report
from tzreport.report import figures, places
from tzreport.writers.xlsx.sheets import Workbook

COLUMNS = ("单位", "章节", "工作事项", "名称", "日期", "次数", "人数", "地点", "形式", "备注")
SHEET = "活动台账"
_WRAP = (2, 3, 9)  # 工作事项, 名称, 备注: long texts wrap


def title(reports: Sequence[Report]) -> str:
    """“河畔花园社区2024年活动台账” for one unit's period; “活动台账” for several."""
    named = {(r.unit, r.year, r.period) for r in reports}
    if len(named) != 1:
        return SHEET
    unit, year, period = named.pop()
    return f"{unit}{year}年{'' if period == '全年' else period}{SHEET}"


def workbook(reports: Sequence[Report]) -> tuple[bytes, int]:
    """The ledger's bytes, and how many events it holds."""
    out = Workbook()
    sheet = out.sheet(SHEET)
    out.title(sheet, title(reports), len(COLUMNS))
    out.header(sheet, 1, COLUMNS)
    row = 2
    border: dict[str, Any] = {"border": 1}
    for report in reports:
        titles = places.item_titles(report)
        for place, event in places.events(report):
            for col in range(len(COLUMNS)):  # the grid drawn on the empty cells too
                out.blank(sheet, row, col, **border)
            for col, value in enumerate((report.unit, figures.short_name(place.section),
                                         places.item_title(place, titles), event.name)):
                out.text(sheet, row, col, value, text_wrap=col in _WRAP, **border)
            if event.date is not None:
                out.date(sheet, row, 4, event.date, **border)
            for col, number in ((5, event.times), (6, event.people)):
                if number is not None:
                    out.number(sheet, row, col, number, **border)
            for col, said in ((7, event.place), (8, event.form), (9, event.note)):
                if said:
                    out.text(sheet, row, col, said, text_wrap=col in _WRAP, **border)
            row += 1
    sheet.autofilter(1, 0, max(row - 1, 1), len(COLUMNS) - 1)
    out.finish(sheet)
    return out.close(), row - 2
