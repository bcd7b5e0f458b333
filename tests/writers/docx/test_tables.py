"""Word tables: a GFM table of the Markdown becomes a real, full-width Word table, and a
::: 附表 block becomes an attachment page (GB/T 9704 7.5)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tzreport.render import document
from tzreport.writers import unbroken
from tzreport.writers.docx import writer
from tzreport.writers.layout import DEFAULT, mm_twips

ANNEX = """\
# 新城街道2024年统战工作总结

正文。

::: 附表
附表

各社区统战工作主要数据统计表

| 单位 | 开展各项活动（次） | 参与群众（人次） |
| :---: | :---: | :---: |
| 河畔花园社区 | 12（10） | 350 |
| 希望新城社区 | 8 | 400余 |
| **合计** | **20** | **700余** |

（续表）

| 单位 | 发放手册（份） |
| :---: | :---: |
| 河畔花园社区 | 1\\|2 |

注：括号内为上年数。
:::
"""


@pytest.fixture(scope="module")
def doc():
    return Document(io.BytesIO(writer.to_docx(document.parse(ANNEX))))


def east_asia(run) -> str:
    return run._r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_cells_rows_and_order(doc) -> None:
    assert len(doc.tables) == 2
    rows = [[unbroken.strip(c.text) for c in r.cells] for r in doc.tables[0].rows]
    assert rows == [
        ["单位", "开展各项活动（次）", "参与群众（人次）"],
        ["河畔花园社区", "12（10）", "350"],
        ["希望新城社区", "8", "400余"],
        ["合计", "20", "700余"],
    ]
    # an escaped pipe is text in its cell, not a column break
    assert [c.text for c in doc.tables[1].rows[1].cells] == ["河畔花园社区", "1|2"]


def test_full_width_with_widths_on_grid_and_every_cell(doc) -> None:
    for table in doc.tables:
        tbl = table._tbl
        grid = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) == mm_twips(156) == DEFAULT.type_width_twips
        width = tbl.tblPr.find(qn("w:tblW"))
        assert (width.get(qn("w:w")), width.get(qn("w:type"))) == (str(sum(grid)), "dxa")
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in tbl.findall(qn("w:tr")):
            cells = [int(tc.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w")))
                     for tc in row.findall(qn("w:tc"))]
            assert cells == grid


def test_first_column_fits_the_longest_unit_name_and_figures_fit_a_line(doc) -> None:
    grid = [int(g.get(qn("w:w"))) for g in doc.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    margins = 2 * mm_twips(DEFAULT.table_cell_margin_mm)
    # 6 characters of 小四 (12 pt = 240 twips) and the cell margins on both sides
    assert grid[0] == 6 * 240 + margins
    # "12（10）": four digits and two brackets, a digit counted at 0.7 of a character (the
    # Latin face a renderer may fall back on, DejaVu Sans Bold, is that wide); "参与群众（人次）":
    # its unit's 4
    figures = round(4.8 * 240) + margins
    assert grid[1] >= figures and grid[2] >= 4 * 240 + margins
    # the space left over is shared equally
    assert grid[1] - figures == pytest.approx(grid[2] - (4 * 240 + margins), abs=2)


def test_borders_on_every_side(doc) -> None:
    borders = doc.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = borders.find(qn(f"w:{side}"))
        assert (line.get(qn("w:val")), line.get(qn("w:sz"))) == ("single", "4"), side


def test_header_row_repeats_and_no_row_breaks_across_pages(doc) -> None:
    rows = doc.tables[0]._tbl.findall(qn("w:tr"))
    assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert all(r.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for r in rows)
    assert all(r.find(qn("w:trPr")).find(qn("w:tblHeader")) is None for r in rows[1:])


def test_fonts_heiti_header_fangsong_cells_xiaosi(doc) -> None:
    table = doc.tables[0]
    header = table.rows[0].cells[1].paragraphs[0].runs[0]
    cell = table.rows[1].cells[1].paragraphs[0].runs[0]
    total = table.rows[3].cells[1].paragraphs[0].runs[0]
    assert east_asia(header) == "黑体" and header.font.size.pt == 12
    assert east_asia(cell) == "仿宋_GB2312" and cell.font.size.pt == 12 and not cell.bold
    assert total.bold  # the total row is bold in the Markdown
    paragraph = table.rows[1].cells[1].paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    style = doc.styles["表格文字"].paragraph_format
    assert style.line_spacing.pt == DEFAULT.table_line_pt and style.first_line_indent.pt == 0


def test_annex_page_label_title_and_notes(doc) -> None:
    paras = [(p.style.style_id, p.text) for p in doc.paragraphs]
    start = paras.index(("AnnexLabel", "附表"))
    assert paras[start:start + 3] == [
        ("AnnexLabel", "附表"), ("Normal", ""), ("AnnexTitle", "各社区统战工作主要数据统计表"),
    ]
    assert ("TableNote", "（续表）") in paras and paras[-1] == ("TableNote", "注：括号内为上年数。")
    label = doc.styles["附件标识"]
    assert label.paragraph_format.page_break_before  # an attachment starts a new page
    assert east_asia(next(p for p in doc.paragraphs if p.text == "附表").runs[0]) == "黑体"
    title = next(p for p in doc.paragraphs if p.style.style_id == "AnnexTitle")
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    assert doc.styles["附件标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_table_is_where_the_markdown_puts_it(doc) -> None:
    body = doc.element.body
    kinds = [el.tag.split("}")[1] for el in body if el.tag != qn("w:sectPr")]
    texts = ["".join(t.text for t in el.iter(qn("w:t"))) if el.tag == qn("w:p") else "表"
             for el in body if el.tag != qn("w:sectPr")]
    assert kinds.count("tbl") == 2
    assert texts[texts.index("各社区统战工作主要数据统计表") + 1] == "表"
