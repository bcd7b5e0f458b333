"""The GB/T 9704 figures, read back from the .docx as effective values, on every example and on
a long report; layout files; reference documents."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from conftest import EXAMPLES, LONG
from docx_effective import bold, has_flag, paragraph_property, paragraph_style_id, run_property
from tzreport import text
from tzreport.cli.main import app
from tzreport.commands import build
from tzreport.data import loader
from tzreport.writers import unbroken

W_R = qn("w:r")


def docx_of(path: Path, **kwargs) -> Document:
    rendered = dict(build.prepare(path, build.BuildOptions(("docx",), path.parent / "out", **kwargs)).files)
    (data,) = rendered.values()
    return Document(io.BytesIO(data))


def paragraphs(doc):
    return list(doc.element.body.iter(qn("w:p")))


def text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def runs(p):
    return [r for r in p.iter(W_R) if r.find(qn("w:t")) is not None]


def by_style(doc, style_id: str):
    return [p for p in paragraphs(doc) if paragraph_style_id(doc, p) == style_id and text_of(p)]


@pytest.fixture(scope="module")
def long_report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("long") / "2024.yaml"
    path.write_text(LONG, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=EXAMPLES + ["long"], ids=lambda p: getattr(p, "name", p))
def doc(request, long_report):
    path = long_report if request.param == "long" else request.param
    return docx_of(path)


def test_page_is_a4_with_gbt9704_margins(doc) -> None:
    section = doc.sections[0]
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210.0, 297.0)
    for got, want in ((section.top_margin, 37), (section.bottom_margin, 35),
                      (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(got - Mm(want)) < Mm(0.05)


def test_22_lines_of_28_characters(doc) -> None:
    body = by_style(doc, "Normal")[0]
    assert paragraph_property(doc, body, "w:spacing", "w:line") == "579"  # 28.95 pt
    assert paragraph_property(doc, body, "w:spacing", "w:lineRule") == "exact"
    assert 22 * 28.95 == pytest.approx(225 / 25.4 * 72, abs=1)  # the type area's height
    for p in by_style(doc, "Normal"):
        for r in runs(p):
            assert run_property(doc, r, "w:sz") == "32"  # 三号
            assert run_property(doc, r, "w:spacing") == "-5"  # 28 × (16 − 0.25) pt ≤ 156 mm
    assert paragraph_property(doc, body, "w:autoSpaceDN", "w:val") == "0"


def test_body_is_fangsong_indented_two_characters_and_justified(doc) -> None:
    for p in by_style(doc, "Normal"):
        assert paragraph_property(doc, p, "w:ind", "w:firstLineChars") == "200"
        assert paragraph_property(doc, p, "w:jc", "w:val") == "both"
        plain = [r for r in runs(p) if run_property(doc, r, "w:rStyle") is None]
        for r in plain:
            assert run_property(doc, r, "w:rFonts", "w:eastAsia") == "仿宋_GB2312"


def test_title_is_erhao_xiaobiaosong_centred_not_bold(doc) -> None:
    (title,) = by_style(doc, "Title")
    assert paragraph_property(doc, title, "w:jc", "w:val") == "center"
    for r in runs(title):
        assert run_property(doc, r, "w:rFonts", "w:eastAsia") == "方正小标宋简体"
        assert run_property(doc, r, "w:sz") == "44"  # 二号 22 pt
        assert not bold(doc, r)


def test_headings_by_level(doc) -> None:
    for p in by_style(doc, "Heading1"):
        assert text_of(p)[1] == "、"
        for r in runs(p):
            assert run_property(doc, r, "w:rFonts", "w:eastAsia") == "黑体"
            assert run_property(doc, r, "w:sz") == "32"
    run_in = [p for p in by_style(doc, "Normal") if run_property(doc, runs(p)[0], "w:rStyle")]
    # every example with numbered items has run-in headings (a lone item is not numbered)
    numbered = any(re.match(r"（[一二三四五六七八九十]+）", text_of(p)) for p in by_style(doc, "Normal"))
    assert bool(run_in) == numbered
    for p in run_in:
        # the heading's runs (more than one where a figure in it is a run of its own), then the text
        all_runs = runs(p)
        level = run_property(doc, all_runs[0], "w:rStyle")[-1]
        head = [r for r in all_runs if run_property(doc, r, "w:rStyle")]
        rest = all_runs[len(head):]
        assert head == all_runs[:len(head)]
        face = {"2": "楷体_GB2312", "3": "仿宋_GB2312", "4": "仿宋_GB2312"}[level]
        assert all(run_property(doc, r, "w:rFonts", "w:eastAsia") == face for r in head)
        assert "".join(r.find(qn("w:t")).text for r in head).endswith("。")
        for r in rest:  # the text after a run-in heading is body text
            assert run_property(doc, r, "w:rFonts", "w:eastAsia") == "仿宋_GB2312"


def test_every_run_names_its_east_asian_font_with_the_hint(doc) -> None:
    parts = [doc.element.body] + [s.footer._element for s in doc.sections] + \
        [s.even_page_footer._element for s in doc.sections]
    count = 0
    for part in parts:
        for r in part.iter(W_R):
            fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:hint")) == "eastAsia"
            count += 1
    assert count > 10


def test_language_is_zh_cn_everywhere(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    # digits and Latin letters: a Western language, or LibreOffice breaks numbers ("1|7%")
    assert lang.get(qn("w:val")) == "en-US"
    assert doc.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    assert "ja-JP" not in doc.styles.element.xml + doc.settings.element.xml


def test_page_numbers_on_odd_and_even_pages(doc) -> None:
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    odd, even = section.footer._element, section.even_page_footer._element
    for footer, side, inset in ((odd, "right", "w:right"), (even, "left", "w:left")):
        (p,) = footer.findall(qn("w:p"))
        assert p.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == side
        assert p.find(qn("w:pPr")).find(qn("w:ind")).get(qn(inset)) == "280"  # one 四号 character
        assert text_of(p) == "— 1 —"  # the 1 is the PAGE field's placeholder
        assert "PAGE" in "".join(t.text for t in p.iter(qn("w:instrText")))
        for r in p.iter(W_R):
            assert r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
            assert r.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "28"  # 四号
    # the number's middle stands about 7 mm under the type area
    middle_mm = section.footer_distance.mm + Pt(14).mm / 2
    assert 35 - middle_mm == pytest.approx(7, abs=0.3)


def test_signature_per_7_3_5_2(doc) -> None:
    name = by_style(doc, "Signature")
    date = by_style(doc, "SignatureDate")
    if not name:
        pytest.skip("this example has no 落款")
    name_chars = int(paragraph_property(doc, name[0], "w:ind", "w:rightChars")) / 100
    date_chars = int(paragraph_property(doc, date[0], "w:ind", "w:rightChars")) / 100
    name_w, date_w = text.display_width(text_of(name[0])), text.display_width(text_of(date[0]))
    # the date starts two characters right of the 署名's start …
    assert (name_chars + name_w) - (date_chars + date_w) == pytest.approx(2)
    # … and neither comes closer than two characters to the right margin
    assert min(name_chars, date_chars) == 2
    assert paragraph_property(doc, name[0], "w:jc", "w:val") == "right"
    # one empty line between the text and the 落款, kept on the same page as the text above it
    ps = paragraphs(doc)
    index = ps.index(name[0])
    assert text_of(ps[index - 1]) == ""
    assert ps[index - 1].find(qn("w:pPr")).find(qn("w:keepNext")) is not None
    assert ps[index - 2].find(qn("w:pPr")).find(qn("w:keepNext")) is not None


def test_headings_keep_with_the_next_paragraph(doc) -> None:
    for style_id in ("Title", "Heading1", "Heading2", "Heading3", "Heading4"):
        assert has_flag(doc, style_id, "w:keepNext"), style_id


# ------------------------------------------------------------------------------ titles


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("京汉新城社区2023年统战工作总结", ["京汉新城社区2023年统战工作总结"]),
        ("京汉新城社区2023年统战工作总结及2024年工作计划",
         ["京汉新城社区2023年统战工作总结", "及2024年工作计划"]),
        ("新城街道2024年度党的建设暨组织、宣传、统战、政法工作会议发言材料",
         ["新城街道2024年度党的建设", "暨组织、宣传、统战、政法工作会议发言材料"]),
        ("一二三四五六七八九十一二三四五六七八九十一二123456789",
         ["一二三四五六七八九十一二三", "四五六七八九十一二123456789"]),
    ],
)
def test_long_titles_break_into_balanced_lines(title: str, lines: list[str]) -> None:
    assert text.title_lines(title, 20) == lines
    for line in lines:
        assert text.display_width(line) <= 20


def test_title_lines_in_word_are_one_paragraph_with_a_break(write_yaml) -> None:
    doc = docx_of(write_yaml("单位: 京汉新城社区\n年度: 2023\n下一步计划: [加强学习]\n"))
    (title,) = by_style(doc, "Title")
    assert [t.text for t in title.iter(qn("w:t"))] == ["京汉新城社区2023年统战工作总结", "及2024年工作计划"]
    assert len(list(title.iter(qn("w:br")))) == 1


# ------------------------------------------------------------------------------ layout files


def test_layout_file_beside_the_data_changes_fonts_spacing_and_margins(write_yaml) -> None:
    write_yaml("""
        正文字体: 仿宋
        三级标题加粗: true
        行距: 28
        页边距: {上: 30}
    """, "版式.yaml")
    data = write_yaml("""
        单位: 测试社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 学习
              工作: [{标题: 集中学习, 内容: 每月一次}, {标题: 个人自学, 内容: 每周一次}]
            - 标题: 宣传
    """)
    doc = docx_of(data)
    body = by_style(doc, "Normal")
    level3 = next(p for p in body if text_of(p).startswith("1."))
    head, rest = runs(level3)
    assert run_property(doc, head, "w:rFonts", "w:eastAsia") == "仿宋" and bold(doc, head)
    assert run_property(doc, rest, "w:rFonts", "w:eastAsia") == "仿宋" and not bold(doc, rest)
    assert paragraph_property(doc, level3, "w:spacing", "w:line") == "560"
    assert abs(doc.sections[0].top_margin - Mm(30)) < Mm(0.05)
    assert abs(doc.sections[0].bottom_margin - Mm(35)) < Mm(0.05)  # unchanged


def test_layout_option_names_the_file_and_a_bad_one_is_located(write_yaml, tmp_path) -> None:
    data = write_yaml("单位: 测试社区\n年度: 2024\n")
    bad = write_yaml("正文字体: 仿宋\n行距: 100\n页边距: {上: 30, 前: 3}\n纸张: A3\n", "我的版式.yaml")
    result = CliRunner().invoke(app, ["build", str(data), "--layout", str(bad), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:2:5: 错误 行距: 不能大于60，实际为“100”",
        f"{bad}:3:14: 错误 页边距.前: 未知的键“前”；这里可以写：上、下、左、右",
        f"{bad}:4:1: 错误 纸张: 未知的键“纸张”；这里可以写：" + "、".join(
            ["标题字体", "正文字体", "一级标题字体", "二级标题字体", "三级标题字体", "四级标题字体",
             "三级标题加粗", "页码字体", "数字字体", "行距", "字距", "页边距", "字体目录"]),
    ]
    assert not (tmp_path / "o").exists()


def test_a_folder_build_does_not_take_the_layout_file_for_data(write_yaml, tmp_path) -> None:
    write_yaml("正文字体: 仿宋\n", "in/版式.yaml")
    write_yaml("单位: 测试社区\n年度: 2024\n", "in/2024.yaml")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "-f", "md", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "o").iterdir() if p.name[0] != "."] == ["测试社区2024年统战工作总结.md"]


# ------------------------------------------------------------------------------ reference documents


@pytest.fixture
def reference(tmp_path) -> Path:
    """A unit's own template: 宋体 小四 body, its own margins and a 红头 in the header."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    doc.styles["Heading 1"].font.size = Pt(18)
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Mm(25)
    section.header.paragraphs[0].text = "京汉新城社区党委文件"
    doc.add_paragraph("这段示范正文不应出现在报告里。")
    path = tmp_path / "参考.docx"
    doc.save(path)
    return path


