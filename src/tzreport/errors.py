"""Error types for mistakes a user can fix. The CLI turns them into messages and exit code 1;
anything else is a bug in tzreport and keeps its traceback."""

from __future__ import annotations

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
    """A data file is invalid: one diagnostic per problem, in file order."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (str(d.path), d.line, d.column))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def lines(self) -> list[str]:
        return [str(d) for d in self.diagnostics]

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Diagnostic]]]:
        # Pickled when a build process hands the error back: rebuild it from the diagnostics,
        # not from the joined message Exception.args holds.
        return (DataError, (self.diagnostics,))


class TemplateError(TzreportError):
    """A template cannot be loaded or rendered."""


class OutputError(TzreportError):
    """An output file cannot be written."""


class InputError(TzreportError):
    """An input path does not exist or holds no data files."""
