"""How a table (the 附表) is set on the page, the same in Word, the Typst PDF and HTML: portrait
or landscape, the column groups a wide table is cut into, each column's width and the lines of
each header cell.

A table that does not fit the portrait type area goes on a landscape page first (GB/T 9704-2012
allows 横排表格); only what does not fit that either is cut into column groups. Every group
repeats the first (unit) column with every row, so each reads on its own. A group that would not
fit under the one before it starts a page of its own, under the table's title and “（续表）”
(“（续表）” means the same table continued on the next page): decided here, from the groups'
heights with a line to spare, so that Word and the PDF break at the same group and say the same. A header cell breaks
between words only, its unit (“（人次）”) on a line of its own: the lines are decided here and
set with explicit line breaks, so no renderer breaks "宣传|品" or "人|次".
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from tzreport import text
from tzreport.render.document import Cell, Document, Table
from tzreport.writers.layout import Layout, mm_twips, twips

# Words of 附表 headers a line break must not split, besides the titles' words.
HEADER_WORDS = (
    *text.TITLE_WORDS, "宣传品", "宣传图板", "手册", "活动", "群众", "参与群众", "排查", "非法",
    "聚会点", "志愿", "志愿服务", "慰问", "帮扶", "载体", "风险", "领域", "留学生", "信教",
    "华侨", "归侨", "侨眷", "人士", "代表", "党外", "知识分子", "各项", "家庭", "取缔", "清除",
    "发放", "评选", "收集", "意见", "建议", "采纳", "走访", "座谈", "培训", "讲座", "人次",
    "场次", "各族", "各族群众", "隐患", "标语", "随意", "张贴", "公益", "青年", "党员",
)
_UNIT = re.compile(r"^(.*?)(（[^（）]*）)$")
HEADER_LINES = 2  # a header's label in at most two lines (its unit on a third)


@dataclass(frozen=True, slots=True)
class Group:
    """One column group as set: the table (the unit column and some figure columns, every
    row), each column's width in twips, the lines of each cell (row by row: a header in
    words, a figure with its previous year's in brackets on a second line when the column is
    too narrow for both), and whether the whole group fits one page (then it is kept on one)."""

    table: Table
    widths: tuple[int, ...]
    lines: tuple[tuple[tuple[str, ...], ...], ...]
    fits_page: bool
    height: float = 0.0  # points, every row as set
    # starts a page of its own, under the table's title and “（续表）” (on paper; HTML has no pages)
    continued: bool = False


@dataclass(frozen=True, slots=True)
class Setting:
    landscape: bool
    groups: tuple[Group, ...]
    title: str = ""  # the table's title (the 附表's), which a continued group repeats

    def continuation(self) -> str:
        """The heading of a page a column group continues the table on: “……统计表（续表）”."""
        return f"{self.title}{CONTINUED}"


CONTINUED = "（续表）"


def portrait_width(layout: Layout) -> int:
    """The type area's width on a portrait page, in twips."""
    return layout.type_width_twips


def landscape_width(layout: Layout) -> int:
    """The type area's width on a landscape page (the portrait type area turned), in twips."""
    return mm_twips(layout.page_height_mm - layout.margin_top_mm - layout.margin_bottom_mm)


def landscape_margins(layout: Layout) -> tuple[float, float, float, float]:
    """(top, bottom, left, right) in mm of a landscape page: the portrait page turned a
    quarter clockwise, so the type area keeps its size (225 × 156 mm for A4)."""
    return (layout.margin_left_mm, layout.margin_right_mm, layout.margin_bottom_mm,
            layout.margin_top_mm)


def _ems(words: str) -> float:
    return text.display_width(words)


def _figure_ems(words: str) -> float:
    """How wide a cell's entry may be set: a digit is half a character in a Chinese face, but
    up to two thirds of one in the Latin face a renderer falls back on (LibreOffice without the
    Chinese fonts); the column leaves room for that, so no figure breaks."""
    return sum(0.7 if ord(c) < 0x2000 else 1.0 for c in words)


def split_header(header: str) -> tuple[str, str]:
    """A header's label and its unit: "参与群众（人次）" → ("参与群众", "（人次）")."""
    found = _UNIT.match(header)
    if found is None or not found.group(1):
        return header, ""
    return found.group(1), found.group(2)


def header_lines(header: str, chars: float) -> tuple[str, ...]:
    """A header cell's lines in a column `chars` characters wide: the label in balanced lines
    between words, then the unit on its own line when the whole does not fit one."""
    if _ems(header) <= chars:
        return (header,)
    label, unit = split_header(header)
    lines = text.title_lines(label, max(chars, 1.0), HEADER_WORDS)
    return (*lines, unit) if unit else tuple(lines)


