"""Markdown (from our templates) → Word .docx in the 公文 layout.

The Markdown is parsed with markdown-it-py; each block becomes one paragraph:
  # …            the title               ## 一、…     a level-1 heading
  **（一）…**。…  a run-in heading: the bold part in the heading font, the rest in the body font
  ::: 主送 / ::: 落款  the addressee line and the signature block
Everything else is body text. The body is written as WordprocessingML in bulk (one lxml parse
per document), because python-docx's paragraph API is slow and cannot set w:eastAsia anyway.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from tzreport.layout import DEFAULT, Font, Layout, mm_twips, twips

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTAINERS = ("主送", "落款")

# The level of a run-in heading, told by its number.
_LEVELS = [
    (re.compile(r"^（[一二三四五六七八九十百零]+）"), 2),
    (re.compile(r"^\d+[.．]"), 3),
    (re.compile(r"^（\d+）"), 4),
]
# Characters XML 1.0 cannot hold: Word refuses a document with any of them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Run:
    text: str
    bold: bool = False


@dataclass
class Block:
    """One paragraph of the document: its kind and its runs."""

    kind: str  # title | heading1..4 | body | addressee | signature | signature_date | blank
    runs: list[Run]
    heading_level: int = 0  # for a run-in heading: the level of its bold part


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    return md


_MD = _parser()


def blocks(markdown: str) -> list[Block]:
    """The document's paragraphs, classified from the Markdown our templates write."""
    out: list[Block] = []
    container = ""
    heading = 0
    for token in _MD.parse(markdown):
        if token.type.startswith("container_"):
            container = token.info.strip() if token.type.endswith("_open") else ""
            if token.type.endswith("_open") and container == "落款":
                out.append(Block("blank", []))  # GB/T 9704: one empty line before the 落款
            continue
        if token.type == "heading_open":
            heading = int(token.tag[1])
            continue
        if token.type == "heading_close":
            heading = 0
            continue
        if token.type != "inline":
            continue
        runs = _runs(token)
        if heading == 1:
            out.append(Block("title", runs))
            out.append(Block("blank", []))  # GB/T 9704: one empty line under the title
        elif heading:
            out.append(Block(f"heading{min(heading - 1, 4)}", runs))
        elif container == "主送":
            out.append(Block("addressee", runs))
        elif container == "落款":
            is_date = bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", _text(runs)))
            out.append(Block("signature_date" if is_date else "signature", runs))
        else:
            out.append(_body(runs))
    return out


