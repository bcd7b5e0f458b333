"""tzreport's cache folder: what is worth keeping between runs (the prepared .docx package of
a layout), kept where the system keeps caches, and never a reason for a build to fail.

The folder is, in order: $TZREPORT_CACHE ("off" turns the cache off); on Windows
%LOCALAPPDATA%\\tzreport\\cache; on macOS ~/Library/Caches/tzreport; elsewhere
$XDG_CACHE_HOME/tzreport or ~/.cache/tzreport. A file that cannot be read, written or
understood is treated as absent: the work is done again, as on a first run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from tzreport.errors import OutputError
from tzreport.output import write_atomic

ENV = "TZREPORT_CACHE"


def folder() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "tzreport" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "tzreport"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tzreport"


def key(*parts: object) -> str:
    """A file name part for what the parts describe (their text, hashed)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:32]


def files_stamp(paths: Iterable[Path]) -> str:
    """Changes when any of these files changes (a new version installed, a source edited): their
    sizes and modification times, from one stat each. A missing file counts as such."""
    stamps: list[str] = []
    for path in paths:
        try:
            stat = path.stat()
            stamps.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            stamps.append(f"{path}:missing")
    return key(*stamps)


def read(name: str) -> bytes | None:
    """A cached file's content, or None."""
    where = folder()
    if where is None:
        return None
    try:
        return (where / name).read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """Keep a file in the cache, whole or not at all (output.write_atomic); a cache that cannot
    be written is silently not used."""
    where = folder()
    if where is None:
        return
    with contextlib.suppress(OutputError):
        write_atomic(where / name, data)
