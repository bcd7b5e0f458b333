"""Hand-made Word reports for the proofreading tests, built with python-docx as a cadre's Word
would save them: GB/T 9704 layout unless told otherwise, headings typed or drawn by Word's
automatic numbering, tables, a footer with a page number."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Para:
    """One paragraph: its text, how it looks, and (auto) Word's automatic number level 1–4."""

    text: str
    font: str = "仿宋_GB2312"
    size: float = 16
    auto: int | None = None  # 1 一、 2 （一） 3 1. 4 （1）, drawn by Word
    center: bool = False
    line: tuple[str, float] = ("exact", 28.95)
    head: tuple[str, str] | None = None  # (run-in heading text, its font) before the text
    table: list[list[str]] | None = None  # a table in place of this paragraph


@dataclass
class Report:
    paragraphs: list[Para] = field(default_factory=list)
    paper: tuple[float, float] = (210, 297)
    margins: tuple[float, float, float, float] = (37, 35, 28, 26)
    page_numbers: bool = True


def _fonts(run: object, font: str) -> None:
    rpr = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(slot), font)


NUMBERING = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>'
    "</w:abstractNum>"
)


def build(report: Report, path: Path) -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(report.paper[0]), Mm(report.paper[1])
    top, bottom, left, right = report.margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    if report.page_numbers:
        footer = section.footer.paragraphs[0]
        footer._p.append(parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for para in report.paragraphs:
        if para.table is not None:
            table = document.add_table(rows=len(para.table), cols=len(para.table[0]))
            for r, row in enumerate(para.table):
                for c, value in enumerate(row):
                    table.cell(r, c).paragraphs[0].add_run(value)
            continue
        p = document.add_paragraph()
        if para.center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        rule, value = para.line
        if rule == "exact":
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            p.paragraph_format.line_spacing = Pt(value)
        else:
            p.paragraph_format.line_spacing = value
        if para.auto:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{para.auto - 1}"/><w:numId w:val="90"/></w:numPr>'))
        if para.head:
            run = p.add_run(para.head[0])
            _fonts(run, para.head[1])
            run.font.size = Pt(para.size)
        # split the text into runs of a few characters, as Word's editing leaves it
        for start in range(0, len(para.text), 7):
            run = p.add_run(para.text[start : start + 7])
            _fonts(run, para.font)
            run.font.size = Pt(para.size)
    document.save(str(path))
    return path


def title(text: str) -> Para:
    return Para(text, "方正小标宋简体", 22, center=True)


def h1(text: str, auto: bool = False) -> Para:
    return Para(text, "黑体", auto=1 if auto else None)


def h2(head: str, text: str = "", auto: bool = False) -> Para:
    return Para(text, head=(head, "楷体_GB2312"), auto=2 if auto else None)


CLEAN = [
    title("幸福里社区2024年统战工作总结"),
    Para("一年来，幸福里社区坚持以习近平新时代中国特色社会主义思想为指导，扎实推进统战工作。现将2024年工作总结如下。"),
    h1("一、坚持思想引领，凝聚统战共识"),
    h2("（一）加强理论学习。", "社区组织学习《中国共产党统一战线工作条例》，开展专题学习12次，参与群众300余人次。"),
    h2("（二）丰富宣传形式。", "通过宣传栏、网格群宣传党的民族政策，入户走访少数民族家庭18户。"),
    h1("二、加强民族团结，推进民族工作"),
    Para("社区开展“石榴籽”民族团结故事会、民族政策知识讲座等活动10余次，各民族群众交往交流交融不断加深。"),
    Para("", table=[["项目", "数量"], ["开展活动", "12次"]]),
    h1("三、存在的问题"),
    Para("一是宣传形式还不够丰富；二是青年群众参与不多。"),
    Para("幸福里社区党委"),
]