def _text(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def _runs(inline: object) -> list[Run]:
    runs: list[Run] = []
    bold = False
    for child in getattr(inline, "children", None) or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type in ("text", "code_inline"):
            runs.append(Run(child.content, bold))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(Run("", bold))
    return [r for r in runs if r.text]


def _body(runs: list[Run]) -> Block:
    """A body paragraph; when it opens with a bold numbered heading, a run-in heading."""
    if runs and runs[0].bold:
        head = runs[0].text
        for pattern, level in _LEVELS:
            if pattern.match(head):
                rest = runs[1:]
                # the heading's own closing mark (。) stands after the bold in the Markdown
                if rest and rest[0].text[:1] in "。！？；：，":
                    runs = [Run(head + rest[0].text[0], True), Run(rest[0].text[1:])] + rest[1:]
                if len([r for r in runs if r.text]) == 1:
                    return Block(f"heading{level}", [Run(head)])
                return Block("body", [r for r in runs if r.text], heading_level=level)
    return Block("body", runs)


# ------------------------------------------------------------------------------ XML


def _rpr(font: Font, bold: bool = False) -> str:
    # w:eastAsia is the slot Chinese text uses; w:hint="eastAsia" makes Word use it for the
    # shared punctuation (“ ” — …) too. python-docx's font.name sets neither.
    b = "<w:b/><w:bCs/>" if bold or font.bold else ""
    spacing = f'<w:spacing w:val="{twips(font.spacing)}"/>' if font.spacing else ""
    return (
        f'<w:rPr><w:rFonts w:ascii="{font.ascii}" w:hAnsi="{font.ascii}" '
        f'w:eastAsia="{font.east_asia}" w:cs="{font.ascii}" w:hint="eastAsia"/>{b}{spacing}'
        f'<w:sz w:val="{font.half_points}"/><w:szCs w:val="{font.half_points}"/></w:rPr>'
    )


def _run(text: str, font: Font, bold: bool = False) -> str:
    clean = escape(_XML_INVALID.sub("", text))
    return f'<w:r>{_rpr(font, bold)}<w:t xml:space="preserve">{clean}</w:t></w:r>'


STYLE_IDS = {
    "title": "Title",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "heading3": "Heading3",
    "heading4": "Heading4",
    "body": "Normal",
    "blank": "Normal",
    "addressee": "Addressee",
    "signature": "Signature",
    "signature_date": "SignatureDate",
}


def _paragraph(block: Block, layout: Layout) -> str:
    style = STYLE_IDS[block.kind]
    runs = []
    for run in block.runs:
        if block.kind == "title":
            font = layout.title
        elif block.kind.startswith("heading"):
            font = layout.heading(int(block.kind[-1]))
        elif run.bold and block.heading_level:
            font = layout.heading(block.heading_level)
        else:
            font = layout.body
        runs.append(_run(run.text, font, bold=run.bold and not block.heading_level))
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def _style(style_id: str, name: str, font: Font, ppr: str, kind: str = "paragraph") -> str:
    based = "" if style_id == "Normal" else '<w:basedOn w:val="Normal"/>'
    default = ' w:default="1"' if style_id == "Normal" else ""
    return (
        f'<w:style xmlns:w="{W_NS}" w:type="{kind}"{default} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{based}<w:qFormat/><w:pPr>{ppr}</w:pPr>{_rpr(font)}</w:style>'
    )


def _styles(layout: Layout) -> list[str]:
    line = f'<w:spacing w:before="0" w:after="0" w:line="{layout.line_twips}" w:lineRule="exact"/>'
    indent = f'<w:ind w:firstLineChars="{layout.first_line_chars * 100}" w:firstLine="{layout.indent_twips}"/>'
    flush = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    right = twips(layout.body.size * layout.signature_right_chars)
    at_right = f'<w:ind w:right="{right}" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>'

    def outline(level: int) -> str:
        return f'<w:keepNext/><w:outlineLvl w:val="{level}"/>'

    return [
        _style("Normal", "Normal", layout.body, f'<w:widowControl/>{line}{indent}<w:jc w:val="both"/>'),
        _style("Title", "Title", layout.title,
               f'<w:keepNext/>{line}{flush}<w:jc w:val="center"/><w:outlineLvl w:val="0"/>'),
        _style("Heading1", "heading 1", layout.heading1, f"{outline(0)}{line}{indent}"),
        _style("Heading2", "heading 2", layout.heading2, f"{outline(1)}{line}{indent}"),
        _style("Heading3", "heading 3", layout.heading3, f"{outline(2)}{line}{indent}"),
        _style("Heading4", "heading 4", layout.heading4, f"{outline(3)}{line}{indent}"),
        _style("Addressee", "主送", layout.body, f"{line}{flush}"),
        _style("Signature", "落款署名", layout.body, f'<w:keepNext/>{line}{at_right}'),
        _style("SignatureDate", "成文日期", layout.body, f"{line}{at_right}"),
    ]


def _install_styles(document: object, layout: Layout) -> None:
    styles = document.styles.element  # type: ignore[attr-defined]
    for xml in _styles(layout):
        new = parse_xml(xml)
        style_id = new.get(qn("w:styleId"))
        for old in styles.findall(qn("w:style")):
            if old.get(qn("w:styleId")) == style_id:
                styles.remove(old)
        styles.append(new)
    # Document defaults: Chinese language and fonts, so nothing falls back to a Japanese face.
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    # The default size is also the base of the character grid (w:charSpace is relative to it).
    body_rpr = parse_xml(_rpr(layout.body).replace("<w:rPr>", f'<w:rPr xmlns:w="{W_NS}">'))
    for child in list(body_rpr):
        rpr.append(child)
    rpr.append(parse_xml(
        f'<w:lang xmlns:w="{W_NS}" w:val="{layout.language}" w:eastAsia="{layout.language}" w:bidi="ar-SA"/>'
    ))


def _theme_language(document: object, layout: Layout) -> None:
    # python-docx's template says the theme's East Asian language is ja-JP: Word and WPS would
    # then pick a Japanese face wherever a theme font applies.
    settings = document.settings.element  # type: ignore[attr-defined]
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), layout.language)


def _page(document: object, layout: Layout) -> None:
    body = document.element.body  # type: ignore[attr-defined]
    sect = body.find(qn("w:sectPr"))
    for child in list(sect):
        sect.remove(child)
    sect.append(parse_xml(
        f'<w:pgSz xmlns:w="{W_NS}" w:w="{mm_twips(layout.page_width_mm)}" '
        f'w:h="{mm_twips(layout.page_height_mm)}"/>'
    ))
    sect.append(parse_xml(
        f'<w:pgMar xmlns:w="{W_NS}" w:top="{mm_twips(layout.margin_top_mm)}" '
        f'w:bottom="{mm_twips(layout.margin_bottom_mm)}" w:left="{mm_twips(layout.margin_left_mm)}" '
        f'w:right="{mm_twips(layout.margin_right_mm)}" w:header="851" w:footer="992" w:gutter="0"/>'
    ))
    sect.append(parse_xml(
        f'<w:docGrid xmlns:w="{W_NS}" w:type="lines" w:linePitch="{layout.line_twips}"/>'
    ))


def to_docx(markdown: str, layout: Layout = DEFAULT) -> bytes:
    """The .docx file (as bytes) for a report's Markdown."""
    document = Document()
    _install_styles(document, layout)
    _theme_language(document, layout)
    _page(document, layout)
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    for p in body.findall(qn("w:p")):
        body.remove(p)
    parts = blocks(markdown)
    paragraphs = "".join(_paragraph(b, layout) for b in parts)
    fragment = parse_xml(f'<w:body xmlns:w="{W_NS}">{paragraphs}</w:body>')
    for p in list(fragment):
        sect.addprevious(p)
    # the document's properties hold at most 255 characters (python-docx refuses more)
    title = next((_text(b.runs) for b in parts if b.kind == "title"), "")
    document.core_properties.title = _XML_INVALID.sub("", title)[:255]
    document.core_properties.language = layout.language
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
