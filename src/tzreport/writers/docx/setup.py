"""Everything of a .docx around its body: styles, document defaults, page setup and the
page-number footers — from the layout profile, or from a unit's own reference document.

Made with python-docx once per layout, then kept as an ooxml.Package (in memory and in
the cache folder), so that most runs never import python-docx.

A reference document (`--reference-docx`) works like pandoc's reference-doc: its styles, page
setup and headers/footers (a 红头, say) are kept; its body text is dropped; a style tzreport
needs but the reference lacks is added from the layout profile.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from tzreport.errors import InputError
from tzreport.office.names import W_NS
from tzreport.writers.docx import tables
from tzreport.writers.docx.ooxml import (
    CHANGING,
    PARAGRAPH_STYLES,
    RUN_IN_STYLES,
    Package,
    attr,
    entry,
    rpr,
)
from tzreport.writers.layout import Font, Layout, mm_twips, twips


@dataclass
class Setup:
    """A document ready for its body, and the style ids its paragraphs and runs must use."""

    document: Any
    paragraph_styles: dict[str, str]
    run_in_styles: dict[int, str]
    direct_fonts: bool  # False for a reference document: its styles decide the fonts


def new_document(layout: Layout, reference: Path | None = None) -> Setup:
    """An empty document with the 公文 styles, page and footers, or a reference's own."""
    if reference is None:
        document = Document()
        _replace_styles(document, layout, keep_existing=False)
        _document_defaults(document, layout)
        _theme_language(document, layout)
        _line_breaking(document, layout)
        _page(document, layout)
        _page_numbers(document, layout)
        direct = True
    else:
        document = _open_reference(reference)
        _replace_styles(document, layout, keep_existing=True)
        if not _has_footer(document):
            _page_numbers(document, layout)
        direct = False
    _clear_body(document)
    names = _style_ids_by_name(document)
    return Setup(
        document,
        # paragraph style ids escaped here, for word.py's XML; rpr escapes the run-in ones
        {kind: attr(names.get(name.lower(), sid)) for kind, (sid, name) in PARAGRAPH_STYLES.items()},
        {lvl: names.get(name.lower(), sid) for lvl, (sid, name) in RUN_IN_STYLES.items()},
        direct,
    )


# A reference document is a letterhead and some styles: a few MB at most. What its zip says
# it holds is checked before python-docx reads it, and zipfile never reads more than an
# entry declares (a 2 GB styles.xml inside a 2 MB file reached 4.3 GB of memory before).
MAX_REFERENCE_UNPACKED = 100 * 1024 * 1024
MAX_REFERENCE_ENTRIES = 2000


def _open_reference(path: Path) -> Any:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(f"{path}: 错误 参考文档不是有效的 Word 文件（.docx）") from None
    if len(entries) > MAX_REFERENCE_ENTRIES or sum(e.file_size for e in entries) > MAX_REFERENCE_UNPACKED:
        raise InputError(f"{path}: 错误 参考文档解压后超过 {MAX_REFERENCE_UNPACKED // (1024 * 1024)} MB，不像是正常的 Word 文件，没有使用")
    try:
        return Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError):
        raise InputError(f"{path}: 错误 参考文档不是有效的 Word 文件（.docx）") from None
    except Exception as exc:  # a damaged zip or XML inside it
        if type(exc).__module__.startswith(("zipfile", "lxml")):
            raise InputError(f"{path}: 错误 参考文档已损坏，无法打开") from None
        raise


def _clear_body(document: Any) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _style_ids_by_name(document: Any) -> dict[str, str]:
    styles = document.styles.element
    found: dict[str, str] = {}
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            found.setdefault(name.get(qn("w:val")).lower(), style.get(qn("w:styleId")))
    return found


# ------------------------------------------------------------------------------ styles


def _style(style_id: str, name: str, font: Font, ppr: str, *, character: bool = False) -> str:
    kind = "character" if character else "paragraph"
    based = "" if style_id == "Normal" or character else '<w:basedOn w:val="Normal"/>'
    default = ' w:default="1"' if style_id == "Normal" else ""
    paragraph = "" if character else f"<w:pPr>{ppr}</w:pPr>"
    return (
        f'<w:style xmlns:w="{W_NS}" w:type="{kind}"{default} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{based}<w:qFormat/>{paragraph}{rpr(font)}</w:style>'
    )


