"""`tzreport check`: run the rules over a validated data file and place each finding at the
line and column of the YAML where the text stands.

The text rules (lint_text) see a field's text as it will be printed; the data rules
(lint_report) see the report's values. Both name a location in the data; here it becomes a
line and column through the node tree the loader composed, so nothing is parsed twice.
A finding is dropped when the rule is not selected, or when its line (or the first line of
its field, for a text written over several lines) ends in `# tzreport: ignore CODE`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from tzreport import text
from tzreport.data import field_types
from tzreport.data.loader import Loaded
from tzreport.data.models import Report
from tzreport.errors import ERROR, Diagnostic
from tzreport.lint import report_rules
from tzreport.lint.rules import ALL, RULES, Hit, Selection
from tzreport.lint.terms import Terms, for_data_file
from tzreport.lint.text_rules import check_text, may_hold_error_text

Loc = report_rules.Loc
# Fields that hold a choice, not text to proofread.
NOT_TEXT = frozenset({"period"})


def lint(
    loaded: Loaded[Report], selection: Selection = ALL, terms: Terms | None = None,
    texts: bool = True,
) -> list[Diagnostic]:
    """Every finding in one validated data file, in file order. Raises DataError when a
    tzreport-terms.yaml that applies to it is wrong. texts=False: the text rules are known
    to find nothing (see errors), and are not run."""
    if terms is None:
        terms = for_data_file(loaded.path)
    found: list[tuple[Loc, Hit]] = []
    for loc, value in text_fields(loaded.data) if texts else ():
        printed = text.one_line(value)
        found += [(loc, hit) for hit in check_text(printed, terms, selection.wants)]
    found += report_rules.check_report(loaded.data, selection.wants)
    ignored = suppressions(loaded.text, loaded.root)
    diagnostics = [d for d in _unknown_codes(loaded, ignored) if selection.wants(d.code)]
    if selection.wants("TZ102"):
        diagnostics += [d for d in cut_by_comment(loaded) if not _ignores(ignored.get(d.line), "TZ102")]
    for loc, hit in found:
        if not selection.wants(hit.code):
            continue
        diagnostic, first_line = _place(loaded, loc, hit)
        if not any(_ignores(ignored.get(n), hit.code) for n in (diagnostic.line, first_line)):
            diagnostics.append(diagnostic)
    return sorted(diagnostics, key=lambda d: (d.line, d.column, d.code))


def errors(loaded: Loaded[Report]) -> list[Diagnostic]:
    """The error-level findings: what makes a file a draft that `build` refuses. Only the
    rules that can find an error run, so that a build pays little for it."""
    terms = for_data_file(loaded.path)
    codes = _ERROR_CODES | {"TZ302"} if terms.any_error else _ERROR_CODES
    # The text rules that find errors (TZ101 placeholders, TZ103 a web page's hidden text)
    # find nothing in a text without one of a few characters. Every text of a report stands
    # in its file, character by character (folded lines lose spaces and line breaks only), but
    # for a quoted escape ("\x58"): a file without those characters and without "\" has
    # nothing for them, and most reports are such files. A wrong term of the unit's that is
    # an error may be folded over two lines: then the texts are looked at one by one.
    texts = terms.any_error or may_hold_error_text(loaded.text)
    found = lint(loaded, Selection(codes), terms, texts)
    return [d for d in found if d.level == ERROR]


_ERROR_CODES = frozenset(code for code, rule in RULES.items() if rule.level == ERROR)


def text_fields(model: BaseModel, loc: Loc = ()) -> list[tuple[Loc, str]]:
    """Each text the user wrote (not defaults), with its location in Chinese keys, in file
    order. Gathered into one list (some sixty texts a report, for every report a build
    checks for placeholders): nested generators passed each text up through every level."""
    found: list[tuple[Loc, str]] = []
    _collect_texts(model, loc, found)
    return found


def _collect_texts(model: BaseModel, loc: Loc, found: list[tuple[Loc, str]]) -> None:
    written = model.model_fields_set
    for name, key in _keys(type(model)):
        if name not in written:
            continue
        value, here = getattr(model, name), (*loc, key)
        if isinstance(value, list):
            for i, each in enumerate(value):
                if isinstance(each, str):
                    found.append(((*here, i), each))
                elif isinstance(each, BaseModel):
                    _collect_texts(each, (*here, i), found)
        elif isinstance(value, str):
            found.append((here, value))
        elif isinstance(value, BaseModel):
            _collect_texts(value, here, found)


@functools.cache
def _keys(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute, key as written) of a model's fields that may hold text to proofread; asked
    for every model of every file (pydantic's model_fields is not a plain attribute)."""
    return tuple((name, field_types.key_of(model, name)) for name in model.model_fields
                 if name not in NOT_TEXT)