def cell_lines(entry: str, chars: float) -> tuple[str, ...]:
    """A figure cell's lines in a column `chars` characters wide: one, or the figure and its
    previous year's in brackets ("400余" / "（300余）") when both do not fit; a cell of figures
    in two units ("32场次、12余次") a line for each first; never a break inside a figure."""
    if _figure_ems(entry) <= chars:
        return (entry,)
    parts = entry.split("、")
    lines: list[str] = []
    for n, part in enumerate(parts):
        piece = part if n == len(parts) - 1 else f"{part}、"
        at = piece.find("（")
        lines += [piece] if _figure_ems(piece) <= chars or at <= 0 else [piece[:at], piece[at:]]
    return tuple(lines)


class _Columns:
    """Each column's least width (twips) and the figures that decide it."""

    def __init__(self, table: Table, layout: Layout) -> None:
        self.layout = layout
        self.size = layout.table.size
        self.margin = 2 * mm_twips(layout.table_cell_margin_mm)
        self.count = max((len(r) for r in table.rows), default=1)
        head = table.rows[: table.header_rows]
        body = table.rows[table.header_rows:] or table.rows
        self.headers = [" ".join(_cell(r, j) for r in head) for j in range(self.count)]
        self.body = [max((_figure_ems(_cell(r, j)) for r in body), default=1.0)
                     for j in range(self.count)]
        # the same when a figure's previous year may go on a line of its own
        self.body_parts = [max((max(map(_figure_ems, cell_lines(_cell(r, j), 0))) for r in body),
                               default=1.0) for j in range(self.count)]

    def twips(self, chars: float) -> int:
        return twips(chars * self.size) + self.margin

    def chars(self, width: int) -> float:
        return (width - self.margin) / 20 / self.size

    def least(self, j: int, wrap: bool = False) -> float:
        """The narrowest a column may be, in characters: its widest figure (wrap: its widest
        part, the figure or its previous year's), its unit, and its label in at most
        HEADER_LINES lines broken between words."""
        label, unit = split_header(self.headers[j])
        need = max(self.body_parts[j] if wrap else self.body[j], _ems(unit), 1.0)
        if not label:
            return need
        chars = max(need, _ems(label) / HEADER_LINES)
        while chars < _ems(label) and len(header_lines(self.headers[j], chars)) > HEADER_LINES + 1:
            chars += 0.5
        lines = header_lines(self.headers[j], chars)
        return max(need, max(_ems(line) for line in lines))


def _cell(row: tuple[Cell, ...], j: int) -> str:
    return row[j].text if j < len(row) else ""


def setting(table: Table, layout: Layout, page: str = "any") -> Setting:
    """How a table is set. page "any" (a 附表, on pages of its own): on the portrait page when
    it fits there, else on a landscape page; "portrait" or "landscape": on that page, whatever
    it holds. Cut into column groups when the page is too narrow for it."""
    columns = _Columns(table, layout)
    if page == "landscape":
        return Setting(True, _paged(_groups(table, columns, landscape_width(layout)), layout, True))
    portrait = _groups(table, columns, portrait_width(layout))
    if len(portrait) == 1 or page == "portrait":
        return Setting(False, _paged(portrait, layout, False))
    return Setting(True, _paged(_groups(table, columns, landscape_width(layout)), layout, True))


def settings(doc: Document, layout: Layout) -> dict[int, Setting]:
    """How each table of the document is set, by its block's index: a table before the
    landscape pages (landscape_from) on a portrait page, one after on the landscape page;
    with the title of its 附表 (the annex title before it), which a continued group repeats."""
    turn = landscape_from(doc, layout)
    found = {}
    title = ""
    for i, b in enumerate(doc.blocks):
        if b.kind == "annex_label":
            title = ""
        elif b.kind == "annex_title":
            title = b.text
        if b.table is not None:
            placed = setting(b.table, layout, "portrait" if turn is None or i < turn else "landscape")
            found[i] = Setting(placed.landscape, placed.groups, title)
    return found


def _paged(groups: tuple[Group, ...], layout: Layout, landscape: bool) -> tuple[Group, ...]:
    """The groups, each after the first marked `continued` when it would not fit on the page
    under the ones before it. A page holds the type area's height less the 附表's label and
    title (or the continued title), the line between two groups, the note under the last, and
    a line to spare (a renderer's rounding must not push a group on where this kept it)."""
    if len(groups) < 2:
        return groups
    room = _page_height(layout, landscape) - layout.line_pitch_pt
    gap = layout.table_line_pt
    out: list[Group] = []
    used = 0.0
    for number, group in enumerate(groups):
        need = group.height + (gap if number == len(groups) - 1 else 0.0)  # the note under the last
        if number and used + gap + need > room:
            out.append(dataclasses.replace(group, continued=True))
            used = need
        else:
            out.append(group)
            used += (gap if number else 0.0) + need
    return tuple(out)