def _styles(layout: Layout) -> list[str]:
    line = f'<w:spacing w:before="0" w:after="0" w:line="{layout.line_twips}" w:lineRule="exact"/>'
    chars = layout.first_line_chars * 100
    indent = f'<w:ind w:firstLineChars="{chars}" w:firstLine="{layout.indent_twips}"/>'
    flush = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    right = twips(layout.body.size * layout.signature_right_chars)
    at_right = (
        f'<w:ind w:right="{right}" w:rightChars="{layout.signature_right_chars * 100}" '
        'w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>'
    )
    # No automatic space between Chinese and digits or Latin letters: it would break the
    # 28-character grid ("2023 年"). overflowPunct is spelt out although on is Word's default:
    # without it LibreOffice hangs a line-final 。 or ， of a justified line in the margin and
    # does not draw it (seen in its PDF); with it, it carries the last character down instead.
    grid = '<w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'

    def heading(level: int) -> str:
        return f'<w:keepNext/><w:keepLines/>{grid}{line}{indent}<w:outlineLvl w:val="{level - 1}"/>'

    return [
        _style("Normal", "Normal", layout.body,
               f'<w:widowControl/>{grid}{line}{indent}<w:jc w:val="both"/>'),
        _style("Title", "Title", layout.title,
               f'<w:keepNext/><w:keepLines/>{grid}{line}{flush}<w:jc w:val="center"/>'),
        # lines under the title (副标题, a 发言材料's date): centred, 楷体 三号
        _style("Subtitle", "Subtitle", layout.subtitle,
               f'<w:keepNext/><w:keepLines/>{grid}{line}{flush}<w:jc w:val="center"/>'),
        *(_style(f"Heading{n}", f"heading {n}", layout.heading(n), heading(n)) for n in (1, 2, 3, 4)),
        _style("Addressee", "主送", layout.body, f"<w:keepNext/>{grid}{line}{flush}"),
        _style("Signature", "落款署名", layout.body, f"<w:keepNext/>{grid}{line}{at_right}"),
        _style("SignatureDate", "成文日期", layout.body, f"{grid}{line}{at_right}"),
        *(_style(sid, name, layout.heading(level), "", character=True)
          for level, (sid, name) in RUN_IN_STYLES.items()),
        *tables.styles(layout, _style),
    ]


def _replace_styles(document: Any, layout: Layout, keep_existing: bool) -> None:
    """Install our styles; with keep_existing (a reference document), only the missing ones,
    recognised by the name Word shows (a Chinese Word gives heading 1 the id "1")."""
    styles = document.styles.element
    names = _style_ids_by_name(document) if keep_existing else {}
    for xml in _styles(layout):
        new = parse_xml(xml)
        name = new.find(qn("w:name")).get(qn("w:val")).lower()
        if keep_existing and name in names:
            continue
        if keep_existing and new.get(qn("w:type")) == "character":
            _like_reference_heading(new, styles, names)
        old = _find_style(styles, new.get(qn("w:styleId")))
        if old is not None:
            styles.remove(old)
        styles.append(new)


def _like_reference_heading(char_style: Any, styles: Any, names: dict[str, str]) -> None:
    """A run-in heading looks like the reference's own heading of its level."""
    level = char_style.get(qn("w:styleId"))[-1]
    heading = _find_style(styles, names.get(f"heading {level}", ""))
    found = heading.find(qn("w:rPr")) if heading is not None else None
    if found is not None:
        char_style.remove(char_style.find(qn("w:rPr")))
        char_style.append(copy.deepcopy(found))


def _find_style(styles: Any, style_id: str) -> Any:
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def _document_defaults(document: Any, layout: Layout) -> None:
    # Chinese fonts and language by default, so nothing falls back to a Japanese face.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(default_rpr):
        default_rpr.remove(child)
    body = parse_xml(rpr(layout.body).replace("<w:rPr>", f'<w:rPr xmlns:w="{W_NS}">'))
    for child in list(body):
        if child.tag != qn("w:spacing"):
            default_rpr.append(child)
    # Chinese text in zh-CN; digits and Latin letters in a Western language, so that no
    # office program line-breaks a number by the Chinese rules (see Layout.latin_language)
    default_rpr.append(parse_xml(
        f'<w:lang xmlns:w="{W_NS}" w:val="{layout.latin_language}" '
        f'w:eastAsia="{layout.language}" w:bidi="ar-SA"/>'
    ))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)


