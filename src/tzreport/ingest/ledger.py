"""Activity ledgers (台账) in .xlsx, .xls and .ods → events, through python-calamine.

python-calamine (Rust's calamine) reads all three formats, fast and without running anything
in the file; it gives each cell's saved value. The header row is found by its words below any
title rows; merged cells are filled from their first cell; Excel date serials, datetimes and
text dates are read; total rows (合计/小计/总计 as the row's first cell or its name) are skipped,
rows that only look like one are kept with a "# 请核对". A formula whose value was never saved (a file
written by a program, not by Excel) would read as empty: in an .xlsx it is reported by its
cell name instead.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tzreport.errors import InputError
from tzreport.ingest import sheet_extent
from tzreport.ingest.mapping import section_key
from tzreport.ingest.review import Review

MAX_LEDGER_BYTES = 20 * 1024 * 1024
MAX_ROWS = sheet_extent.MAX_ROWS
MAX_COLUMNS = sheet_extent.MAX_COLUMNS
HEADER_SEARCH = 20  # title rows above the header: a few, never many
# The words of a header row, by the key each column is read as. The columns `tzreport export`
# writes (单位, 章节, 工作事项, 名称, 日期, 次数, 人数, 地点, 形式, 备注) are all here, so that an
# exported ledger imports back as it was.
COLUMNS = {
    "日期": ("日期", "时间", "活动时间", "开展时间", "活动日期"),
    "名称": ("活动名称", "名称", "活动内容", "活动主题", "内容", "主题", "活动"),
    "地点": ("地点", "活动地点", "场所", "地址"),
    "人数": ("人数", "参与人数", "参加人数", "人次", "参与人次"),
    "次数": ("次数", "开展次数", "场次"),
    "形式": ("形式", "活动形式", "方式"),
    "备注": ("备注", "说明"),
    "类别": ("类别", "章节", "所属章节", "板块", "所属工作", "工作类别", "分类", "类型"),
    "工作": ("工作事项", "所属事项", "所属工作事项", "工作项目", "工作", "事项"),
    "单位": ("单位", "单位名称", "所属单位", "填报单位"),
    "序号": ("序号", "编号"),
}
_WORDS = {w: key for key, words in COLUMNS.items() for w in words}
# A total row says only the word (合 计, 小计：): a name that merely starts with it
# ("合计划生育协会座谈会") or a 备注 ("小计3场") is an event's.
_TOTAL_WORD = r"(?:合|小|总|共)\s*计"
_TOTAL = re.compile(rf"^{_TOTAL_WORD}\s*[:：]?$")
# The word followed by no more words ("合计：155", "小计（上半年）"), or ending the text ("5月小计"):
# maybe a total row, maybe an event's name; kept, to be checked.
_TOTAL_LIKE = re.compile(rf"^{_TOTAL_WORD}(?![\u4e00-\u9fff])|{_TOTAL_WORD}[\s:：]*$")
LOOKS_LIKE_TOTAL = "这一行像是合计行：如果不是活动，请删去"
_TEXT_DATES = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
)
_SHORT_DATE = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
NO_CATEGORY = "台账活动"
# A unit at the start of a title or file name: "幸福里社区2024年统战活动台账", "幸福里社区统战活动台账"
_NAMED = re.compile(r"^\s*([\u4e00-\u9fff]{1,20}?(?:社区|街道|镇|乡|村|党委|党工委|委员会))\s*(?:20\d\d|统战|活动|工作|台账)")


@dataclass
class Row:
    """One ledger row as an event, with the section its 类别 names and the work item its 工作
    column names (None: not said), the unit its 单位 column names, and every text of the row
    (where an item's title may stand)."""

    event: dict[str, Any]
    category: str | None
    source: str
    title: str = ""  # the sheet's title rows, which may name the unit and year
    item: str | None = None
    unit: str | None = None
    texts: tuple[str, ...] = ()


def cell_name(row: int, column: int) -> str:
    """(10, 5) → "F11" (0-based row and column)."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def _header_key(value: Any) -> str | None:
    words = re.sub(r"[\s（(].*$|[\s:：*]", "", str(value or ""))
    return _WORDS.get(words)


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        found = {i: key for i, value in enumerate(row) if (key := _header_key(value))}
        if "名称" not in found.values():
            # a ledger of 事项 only: the 事项 are its events, not the work items they belong to
            bare = [i for i, key in found.items() if key == "工作" and re.sub(r"\s", "", _text(row[i])) == "事项"]
            found.update(dict.fromkeys(bare[:1], "名称"))
        if "名称" in found.values() and len(set(found.values())) >= 2:
            return index, found
    return None


def date_of(value: Any, year: int | None) -> dt.date | None:
    """An Excel date serial, a date or datetime, or a text date (2024.5.3, 2024年5月3日, 5月3日)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 20000 <= value <= 80000:  # 1954–2119 as serials
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = str(value or "").strip()
    for pattern in _TEXT_DATES:
        if m := pattern.search(text):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    if year and (m := _SHORT_DATE.match(text)):
        try:
            return dt.date(year, int(m[1]), int(m[2]))
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _formulas_without_value(path: Path, raw: bytes) -> list[str]:
    """The cells (F11) of .xlsx formulas whose result was never saved, each sheet streamed
    through the Office gate (sheet_extent has already read every part there)."""
    import xml.etree.ElementTree as ET

    from tzreport.office.zip_gate import SHEET, open_package, stream_part

    found: list[str] = []
    archive = open_package(path, raw, SHEET)
    for info in archive.infolist():
        if not re.match(r"xl/worksheets/sheet\d+\.xml$", info.filename):
            continue
        parser: Any = ET.XMLPullParser(events=("end",))
        try:
            for piece in stream_part(path, archive, info.filename, SHEET):
                parser.feed(piece)
                for _, cell in parser.read_events():
                    if cell.tag != f"{_XLSX}c":
                        continue
                    value = cell.find(f"{_XLSX}v")
                    if cell.find(f"{_XLSX}f") is not None and (value is None or not (value.text or "").strip()):
                        found.append(cell.get("r", "?"))
                    cell.clear()
        except ET.ParseError:
            continue  # calamine tells a damaged sheet in its own words
    return found


def _workbook(path: Path, raw: bytes) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception as exc:  # calamine raises its own kinds for damaged and protected files
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise InputError(f"{path}: {sheet_extent.PASSWORD}") from None
        raise InputError(f"{path}: 错误 无法读取表格：文件已损坏，或不是 .xlsx/.xls/.ods 表格") from None
    except BaseException as exc:  # a panic in the Rust reader (pyo3's PanicException) is a damaged file too
        if type(exc).__name__ != "PanicException":
            raise
        raise InputError(f"{path}: 错误 无法读取表格：文件已损坏，或不是 .xlsx/.xls/.ods 表格") from None


def _read_bytes(path: Path) -> bytes:
    """The ledger's bytes: a regular file of at most MAX_LEDGER_BYTES (a pipe or a device is
    refused at once, through the same reader as reports)."""
    from tzreport.office.zip_gate import read_file

    try:
        return read_file(path, MAX_LEDGER_BYTES)
    except InputError as exc:
        if "文件太大" in str(exc):
            raise InputError(f"{path}: 错误 表格文件太大（超过 20 MB），请检查是否选错了文件") from None
        raise


def _grid(sheet: Any, path: Path, extra_merges: list[Any]) -> list[list[Any]]:
    if sheet.height > MAX_ROWS or sheet.width > MAX_COLUMNS:  # sheet_extent has said so already
        raise sheet_extent.too_big(path, sheet.name, sheet.height, sheet.width)
    try:
        rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
        merged = list(sheet.merged_cell_ranges or []) + extra_merges
    except Exception:  # calamine's own errors for a damaged sheet
        raise InputError(f"{path}: 错误 工作表“{sheet.name}”已损坏，无法读取：请在 Excel 或 WPS 中打开后另存，再导入") from None
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # merged areas are filled cell by cell: together they cover no more than the sheet does
    # once over (a thousand merges of the whole sheet would take hours)
    budget = len(rows) * width
    for (top, left), (bottom, right) in merged:
        if bottom >= len(rows) or right >= width or top > bottom or left > right:
            continue
        budget -= (bottom - top + 1) * (right - left + 1)
        if budget < 0:
            raise InputError(f"{path}: 错误 工作表“{sheet.name}”的合并单元格过多（可能是恶意构造的文件），不予读取")
        first = rows[top][left]
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                rows[r][c] = first
    return rows


@dataclass
class Ledger:
    """A ledger's event rows, and what the user should know: columns that were not imported."""

    rows: list[Row]
    notes: list[str]


def read(path: Path, year: int | None = None) -> Ledger:
    """Every event row of a ledger (every sheet with a recognisable header). The file is read
    once; its sheets' extent is checked before any cell is (sheet_extent)."""
    raw = _read_bytes(path)
    extents = sheet_extent.check(path, raw)
    book = _workbook(path, raw)
    missing = _formulas_without_value(path, raw) if path.suffix.lower() == ".xlsx" else []
    used: set[int] = set()
    unknown: list[str] = []
    ods_merges = {s.name: s.merges for s in extents if s.merges}  # only an .ods's are found: calamine tells the others
    found: list[Row] = []
    headers = 0
    empty = 0
    names = book.sheet_names
    if len(names) > sheet_extent.MAX_SHEETS:
        raise InputError(f"{path}: 错误 表格有 {len(names)} 个工作表，不像是活动台账（最多 {sheet_extent.MAX_SHEETS} 个）")
    cell_count = 0  # many sheet names may stand for one big sheet: they are counted as read
    for name in names:
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception:
            raise InputError(f"{path}: 错误 工作表“{name}”已损坏，无法读取：请在 Excel 或 WPS 中打开后另存，再导入") from None
        cell_count += sheet.height * sheet.width
        if cell_count > sheet_extent.MAX_CELLS:
            raise InputError(f"{path}: 错误 表格的各工作表合起来太大（超过 {sheet_extent.MAX_CELLS} 个单元格），不像是活动台账")
        rows = _grid(sheet, path, ods_merges.get(name, []))
        if not any(_text(v) for r in rows for v in r):
            empty += 1
            continue
        header = _find_header(rows)
        if header is None:
            continue
        headers += 1
        at, columns = header
        unknown += [t for i, v in enumerate(rows[at]) if (t := _text(v)) and i not in columns and t not in unknown]
        title = " ".join(_text(v) for r in rows[:at] for v in r if _text(v))
        sheet_year = year or _title_year(title, path)
        for index in range(at + 1, len(rows)):
            row = rows[index]
            values = {key: row[i] for i, key in columns.items() if i < len(row)}
            texts = [_text(v) for v in row]
            name_text = _text(values.get("名称"))
            if not name_text:
                continue
            first = next(t for t in texts if t)
            if _TOTAL.match(first) or _TOTAL.match(name_text):
                continue
            doubt = any(_TOTAL_LIKE.search(t) for t in (first, name_text))
            event: dict[str, Any] = {"名称": Review(name_text, LOOKS_LIKE_TOTAL) if doubt else name_text}
            if "日期" in values and _text(values["日期"]):
                day = date_of(values["日期"], sheet_year)
                event["日期"] = day.isoformat() if day else Review(_text(values["日期"]), f"{cell_name(index, _col(columns, '日期'))} 的日期没有读懂")
            for key in ("次数", "人数", "地点", "形式", "备注"):
                written = _text(values.get(key))
                if not written:
                    continue
                if key in ("人数", "次数"):
                    digits = re.match(r"^(\d+)", written)
                    event[key] = int(digits[1]) if digits else Review(written, f"{cell_name(index, _col(columns, key))} 的{key}不是数字")
                else:
                    event[key] = written
            found.append(Row(event, _text(values.get("类别")) or None, f"{name}!{index + 1}", title,
                             item=_text(values.get("工作")) or None, unit=_text(values.get("单位")) or None,
                             texts=tuple(t for t in texts if t)))
            used.add(index + 1)
    # A formula read as empty would lose a value silently; in a 合计 row it does no harm.
    if cells := [cell for cell in missing if int(re.sub(r"[^0-9]", "", cell) or 0) in used]:
        raise InputError(
            f"{path}: 错误 单元格 {'、'.join(cells[:10])} 是公式，但文件中没有保存它的计算结果："
            "请在 Excel 或 WPS 中打开表格、保存一次，再导入"
        )
    if headers == 0:
        if empty == len(names):
            raise InputError(f"{path}: 错误 表格是空的，没有可导入的活动")
        raise InputError(
            f"{path}: 错误 没有找到表头：台账的表头一行应有“活动名称”（或“名称”“活动内容”）和“日期”“地点”“人数”“类别”等列名"
        )
    notes = [f"{path}: 提示 这些列没有导入（不是活动的名称、日期、地点、人数、次数、形式、备注、类别、工作事项或单位）：{'、'.join(unknown)}"] if unknown else []
    return Ledger(found, notes)


def _col(columns: dict[int, str], key: str) -> int:
    return next(i for i, k in columns.items() if k == key)


def _title_year(title: str, path: Path) -> int | None:
    m = re.search(r"(20\d\d)\s*年?", title) or re.search(r"(20\d\d)", path.stem)
    return int(m[1]) if m else None


def section_of(row: Row) -> str:
    """The section a row's 类别 names: a standard section's key, "其他工作:{类别}" for one of
    其他工作 (by its 标题), or NO_CATEGORY when the row does not say."""
    if not row.category:
        return NO_CATEGORY
    key = section_key(row.category, set())
    return f"其他工作:{row.category}" if key == "其他工作" else key


def named_units(rows: list[Row], path: Path) -> list[str]:
    """The units a ledger names: in its title rows or its file name ("幸福里社区2024年…"), and
    in its 单位 column, each once, in that order."""
    found = [m[1] for text in (*dict.fromkeys(r.title for r in rows), path.stem) if (m := _NAMED.match(text))]
    found += [r.unit for r in rows if r.unit]
    return list(dict.fromkeys(found))


def _placed(rows: list[Row]) -> dict[str, dict[str, Any]]:
    """Events by section, and within it by the work item (工作事项) the row names."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        bucket = out.setdefault(section_of(row), {"活动": [], "工作": {}})
        if row.item:
            bucket["工作"].setdefault(row.item, []).append(row.event)
        else:
            bucket["活动"].append(row.event)
    return out


def _section_data(bucket: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if bucket["活动"]:
        data["活动"] = bucket["活动"]
    if bucket["工作"]:
        data["工作"] = [{"标题": title, "活动": events} for title, events in bucket["工作"].items()]
    return data


def as_data(rows: list[Row], path: Path, unit: str | None, year: int | None) -> dict[str, Any]:
    """A new data file's data from a ledger: unit and year from the sheet's title, the file name,
    the 单位 column or the options; events in the sections their 类别 names, within the work
    items their 工作事项 names."""
    if not rows:
        raise InputError(f"{path}: 错误 表格中没有活动（表头下面没有填写活动名称的行）")
    named = named_units(rows, path)
    data: dict[str, Any] = {}
    if unit:
        data["单位"] = unit
    elif len(named) == 1:
        data["单位"] = named[0]
    elif named:
        data["单位"] = Review(named[0], f"台账中写了几个单位（{'、'.join(named[:5])}），请核对；各单位的台账请分开导入")
    else:
        data["单位"] = Review("XX单位", "台账没有写单位名称，请填写（或导入时加 --unit）")
    found_year = year or _title_year(rows[0].title, path) or next(
        (int(str(r.event["日期"])[:4]) for r in rows if isinstance(r.event.get("日期"), str)), None)
    data["年度"] = found_year or Review(2000, "台账没有写年度，请填写（或导入时加 --year）")
    others: list[Any] = []
    for key, bucket in _placed(rows).items():
        if key == NO_CATEGORY:
            others.append({"标题": Review(NO_CATEGORY, "这些活动在台账中没有类别，请移到所属章节"), **_section_data(bucket)})
        elif key.startswith("其他工作:"):
            others.append({"标题": key.split(":", 1)[1], **_section_data(bucket)})
        else:
            data[key] = _section_data(bucket)
    if others:
        data["其他工作"] = others
    order = ("单位", "年度", "思想引领", "民族工作", "宗教工作", "其他工作", "存在问题", "下一步计划")
    return {k: data[k] for k in order if k in data}
