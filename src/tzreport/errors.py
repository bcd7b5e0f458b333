"""Error types for mistakes a user can fix. The CLI turns them into messages and exit code 1;
anything else is a bug in tzreport and keeps its traceback."""

from __future__ import annotations

import errno
import functools
import re
from dataclasses import dataclass
from pathlib import Path

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True)
class Diagnostic:
    """One finding in one file, at a line and column (both 1-based; 0 when not known).

    A finding of `tzreport check` also has its rule's code, and, where the fix is plain, the
    text that should replace what stands from (line, column) up to (end_line, end_column)."""

    path: Path
    line: int
    column: int
    message: str
    field: str = ""
    level: str = ERROR
    code: str = ""
    fix: str | None = None
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        where = f"{shown(self.path)}:{self.line}:{self.column}" if self.line else shown(self.path)
        what = f"{self.field}: {self.message}" if self.field else self.message
        level = f"{self.level} {self.code}" if self.code else self.level
        return f"{where}: {level} {what}"


class TzreportError(Exception):
    """Base of every error caused by the user's data, templates or files."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        return [self.message]


class DataError(TzreportError):
    """A data file is invalid: one diagnostic per problem, in file order (its warnings too)."""

    SHOWN = 50  # a garbage file can have thousands of problems: the first ones say enough

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (str(d.path), d.line, d.column))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def lines(self) -> list[str]:
        shown = [str(d) for d in self.diagnostics[: self.SHOWN]]
        if len(self.diagnostics) > self.SHOWN:
            rest = len(self.diagnostics) - self.SHOWN
            shown.append(f"{self.diagnostics[0].path}: 另有 {rest} 个问题没有列出，请先改正上面的问题")
        return shown

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Diagnostic]]]:
        # Pickled when a build process hands the error back: rebuild it from the diagnostics,
        # not from the joined message Exception.args holds.
        return (DataError, (self.diagnostics,))


class DraftError(DataError):
    """A data file still has unfilled placeholders (or other error-level findings): it is a
    draft, and a final report is not built from it."""

    HINT = "这份数据还没有写完，不能生成正式报告：请改正以上错误；确需先出稿时，加 --allow-draft 生成征求意见稿"

    def lines(self) -> list[str]:
        return [*super().lines(), f"{self.diagnostics[0].path}: 提示 {self.HINT}"]


class TemplateError(TzreportError):
    """A template cannot be loaded or rendered."""


class OutputError(TzreportError):
    """An output file cannot be written."""


class InputError(TzreportError):
    """An input path does not exist or holds no data files."""


class OptionError(TzreportError):
    """A command-line option has a value that cannot be used (a usage error: exit code 2)."""


# What in a file name would split a line we print or write, or drive the terminal it is shown
# on: control characters (newline, ESC, BEL …) and the marks that reorder text on screen.
# (Compiled when first needed: a class reaching past \xff costs milliseconds to compile.)
@functools.cache
def _control() -> re.Pattern[str]:
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(name: object) -> str:
    """A file name (or any text from outside) as we print or write it: its control characters
    written as \\n, \\x1b, \\u202e …, so that it stays on its line and does nothing to a terminal."""
    text = str(name)
    if text.isprintable():  # every character of _control() is unprintable
        return text
    return _control().sub(lambda m: ascii(m[0])[1:-1], text)


_NAMED = re.compile(r"(.+?)(?::(\d+)(?::(\d+))?)?: (错误|警告|提示) (.*)", re.DOTALL)


def as_diagnostic(error: TzreportError, path: Path) -> Diagnostic:
    """An error that is tied to no line, as a finding about `path`; when its message names a
    file of its own (every message of ours starts "文件: 错误 …"), the finding is about that
    file, so that it is not printed after `path` with a second name inside it
    ("报告.docx: 错误 版式.yaml: 错误 …")."""
    found = _NAMED.fullmatch(error.message)
    if found is None:
        return Diagnostic(path, 0, 0, error.message)
    named, line, column, level, message = found.groups()
    where = path if named in (str(path), shown(path)) else Path(named)
    return Diagnostic(where, int(line or 0), int(column or 0), message, level=level)


# What an operating-system error means for the user, in Chinese (strerror is in English).
_OS_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "已有同名的文件或文件夹",
    errno.EIO: "读写磁盘出错",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in the user's words; the system's own text when we have none."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
