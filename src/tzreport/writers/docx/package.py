"""A .docx as tzreport writes it: a prepared package (styles, page, footers; made by setup.py)
and, per report, the body written into it. Nothing here needs python-docx.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
import json
import zipfile
from pathlib import Path

import tzreport
from tzreport import cache
from tzreport.writers.docx.ooxml import CORE, PARAGRAPH_STYLES, Package, entry, escape
from tzreport.writers.layout import Layout


@functools.lru_cache(maxsize=16)
def package(layout: Layout, reference: Path | None = None, stamp: float = 0.0) -> Package:
    """The prepared package for a layout or a reference document (stamp: the reference's
    modification time, so an edited reference is read again). Made once per process; a
    layout's package is also kept in the cache folder, so a new process does not need
    python-docx to make it again (a reference document is read every time: it is the user's
    file, and may be anywhere)."""
    if reference is not None:
        from tzreport.writers.docx import setup

        return setup.build_package(layout, reference)
    name = f"docx-package-{_cache_key(layout)}.json"
    cached = _from_json(cache.read(name))
    if cached is not None:
        return cached
    from tzreport.writers.docx import setup

    made = setup.build_package(layout)
    cache.write(name, _to_json(made))
    return made


def _cache_key(layout: Layout) -> str:
    """Changes with the layout, and with the code that makes a package: every module of ours
    (the layout profile, the text helpers and the Word setup live in different folders, and a
    change to any may change the package), python-docx's and its template (found without
    importing python-docx)."""
    ours = sorted(Path(tzreport.__file__).parent.rglob("*.py"))
    found = importlib.util.find_spec("docx")
    docx_dir = Path(next(iter(found.submodule_search_locations or []), "")) if found else Path()
    theirs = [docx_dir / "__init__.py", docx_dir / "templates" / "default.docx"]
    return cache.key(FORMAT, repr(layout), cache.files_stamp([*ours, *theirs]))


FORMAT = 1  # of the cached package file; a new one makes older files unused


def _to_json(pkg: Package) -> bytes:
    return json.dumps({
        "format": FORMAT,
        "static_zip": base64.b64encode(pkg.static_zip).decode("ascii"),
        "body_start": pkg.body_start,
        "body_end": pkg.body_end,
        "paragraph_styles": pkg.paragraph_styles,
        "run_in_styles": {str(level): sid for level, sid in pkg.run_in_styles.items()},
        "direct_fonts": pkg.direct_fonts,
    }, ensure_ascii=False).encode("utf-8")


def _from_json(data: bytes | None) -> Package | None:
    """The package in a cache file, or None for a file that is not one (damaged, older)."""
    if data is None:
        return None
    try:
        found = json.loads(data)
        if found["format"] != FORMAT:
            return None
        pkg = Package(
            base64.b64decode(found["static_zip"], validate=True),
            str(found["body_start"]),
            str(found["body_end"]),
            {str(k): str(v) for k, v in found["paragraph_styles"].items()},
            {int(k): str(v) for k, v in found["run_in_styles"].items()},
            bool(found["direct_fonts"]),
        )
        zipfile.ZipFile(io.BytesIO(pkg.static_zip)).testzip()
    except (ValueError, TypeError, KeyError, AttributeError, zipfile.BadZipFile):
        return None
    if set(pkg.paragraph_styles) != set(PARAGRAPH_STYLES):
        return None
    return pkg


@functools.lru_cache(maxsize=16)
def _static_entries(static_zip: bytes) -> tuple[bytes, tuple[zipfile.ZipInfo, ...], bytes]:
    """The prepared zip's parts as they stand before its directory, the directory's entries
    and its comment: read once, not once per report (opening the zip to append to it read
    the directory again each time)."""
    with zipfile.ZipFile(io.BytesIO(static_zip)) as archive:
        return static_zip[: archive.start_dir], tuple(archive.infolist()), archive.comment


def write_package(pkg: Package, body: str, title: str, language: str, creator: str = "") -> bytes:
    """The .docx bytes of a prepared package with this body, title and author (the unit that
    signs it: Word shows it as the file's 作者, and a program's name there is not the unit's): the prepared parts,
    then the two new ones, then the directory of all of them, as appending to the prepared
    zip writes it."""
    parts, entries, comment = _static_entries(pkg.static_zip)
    buffer = io.BytesIO()
    buffer.write(parts)
    with zipfile.ZipFile(buffer, "w", compresslevel=1) as archive:
        archive.filelist.extend(entries)  # written into the directory when the zip is closed
        archive.NameToInfo.update((info.filename, info) for info in entries)
        if comment:
            archive.comment = comment
        archive.writestr(entry("word/document.xml"), pkg.body_start + body + pkg.body_end)
        core = CORE.format(title=escape(title), language=escape(language), creator=escape(creator))
        archive.writestr(entry("docProps/core.xml"), core)
    return buffer.getvalue()
