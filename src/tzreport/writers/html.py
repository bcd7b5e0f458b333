"""The report as HTML for the 公众号 (WeChat official account) editors, and for the preview.

It walks the same parsed document as the Word writer (render/document.py) with the same layout
profile; a block the document keeps with the next one says so in its style (KEEP_WITH_NEXT), for
the browser's print and the preview alike.
Those editors keep inline styles and drop <style>, <script>, class attributes and anything
loaded from elsewhere, so every element carries its whole look in its own style attribute:
fonts as CJK font stacks (the layout's face first, then what Windows, macOS and Linux have),
sizes in points, the run-in headings as styled spans, the 附表 as a table with inline borders.
All text from the data file is escaped; font names from a layout file are reduced to plain
characters, so neither can break out of its element or attribute.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from tzreport import text
from tzreport.render.document import Block, Document, Table
from tzreport.writers import geometry, table_layout, unbroken
from tzreport.writers.layout import DEFAULT, Font, Layout

# The faces after the layout's own, by the family its name belongs to: the Windows name, the
# macOS name, the Linux name, then the generic family.
_FAMILIES = (
    ("黑", ("黑体", "SimHei", "Heiti SC", "STHeiti", "Noto Sans CJK SC", "sans-serif")),
    ("楷", ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "serif")),
    ("仿宋", ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "serif")),
    ("宋", ("宋体", "SimSun", "STSong", "Noto Serif CJK SC", "serif")),
)
_GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy"}
# What may stay of a font name written in a layout file: letters (any script), digits, space,
# _ - . — no quote, semicolon or bracket that could end the style attribute or the value.
_NOT_IN_NAME = re.compile(r"[^\w .\-]")
# Characters an HTML page must not hold (C0/C1 controls but tab and line breaks, surrogates).
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

Inline = Callable[[str], str]  # a piece of the report's text → HTML (escaped)
# The document's keep-together rule in CSS: no page break between this element and the next
# (the older property too, which the 公众号 editors and older browsers know).
KEEP_WITH_NEXT = "break-after:avoid;page-break-after:avoid;"
# A piece of text no line may break inside: a title's word, a figure in a table cell.
WHOLE = "white-space:nowrap;"
# Lines of a title as even as the screen allows (on a phone 400 px wide too).
BALANCED = "text-wrap:balance;"
# A paragraph's last line not a lone character ("……有所减" / "少。"), where the browser knows how.
PRETTY = "text-wrap:pretty;"


def escape_text(text: str) -> str:
    """User text as HTML: escaped, without the characters a page cannot hold."""
    return html.escape(_INVALID.sub("", text), quote=True)


def font_stack(font: Font) -> str:
    """The CSS font-family of a font slot: the layout's faces first, then its family's."""
    names = [n for n in (font.latin, font.east_asia) if n]
    for key, family in _FAMILIES:
        if key in font.east_asia:
            names += family
            break
    else:
        names.append("serif")
    clean = [_NOT_IN_NAME.sub("", n).strip() for n in names]
    unique = dict.fromkeys(n for n in clean if n)
    return ",".join(n if n in _GENERIC else f"'{n}'" for n in unique)


def _pt(value: float) -> str:
    return f"{value:g}pt"


def font_css(font: Font) -> str:
    """The font part of a style: family, size, weight, character spacing."""
    css = f"font-family:{font_stack(font)};font-size:{_pt(font.size)};"
    css += f"font-weight:{'bold' if font.bold else 'normal'};"
    # always said, so that the title does not take the body's tighter setting from its parent
    return css + f"letter-spacing:{_pt(font.spacing)};"


def _attr(style: str) -> str:
    return f' style="{html.escape(style, quote=False)}"'


class Writer:
    """Writes blocks as HTML elements, every one with its inline style."""

    def __init__(self, layout: Layout = DEFAULT, inline: Inline = escape_text) -> None:
        self.layout = layout
        self.inline = inline
        line = f"margin:0;padding:0;line-height:{_pt(layout.line_pitch_pt)};color:#000;"
        self.line = line
        self.indent = f"text-indent:{layout.first_line_chars}em;"
        self.flush = "text-indent:0;"

    def runs(self, block: Block) -> str:
        parts = []
        running = block.kind in _RUNNING
        for run in block.runs:
            text = self.inline(run.text)
            text = _figures_whole(text) if running else text
            if run.bold and block.heading_level:
                heading = self.layout.heading(block.heading_level)
                parts.append(f"<span{_attr(font_css(heading))}>{text}</span>")
            elif run.bold:
                parts.append(f"<strong{_attr('font-weight:bold;')}>{text}</strong>")
            else:
                parts.append(text)
        return "".join(parts)

    def title(self, words: str) -> str:
        """A title's line, broken on a narrow screen between its words only, its last word
        never shorter than text.SHORTEST_LAST_WORD characters alone on a line."""
        return "".join(f"<span{_attr(WHOLE)}>{self.inline(w)}</span>"
                       for w in text.title_words(words))

    def element(self, block: Block, right_chars: float | None = None) -> str:
        """One block as one element."""
        layout, kind = self.layout, block.kind
        keep = KEEP_WITH_NEXT if block.keep_with_next else ""
        if block.table is not None:
            return self.table(block.table, keep)
        if kind == "blank":
            return f"<p{_attr(self.line + font_css(layout.body) + keep)}><br></p>"
        if kind == "title":
            lines = geometry.title_lines(block, layout)
            style = (self.line + font_css(layout.title) + "text-align:center;" + BALANCED
                     + self.flush + keep)
            return f"<h1{_attr(style)}>{'<br>'.join(self.title(t) for t in lines)}</h1>"
        if kind == "subtitle":  # 副标题, a 发言材料's date: centred under the title
            style = self.line + font_css(layout.subtitle) + "text-align:center;" + self.flush + keep
            return f"<p{_attr(style)}>{self.runs(block)}</p>"
        if kind.startswith("heading"):
            level = int(kind[-1])
            style = (self.line + font_css(layout.heading(level)) + "text-align:justify;"
                     + self.indent + keep)
            return f"<h{level + 1}{_attr(style)}>{self.runs(block)}</h{level + 1}>"
        if kind == "annex_label":
            # GB/T 9704 7.5: an attachment starts a new page (when printed); on screen, two lines
            style = (self.line + font_css(layout.annex_label) + self.flush
                     + f"margin-top:{_pt(2 * layout.line_pitch_pt)};break-before:page;" + keep)
            return f"<p{_attr(style)}>{self.runs(block)}</p>"
        if kind == "annex_title":
            style = (self.line + font_css(layout.title) + "text-align:center;" + BALANCED
                     + self.flush + keep)
            return f"<h2{_attr(style)}>{self.title(block.text)}</h2>"
        if kind == "table_note":
            style = (f"margin:0;padding:0;line-height:{_pt(layout.table_line_pt)};color:#000;"
                     + font_css(layout.table) + self.flush + keep)
            return f"<p{_attr(style)}>{self.runs(block)}</p>"
        style = self.line + font_css(layout.body)
        if kind in ("signature", "signature_date"):
            right = layout.signature_right_chars if right_chars is None else right_chars
            style += f"text-align:right;padding-right:{right:g}em;" + self.flush
        elif kind == "addressee":
            style += "text-align:justify;" + self.flush
        else:
            # no last line of one character where the browser can help it
            style += "text-align:justify;" + PRETTY + self.indent
        return f"<p{_attr(style + keep)}>{self.runs(block)}</p>"

    def table(self, table: Table, keep: str = "") -> str:
        """A 附表 table: ruled, header row in the header font; a wide one in the column groups
        of a portrait page (table_layout.py), each with the unit column and every row. A
        header cell in its lines between words, a figure never broken; on a screen narrower
        than the table, it scrolls sideways. `keep`: the style that keeps it with what follows."""
        layout = self.layout
        border = f"border:{_pt(layout.table_border_pt)} solid #000;"
        # Word's cell margin holds the border; in HTML half of a collapsed border is taken from
        # the cell as well (and 1 pt for the browser's rounding).
        padding = layout.table_cell_margin_mm / 25.4 * 72 - layout.table_border_pt / 2 - 1
        cell = (f"{border}padding:0 {max(padding, 0):.2f}pt;vertical-align:middle;"
                f"line-height:{_pt(layout.table_line_pt)};color:#000;text-indent:0;")
        groups = table_layout.setting(table, layout, "portrait").groups
        out = []
        for number, group in enumerate(groups):
            total = sum(group.widths) or 1
            cols = "".join(f"<col{_attr(f'width:{100 * w / total:.2f}%;')}>" for w in group.widths)
            rows = []
            for index, (row, lines) in enumerate(zip(group.table.rows, group.lines, strict=True)):
                header = index < group.table.header_rows
                tag = "th" if header else "td"
                font = font_css(layout.table_header if header else layout.table)
                rows.append("<tr>" + "".join(
                    f"<{tag}{_attr(cell + font + f'text-align:{_align(c.align)};')}>"
                    f"{self._cell(any(r.bold for r in c.runs), parts, header)}</{tag}>"
                    for c, parts in zip(row, lines, strict=True)
                ) + "</tr>")
            head, body = rows[: group.table.header_rows], rows[group.table.header_rows:]
            last = number == len(groups) - 1
            style = (f"width:100%;border-collapse:collapse;margin:0;{border}"
                     + ("" if last else KEEP_WITH_NEXT))
            gap = "" if number == 0 else f"margin-top:{_pt(layout.table_line_pt)};"
            out.append(f"<div{_attr(f'overflow-x:auto;max-width:100%;{gap}')}>"
                       f"<table{_attr(style)}><colgroup>{cols}</colgroup>"
                       + (f"<thead>{''.join(head)}</thead>" if head else "")
                       + f"<tbody>{''.join(body)}</tbody></table></div>")
        # one element for the table, as for every block: it keeps with what follows
        return f"<div{_attr('margin:0;' + keep)}>{''.join(out)}</div>"

    def _cell(self, bold: bool, lines: tuple[str, ...], header: bool) -> str:
        """A cell's lines, each whole (a header's words between words; a figure, and its
        previous year's in brackets, each unbroken)."""
        pieces = []
        for line in lines:
            # a figure cell may still break before its previous year's bracket, never inside
            parts = [line] if header else [p for p in line.replace("（", "\0（").split("\0") if p]
            pieces.append("".join(f"<span{_attr(WHOLE)}>{self.inline(p)}</span>" for p in parts))
        joined = "<br>".join(pieces)
        return f"<strong{_attr('font-weight:bold;')}>{joined}</strong>" if bold and not header else joined


