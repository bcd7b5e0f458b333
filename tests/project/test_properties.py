"""Property-based tests (hypothesis): whatever valid data, whatever text in any field, whatever
bytes as a data file, a build never crashes, and what was written is in the report.

The suite runs a few dozen examples of each, the same ones every time (the "default" profile
in conftest.py). `make fuzz` runs 10 000 new ones of each (the "fuzz" profile)."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import reference
from conftest import EXAMPLES
from tzreport import text
from tzreport.commands import build
from tzreport.data import loader
from tzreport.data.field_types import INVISIBLE
from tzreport.data.models import Report
from tzreport.errors import DataError
from tzreport.report import outline
from tzreport.writers import unbroken

# ---------------------------------------------------------------- strategies

# Visible text as people type it: letters (Chinese, Latin, Arabic…), digits, punctuation and
# symbols (the Markdown ones included), marks, spaces; no control or format characters.
VISIBLE = st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"])
words = st.text(VISIBLE, min_size=1, max_size=12).map(str.strip).filter(bool)
# Anything at all: control characters, RTL marks, emoji, lone combining marks, line breaks.
anything = st.text(st.characters(codec="utf-8"), max_size=30)


def kept(written: str) -> str:
    """What the model keeps of a text: the characters no text keeps removed (as the loader
    removes them from a file), then stripped."""
    return INVISIBLE.sub("", written).strip()


required_anything = anything.filter(kept)


# A figure as people write it: a number, or “N余” (printed as written when it keeps its 约数).
figures = st.one_of(st.integers(0, 10**7), st.integers(10, 10**6).map(lambda n: f"{n}余"))


def stats(unit: str | None = None, parts: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, Any] = {"单位": words, "约数": st.booleans()} if unit is None else {"约数": st.booleans()}
    if parts:
        optional["其中"] = st.lists(stats(unit, parts=False), max_size=2)
    return st.fixed_dictionaries({"项目": words, "数量": figures}, optional=optional)


events = st.one_of(
    words,
    st.fixed_dictionaries(
        {"名称": words},
        optional={"日期": st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)).map(str),
                  "人数": st.integers(0, 100_000), "地点": words, "形式": words, "备注": words},
    ),
)
# A 要点: a line of text, or text with its own events and counts.
points = st.one_of(words, st.fixed_dictionaries(
    {"内容": words}, optional={"活动": st.lists(events, max_size=2), "统计": st.lists(stats(), max_size=2)}))
# What every place (a section, an item) may hold besides its title.
PLACE = {"内容": words, "要点": st.lists(points, max_size=3),
         "活动": st.lists(events, max_size=3), "统计": st.lists(stats(), max_size=3)}


def items(level: int) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, Any] = dict(PLACE)
    if level < 4:
        optional["工作"] = st.lists(items(level + 1), max_size=2)
    return st.fixed_dictionaries({"标题": words}, optional=optional)


sections = st.fixed_dictionaries(
    {}, optional={"标题": words, **PLACE, "工作": st.lists(items(2), max_size=3)},
)
reports = st.fixed_dictionaries(
    {"单位": words, "年度": st.integers(2000, 2100)},
    optional={
        "期间": st.sampled_from(["全年", "上半年", "下半年"]), "类型": words, "标题": words,
        "主送": words, "导语": words, "概况": st.lists(stats("名"), max_size=3),
        "思想引领": sections, "民族工作": sections, "宗教工作": sections,
        "其他工作": st.lists(sections.map(lambda s: {"标题": "其他", **s}), max_size=2),
        "存在问题": st.one_of(sections, st.lists(words, max_size=3)),
        "下一步计划": st.one_of(sections, st.lists(words, max_size=3)),
        "结语": words,
        "落款": st.fixed_dictionaries({}, optional={"署名": words, "日期": st.dates().map(str)}),
    },
)


def text_fields(draw: st.DrawFn, data: Any) -> Any:
    """The same structure with every text replaced by arbitrary text (required ones not blank)."""
    if isinstance(data, dict):
        return {k: text_fields(draw, v) if k not in ("年度", "数量", "人数", "日期", "约数", "期间")
                else v for k, v in data.items()}
    if isinstance(data, list):
        return [text_fields(draw, v) for v in data]
    return draw(required_anything)


@st.composite
def reports_with_any_text(draw: st.DrawFn) -> dict[str, Any]:
    return text_fields(draw, draw(reports))


# ---------------------------------------------------------------- helpers


def as_text(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_text(v) for v in data]
    return str(data).lower() if isinstance(data, bool) else str(data)


def as_yaml(data: dict[str, Any]) -> bytes:
    # every scalar double-quoted: text stays text, escapes for what cannot be written plainly
    return yaml.safe_dump(as_text(data), allow_unicode=True, default_style='"', sort_keys=False).encode()


def load_bytes(raw: bytes) -> loader.Loaded:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.yaml"
        path.write_bytes(raw)
        return loader.read(path)


def docx_text(report: Report) -> str:
    document = Document(io.BytesIO(build.render(report, "docx")))
    # the word joiners between a figure and its measure word are layout, not text (every
    # reader of ours drops them)
    return unbroken.strip("\n".join(p.text for p in document.paragraphs))


def unescape_md(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def walk(data: Any, key: str) -> list[Any]:
    """Every value under the given key, anywhere in the structure."""
    found = []
    if isinstance(data, dict):
        for k, v in data.items():
            found += [v] if k == key else []
            found += walk(v, key)
    elif isinstance(data, list):
        for v in data:
            found += walk(v, key)
    return found


def printed(stat: dict[str, Any]) -> str:
    """A figure as the report must print it (DESIGN §3): “N余” as written unless 约数 is turned
    off; a number as it is, or with 约数 rounded down to two significant figures."""
    value = stat["数量"]
    if isinstance(value, str):
        return value if stat.get("约数", True) else value.removesuffix("余")
    return reference.about(value, stat.get("约数", False))


def places(data: Any) -> list[dict[str, Any]]:
    """Every place that holds 统计 (a section, an item, a 要点), anywhere in the structure."""
    if isinstance(data, list):
        return [p for v in data for p in places(v)]
    if not isinstance(data, dict):
        return []
    return ([data] if "统计" in data else []) + [p for v in data.values() for p in places(v)]


# DESIGN §3, third round: a count folds into the clause of the events it counts, the verb once:
# “开展甲、乙等载体活动12次” for the events 甲, 乙 and the 统计 “开展载体活动” 12次.
FOLD_VERBS = ("开展", "举办")


def wholly_quoted(name: str) -> bool:
    return len(name) > 2 and any(
        name[0] == a and name[-1] == b and b not in name[1:-1] for a, b in ("“”", "《》"))


def listed(names: list[str]) -> str:
    """Event names as the report lists them: joined by 、, but not between two names each wholly
    in quotes or book-title marks (GB/T 15834-2011 4.5.3.5)."""
    names = [n for n in names if n]
    return "".join(("" if i == 0 or wholly_quoted(names[i - 1]) and wholly_quoted(n) else "、") + n
                   for i, n in enumerate(names))


def expected_counts(data: dict[str, Any], text_of: Any = lambda t: t) -> list[tuple[str, ...]]:
    """Every 统计 (and 概况) with its 其中, as the report may say it: 项目, figure, 单位 (a part
    counts in its whole's 单位 unless it has its own); or, for the first count of a place that
    lists events, folded into their clause (“开展甲、乙等活动10次”, see FOLD_VERBS), which the
    report does when its 项目 names the events' kind. text_of: what the model makes of a text
    field (stripped, for arbitrary text)."""
    said: list[tuple[str, ...]] = []
    lists = [(p["统计"], p.get("活动", []), "次") for p in places(data)] + [(data.get("概况", []), [], "名")]
    for stat_list, events_listed, default in lists:
        names = [text_of(e if isinstance(e, str) else e["名称"]).strip() for e in events_listed]
        for n, whole in enumerate(stat_list):
            unit = text_of(whole.get("单位", default))
            for s, u in [(whole, unit), *((p, text_of(p.get("单位", unit))) for p in whole.get("其中", []))]:
                label = text.strip_end(text_of(s["项目"]))
                ways = [f"{label}{printed(s)}{u}"]
                verb = next((v for v in FOLD_VERBS if label.strip().startswith(v)), None)
                if names and n == 0 and s is whole and verb:
                    noun = label.strip()[len(verb):].strip()
                    ways += [f"{verb}{listed(names)}等{noun}{total}{printed(s)}{u}" for total in ("", "共计")]
                said.append(tuple(text.one_line(w) for w in ways))
    return said


def expected_texts(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """What must appear in the report, each in one of the ways it may be said: every event
    name, and every stat (expected_counts)."""
    names = [(e if isinstance(e, str) else e["名称"],) for es in walk(data, "活动") for e in es]
    return names + expected_counts(data)


# ---------------------------------------------------------------- properties

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SLOW
@given(reports)
# the count folds into the clause of the events it counts (开展“0”等“0”0次): 项目 and figure apart
@example({"单位": "0", "年度": 2000, "思想引领": {"活动": ["0"], "统计": [{"项目": "开展0", "数量": 0}]}})
def test_valid_data_renders_every_event_and_stat_to_markdown_and_word(data: dict[str, Any]) -> None:
    loaded = load_bytes(as_yaml(data))
    assert loaded.warnings == []
    markdown = unescape_md(build.render(loaded.report, "md").decode("utf-8"))
    word = docx_text(loaded.report)
    for ways in expected_texts(data):
        assert any(w in markdown for w in ways), ways
        assert any(w in word for w in ways), ways
    # a long title is broken into balanced lines within its paragraph
    title = outline.title(loaded.report)
    assert "".join(word.splitlines()[: title_line_count(word, title)]) == title


def title_line_count(word: str, title: str) -> int:
    joined = ""
    for count, line in enumerate(word.splitlines(), 1):
        joined += line
        if len(joined) >= len(title):
            return count
    return 1


@SLOW
@given(reports_with_any_text())
# a 项目 ending in a mark or a break and an invisible character: never “0.0名” or “1⏎0次”;
# a 单位 whose space an invisible character shielded from the strip: never “000 0”
@example({"单位": "0", "年度": 2000, "概况": [{"项目": "0.\x1f", "数量": 0}]})
@example({"单位": "0", "年度": 2000, "思想引领": {"统计": [{"项目": "1\x85\x1f", "数量": 0}]}})
@example({"单位": "0", "年度": 2000, "概况": [{"项目": "00", "数量": 0, "单位": "\x1f 0"}]})
def test_any_text_in_any_field_never_crashes_a_build(data: dict[str, Any]) -> None:
    report = Report.model_validate(data)
    markdown = unescape_md(build.render(report, "md").decode("utf-8"))
    # every 统计 label and figure reaches the report, whatever the text (as the model keeps it)
    for ways in expected_counts(data, kept):
        assert any(w in markdown for w in ways), ways
    docx_text(report)  # the .docx reopens: it is valid XML


@SLOW
@given(reports_with_any_text())
def test_any_text_through_a_data_file_never_crashes(data: dict[str, Any]) -> None:
    try:
        loaded = load_bytes(as_yaml(data))
    except DataError:
        return  # e.g. a 标题 of only control characters is empty once they are removed
    build.render(loaded.report, "md")
    docx_text(loaded.report)


def _outcome(raw: bytes) -> None:
    """Reading any bytes gives a report (which then builds) or a DataError, nothing else."""
    try:
        loaded = load_bytes(raw)
    except DataError as exc:
        assert exc.diagnostics and all(d.message for d in exc.diagnostics)
        # what kind of answer, for --hypothesis-show-statistics: shows what the inputs reach
        event(re.sub(r"[“（].*", "", exc.diagnostics[-1].message)[:24])
        return
    event("a report, built")
    build.render(loaded.report, "md")
    docx_text(loaded.report)


@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_give_a_traceback(raw: bytes) -> None:
    _outcome(raw)


YAMLISH = st.text(st.sampled_from(list(
    "单位年度期间工作标题内容活动统计项目数量名称落款日期概况存在问题下一步计划"
    " \t\n:-[]{},&*!|>'\"%@`#?~.0123456789：，、。余"
)), max_size=300)


@given(YAMLISH)
def test_yaml_like_text_never_gives_a_traceback(source: str) -> None:
    _outcome(source.encode("utf-8"))


SNIPPETS = st.one_of(YAMLISH.map(lambda t: t[:6]), st.text(max_size=4))


@SLOW
@given(st.sampled_from(EXAMPLES), st.data())
def test_mutated_examples_never_give_a_traceback(example: Path, data: st.DataObject) -> None:
    """A real data file with a few slips: text inserted or replaced, a part deleted, a line
    repeated (indentation and duplicate keys), and sometimes a stray byte."""
    text = example.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "replace", "delete", "duplicate-line"]))
        if action == "insert":
            text = text[:at] + data.draw(SNIPPETS) + text[at:]
        elif action == "replace":
            text = text[:at] + data.draw(SNIPPETS) + text[at + data.draw(st.integers(1, 6)) :]
        elif action == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 40)) :]
        else:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at) + 1 or len(text)
            text = text[:start] + text[start:end] + text[start:]
    raw = bytearray(text.encode("utf-8", "surrogatepass"))
    if data.draw(st.booleans()) and data.draw(st.booleans()):  # a quarter: one stray byte
        raw[data.draw(st.integers(0, len(raw))) : 0] = data.draw(st.binary(min_size=1, max_size=1))
    _outcome(bytes(raw))


def cells(xlsx: bytes) -> list[list[Any]]:
    """The first sheet's values from its third row on (below the title and the header), read as
    `tzreport import` reads a spreadsheet (calamine): a text as Excel shows it, its _xHHHH_
    escapes (ECMA-376 Part 1, 22.9.2.19) decoded. Not openpyxl, which gives “\\r” back as the
    _x000D_ the file stores and drops every “x005F_”, even one a user typed."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()[2:]


@SLOW
@given(reports_with_any_text())
# a “\r” in a 项目 and an event's name (kept by the loader: XML holds it, as _x000D_ in a cell);
# one typed as the escape, which must stay the seven characters typed; and text XlsxWriter
# would take for rich text's XML
@example({"单位": "0", "年度": 2000, "思想引领": {"活动": ["3\r0", "_x000D_", "_x0041_x0042_", "<r>&</r>"],
                                                 "统计": [{"项目": "0\r0", "数量": 0}]}})
def test_any_text_reaches_the_statistics_table_and_the_ledger_as_text(data: dict[str, Any]) -> None:
    import openpyxl

    from tzreport.report import places
    from tzreport.writers.xlsx import ledger

    try:  # through a data file, whose control characters the loader removes, as the report
        loaded = load_bytes(as_yaml(data))  # does (but for \t, \n, \r, which a cell holds)
    except DataError:
        return
    report = loaded.report
    table = build.render(report, "xlsx")
    # one row per figure, its 项目 as written (a part's after 其中) and the figure as printed
    stated = list(places.stats(report))
    assert [(r[2], r[3]) for r in cells(table)] == [
        (("其中" if s.whole else "") + s.stat.label,
         s.stat.printed if s.stat.approx and s.stat.printed != str(s.stat.value) else s.stat.value)
        for s in stated]
    (sheet,) = openpyxl.load_workbook(io.BytesIO(table)).worksheets
    assert all(c.data_type != "f" for r in sheet.iter_rows(min_row=3) for c in r)  # no text became a formula
    written, count = ledger.workbook([report])
    names = [r[3] for r in cells(written)]
    assert count == len(names) and names == [e.name for _, e in places.events(report)]