# ---------------------------------------------------------------- from a location to line:col


def _place(loaded: Loaded[Report], loc: Loc, hit: Hit) -> tuple[Diagnostic, int]:
    """The diagnostic for a hit, and the first line of the field it is in."""
    node, key_node, field = loaded.find(loc)
    first_line = (key_node or node).start_mark.line + 1
    if hit.span is not None and isinstance(getattr(node, "value", None), str):
        marks = char_marks(loaded.text, node, hit.text)
        start, last = marks[hit.span[0]], marks[max(hit.span[1] - 1, hit.span[0])]
        end = (last[0], last[1] + (1 if hit.span[1] > hit.span[0] else 0))
    else:
        shown = key_node if hit.at_key and key_node is not None else node
        start = (shown.start_mark.line, shown.start_mark.column)
        end = (shown.end_mark.line, shown.end_mark.column)
    diagnostic = Diagnostic(
        loaded.path, start[0] + 1, start[1] + 1, hit.message, field, hit.severity,
        hit.code, hit.fix, end[0] + 1, end[1] + 1,
    )
    return diagnostic, first_line


_SKIPPABLE = "\\\"'"


def char_marks(source: str, node: Any, value: str) -> list[tuple[int, int]]:
    """(line, column), 0-based, of each character of a scalar's text in the file's source.

    Between the two stand YAML's quotes, escapes, indentation and line folding, so the
    characters are matched in order, passing over spaces, line breaks and quoting; a
    character not found (an escape such as \\u4e00) takes the place reached so far."""
    i, end = node.start_mark.index, node.end_mark.index
    line, column = node.start_mark.line, node.start_mark.column

    def step() -> None:
        nonlocal i, line, column
        line, column = (line + 1, 0) if source[i] == "\n" else (line, column + 1)
        i += 1

    if node.style in ("|", ">"):  # the text starts on the line after "|" and its comment
        while i < end and source[i] != "\n":
            step()
    marks = []
    for ch in value:
        saved = i, line, column
        while i < end and source[i] != ch and (source[i].isspace() or source[i] in _SKIPPABLE):
            step()
        if i < end and source[i] == ch:
            marks.append((line, column))
            step()
        else:
            i, line, column = saved
            marks.append((line, column))
    return marks or [(line, column)]


# ---------------------------------------------------------------- # tzreport: ignore CODE

_IGNORE = re.compile(
    r"(?:^|\s)#\s*tzreport\s*[:：]\s*ignore(?![\w-])[ \t]*[:：=]?[ \t]*(.*)$", re.IGNORECASE
)
_CODE = re.compile(r"TZ\d*", re.IGNORECASE)


def suppressions(source: str, root: Any) -> dict[int, list[tuple[str, int]]]:
    """Line (1-based) → the codes its `# tzreport: ignore` comment names, each with its
    column; an empty list means every code. Words after the codes are a free remark.
    A "#" inside a text (quoted, or in a | block) is text, not a comment."""
    found: dict[int, list[tuple[str, int]]] = {}
    if "tzreport" not in source.lower():
        return found
    texts = list(_text_spans(source, root))
    offset = 0
    for n, line in enumerate(source.split("\n"), 1):
        m = _IGNORE.search(line)
        start, offset = offset, offset + len(line) + 1
        if m is None or any(a <= start + m.start(1) < b for a, b in texts):
            continue
        codes, at = [], m.start(1)
        for word in re.split(r"([\s,，]+)", m[1]):
            if word.strip(" \t,，") and _CODE.fullmatch(word) is None:
                break  # the remark begins
            if _CODE.fullmatch(word):
                codes.append((word.upper(), at))
            at += len(word)
        found[n] = codes
    return found


def _text_spans(source: str, node: Any) -> Iterator[tuple[int, int]]:
    """Where each scalar's text stands in the source (a | block: from the line after "|",
    whose end may hold a comment)."""
    if isinstance(node.value, str):
        start = node.start_mark.index
        if node.style in ("|", ">"):
            start = source.find("\n", start) % (len(source) + 1)
        yield start, node.end_mark.index
        return
    for child in node.value:
        for each in child if isinstance(child, tuple) else (child,):
            yield from _text_spans(source, each)


