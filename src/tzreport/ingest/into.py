"""`import --into`: a ledger's events merged into an existing data file, every byte the user
wrote kept.

The file is edited as text (text_edits.py), never rewritten from its data: new lines are inserted between the
user's lines (a new chapter after the last line, comments at the end included), in the
indentation the file already uses (two spaces, four, a list's dash in line with its key), with
the file's line ends (CRLF stays CRLF), its byte-order mark and its encoding. The only change
inside a line the user wrote is completing an event the file already has: "- 故事会" becomes
"- {名称: 故事会, 日期: …}", "{名称: 故事会}" gets ", 日期: …" before its "}", and any comment
after it stays.

Merging, not appending (docs/命令.md, “把台账并入数据文件”):
- an event of the same 名称 and 日期 is there already: only what it lacks (地点, 人数, …) is
  added; one of the same 名称 without a date is that event, and gets the ledger's date;
- a row goes into the 工作 item its 工作事项 column names (made when the chapter has none of
  that title), or whose title stands in one of its cells; else into the chapter its 类别
  names (其他工作 found by its 标题); else into a chapter “台账活动” to review;
- a ledger naming another unit (in its title, file name or 单位 column) is refused unless
  --force.
The result is read back before it is written: if it does not load, or lost or gained an event
it should not have, nothing is written and the user is told to add the events by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tzreport.errors import InputError
from tzreport.ingest.ledger import NO_CATEGORY, Row, date_of, section_of
from tzreport.ingest.review import Review, name_of
from tzreport.ingest.text_edits import (
    Edits,
    Layout,
    Node,
    Style,
    add_to_list,
    child,
    complete_in_text,
    dash_column,
    empty,
    entry_lines,
    last_line,
    mapping_lines,
    pairs,
    split_lines,
    style_of,
)

SECTIONS = {
    "思想引领": ("思想引领", "ideology"),
    "民族工作": ("民族工作", "ethnic"),
    "宗教工作": ("宗教工作", "religion"),
    "存在问题": ("存在问题", "problems"),
    "下一步计划": ("下一步计划", "plans"),
}
OTHER = ("其他工作", "other")
EVENTS = ("活动", "events")
ITEMS = ("工作", "items")
TITLE = ("标题", "title")
FIELDS = {  # an event's keys, with the English names a file may use
    "名称": ("名称", "name"),
    "日期": ("日期", "date"),
    "次数": ("次数", "times"),
    "人数": ("人数", "people"),
    "地点": ("地点", "place"),
    "形式": ("形式", "form"),
    "备注": ("备注", "note"),
}
_NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])\s*")


def chapter_key(section: str) -> str:
    """A chapter as rows and boxes are matched by: a standard chapter's key, or
    "其他工作:{标题}" with the title compared as _norm does (rows without a 类别: the
    chapter “台账活动”)."""
    if section == NO_CATEGORY:
        return f"其他工作:{NO_CATEGORY}"
    if section.startswith("其他工作:"):
        return "其他工作:" + _norm(section.split(":", 1)[1])
    return section


def _norm(text: str) -> str:
    """A title or name as compared: no spaces, no numbering in front, no full stop behind."""
    return _NUMBERING.sub("", re.sub(r"\s+", "", text)).rstrip("。；;，,.：:")


# --- what the file has ------------------------------------------------------------------------------


@dataclass
class Box:
    """A place events can go: a chapter, one of 其他工作, or a work item."""

    section: str  # the key of its chapter: "民族工作", "其他工作:工作特色", …
    node: Node | None  # its mapping (None: a chapter written as "民族工作:" alone)
    key: Any  # the key naming it (a chapter's), or None
    title: str = ""
    items: list[Box] = field(default_factory=list)


@dataclass
class Existing:
    """An event the file has: where it is, and what it says."""

    node: Node
    name: str
    date: str | None
    has: dict[str, str]  # the keys it has → their text
    add: dict[str, Any] = field(default_factory=dict)  # what the ledger completes it with
    claimed: bool = False
    fresh: dict[str, Any] | None = None  # an event this merge adds: the same row again later is this one
    item: str | None = None  # the title of the work item it is in


def _scalar_text(node: Node | None) -> str:
    return str(node.value) if node is not None and node.id == "scalar" else ""


def _boxes(root: Node) -> tuple[dict[str, Box], list[Box], Any]:
    """The chapters by key (其他工作 ones as "其他工作:{标题}"), every work item, and the
    其他工作 key and list (or None)."""
    chapters: dict[str, Box] = {}
    items: list[Box] = []

    def walk(box: Box) -> None:
        found = child(box.node, ITEMS)
        if found and found[1].id == "sequence":
            for entry in found[1].value:
                if entry.id == "mapping":
                    item = Box(box.section, entry, None, _scalar_text((child(entry, TITLE) or (None, None))[1]))
                    box.items.append(item)
                    items.append(item)
                    walk(item)

    for key, names in SECTIONS.items():
        if found := child(root, names):
            box = Box(key, None if empty(found[1]) else found[1], found[0])
            chapters[key] = box
            walk(box)
    other = child(root, OTHER)
    if other and other[1].id == "sequence":
        for entry in other[1].value:
            title = _scalar_text((child(entry, TITLE) or (None, None))[1])
            if entry.id == "mapping" and title:
                box = Box(chapter_key(f"其他工作:{title}"), entry, None, title)
                chapters.setdefault(box.section, box)
                walk(box)
    return chapters, items, other


def _events(root: Node, year: int | None) -> list[Existing]:
    """Every event of the file, with the title of the work item it is in (None: a chapter's)."""
    found: list[Existing] = []
    todo: list[tuple[Node, str | None]] = [(root, None)]
    while todo:
        node, item = todo.pop()
        for key, value in pairs(node):
            if key.id == "scalar" and key.value in EVENTS and value.id == "sequence":
                for entry in value.value:
                    if entry.id == "scalar":
                        found.append(Existing(entry, _norm(str(entry.value)), None, {"名称": str(entry.value)}, item=item))
                    elif entry.id == "mapping":
                        has = {}
                        for name, names in FIELDS.items():
                            if hit := child(entry, names):
                                has[name] = _scalar_text(hit[1])
                        day = date_of(has["日期"], year) if has.get("日期") else None
                        found.append(Existing(entry, _norm(has.get("名称", "")), day.isoformat() if day else has.get("日期"),
                                              has, item=item))
            elif key.id == "scalar" and key.value in ITEMS and value.id == "sequence":
                todo += [(entry, _scalar_text((child(entry, TITLE) or (None, None))[1])) for entry in value.value]
                continue
            todo.append((value, item))
        if node.id == "sequence":
            todo += [(entry, item) for entry in node.value]
    return found


# --- the merge ---------------------------------------------------------------------------------------


@dataclass
class Merged:
    """What --into did: events added, events completed, notes, and the file's new bytes."""

    added: int
    completed: int
    notes: list[str]
    content: bytes
    changed: bool


def _match(existing: list[Existing], row: Row) -> Existing | None:
    """The event of the file (or added by this merge) a row is: the same 名称 and 日期, or the
    same 名称 and no date on one side. Not one in another work item than the row names; not
    one this merge added from a row that differs (the ledger lists two events)."""
    event = row.event
    name = _norm(name_of(event))
    day = event.get("日期") if isinstance(event.get("日期"), str) else None
    same = [e for e in existing if e.name == name
            and not (row.item and e.item is not None and _norm(e.item) != _norm(row.item))
            and (e.fresh is None or e.fresh == event)]
    exact = [e for e in same if e.date == day]
    if exact:
        return exact[0]
    if day and (undated := [e for e in same if e.date is None and not e.claimed]):
        undated[0].claimed = True
        undated[0].date = day
        return undated[0]
    if day is None and same:
        return same[0]
    return None


def _complete(target: Path, found: Existing, event: dict[str, Any], notes: list[str]) -> None:
    for key, value in event.items():
        if key == "名称":
            continue
        if found.fresh is not None:
            found.fresh.setdefault(key, value)
            continue
        if isinstance(value, Review):
            notes.append(f"{target}: 提示 活动“{name_of(event)}”的{key}（{value.value}）没有读懂，没有补上：{value.why}")
            continue
        if key in found.has:
            written = found.has[key]
            same = written == str(value) or key == "日期" and found.date == value
            if not same:
                notes.append(f"{target}: 提示 活动“{name_of(event)}”的{key}，台账中是“{value}”，文件中是“{written}”：没有改动，请核对")
            continue
        found.add.setdefault(key, value)


def _item_for(row: Row, items: list[Box], section: str) -> Box | str | None:
    """The work item a row goes into: an existing one, the title of one to make (the ledger
    names it, the file has none), or None."""
    def among(title: str) -> list[Box]:
        hits = [b for b in items if _norm(b.title) == _norm(title)]
        return [b for b in hits if b.section == section] or hits

    if row.item:
        hits = among(row.item)
        return hits[0] if hits else row.item
    name = _norm(name_of(row.event))
    for text in ([row.category] if row.category else []) + list(row.texts):
        if _norm(text) and _norm(text) != name and (hits := among(text)):
            return hits[0]
    return None


@dataclass
class Plan:
    """The events bound for one place: an existing box's 活动, or a box to make."""

    events: list[dict[str, Any]] = field(default_factory=list)
    new_items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    title: str = ""  # a chapter of 其他工作 to make: its title as the ledger writes it


def merge(target: Path, raw: bytes, text: str, root: Node, unit: str, year: int | None,
          rows: list[Row], force: bool, ledger_units: list[str]) -> Merged:
    """Merge the rows into the file whose bytes, loaded text and nodes are given."""
    notes: list[str] = []
    others = [u for u in ledger_units if not _same_unit(u, unit)]
    if others:
        message = f"台账写的是“{'、'.join(others)}”，而 {target} 是“{unit}”的数据文件"
        if not force:
            raise InputError(f"{target}: 错误 {message}：请确认没有选错文件；确需并入，请加 --force")
        notes.append(f"{target}: 警告 {message}（已按 --force 并入）")
    layout = Layout.of(raw)
    lines = split_lines(layout.decode(raw))
    cleaned = text.split("\n")
    style = style_of(root, lines)
    chapters, items, other = _boxes(root)
    existing = _events(root, year)
    plans: dict[int, Plan] = {}  # by id of an existing box
    boxes: dict[int, Box] = {}
    new_chapters: dict[str, Plan] = {}
    added = 0
    for row in rows:
        event = row.event
        found = _match(existing, row)
        if found is not None:
            _complete(target, found, event, notes)
            if not found.add:
                when = f"（{found.date}）" if found.date else ""
                notes.append(f"{target}: 已有活动“{name_of(event)}”{when}，不重复添加")
            continue
        day = event.get("日期") if isinstance(event.get("日期"), str) else None
        existing.append(Existing(root, _norm(name_of(event)), day, {}, claimed=True, fresh=event, item=row.item))
        added += 1
        section = chapter_key(section_of(row))
        item = _item_for(row, items, section)
        if isinstance(item, Box):
            plans.setdefault(id(item), Plan()).events.append(event)
            boxes[id(item)] = item
            continue
        box = chapters.get(section)
        plan = plans.setdefault(id(box), Plan()) if box is not None else new_chapters.setdefault(section, Plan())
        if box is None and row.category and section.startswith("其他工作:") and not plan.title:
            plan.title = row.category
        if box is not None:
            boxes[id(box)] = box
        if isinstance(item, str):
            plan.new_items.setdefault(item, []).append(event)
        else:
            plan.events.append(event)
    edits = Edits()
    completed = 0
    for found in existing:
        if found.add:
            if complete_in_text(found.node, found.add, {k: v[1] for k, v in FIELDS.items()}, edits, lines, cleaned):
                completed += 1
            else:
                notes.append(f"{target}:{found.node.start_mark.line + 1}: 提示 活动“{found.has.get('名称')}”写成了多行，"
                             f"台账中的{'、'.join(found.add)}没有补上，请手工补上")
    for key, plan in plans.items():
        _into_box(target, boxes[key], plan, edits, lines, style)
    _new_chapters(target, new_chapters, other, edits, lines, style)
    if not edits.before and not edits.inside:
        return Merged(0, 0, notes, raw, False)
    content = layout.encode(target, edits.apply(lines, layout.newline))
    return Merged(added, completed, notes, content, True)


_BODY = re.compile(r"(?:党委|党工委|党总支|党支部|居委会|居民委员会|委员会)$")


def _same_unit(named: str, unit: str) -> bool:
    """Whether a ledger's unit is the file's: the same name, or one ending in the other
    ("新城街道光明里社区"), a body of it ("光明里社区党委") counting as the unit."""
    a, b = (_BODY.sub("", re.sub(r"\s", "", text)) or text for text in (named, unit))
    return a == b or a.endswith(b) or b.endswith(a)


def _chapter_data(plan: Plan, title: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if title is not None:
        data["标题"] = title
    if plan.events:
        data["活动"] = plan.events
    if plan.new_items:
        data["工作"] = [{"标题": t, "活动": e} for t, e in plan.new_items.items()]
    return data


def _new_chapters(target: Path, new: dict[str, Plan], other: Any, edits: Edits, lines: list[tuple[str, str]],
                  style: Style) -> None:
    """Chapters the file does not have: a standard one at the end of the file (after any
    comments there), one of 其他工作 at the end of that list (or of the file, with the key)."""
    extra = []
    for section, plan in new.items():
        if section == chapter_key(NO_CATEGORY):
            extra.append(_chapter_data(plan, Review(NO_CATEGORY, "这些活动在台账中没有类别，请移到所属章节")))
        elif section.startswith("其他工作:"):
            extra.append(_chapter_data(plan, plan.title or section.split(":", 1)[1]))
        else:
            edits.insert(len(lines), ["", f"{section}:", *mapping_lines(_chapter_data(plan), style.unit, style)])
    if not extra:
        return
    if other is not None and other[1].id == "sequence" and not other[1].flow_style and other[1].value:
        sequence = other[1]
        dash = dash_column(sequence.value[0], lines)
        if dash is not None:
            edits.insert(last_line(sequence) + 1, entry_lines(extra, dash, style))
            return
    if other is not None:
        raise InputError(f"{target}:{other[0].start_mark.line + 1}: 错误 “{other[0].value}”不是逐行列出的列表，无法添加活动：请手工添加")
    edits.insert(len(lines), ["", f"{OTHER[0]}:", *entry_lines(extra, style.dash, style)])


def _into_box(target: Path, box: Box, plan: Plan, edits: Edits, lines: list[tuple[str, str]], style: Style) -> None:
    """Events (and new work items) into a chapter or item the file has."""
    node = box.node
    if node is None:  # "民族工作:" with nothing under it
        key = box.key
        rest = lines[key.end_mark.line][0][key.end_mark.column :].strip()
        if not rest.startswith(":") or rest[1:].strip() and not rest[1:].strip().startswith("#"):
            raise InputError(f"{target}:{key.start_mark.line + 1}: 错误 “{key.value}”的写法无法自动添加活动：请手工添加")
        edits.insert(key.start_mark.line + 1, mapping_lines(_chapter_data(plan), key.start_mark.column + style.unit, style))
        return
    if node.id != "mapping":
        key = box.key
        raise InputError(f"{target}:{key.start_mark.line + 1}: 错误 “{key.value}”写成了列表，无法添加活动：请把它改成带“要点:”的章节，或手工添加")
    column = node.value[0][0].start_mark.column
    if plan.events:
        add_to_list(target, node, EVENTS, plan.events, column, edits, lines, style)
    if plan.new_items:
        add_to_list(target, node, ITEMS, [{"标题": t, "活动": e} for t, e in plan.new_items.items()], column, edits, lines, style)


def count_events(root: Node) -> int:
    """How many events the file has (for the check of the merged text)."""
    return len(_events(root, None))
