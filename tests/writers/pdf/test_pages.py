"""Pages as a reader turns them, read back from the real output: no line of a paragraph alone at
the top or foot of a Typst PDF page, a heading with two lines of its text; the 附件说明 one
blank line below the body; the roll-ups' 附表 on landscape pages (Typst and Word), every column
group with the unit column and every row."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn

import pdf_read
from conftest import EXAMPLES, document_of
from tzreport.commands import build
from tzreport.writers import formats, unbroken
from tzreport.writers.layout import DEFAULT

DATA = [p for p in EXAMPLES if p.parent.name != "ci"]
ROLL_UPS = [p for p in DATA if p.parent.name == "新城街道" and p.name[:4].isdigit()]
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
UNITS = ["单位", "河畔花园社区", "希望新城社区", "金源郦都社区", "富力新城社区", "京汉新城社区", "新城街道本级", "合计"]


def pdf_of(path: Path, out: Path) -> Path:
    (target, data), = build.prepare(path, build.BuildOptions(("pdf",), out)).files
    target.write_bytes(data)
    return target


def _starts(line: pdf_read.Line) -> str:
    """A body line: "start" (indented two characters: a paragraph's first line), "cont"."""
    indent = line.x0 - DEFAULT.margin_left_mm * pdf_read.MM
    return "cont" if indent < 4 else "start" if abs(indent - 2 * DEFAULT.body.size) < 6 else "other"


@pytest.mark.slow
@pytest.mark.parametrize("path", DATA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_widow_no_orphan_and_headings_keep_two_lines(path: Path, tmp_path: Path) -> None:
    pages = [p for p in pdf_read.pages(pdf_of(path, tmp_path)) if p.width < p.height and p.lines]
    for page, following in zip(pages, pages[1:], strict=False):
        last, first = page.lines[-1], following.lines[0]
        if first.plain == "附表":
            continue
        # a paragraph's last line alone at the top ("展宣传活动8次。" atop a page)
        then = following.lines[1] if len(following.lines) > 1 else None
        assert not (_starts(first) == "cont" and (then is None or _starts(then) != "cont")), \
            (following.number, first.plain)
        # a paragraph's first line alone at the foot ("……与上年持" / "平")
        assert not (_starts(last) == "start" and _starts(first) == "cont"), (page.number, last.plain)
        # a level-1 heading with at least two lines of its text under it on its page
        for at, line in enumerate(page.lines):
            if HEADING.match(line.plain) and _starts(line) == "start":
                assert len(page.lines) - at - 1 >= 2, (page.number, line.plain)


@pytest.mark.slow
@pytest.mark.parametrize("path", ROLL_UPS, ids=lambda p: p.name)
def test_the_annex_note_one_blank_line_below_the_body(path: Path, tmp_path: Path) -> None:
    pages = pdf_read.pages(pdf_of(path, tmp_path))
    page = next(p for p in pages if any(ln.plain.startswith("附表：") for ln in p.lines))
    at = next(i for i, ln in enumerate(page.lines) if ln.plain.startswith("附表："))
    note = page.lines[at]
    assert round(page.row(note) - page.row(page.lines[at - 1])) == 2  # one empty line between
    assert _starts(note) == "start"  # 左空二字
    # Word: an empty paragraph between the body and the note; HTML: an empty line
    doc = WordDocument(io.BytesIO(formats.write("docx", document_of(path), DEFAULT).data))
    texts = [p.text for p in doc.paragraphs]
    index = next(i for i, t in enumerate(texts) if t.startswith("附表："))
    assert texts[index - 1] == "" and texts[index - 2].endswith("。")
    page_html = formats.write("html", document_of(path), DEFAULT).data.decode("utf-8")
    lines = page_html.splitlines()
    index = next(i for i, ln in enumerate(lines) if ">附表：" in ln)
    assert lines[index - 1].endswith("><br></p>")


@pytest.mark.slow
@pytest.mark.parametrize("path", ROLL_UPS, ids=lambda p: p.name)
def test_the_wide_annex_on_landscape_pages_every_group_with_every_row(path: Path,
                                                                      tmp_path: Path) -> None:
    pages = pdf_read.pages(pdf_of(path, tmp_path))
    annex = [p for p in pages if p.width > p.height]
    assert annex and annex[0].lines[0].plain == "附表"
    assert all(p.width < p.height for p in pages[: pages.index(annex[0])])
    said = [ln.plain for p in annex for ln in p.lines]
    # several column groups, each with the unit column and every row (新城街道本级 too)
    groups = sum(line == "单位" for line in said)
    assert groups >= 2
    for unit in UNITS:
        assert sum(line.startswith(unit) for line in said) == groups, unit
    # a group that does not fit under the one before goes on with the table's title and
    # “（续表）” atop a page of its own; no other line says 续表 (not the first group's page)
    title = next(ln.plain for ln in annex[0].lines if ln.plain.endswith("统计表"))
    continued = [p for p in annex if p.lines and p.lines[0].plain == f"{title}（续表）"]
    assert continued and annex[0] not in continued
    assert sum("续表" in line for line in said) == len(continued)
    assert all(sum(ln.plain == "单位" for ln in page.lines) >= 1 for page in continued)  # a group, header and all
    # a header cell breaks between words, its unit on a line of its own
    assert any("（人次）" in ln for ln in said) and not any(ln.endswith("人") for ln in said if "参与群众" in ln)
    assert not any(ln.endswith("宣传") and after.startswith("品") for ln, after in zip(said, said[1:], strict=False))
    # the page number where every page has it: "— N —" under the type area, outer side
    for page in annex:
        (number,) = page.footer
        assert number.plain == f"—{page.number}—"
    # Word: the report's pages portrait, a section break, the 附表's landscape
    doc = WordDocument(io.BytesIO(formats.write("docx", document_of(path), DEFAULT).data))
    sections = list(doc.sections)
    assert len(sections) == 2
    sizes = [s._sectPr.find(qn("w:pgSz")) for s in sections]
    assert sizes[0].get(qn("w:orient")) is None and int(sizes[0].get(qn("w:w"))) < int(sizes[0].get(qn("w:h")))
    assert sizes[1].get(qn("w:orient")) == "landscape"
    assert int(sizes[1].get(qn("w:w"))) > int(sizes[1].get(qn("w:h")))
    # the same footers (the page numbers) on both
    refs = [[r.get(qn("r:id")) for r in s._sectPr.findall(qn("w:footerReference"))] for s in sections]
    assert refs[0] == refs[1] and len(refs[0]) == 2
    tables = doc.tables
    assert len(tables) == groups
    for table in tables:
        assert [row.cells[0].text for row in table.rows] == UNITS
    # Word breaks the page at the same groups, under the same heading
    body = [el for el in doc.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    for table in tables[1:]:
        heading = body[body.index(table._tbl) - 1]
        assert "".join(t.text for t in heading.iter(qn("w:t"))) == f"{title}（续表）"
        assert heading.find(qn("w:pPr")).find(qn("w:pageBreakBefore")) is not None
    assert sum("续表" in p.text for p in doc.paragraphs) == len(continued)
    # the web page has no pages: its groups follow one another, nothing is continued
    page_html = formats.write("html", document_of(path), DEFAULT).data.decode("utf-8")
    assert "续表" not in page_html


# A line that ends in a figure (or its 余/万) while the next starts with its measure word.
_PARTED = re.compile(r"[\d余万]\n[次场人户个份条名处项期批家位元天年月日%余]")
# A paragraph's last line of one character and its mark ("……有所减" / "少。").
_RUNT = re.compile(r"\n[^\W\d_][。！？；]\n")


def layout_text(pdf: Path) -> str:
    """The PDF's text line by line (pdftotext -layout), each line without its spaces."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return "\n".join(line.replace(" ", "") for line in text.splitlines()) + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("path", DATA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_figure_parted_from_its_measure_word_no_last_line_of_one_character(
        path: Path, tmp_path: Path) -> None:
    text = layout_text(pdf_of(path, tmp_path))
    assert not _PARTED.findall(text)  # "培训2" / "次", "信教群众57" / "人。"
    assert not _RUNT.findall(text)  # "……与上年持" / "平。"
    # the boxes that keep them whole leave the copied text as it was: no word joiner in it
    assert unbroken.JOINER not in text and "\u2060" not in text
    assert "。" in text