# The blocks of running text, whose lines a browser breaks (not a title, the 落款's lines).
_RUNNING = frozenset({"body", "annex_note", "table_note", "heading1", "heading2", "heading3",
                      "heading4"})
# A tag, or a figure with its measure word in the text between tags (writers/unbroken.py).
_TAG_OR_FIGURE = re.compile(rf"(<[^>]*>)|{unbroken.FIGURE.pattern}")


def _figures_whole(markup: str) -> str:
    """Inline HTML with each figure and its measure word in a span no line breaks inside:
    "培训2次" never ends a line with "培训2"."""
    return _TAG_OR_FIGURE.sub(
        lambda m: m.group() if m.group(1) else f"<span{_attr(WHOLE)}>{m.group()}</span>", markup)


def _align(align: str) -> str:
    return align if align in ("left", "center", "right") else "left"


def parts(doc: Document, layout: Layout = DEFAULT, inline: Inline = escape_text) -> list[str]:
    """The document as HTML in parts that each start on a new page: the report, then each
    附表 (GB/T 9704 7.5)."""
    writer = Writer(layout, inline)
    right = geometry.signature_indents(doc, layout)
    out: list[list[str]] = [[]]
    for index, block in enumerate(doc.blocks):
        if block.kind == "annex_label":
            out.append([])
        out[-1].append(writer.element(block, right.get(index)))
    return ["\n".join(p) for p in out if p]


def page(doc: Document, layout: Layout = DEFAULT) -> str:
    """A self-contained page for a parsed report: inline styles only, nothing loaded from
    elsewhere; the body, copied into a 公众号 editor, keeps its look."""
    body_style = (f"margin:0 auto;padding:12mm 6mm;max-width:{_width_mm(layout):g}mm;"
                  f"background:#fff;color:#000;{font_css(layout.body)}")
    content = "\n".join(parts(doc, layout))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape_text(layout.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape_text(doc.title)}</title>\n</head>\n"
        f"<body{_attr('margin:0;background:#fff;')}>\n"
        f"<section{_attr(body_style)}>\n{content}\n</section>\n</body>\n</html>\n"
    )


def _width_mm(layout: Layout) -> float:
    """The type area's width (版心), the page's line length."""
    return layout.page_width_mm - layout.margin_left_mm - layout.margin_right_mm