def _theme_language(document: Any, layout: Layout) -> None:
    # python-docx's template says the theme's East Asian language is ja-JP: Word and WPS would
    # then pick a Japanese face wherever a theme font applies.
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), layout.language)


# Word's own Simplified Chinese line-breaking lists, written out: a line never starts with a
# closing mark or "%" (同比增长14|%), never ends with an opening one. LibreOffice's defaults
# miss "%".
NO_BREAK_AFTER = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"
NO_BREAK_BEFORE = (
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｝～￠"
)


def _line_breaking(document: Any, layout: Layout) -> None:
    settings = document.settings.element
    anchor = settings.find(qn("w:characterSpacingControl"))
    for tag, chars in (("noLineBreaksBefore", NO_BREAK_BEFORE), ("noLineBreaksAfter", NO_BREAK_AFTER)):
        element = parse_xml(
            f'<w:{tag} xmlns:w="{W_NS}" w:lang="{layout.language}" w:val="{escape(chars)}"/>'
        )
        if anchor is not None:
            anchor.addnext(element)  # schema order: after characterSpacingControl, After first
        else:
            settings.append(element)


# ------------------------------------------------------------------------------ page


def _page(document: Any, layout: Layout) -> None:
    sect = document.element.body.find(qn("w:sectPr"))
    for child in list(sect):
        sect.remove(child)
    sect.append(parse_xml(
        f'<w:pgSz xmlns:w="{W_NS}" w:w="{mm_twips(layout.page_width_mm)}" '
        f'w:h="{mm_twips(layout.page_height_mm)}"/>'
    ))
    sect.append(parse_xml(
        f'<w:pgMar xmlns:w="{W_NS}" w:top="{mm_twips(layout.margin_top_mm)}" '
        f'w:bottom="{mm_twips(layout.margin_bottom_mm)}" '
        f'w:left="{mm_twips(layout.margin_left_mm)}" w:right="{mm_twips(layout.margin_right_mm)}" '
        f'w:header="851" w:footer="{layout.footer_twips}" w:gutter="0"/>'
    ))
    sect.append(parse_xml(
        f'<w:docGrid xmlns:w="{W_NS}" w:type="lines" w:linePitch="{layout.line_twips}"/>'
    ))


def _has_footer(document: Any) -> bool:
    sect = document.element.body.find(qn("w:sectPr"))
    return sect is not None and sect.find(qn("w:footerReference")) is not None


def page_number_paragraph(layout: Layout, odd: bool) -> str:
    """"— N —" in 四号 宋体: odd pages at the right, even pages at the left, one character in."""
    font = layout.page_number
    r = rpr(font)
    inset = twips(font.size * layout.page_number_inset_chars)
    side = (f'<w:ind w:right="{inset}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>'
            if odd else
            f'<w:ind w:left="{inset}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>')
    field = (
        f'<w:r>{r}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{r}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{r}<w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r>{r}<w:t>1</w:t></w:r>'
        f'<w:r>{r}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
        f'w:lineRule="auto"/>{side}</w:pPr>'
        f'<w:r>{r}<w:t xml:space="preserve">— </w:t></w:r>{field}'
        f'<w:r>{r}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


def _page_numbers(document: Any, layout: Layout) -> None:
    """Different footers for odd and even pages (GB/T 9704 7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(page_number_paragraph(layout, odd)))


# ------------------------------------------------------------------------------ the package


def build_package(layout: Layout, reference: Path | None = None) -> Package:
    """The prepared package for a layout or a reference document, made with python-docx."""
    setup = new_document(layout, reference)
    saved = io.BytesIO()
    setup.document.save(saved)
    static = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(static, "w") as target:
        for name in source.namelist():
            if name not in CHANGING:
                target.writestr(entry(name), source.read(name))
        document = source.read("word/document.xml").decode("utf-8")
    start = document.index(">", document.index("<w:body")) + 1
    end = document.index("<w:sectPr", start)
    return Package(
        static.getvalue(), document[:start], document[end:], setup.paragraph_styles,
        setup.run_in_styles, setup.direct_fonts,
    )
