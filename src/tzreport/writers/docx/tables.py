"""Tables in the Word document: a GFM pipe table of the Markdown becomes a real Word table.

The table spans the type area (版心), portrait or landscape; a wide one comes as column groups
(table_layout.py), each a table of its own. Its header rows repeat on every page (w:tblHeader)
and no row breaks across pages, nor do the last two rows part; a group that fits a page is kept
on one. Column widths are set on both w:gridCol and every cell's w:tcW: Word reads the cells,
WPS reads the grid. A header cell's lines are set with line breaks, so Word breaks it between
words only. All figures come from the layout profile.

The Word writer hands in its own run writer, so this module knows nothing of python-docx.
"""

from __future__ import annotations

from collections.abc import Callable

from tzreport.render.document import Cell
from tzreport.writers import unbroken
from tzreport.writers.geometry import KEEP_LAST_ROWS
from tzreport.writers.layout import Font, Layout, mm_twips, twips
from tzreport.writers.table_layout import Group

RunXml = Callable[[str, Font, bool], str]  # (text, font, bold) → <w:r>


def xml(group: Group, layout: Layout, run: RunXml, keep_with_next: bool = False) -> str:
    """A column group as WordprocessingML (w:tbl). keep_with_next: its last row stays on the page
    of the paragraph after it (a note under the table is never alone on a page)."""
    table = group.table
    columns = list(group.widths)
    line = f'w:val="single" w:sz="{round(layout.table_border_pt * 8)}" w:space="0" w:color="000000"'
    borders = "".join(f"<w:{side} {line}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margin = mm_twips(layout.table_cell_margin_mm)
    properties = (
        f'<w:tblPr><w:tblW w:w="{sum(columns)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in columns)
    rows = []
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        cells = (*row, *[Cell(())] * (len(columns) - len(row)))
        # the header with the first two rows: never a header (or, on the page before, the
        # 附表's label and title) alone at a page's foot; the last rows together: a 合计 row
        # never stands alone under a repeated header
        keep = (index <= table.header_rows and index < len(table.rows) - 1
                or keep_with_next and index == len(table.rows) - 1
                or (group.fits_page or len(table.rows) - KEEP_LAST_ROWS <= index)
                and index < len(table.rows) - 1 and index >= table.header_rows)
        lines = group.lines[index]
        xml_cells = "".join(
            _cell(c, w, header, layout, run, keep, lines[j] if j < len(lines) else None)
            for j, (c, w) in enumerate(zip(cells, columns, strict=False))
        )
        repeat = "<w:tblHeader/>" if header else ""
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{xml_cells}</w:tr>")
    return f"<w:tbl>{properties}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _cell(cell: Cell, width: int, header: bool, layout: Layout, run: RunXml,
          keep_next: bool = False, lines: tuple[str, ...] | None = None) -> str:
    font = layout.table_header if header else layout.table
    # a figure and its previous year's each whole: "400余（300余）" breaks before the bracket only
    words = (lambda t: t) if header else unbroken.cell
    jc = {"center": "center", "right": "right"}.get(cell.align, "left")
    if lines is not None and len(lines) > 1:
        bold = any(r.bold for r in cell.runs)
        # each line after the first opens its run with a line break
        runs = "".join(run(words(line), font, bold).replace("<w:t ", "<w:br/><w:t ", 1) if n else
                       run(words(line), font, bold) for n, line in enumerate(lines))
    else:
        runs = "".join(run(words(r.text), font, r.bold) for r in cell.runs)
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{"<w:keepNext/>" if keep_next else ""}'
        f'<w:jc w:val="{jc}"/></w:pPr>{runs}</w:p></w:tc>'
    )


StyleXml = Callable[[str, str, Font, str], str]  # (style id, name, font, paragraph properties)


def styles(layout: Layout, style: StyleXml) -> list[str]:
    """The paragraph styles of tables and of the 附表 pages."""
    flush = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    page_line = f'<w:spacing w:before="0" w:after="0" w:line="{layout.line_twips}" w:lineRule="exact"/>'
    # Off the page's line grid, or every line of a cell would take a whole 28.95 pt grid line.
    # No extra quarter em between Chinese and figures (autoSpaceDE/DN, on by default in Word
    # and LibreOffice): the columns are as wide as their figures, as in the PDF, and "15（16）"
    # would no longer fit its cell and break inside the number.
    cell_line = (
        f'<w:snapToGrid w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" '
        f'w:line="{twips(layout.table_line_pt)}" w:lineRule="exact"/>'
    )
    return [
        style("AnnexLabel", "附件标识", layout.annex_label,
              f'<w:keepNext/><w:pageBreakBefore/>{page_line}{flush}<w:jc w:val="left"/>'),
        style("AnnexTitle", "附件标题", layout.title, f'<w:keepNext/>{page_line}{flush}<w:jc w:val="center"/>'),
        style("TableText", "表格文字", layout.table, f'{cell_line}{flush}<w:jc w:val="center"/>'),
        style("TableNote", "表注", layout.table, f'{cell_line}{flush}<w:jc w:val="left"/>'),
    ]
