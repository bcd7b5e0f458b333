"""A data file's bytes → the text the YAML parser reads, refusing what is not a data file.

Users edit these files in Notepad, WPS or whatever they have, and paste text from Word and web
pages into them. So before any YAML is parsed:
- a file over MAX_BYTES is refused unread (a data file is a few KB: a bigger one was chosen by
  mistake, or is meant to exhaust time and memory);
- a Word document, a PDF, an image or other binary file is named for what it is;
- UTF-8, with or without a byte-order mark, is read silently; a GBK file (Notepad's "ANSI" on
  Chinese Windows) or a UTF-16 one (Notepad's "Unicode") is read with a warning to save it as
  UTF-8; a UTF-8 file with a stray piece of GBK text in it is refused at that place, since
  reading the whole file as GBK would garble everything else;
- invisible control characters (Word's \\x0b line break, \\x07 cell mark, …) are removed with a
  warning: YAML refuses them and XML, so a .docx, cannot hold them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tzreport.data.field_types import INVISIBLE
from tzreport.errors import WARNING, DataError, Diagnostic, os_reason
from tzreport.regular_file import NotRegularFile, read_regular

MAX_BYTES = 1024 * 1024  # 1 MB: a year's report is 5–20 KB of YAML

# More control characters than this share of the text: not a text file that had some pasted in.
_BINARY_SHARE = 0.05

# Files people pick by mistake, told by their first bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "这是 Word 文档（.docx）或压缩文件"),
    (b"\xd0\xcf\x11\xe0", "这是 Word（.doc）或 Excel（.xls）文件"),
    (b"%PDF", "这是 PDF 文件"),
    (b"{\\rtf", "这是 RTF 文档"),
    (b"\x89PNG", "这是图片文件"),
    (b"\xff\xd8\xff", "这是图片文件"),
)
_NOT_DATA = "，不能作为数据文件：数据文件是用记事本等文本编辑器编写的 .yaml 文本文件"
_BINARY = "这不是文本文件（可能是图片、压缩包或其他程序的文件）" + _NOT_DATA
_SAVE_AS = "在记事本中“另存为”，编码选择 UTF-8"


@dataclass(frozen=True)
class Removed:
    """An invisible character taken out of the text: its line and column in the file (0-based),
    and its column and index in the cleaned text, where the text goes on after it."""

    line: int
    column: int
    cleaned_column: int
    index: int
    char: str


@dataclass
class SourceText:
    """A data file's text, ready for the YAML parser, and what was done to get it."""

    path: Path
    text: str
    warnings: list[Diagnostic] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    def original(self, diagnostic: Diagnostic) -> Diagnostic:
        """A diagnostic located in the cleaned text, moved to the column it has in the file."""
        column = diagnostic.column - 1
        before = sum(
            1 for r in self.removed if r.line == diagnostic.line - 1 and r.cleaned_column <= column
        )
        return replace(diagnostic, column=diagnostic.column + before) if before else diagnostic


