"""A .docx as tzreport writes it: a prepared package (styles, page, footers; see word_setup)
and, per report, the body written into it. Nothing here needs python-docx.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from tzreport import cache
from tzreport.layout import Font, Layout, twips

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Paragraph kinds → (style id we create, style name Word knows it by).
PARAGRAPH_STYLES = {
    "body": ("Normal", "Normal"),
    "title": ("Title", "Title"),
    "subtitle": ("Subtitle", "Subtitle"),
    "heading1": ("Heading1", "heading 1"),
    "heading2": ("Heading2", "heading 2"),
    "heading3": ("Heading3", "heading 3"),
    "heading4": ("Heading4", "heading 4"),
    "addressee": ("Addressee", "主送"),
    "signature": ("Signature", "落款署名"),
    "signature_date": ("SignatureDate", "成文日期"),
    # the 附表 pages (tables.py)
    "annex_label": ("AnnexLabel", "附件标识"),
    "annex_title": ("AnnexTitle", "附件标题"),
    "table_note": ("TableNote", "表注"),
}
# The heading part of a run-in heading ("（一）标题。" before its text) has a character style.
RUN_IN_STYLES = {level: (f"RunInHeading{level}", f"{level}级标题（段中）") for level in (2, 3, 4)}


def rpr(font: Font | None, bold: bool = False, style: str | None = None) -> str:
    """Run properties. w:eastAsia is the slot Chinese text uses, and w:hint="eastAsia" makes
    Word use it for the punctuation Chinese shares with Western text (“ ” — …); python-docx's
    font.name sets neither. With no font (a reference document) the styles decide the face."""
    parts = [f'<w:rStyle w:val="{style}"/>' if style else ""]
    if font is None:
        parts.append('<w:rFonts w:hint="eastAsia"/>')
    else:
        parts.append(
            f'<w:rFonts w:ascii="{font.ascii}" w:hAnsi="{font.ascii}" '
            f'w:eastAsia="{font.east_asia}" w:cs="{font.ascii}" w:hint="eastAsia"/>'
        )
    if bold or (font is not None and font.bold):
        parts.append("<w:b/><w:bCs/>")
    if font is not None:
        if font.spacing:
            parts.append(f'<w:spacing w:val="{twips(font.spacing)}"/>')
        parts.append(f'<w:sz w:val="{font.half_points}"/><w:szCs w:val="{font.half_points}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


@dataclass(frozen=True)
class Package:
    """A prepared .docx: a zip of every part but the two a report changes (document.xml and
    core.xml), and document.xml split around its body. A report then costs a string join and
    two compressed entries appended to a copy of that zip, instead of a python-docx round
    trip and compressing every part again."""

    static_zip: bytes
    body_start: str  # document.xml up to and including <w:body>
    body_end: str  # the section properties and the closing tags
    paragraph_styles: dict[str, str]
    run_in_styles: dict[int, str]
    direct_fonts: bool


CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>tzreport</dc:creator>"
    "<dc:language>{language}</dc:language></cp:coreProperties>"
)
CHANGING = ("word/document.xml", "docProps/core.xml")
_EPOCH = (1980, 1, 1, 0, 0, 0)  # a fixed date in every entry: the same report, the same bytes


def entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


@functools.lru_cache(maxsize=16)
def package(layout: Layout, reference: Path | None = None, stamp: float = 0.0) -> Package:
    """The prepared package for a layout or a reference document (stamp: the reference's
    modification time, so an edited reference is read again). Made once per process; a
    layout's package is also kept in the cache folder, so a new process does not need
    python-docx to make it again (a reference document is read every time: it is the user's
    file, and may be anywhere)."""
    if reference is not None:
        from tzreport import word_setup

        return word_setup.build_package(layout, reference)
    name = f"docx-package-{_cache_key(layout)}.json"
    cached = _from_json(cache.read(name))
    if cached is not None:
        return cached
    from tzreport import word_setup

    made = word_setup.build_package(layout)
    cache.write(name, _to_json(made))
    return made


def _cache_key(layout: Layout) -> str:
    """Changes with the layout, and with the code that makes a package: ours, python-docx's
    and its template (found without importing python-docx)."""
    ours = sorted(Path(__file__).parent.glob("*.py"))
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


def write_package(pkg: Package, body: str, title: str, language: str) -> bytes:
    """The .docx bytes of a prepared package with this body and title."""
    buffer = io.BytesIO(pkg.static_zip)
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a", compresslevel=1) as archive:
        archive.writestr(entry("word/document.xml"), pkg.body_start + body + pkg.body_end)
        core = CORE.format(title=escape(title), language=escape(language))
        archive.writestr(entry("docProps/core.xml"), core)
    return buffer.getvalue()
