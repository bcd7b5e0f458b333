"""The .docx reopened with python-docx: paragraph order, heading levels, fonts, 落款, layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import EXAMPLES, ROOT, sent_upward
from tzreport.commands import build
from tzreport.data import loader
from tzreport.writers import unbroken
from tzreport.writers.layout import DEFAULT

EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"


def docx_of(path: Path):
    report = loader.load(path)
    return Document(io.BytesIO(build.render(report, "docx")))


def east_asia(run) -> str | None:
    fonts = run._r.find(qn("w:rPr")).find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    # with the 主送 and 落款 a report sent upward has (the seed-derived example writes none)
    return docx_of(sent_upward(EXAMPLE, tmp_path_factory.mktemp("sent")))


def test_paragraph_order_and_levels(example) -> None:
    kinds = [(p.style.style_id, p.text[:12]) for p in example.paragraphs if p.text]
    assert kinds[:6] == [
        ("Title", "京汉新城社区2023年统"),
        ("Addressee", "新城街道党工委："),
        ("Normal", "一年来，京汉新城社区始终"),
        ("Heading1", "一、坚持统一思想引领，推"),
        ("Normal", "（一）注重学习，加大宣传"),
        ("Normal", "（二）加强对外联络，切实"),
    ]
    # (without the joiners that keep "2024年" on one line)
    headings = [unbroken.strip(p.text) for p in example.paragraphs if p.style.style_id == "Heading1"]
    assert headings == [
        "一、坚持统一思想引领，推进社区统战工作有序开展",
        "二、加强民族团结，扎实推进民族工作有序开展",
        "三、强化宗教工作，维护社会和谐安定",
        "四、存在的问题",
        "五、2024年统战工作计划",
    ]


def test_run_in_heading_is_kaiti_and_its_text_fangsong(example) -> None:
    para = next(p for p in example.paragraphs if p.text.startswith("（一）注重学习"))
    head, body = para.runs[0], para.runs[1]
    assert head.text == "（一）注重学习，加大宣传，营造良好的社区统战工作氛围。"
    assert east_asia(head) == "楷体_GB2312" and not head.bold
    assert body.text.startswith("一年来，我社区")
    assert east_asia(body) == "仿宋_GB2312"


def test_every_run_names_its_east_asian_font(example) -> None:
    runs = example.element.body.iter(qn("w:r"))
    count = 0
    for r in runs:
        fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")), r.xml
        assert fonts.get(qn("w:hint")) == "eastAsia"
        count += 1
    assert count > 20


def test_fonts_by_level(example) -> None:
    by_style = {}
    for p in example.paragraphs:
        for r in p.runs:
            by_style.setdefault(p.style.style_id, set()).add(east_asia(r))
    assert by_style["Title"] == {"方正小标宋简体"}
    assert by_style["Heading1"] == {"黑体"}
    assert by_style["Addressee"] == {"仿宋_GB2312"}
    title = next(p for p in example.paragraphs if p.style.style_id == "Title")
    assert title.runs[0].font.size.pt == 22 and not title.runs[0].bold
    assert example.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_document_language_is_chinese(example) -> None:
    styles = example.styles.element
    lang = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    assert "ja-JP" not in styles.xml
    assert example.core_properties.language == "zh-CN"
    theme_lang = example.settings.element.find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:eastAsia")) == "zh-CN"


def test_signature_at_the_right(example) -> None:
    paras = [p for p in example.paragraphs if p.text]
    name, date = paras[-2], paras[-1]
    assert (name.text, date.text) == ("京汉新城社区党委", "2023年12月28日")
    for p in (name, date):
        assert p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704 7.3.5.2: the 署名 ends two characters (2 × 16 pt) from the right margin
    assert name.style.paragraph_format.right_indent.pt == 32
    # one empty line between the body and the 落款
    all_paras = example.paragraphs
    index = [p._p for p in all_paras].index(name._p)
    assert all_paras[index - 1].text == ""


def test_page_setup_comes_from_the_layout_profile(example) -> None:
    section = example.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    for got, want in [
        (section.top_margin, DEFAULT.margin_top_mm),
        (section.bottom_margin, DEFAULT.margin_bottom_mm),
        (section.left_margin, DEFAULT.margin_left_mm),
        (section.right_margin, DEFAULT.margin_right_mm),
    ]:
        assert abs(got - Mm(want)) < Mm(0.05)
    normal = example.styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert normal.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert normal.first_line_indent.pt == 32  # two 三号 characters


def test_markdown_specials_are_literal_in_word(write_yaml) -> None:
    doc = docx_of(write_yaml("""
        单位: 测试社区
        年度: 2024
        导语: "1. 开头 *星号* _下划线_ #井号 |竖线| <b>粗</b> \\x0b"
        存在问题: ["**不是粗体**", 其二]
    """))
    texts = [unbroken.strip(p.text) for p in doc.paragraphs]
    # the vertical tab (pasted from Word) is dropped: XML cannot hold it
    assert "1. 开头 *星号* _下划线_ #井号 |竖线| <b>粗</b>。" in texts
    assert "一是**不是粗体**；二是其二。" in texts
    assert all(not r.bold for p in doc.paragraphs for r in p.runs)


@pytest.mark.parametrize("example_path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_builds_a_docx_with_its_facts(example_path: Path) -> None:
    report = loader.load(example_path)
    doc = Document(io.BytesIO(build.render(report, "docx")))
    text = unbroken.strip("\n".join(p.text for p in doc.paragraphs))
    for section in filter(None, [report.ideology, report.ethnic, report.religion, *report.other]):
        for item in section.items:
            for event in item.events:
                assert event.name in text
            assert item.title.rstrip("。") in text


def test_28_characters_fit_a_line(example) -> None:
    """156 mm of type area holds 28 三号 characters only if each is set 0.25 pt closer."""
    para = next(p for p in example.paragraphs if p.text.startswith("一年来"))
    spacing = para.runs[0]._r.find(qn("w:rPr")).find(qn("w:spacing"))
    assert int(spacing.get(qn("w:val"))) == -5  # twentieths of a point
    type_area_pt = (210 - DEFAULT.margin_left_mm - DEFAULT.margin_right_mm) / 25.4 * 72
    assert 28 * (16 - 0.25) <= type_area_pt < 29 * (16 - 0.25)
    grid = example.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines: 225 mm / 22 = 28.95 pt


def test_points_apart_are_paragraphs_of_their_own_in_word() -> None:
    """要点分段: seed 003's 工作特色 sets its five points a paragraph each, and so does Word."""
    doc = docx_of(ROOT / "examples" / "新城街道" / "京汉新城社区" / "2024民族工作.yaml")
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("四、工作特色")
    opened = [t[:12] for t in texts[start + 1:start + 6]]
    assert opened == ["一是开展“党员星级评比”", "二是开展“网格先锋评比”", "三是开展“志愿者先锋比拼",
                      "四是打造“物业先锋比拼”", "五是打造“共建单位先锋比"]
    assert texts[start + 6] == "五、亮点工作"