def read(path: Path, raw: bytes | None = None) -> SourceText:
    """The text of a data file (read from path, or the bytes given: a caller that writes the
    file back must parse the very bytes it keeps), or a DataError saying why it cannot be one."""
    raw = _read_bytes(path) if raw is None else _vet(path, raw)
    text, warnings = _decode(path, raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # line numbers as editors count
    text, removed = _remove_invisible(text)
    if removed and len(removed) > max(8, len(text) * _BINARY_SHARE):
        raise DataError([Diagnostic(path, 0, 0, _BINARY)])
    return SourceText(path, text, warnings, removed)


def _read_bytes(path: Path) -> bytes:
    try:
        # a named pipe or a device would block the read or never end: refused when opened
        raw = read_regular(path, MAX_BYTES)  # never more, whatever the file is
    except FileNotFoundError:
        raise DataError([Diagnostic(path, 0, 0, "文件不存在")]) from None
    except IsADirectoryError:
        raise DataError([Diagnostic(path, 0, 0, "这是一个文件夹，不是数据文件")]) from None
    except NotRegularFile as exc:
        what = "这是一个文件夹，不是数据文件" if path.is_dir() else exc.strerror or "这不是普通文件"
        raise DataError([Diagnostic(path, 0, 0, what)]) from None
    except OSError as exc:
        raise DataError([Diagnostic(path, 0, 0, f"无法读取文件：{os_reason(exc)}")]) from None
    return _vet(path, raw)


def _vet(path: Path, raw: bytes) -> bytes:
    """The bytes of a data file, unless too many or those of another kind of file."""
    if len(raw) > MAX_BYTES:
        raise DataError([Diagnostic(
            path, 0, 0,
            f"文件太大：数据文件不能超过 {MAX_BYTES // (1024 * 1024)} MB（一份报告的数据通常只有几十 KB），请检查是否选错了文件",
        )])
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise DataError([Diagnostic(path, 0, 0, what + _NOT_DATA)])
    return raw


def _decode(path: Path, raw: bytes) -> tuple[str, list[Diagnostic]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError([Diagnostic(path, 0, 0, _BINARY)]) from None
        return text, [Diagnostic(
            path, 1, 1, f"文件是 UTF-16 编码（记事本中的“Unicode”），已按 UTF-16 读取；建议{_SAVE_AS}", level=WARNING
        )]
    if b"\x00" in raw:  # no text encoding we read has a zero byte
        raise DataError([Diagnostic(path, 0, 0, _BINARY)])
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line, column = _place(raw, exc.start)
        if _has_utf8_text(raw):
            message = f"这里的文字不是 UTF-8 编码（可能是从别处粘贴的 GBK 编码文字）：请删除后重新输入，或{_SAVE_AS}"
            raise DataError([Diagnostic(path, line, column, message)]) from None
    try:
        text = raw.decode("gbk")
    except UnicodeDecodeError:
        message = f"无法识别文件的编码（既不是 UTF-8，也不是 GBK）：如果这是数据文件，请{_SAVE_AS}"
        raise DataError([Diagnostic(path, line, column, message)]) from None
    return text, [Diagnostic(
        path, line, column, f"文件是 GBK 编码（记事本中的“ANSI”），已按 GBK 读取；建议{_SAVE_AS}", level=WARNING
    )]


def _place(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset, counting the characters before it."""
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", errors="replace")) + 1


def _has_utf8_text(raw: bytes) -> bool:
    """Whether some line is UTF-8 Chinese (a three-byte sequence): then the file is UTF-8 with
    a stray part, not GBK. A line of GBK text is almost never valid UTF-8 of that kind."""
    for line in raw.split(b"\n"):
        if max(line, default=0) >= 0xE0:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            return True
    return False


def _remove_invisible(text: str) -> tuple[str, list[Removed]]:
    if not INVISIBLE.search(text):
        return text, []
    removed: list[Removed] = []
    lines = []
    offset = 0  # where the line starts in the cleaned text
    for number, line in enumerate(text.split("\n")):
        kept = []
        last = 0
        for count, m in enumerate(INVISIBLE.finditer(line)):
            kept.append(line[last : m.start()])
            cleaned_column = m.start() - count
            removed.append(Removed(number, m.start(), cleaned_column, offset + cleaned_column, m.group()))
            last = m.end()
        kept.append(line[last:])
        lines.append("".join(kept))
        offset += len(lines[-1]) + 1
    return "\n".join(lines), removed


def invisible_warnings(source: SourceText, field_at: Callable[[int], str]) -> list[Diagnostic]:
    """One warning a line for the invisible characters removed from it, naming the field they
    were in when field_at (cleaned index → field) knows it."""
    by_line: dict[int, list[Removed]] = {}
    for r in source.removed:
        by_line.setdefault(r.line, []).append(r)
    found = []
    for line, chars in by_line.items():
        codes = "、".join(dict.fromkeys(f"U+{ord(r.char):04X}" for r in chars))
        count = f" {len(chars)} 个" if len(chars) > 1 else ""
        message = f"已删除{count}不可见字符（{codes}），它可能是从 Word 或网页复制来的"
        first = chars[0]
        found.append(
            Diagnostic(source.path, line + 1, first.column + 1, message, field_at(first.index), WARNING)
        )
    return found
