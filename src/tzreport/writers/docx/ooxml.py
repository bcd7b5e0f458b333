"""The WordprocessingML every part of our .docx shares: our style ids and names, run
properties, and the prepared package's type (the namespace is in office.names). A leaf: the Word setup (which makes a package
with python-docx) and the package module (which keeps and fills one) both import it.
"""

from __future__ import annotations

import functools
import zipfile
from dataclasses import dataclass

from tzreport.writers.layout import Font, twips

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


def escape(text: str) -> str:
    """Text for XML, as xml.sax.saxutils.escape makes it: that module imports urllib, http
    and ssl, a tenth of a cold build, for three replacements."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: object) -> str:
    """A value for an XML attribute written between double quotes: a font name from a layout
    file or a style id from a reference document may hold " < or &."""
    return escape(str(value)).replace('"', "&quot;")


# The East Asian language of a figure with its measure word: simplified Chinese as the text
# around it, written with its script. LibreOffice line-breaks text of language zh by its CJK
# rules, which break between any two characters and know no word joiner; a tag with a script
# it keeps as is and breaks by ICU's rules, which honour U+2060 (writers/unbroken.py), and it
# still picks a simplified Chinese face when the font is missing (en-US, tried first, made it
# fall back to a Kai face drawing traditional forms).
FIGURE_LANGUAGE = "zh-Hans-CN"


@functools.lru_cache(maxsize=512)  # a report has a handful of fonts and thousands of runs
def rpr(font: Font | None, bold: bool = False, style: str | None = None, whole: bool = False) -> str:
    """Run properties. w:eastAsia is the slot Chinese text uses, and w:hint="eastAsia" makes
    Word use it for the punctuation Chinese shares with Western text (“ ” — …); python-docx's
    font.name sets neither. With no font (a reference document) the styles decide the face.
    whole: a figure with its measure word (writers/unbroken.py), in FIGURE_LANGUAGE and not
    proofed (a figure has no spelling)."""
    parts = [f'<w:rStyle w:val="{attr(style)}"/>' if style else ""]
    if font is None:
        parts.append('<w:rFonts w:hint="eastAsia"/>')
    else:
        parts.append(
            f'<w:rFonts w:ascii="{attr(font.ascii)}" w:hAnsi="{attr(font.ascii)}" '
            f'w:eastAsia="{attr(font.east_asia)}" w:cs="{attr(font.ascii)}" w:hint="eastAsia"/>'
        )
    if bold or (font is not None and font.bold):
        parts.append("<w:b/><w:bCs/>")
    if whole:
        parts.append("<w:noProof/>")
    if font is not None:
        if font.spacing:
            parts.append(f'<w:spacing w:val="{twips(font.spacing)}"/>')
        parts.append(f'<w:sz w:val="{font.half_points}"/><w:szCs w:val="{font.half_points}"/>')
    if whole:  # (the order of CT_RPr: noProof before spacing and sz, lang after them)
        parts.append(f'<w:lang w:eastAsia="{FIGURE_LANGUAGE}"/>')
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