def test_reference_docx_keeps_the_units_styles_page_and_header(write_yaml, reference) -> None:
    data = write_yaml(textwrap.dedent("""
        单位: 测试社区
        年度: 2024
        思想引领:
          工作: [{标题: 学习, 内容: 认真学习}, {标题: 宣传, 内容: 广泛宣传}]
        落款: {署名: 测试社区党委, 日期: 2024-12-01}
    """))
    doc = docx_of(data, reference=reference)
    assert doc.sections[0].header.paragraphs[0].text == "京汉新城社区党委文件"
    assert abs(doc.sections[0].top_margin - Mm(25)) < Mm(0.05)
    texts = [unbroken.strip(text_of(p)) for p in paragraphs(doc)]
    assert "这段示范正文不应出现在报告里。" not in texts
    assert "（一）学习。认真学习。" in texts
    body = next(p for p in paragraphs(doc) if text_of(p) == "（一）学习。认真学习。")
    head, rest = runs(body)
    # the reference's styles decide: no run carries a face of its own
    assert run_property(doc, rest, "w:rFonts", "w:eastAsia") == "宋体"
    assert run_property(doc, rest, "w:sz") == "24"
    assert rest.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:hint")) == "eastAsia"
    heading = next(p for p in paragraphs(doc) if text_of(p).startswith("一、"))
    assert run_property(doc, runs(heading)[0], "w:sz") == "36"
    # styles the reference lacks are added: the 落款
    assert by_style(doc, "Signature") and by_style(doc, "SignatureDate")