def _groups(table: Table, columns: _Columns, total: int) -> tuple[Group, ...]:
    if columns.count == 1:
        return (_group(table, columns, [0], [total]),)
    first = min(columns.twips(max(columns.body[0], _ems(columns.headers[0]))),
                int(total * columns.layout.table_first_column_max))
    full = [columns.twips(columns.least(j)) for j in range(1, columns.count)]
    least = [columns.twips(columns.least(j, wrap=True)) for j in range(1, columns.count)]
    spans = _balanced_spans(full, total - first)
    wrapped = _balanced_spans(least, total - first)
    if len(wrapped) < len(spans):  # fewer groups when a previous year may take a second line
        spans = wrapped
    else:
        least = full
    out = []
    for span in spans:
        indexes = [0, *(j + 1 for j in span)]
        room = total - first
        sized = _sized([least[j] for j in span], [full[j] for j in span], room)
        out.append(_group(table, columns, indexes, [first, *sized]))
    return tuple(out)


def _sized(least: list[int], full: list[int], room: int) -> list[int]:
    """Widths adding up to `room`: each column its least; then what is left first to the
    columns that then hold every figure on one line (the nearest first), then to all alike."""
    sized = list(least)
    if sum(sized) > room:  # even one column is wider than the page: shrink alike
        sized = [w * room // sum(sized) for w in sized]
    else:
        for j in sorted(range(len(sized)), key=lambda j: full[j] - least[j]):
            if sum(sized) + full[j] - sized[j] <= room:
                sized[j] = full[j]
        spare = (room - sum(sized)) // len(sized)
        sized = [w + spare for w in sized]
    sized[-1] += room - sum(sized)
    return sized


def _balanced_spans(widths: list[int], room: int) -> list[list[int]]:
    """The figure columns in the fewest runs that each fit `room`, as even as can be (the
    widest run as narrow as possible); a column wider than the room has a run of its own."""
    n = len(widths)
    prefix = [0]
    for w in widths:
        prefix.append(prefix[-1] + w)

    def fits(a: int, b: int) -> bool:
        return b - a == 1 or prefix[b] - prefix[a] <= room

    # best[i]: (runs, widest run) for the first i columns
    best: list[tuple[int, int, list[int]]] = [(0, 0, [])]
    for b in range(1, n + 1):
        options = [(best[a][0] + 1, max(best[a][1], prefix[b] - prefix[a]), [*best[a][2], a])
                   for a in range(b) if fits(a, b)]
        best.append(min(options, key=lambda o: (o[0], o[1])))
    cuts = [*best[n][2], n]
    return [list(range(a, b)) for a, b in zip(cuts, cuts[1:], strict=False)]


def _group(table: Table, columns: _Columns, indexes: list[int], widths: list[int]) -> Group:
    rows = tuple(tuple(row[j] if j < len(row) else Cell(()) for j in indexes) for row in table.rows)
    part = Table(rows, table.header_rows)
    lines = tuple(
        tuple((header_lines if number < table.header_rows or j == 0 else cell_lines)(
            cell.text, columns.chars(w)) for j, (cell, w) in enumerate(zip(row, widths, strict=True)))
        for number, row in enumerate(rows)
    )
    height = sum(max((len(c) for c in row), default=1) for row in lines) * columns.layout.table_line_pt
    return Group(part, tuple(widths), lines, height <= _page_height(columns.layout), height)


def _page_height(layout: Layout, landscape: bool = True) -> float:
    """The type area's height of a landscape (or portrait) page less the 附表's label and title,
    in points."""
    if landscape:
        mm = layout.page_width_mm - layout.margin_left_mm - layout.margin_right_mm
    else:
        mm = layout.page_height_mm - layout.margin_top_mm - layout.margin_bottom_mm
    return mm / 25.4 * 72 - 4 * layout.line_pitch_pt


def landscape_from(doc: Document, layout: Layout) -> int | None:
    """The block (a 附表's label) from which the pages are landscape: the first 附表 holding a
    table that is set landscape; None when every page is portrait."""
    start = None
    for index, block in enumerate(doc.blocks):
        if block.kind == "annex_label":
            start = index
        elif block.table is not None and start is not None and setting(block.table, layout).landscape:
            return start
    return None


