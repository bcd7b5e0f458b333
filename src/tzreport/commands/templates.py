"""The built-in templates as files: which there are, which a --templates folder overrides, and
copying them as a starting point (`tzreport templates list / copy`).

Rendering is templating.py's business; this module only reads and copies files, so these
commands start without loading Jinja.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tzreport.commands.init import write_new
from tzreport.errors import OptionError, OutputError
from tzreport.render.builtin_templates import builtin_dir

SUFFIX = ".j2"


@dataclass(frozen=True)
class TemplateFile:
    """One template: its file name, where the one in use is, and what it is for."""

    name: str
    path: Path
    summary: str
    builtin: bool = True  # False: a user's template that overrides or adds to the built-ins


_LEAD = re.compile(r"\{#-?\s*(.*?)(?:。|-?#\})", re.S)


def summary(path: Path) -> str:
    """The first sentence of the comment a template starts with."""
    m = _LEAD.match(path.read_text(encoding="utf-8").lstrip())
    return m.group(1).strip() if m else ""


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(f"*{SUFFIX}") if p.is_file())


def list_templates(user_dir: Path | None = None) -> list[TemplateFile]:
    """The built-in templates, each replaced by the user's file of the same name when
    `user_dir` has one, then the user's templates that are not overrides."""
    found: list[TemplateFile] = []
    builtin = builtin_dir()
    names = set()
    for path in _files(builtin):
        name = path.relative_to(builtin).as_posix()
        names.add(name)
        own = user_dir / name if user_dir is not None else None
        if own is not None and own.is_file():
            found.append(TemplateFile(name, own, summary(path), builtin=False))
        else:
            found.append(TemplateFile(name, path, summary(path)))
    if user_dir is not None:
        for path in _files(user_dir):
            name = path.relative_to(user_dir).as_posix()
            if name not in names:
                found.append(TemplateFile(name, path, summary(path), builtin=False))
    return found


def copy_templates(folder: Path, names: Sequence[str] = ()) -> list[Path]:
    """Copy the built-in templates (all, or those named) into `folder`. Files that exist are
    an error, and then nothing is copied."""
    builtin = builtin_dir()
    available = {p.relative_to(builtin).as_posix(): p for p in _files(builtin)}
    unknown = [n for n in names if n not in available]
    if unknown:
        raise OptionError(
            f"错误 没有内置模板“{'、'.join(unknown)}”；内置模板有：{'、'.join(available)}"
        )
    chosen = {n: available[n] for n in (names or available)}
    # lexists: a link to nothing is there too (write_new would refuse it half-way)
    clashes = [folder / n for n in chosen if os.path.lexists(folder / n)]
    if clashes:
        raise OutputError(f"{'、'.join(map(str, clashes))}: 错误 文件已存在，不会覆盖")
    written: list[Path] = []
    try:
        for name, source in chosen.items():
            write_new(folder / name, source.read_text(encoding="utf-8"))
            written.append(folder / name)
    except BaseException:  # all or nothing, as promised: take back what was copied
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return written