# A value that is a figure, a date or a yes/no: a comment after it is a note (new-year
# writes `数量: 10  # 上期：8次`), never the rest of a sentence.
_NOT_PROSE = re.compile(r"[\d\s.,/\-年月日余]*|true|false|True|False|yes|no")
_COMMENT_AFTER = re.compile(r"[ \t]+#(\S.*)")


def cut_by_comment(loaded: Loaded[Report]) -> Iterator[Diagnostic]:
    """TZ102: `- 宣传栏 #1和社区公众号`: YAML reads everything from " #" as a comment, so the
    report says only 宣传栏, and nothing else tells. Said where a text value (unquoted) is
    followed on its line by a comment that begins right after its "#", as text would; a
    comment written as a note, with a space after "#", or after a figure, stays quiet."""
    source = loaded.text
    for node in _plain_scalars(loaded.root):
        value = node.value.strip()
        if not value or _NOT_PROSE.fullmatch(value):
            continue
        end = node.end_mark.index
        line_end = source.find("\n", end) % (len(source) + 1)
        m = _COMMENT_AFTER.match(source, end, line_end)
        if m is None or m[1].lower().startswith("tzreport"):  # an ignore comment
            continue
        hash_at = m.start(1) - 1
        line = node.end_mark.line + 1
        column = hash_at - (source.rfind("\n", 0, hash_at) + 1) + 1
        cut = m[1].strip()
        shown = cut if len(cut) <= 12 else cut[:12] + "……"
        message = (f"“#{shown}”被当作注释，不会出现在报告中；如果它是正文的一部分，"
                   "请把这段文字用引号括起来（或去掉“#”前面的空格）")
        yield Diagnostic(loaded.path, line, column, message, "", RULES["TZ102"].level, "TZ102")


def _plain_scalars(node: Any) -> Iterator[Any]:
    if isinstance(node.value, str):
        if node.style is None:
            yield node
        return
    for child in node.value:
        for each in child if isinstance(child, tuple) else (child,):
            yield from _plain_scalars(each)


def _ignores(codes: list[tuple[str, int]] | None, code: str) -> bool:
    if codes is None:
        return False
    return not codes or any(code.startswith(c) for c, _ in codes)


def _unknown_codes(
    loaded: Loaded[Report], ignored: dict[int, list[tuple[str, int]]]
) -> Iterator[Diagnostic]:
    """TZ001: a code in an ignore comment that names no rule would silently ignore nothing."""
    for n, codes in ignored.items():
        for code, column in codes:
            if not any(rule.startswith(code) for rule in RULES):
                message = f"忽略注释中的代码“{code}”不存在，这条注释不起作用"
                yield Diagnostic(
                    loaded.path, n, column + 1, message, "", RULES["TZ001"].level, "TZ001",
                    None, n, column + 1 + len(code),
                )


# ---------------------------------------------------------------- output for machines


def to_json(diagnostics: list[Diagnostic]) -> str:
    """The findings as a JSON list, for CI and editors."""
    rows = [
        {
            "file": str(d.path),
            "line": d.line,
            "column": d.column,
            "end_line": d.end_line or d.line,
            "end_column": d.end_column or d.column,
            "level": d.level,
            "severity": "error" if d.level == ERROR else "warning",
            "code": d.code or None,
            "field": d.field or None,
            "message": d.message,
            "fix": d.fix,
        }
        for d in diagnostics
    ]
    # JSON leaves DEL, the C1 controls (\x9b starts a terminal command) and the marks that
    # reorder text raw: written as \u escapes, which a JSON reader turns back into the name
    return re.sub("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m[0]):04x}",
                  json.dumps(rows, ensure_ascii=False, indent=2))


def _escape(value: str, in_property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if in_property else value


def to_github(diagnostics: list[Diagnostic]) -> list[str]:
    """The findings as GitHub Actions workflow commands: annotations on the changed files."""
    lines = []
    for d in diagnostics:
        kind = "error" if d.level == ERROR else "warning"
        place = f"file={_escape(str(d.path), True)}"
        if d.line:
            place += f",line={d.line},col={d.column}"
        title = f"{d.code} {RULES[d.code].name}" if d.code in RULES else "数据错误"
        what = f"{d.field}: {d.message}" if d.field else d.message
        lines.append(f"::{kind} {place},title={_escape(title, True)}::{_escape(what)}")
    return lines