def test_reference_docx_that_is_not_a_docx(write_yaml, tmp_path) -> None:
    data = write_yaml("单位: 测试社区\n年度: 2024\n")
    fake = tmp_path / "假.docx"
    fake.write_bytes(b"not a zip")
    result = CliRunner().invoke(app, ["build", str(data), "--reference-docx", str(fake), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{fake}: 错误 参考文档不是有效的 Word 文件（.docx）" in result.stderr
    missing = tmp_path / "无.docx"
    result = CliRunner().invoke(app, ["build", str(data), "--reference-docx", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: 错误 参考文档不存在\n"


def test_examples_load(tmp_path) -> None:
    for example in EXAMPLES:
        assert loader.load(example).unit


def test_a_line_never_starts_with_a_closing_mark_or_percent(doc) -> None:
    settings = doc.settings.element
    before = settings.find(qn("w:noLineBreaksBefore"))
    after = settings.find(qn("w:noLineBreaksAfter"))
    assert before.get(qn("w:lang")) == "zh-CN" and after.get(qn("w:lang")) == "zh-CN"
    for mark in "%。，、；：）》”":
        assert mark in before.get(qn("w:val"))
    for mark in "（《“":
        assert mark in after.get(qn("w:val"))


def test_the_note_under_a_roll_up_table_keeps_with_its_last_row() -> None:
    from conftest import ROOT

    doc = docx_of(ROOT / "examples" / "新城街道" / "2024.yaml")
    tables = doc.element.body.findall(qn("w:tbl"))
    last = tables[-1]
    assert last.getnext().find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "TableNote"
    rows = last.findall(qn("w:tr"))
    # a column group that fits a page is kept on one: every row keeps with the next (the
    # header too, which keeps the 附表's label and title with the table), and the 合计 row
    # with the note
    for row in rows:
        assert all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
                   for p in row.iter(qn("w:p")))


def _keeps(p) -> bool:
    ppr = p.find(qn("w:pPr"))
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def test_the_annex_label_keeps_with_its_title_and_the_tables_first_rows() -> None:
    from conftest import ROOT

    doc = docx_of(ROOT / "examples" / "新城街道" / "2023.yaml")
    ps = paragraphs(doc)
    # the 附表: its label, the empty line, its title, the header row and the first rows keep
    # together (the label stood alone at the foot of a page)
    label = next(i for i, p in enumerate(ps) if paragraph_style_id(doc, p) == "AnnexLabel")
    assert has_flag(doc, "AnnexLabel", "w:keepNext") and has_flag(doc, "AnnexTitle", "w:keepNext")
    assert text_of(ps[label + 1]) == "" and _keeps(ps[label + 1])
    assert paragraph_style_id(doc, ps[label + 2]) == "AnnexTitle"
    first = doc.element.body.findall(qn("w:tbl"))[0].findall(qn("w:tr"))
    for row in first[:2]:
        assert all(_keeps(p) for p in row.iter(qn("w:p")))


def test_a_figure_and_its_measure_word_are_joined_in_word() -> None:
    from conftest import ROOT

    doc = docx_of(ROOT / "examples" / "新城街道" / "2024.yaml")
    said = [text_of(p) for p in paragraphs(doc)]
    # U+200D, Word's no-width non break, then U+2060, the word joiner LibreOffice honours, which
    # keep Word and LibreOffice from breaking "培训2" / "次"
    j = "\u200d\u2060"
    assert any(f"宗教信息员培训2{j}次" in t for t in said)
    assert any(f"参与群众1100{j}余{j}人{j}次" in t for t in said)
    # a figure cell breaks before its previous year's bracket only
    assert f"400{j}余（{j}300{j}余{j}）" in said
    # not in the title or the 落款, which never break
    assert "2024年12月28日" in said and "\u200d" not in said[0] and "\u2060" not in said[0]
    # each figure a run of its own in a language LibreOffice line-breaks by ICU's rules, which
    # honour the word joiner (its Chinese rules know none), still simplified Chinese
    figure = next(r for r in doc.element.body.iter(qn("w:r")) if r.findtext(qn("w:t")) == f"2{j}次")
    lang = figure.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None and lang.get(qn("w:eastAsia")) == "zh-Hans-CN"
    assert figure.find(f"{qn('w:rPr')}/{qn('w:noProof')}") is not None
