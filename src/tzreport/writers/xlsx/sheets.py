"""What every .xlsx tzreport writes shares, through XlsxWriter: a workbook in memory with a
Chinese default font, cells written by kind (text always as text, never a formula), column
widths fitted to Chinese text, the header row frozen, and A4 printing with the header row on
every page.

XlsxWriter, not openpyxl: it stores a formula together with its computed value, so a viewer
that does not recalculate (a phone, a preview pane, a reader library) still shows a 合计.

Hostile text stays text: every string goes through write_string (never through a method that
guesses what a string is), so “=HYPERLINK(…)” from a data file is a string cell; one that
starts as a formula would (= + - @) also gets Excel's quote prefix, so that editing the cell
does not turn it into one. Nothing is written as a link, and there are no macros.

Every text comes back from the file exactly as written, through the escapes of ECMA-376 Part 1,
22.9.2.19 (ST_Xstring): a character XML cannot hold (a “\r” in a 名称) is stored as _xHHHH_, and
an underscore that would otherwise open such an escape as _x005F_ (so “_x000D_” typed by a user
stays those seven characters). Readers (Excel, WPS, our import through calamine) decode left to
right. XlsxWriter's own escaping misses the underscore when it opens an escape whose closing
underscore is shared (“_x0041_x0042_” read back “_x0041B”) or comes from the escape of the
character after it (“_x0041” then “\r” read back “A…”), so its escaping is replaced by xstring.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import xlsxwriter
import xlsxwriter.xmlwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from tzreport.errors import OutputError
from tzreport.report.stat_book import CELL_LIMIT

FONT = "宋体"  # what WPS and Excel on a Chinese Windows start a sheet with
SIZE = 11
TITLE_SIZE = 14
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_CELL = CELL_LIMIT  # characters (UTF-16 units) a cell holds
WIDEST = 48  # a column's width in characters; longer text wraps
A4 = 9  # Excel's paper code
# How many width units fit across A4 inside the default margins, upright and across: a wider
# sheet is printed across (landscape), fitted to one page wide when that shrinks it a little;
# a far wider one (a 附表 of many figures) goes on over pages, its first column on each.
PORTRAIT_WIDTH = 90
LANDSCAPE_WIDTH = 135
SHRINK = 1.3
LINE_HEIGHT = 15  # points: one line of 11 pt text


# What ST_Xstring escapes as _xHHHH_: the characters XML 1.0 cannot hold (tab and line feed it
# can; “\r” it would turn into a line feed), and the lone surrogates UTF-8 cannot encode.
_UNWRITABLE = "\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff"
# An underscore a reader would take for the start of an escape: one followed by xHHHH and an
# underscore, or by xHHHH and a character that is escaped (its escape starts with one).
_OPENER = re.compile(f"_(?=x[0-9A-Fa-f]{{4}}(?:_|[{_UNWRITABLE}]))")
_ESCAPED = re.compile(f"[{_UNWRITABLE}]")


def xstring(value: Any) -> Any:
    """A text as an .xlsx part stores it (ST_Xstring): every underscore that opens an escape
    written _x005F_, every character XML cannot hold written _xHHHH_ (and the “<” of a text
    that would pass for rich text), so that reading left to right gives back the text exactly.
    Anything but a text (XlsxWriter passes numbers through here too) unchanged."""
    if not isinstance(value, str):
        return value
    value = _OPENER.sub("_x005F_", value)
    value = _ESCAPED.sub(lambda m: f"_x{ord(m[0]):04X}_", value)
    if value.startswith("<r>") and value.endswith("</r>"):
        # XlsxWriter writes such a string into the file unescaped, as rich text's XML (a name
        # “<r>&</r>” made a file no reader opens; one closing its <si> moved every text after
        # it to another cell); tzreport writes no rich text: its “<” as the escape of one
        value = "_x003C_" + value[1:]
    return value


# XlsxWriter escapes every string it writes (shared strings, inline strings, headers and
# footers, document properties) through this one method; see the module's docstring for why
# ours. (Should a release rename it, the round-trip tests of test_sheets fail.)
xlsxwriter.xmlwriter.XMLwriter._escape_control_characters = staticmethod(xstring)


def display_width(text: str) -> int:
    """The width of a text in character cells: a Chinese character (or full-width mark) takes
    two, as it does on screen."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Workbook:
    """A workbook being written: its formats made once, its sheets with their column widths."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.buffer, {
            "in_memory": True,
            # the write() guesses are off too, though nothing here calls write()
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_format_properties": {"font_name": FONT, "font_size": SIZE},
        })
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self._widths: dict[int, dict[int, int]] = {}
        # (row, col, the widths of its lines) of text that wraps
        self._wrapped: dict[int, list[tuple[int, int, list[int]]]] = {}
        self._last: dict[int, tuple[int, int]] = {}  # the last row and column written
        self._titles: dict[int, tuple[str, int]] = {}

    def format(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format({"font_name": FONT, "font_size": SIZE, **props})
        return self._formats[key]

    def sheet(self, name: str) -> Worksheet:
        sheet = self.workbook.add_worksheet(name)
        self._widths[id(sheet)] = {}
        self._wrapped[id(sheet)] = []
        return sheet

    def _fit(self, sheet: Worksheet, col: int, width: int) -> None:
        widths = self._widths[id(sheet)]
        widths[col] = max(widths.get(col, 0), width)

    def _reach(self, sheet: Worksheet, row: int, col: int) -> None:
        last = self._last.get(id(sheet), (0, 0))
        self._last[id(sheet)] = (max(last[0], row), max(last[1], col))

    def text(self, sheet: Worksheet, row: int, col: int, value: str, fit: bool = True, **props: Any) -> None:
        """A string cell, whatever the string says (an empty one is left blank); fit: its
        column is made wide enough."""
        if not value:
            self.blank(sheet, row, col, **props)
            return
        if len(value) > MAX_CELL // 2 and len(value.encode("utf-16-le")) // 2 > MAX_CELL:
            raise OutputError(f"错误 “{value[:20]}……”太长：Excel 的一个单元格最多 {MAX_CELL} 个字符")
        if value.startswith(FORMULA_STARTS):
            props = {**props, "quote_prefix": True}
        sheet.write_string(row, col, value, self.format(**props))
        self._reach(sheet, row, col)
        lines = [display_width(line) for line in value.split("\n")]
        if props.get("text_wrap"):
            self._wrapped[id(sheet)].append((row, col, lines))
        if fit:
            self._fit(sheet, col, max(lines))

    def number(self, sheet: Worksheet, row: int, col: int, value: int, **props: Any) -> None:
        sheet.write_number(row, col, value, self.format(**props))
        self._reach(sheet, row, col)
        self._fit(sheet, col, len(str(value)))

    def date(self, sheet: Worksheet, row: int, col: int, value: dt.date, **props: Any) -> None:
        """An Excel date (a serial number shown as a date), which sorts and filters as one."""
        sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day),
                             self.format(num_format="yyyy-mm-dd", **props))
        self._reach(sheet, row, col)
        self._fit(sheet, col, 10)

    def formula(self, sheet: Worksheet, row: int, col: int, formula: str, value: int | str,
                **props: Any) -> None:
        """A formula of ours, stored with the value it computes."""
        sheet.write_formula(row, col, formula, self.format(**props), value)
        self._reach(sheet, row, col)
        self._fit(sheet, col, display_width(str(value)))

    def blank(self, sheet: Worksheet, row: int, col: int, **props: Any) -> None:
        sheet.write_blank(row, col, None, self.format(**props))
        self._reach(sheet, row, col)

    def title(self, sheet: Worksheet, text: str, columns: int) -> None:
        """The sheet's title in its first row: centred across its columns when they are
        printed on one page wide, else at the left (where the first page shows it)."""
        self._titles[id(sheet)] = (text, columns)
        sheet.set_row(0, TITLE_SIZE * 2)

    def header(self, sheet: Worksheet, row: int, names: Sequence[str], limit: int = WIDEST) -> None:
        """The header row: bold, centred, frozen, and printed at the top of every page. A name
        wider than `limit` wraps rather than widening its column."""
        for col, name in enumerate(names):
            self.text(sheet, row, col, name, fit=False, bold=True, align="center", valign="vcenter",
                      text_wrap=True, border=1, bg_color="#F2F2F2")
            self._fit(sheet, col, min(display_width(name), limit))
        sheet.freeze_panes(row + 1, 0)
        sheet.repeat_rows(row)

    def finish(self, sheet: Worksheet) -> None:
        """Column widths fitted to what the sheet holds (longer text than WIDEST wraps where
        it was written to), each row as tall as its wrapped text, and A4 printing (see
        PORTRAIT_WIDTH)."""
        widths = self._widths[id(sheet)]
        fitted = {col: min(max(width, 4) + 2, WIDEST) for col, width in widths.items()}
        for col, width in sorted(fitted.items()):
            sheet.set_column(col, col, width)
        lines: dict[int, int] = {}  # a row's lines where its text wraps
        for row, col, line_widths in self._wrapped[id(sheet)]:
            room = max(fitted.get(col, 8) - 1, 1)
            lines[row] = max(lines.get(row, 1), sum(max(-(-w // room), 1) for w in line_widths))
        for row, count in lines.items():
            if count > 1:
                sheet.set_row(row, LINE_HEIGHT * count)
        total = sum(fitted.values())
        sheet.set_paper(A4)
        if total > PORTRAIT_WIDTH:
            sheet.set_landscape()
        one_page = total <= (LANDSCAPE_WIDTH if total > PORTRAIT_WIDTH else PORTRAIT_WIDTH) * SHRINK
        title = self._titles.get(id(sheet))
        props = {"bold": True, "font_name": "黑体", "font_size": TITLE_SIZE, "valign": "vcenter",
                 "align": "center" if one_page else "left"}
        if one_page:
            sheet.fit_to_pages(1, 0)
            if title is not None and title[1] > 1:
                sheet.merge_range(0, 0, 0, title[1] - 1, "", self.format(**props))
        else:
            # over several pages, each with the units' column, the header row, and the title
            # at its top (as the page's header: the title row would show cut at column A)
            sheet.repeat_columns(0)
            sheet.print_across()
            last_row, last_col = self._last.get(id(sheet), (1, 0))
            sheet.print_area(1, 0, last_row, last_col)
            if title is not None and len(title[0]) < 100:
                sheet.set_header('&C&"黑体,Bold"&14' + title[0].replace("&", "&&"))
        if title is not None:
            self.text(sheet, 0, 0, title[0], fit=False, **props)
        sheet.center_horizontally()
        sheet.set_footer("&C第 &P 页，共 &N 页")

    def close(self) -> bytes:
        self.workbook.close()
        return self.buffer.getvalue()


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel takes for a sheet: none of []:*?/\\ and no leading or trailing ', at most
    31 characters, and unlike every name taken (compared as Excel does, ignoring case)."""
    name = "".join("_" if c in "[]:*?/\\" or not c.isprintable() else c for c in wanted).strip("'") or "表"
    name = name[:31]
    candidate, n = name, 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def cell_name(row: int, col: int) -> str:
    """(2, 1) → "B3" (0-based row and column)."""
    return xl_rowcol_to_cell(row, col)
