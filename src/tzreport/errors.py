"""Error types for mistakes a user can fix. The CLI turns them into messages and exit code 1;
anything else is a bug in tzreport and keeps its traceback."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    """One finding in one file, at a line and column (both 1-based; 0 when not known)."""

    path: Path
    line: int
    column: int
    message: str
    field: str = ""
    level: str = "错误"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else str(self.path)
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {self.level} {what}"


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


class TemplateError(TzreportError):
    """A template cannot be loaded or rendered."""


class OutputError(TzreportError):
    """An output file cannot be written."""


class InputError(TzreportError):
    """An input path does not exist or holds no data files."""


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
