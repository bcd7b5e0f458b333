"""Where a wide 附表's column groups fall on paper: a group that fits under the one before it
stays on that page; one that does not starts a page of its own under the table's title and
“（续表）”, decided once for Word and the PDF."""

from __future__ import annotations

from tzreport.render import document
from tzreport.writers import table_layout
from tzreport.writers.layout import DEFAULT

HEADERS = [f"开展第{n}类宣传活动（次）" for n in range(1, 17)]


def annex(rows: int) -> document.Document:
    head = "| 单位 |" + "".join(f" {h} |" for h in HEADERS)
    rule = "| :---: |" + " :---: |" * len(HEADERS)
    body = [f"| 第{r}社区 |" + "".join(f" {r * n}余（{n}） |" for n in range(1, 17)) for r in range(1, rows + 1)]
    text = "\n".join(["# 报告", "", "正文。", "", "::: 附表", "附表", "", "某街道统计表", "",
                      head, rule, *body, "", ":::", ""])
    return document.parse(text)


def test_groups_that_fit_one_page_stay_together() -> None:
    (setting,) = table_layout.settings(annex(2), DEFAULT).values()
    assert setting.landscape and len(setting.groups) >= 2
    assert not any(g.continued for g in setting.groups)
    assert setting.title == "某街道统计表"


def test_a_group_that_does_not_fit_under_the_one_before_starts_a_page_under_the_title() -> None:
    (setting,) = table_layout.settings(annex(5), DEFAULT).values()
    groups = setting.groups
    assert len(groups) >= 2 and not groups[0].continued
    assert all(g.continued for g in groups[1:])
    assert setting.continuation() == "某街道统计表（续表）"
    # each continued group fits the page it starts
    assert all(g.fits_page for g in groups)


def test_a_cell_breaks_between_its_units_and_before_a_bracket_never_inside_a_figure() -> None:
    assert table_layout.cell_lines("32场次、12余次", 9) == ("32场次、12余次",)
    assert table_layout.cell_lines("32场次、12余次", 5) == ("32场次、", "12余次")
    assert table_layout.cell_lines("36场次（32）、12余次", 5) == ("36场次", "（32）、", "12余次")
    assert table_layout.cell_lines("400余（300余）", 5) == ("400余", "（300余）")


def test_header_lines_break_between_words() -> None:
    assert table_layout.header_lines("开展帮扶各族群众活动（次）", 6) == ("开展帮扶", "各族群众活动", "（次）")
    assert table_layout.header_lines("参与群众（人次）", 4) == ("参与群众", "（人次）")
