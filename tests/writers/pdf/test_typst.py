"""The Typst PDF read back as a reader meets it (pdftotext, pdffonts): the 公文 grid of 22 lines
× 28 characters, page numbers on the outer side, fonts embedded, the report's own text, and
user text that stays text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import pdf_read
from conftest import EXAMPLES, markdown_of
from tzreport.cli.main import app
from tzreport.commands import build
from tzreport.errors import OutputError
from tzreport.render import document
from tzreport.text import display_width
from tzreport.writers import table_layout
from tzreport.writers.docx import tables
from tzreport.writers.pdf import fonts, typst

DATA = [p for p in EXAMPLES if p.parent.name != "ci"]


def pdf_of(path: Path, out: Path) -> Path:
    (target, data), = build.prepare(path, build.BuildOptions(("pdf",), out)).files
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def body_pages(pages: list[pdf_read.Page]) -> list[pdf_read.Page]:
    """The pages before the 附表 (the annex is set off the grid, in 小四)."""
    annex = next((p.number for p in pages if p.lines and p.lines[0].plain == "附表"), None)
    return [p for p in pages if annex is None or p.number < annex]


HEADING = re.compile(r"^[一二三四五六七八九十]+、")


@pytest.mark.slow
@pytest.mark.parametrize("path", DATA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_is_set_on_the_gongwen_grid(path: Path, tmp_path: Path) -> None:
    pdf = pdf_of(path, tmp_path)
    pages = pdf_read.pages(pdf)
    body = body_pages(pages)
    for page in body:
        rows = [page.row(line) for line in page.lines]
        # every line on the grid of 22: 28.95 pt apart, starting at the top of the type area
        assert all(abs(r - round(r)) < 0.05 for r in rows), (page.number, rows)
        assert 0 <= min(rows) and max(rows) < 21.5, (page.number, rows)
    for page, following in zip(body, body[1:], strict=False):
        last = round(page.row(page.lines[-1]))
        # a full page has 22 lines; only a heading that would stand alone at its foot is moved
        # a full page has 22 lines; only a heading that would stand alone at its foot is moved,
        # or the 落款 with the short paragraph before it (and a heading over that)
        moved = HEADING.match(following.lines[0].plain) or (
            following is body[-1] and re.fullmatch(r"\d{4}年\d+月\d+日", following.lines[-1].plain)
            and len(following.lines) <= 8)
        # widow and orphan control moves at most the three lines of a paragraph that can
        # leave neither one line at the foot nor one at the top
        # (what moved is counted in rows, the empty ones between the 附件说明 and 落款 too)
        rows_moved = round(following.row(following.lines[-1]) - following.row(following.lines[0])) + 1
        assert last >= 18 or (moved and last >= 21 - rows_moved), page.number
    # 28 characters a line: no line of Chinese text longer, and most lines inside a paragraph
    # exactly that long (27 where a line-final 。 or ， takes the last character down with it)
    left = build.DEFAULT.margin_left_mm * pdf_read.MM
    inner = [line for page in body for line, after in zip(page.lines, page.lines[1:], strict=False)
             if line.size < 17 and abs(line.x0 - left) < 1 and abs(after.x0 - left) < 1
             and not re.search(r"[0-9A-Za-z%]", line.text)]
    plain = [line.plain for page in body for line in page.lines
             if line.size < 17 and not re.search(r"[0-9A-Za-z%]", line.text)]
    assert plain and max(display_width(t) for t in plain) <= 28
    widths = [display_width(line.plain) for line in inner]
    assert min(widths, default=28) >= 26, widths
    if len(widths) >= 4:
        assert widths.count(28) > len(widths) / 2, widths
    # "— N —" on every page, odd pages at the right, even ones at the left, one character in
    # (on a landscape 附表 page too, from the margins of the page turned)
    for page in pages:
        (number,) = page.footer
        assert number.plain == f"—{page.number}—"
        top, bottom, left, right = pdf_read.margins(page)
        right_edge = page.width - right * pdf_read.MM
        left_edge = left * pdf_read.MM
        if page.number % 2:
            assert abs(right_edge - number.x1 - 14) < 1.5, (page.number, number)
        else:
            assert abs(number.x0 - left_edge - 14) < 1.5, (page.number, number)
        # the em dashes about 7 mm under the type area
        gap = (number.y0 + number.y1) / 2 - (page.height - bottom * pdf_read.MM)
        assert 5 * pdf_read.MM < gap < 9 * pdf_read.MM, gap
    assert all(embedded for _, embedded in pdf_read.fonts(pdf))
    assert len(pdf_read.fonts(pdf)) >= 2


def _markdown_text(markdown: str) -> str:
    """The words of the report: no markup, no table syntax, no white space."""
    out = []
    for line in markdown.splitlines():
        if line.startswith(":::") or re.fullmatch(r"\|[ :\-|]+\|", line):
            continue
        out.append(re.sub(r"^#+ ", "", line))
    text = "".join(out).replace("**", "").replace("|", "")
    return re.sub(r"\\(.)", r"\1", re.sub(r"\s+", "", text))


@pytest.mark.slow
@pytest.mark.parametrize("path", DATA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_pdf_says_what_the_markdown_says(path: Path, tmp_path: Path) -> None:
    pdf = pdf_of(path, tmp_path)
    pages = pdf_read.pages(pdf)
    body = body_pages(pages)
    said = "".join(line.plain for page in body for line in page.lines)
    wanted = _markdown_text(markdown_of(path))
    # the annex (its label “附表”, the last in the text): its cells are read back row by row below
    annex = wanted.rfind("附表") if "\n::: 附表\n" in markdown_of(path) else -1
    assert said == (wanted if annex < 0 or len(body) == len(pages) else wanted[:annex])
    if len(body) < len(pages):
        rest = "".join(line.plain for page in pages[len(body):] for line in page.lines)
        body_rows, under_header = [], False
        for line in markdown_of(path).splitlines():
            if re.fullmatch(r"\|[ :\-|]+\|", line):
                under_header = True
            elif line.startswith("|") and under_header:
                body_rows.append(line)
            else:
                under_header = False
        for row in body_rows:  # the rows under a header: one line a cell, or two when a
            for cell in row.strip("|").split("|"):  # previous year's figure goes under it
                figure = cell.replace("**", "").replace(" ", "")
                for part in re.split(r"(?=（)", figure):
                    assert part in rest, cell


HOSTILE = (
    '#read("/etc/passwd") [x] $y$ *b* _i_ \\ @ref <lab> `c` // line /* block */ '
    '#import "@preview/cetz:0.3.0" #{ panic() } \\#x'
)


def test_user_text_is_never_typst_code(write_yaml, tmp_path: Path) -> None:
    data = write_yaml(yaml.safe_dump({
        "单位": "测试社区", "年度": 2024, "导语": HOSTILE,
        "思想引领": {"工作": [{"标题": "标题#set page(width: 1cm)",
                              "内容": '一段 ] ) } 后的 #panic("x") 文字'}]},
    }, allow_unicode=True))
    pdf = pdf_of(data, tmp_path)
    said = pdf_read.text(pdf).replace("\n", "").replace(" ", "")
    for part in HOSTILE.split() + ["#set", "#panic(\"x\")"]:
        assert part.replace(" ", "") in said, part
    assert "root:" not in said  # nothing was read
    assert pdf_read.pages(pdf)[0].width == pytest.approx(595.3, abs=0.1)  # A4 still


def test_same_input_same_bytes() -> None:
    markdown = markdown_of(DATA[0])
    assert typst.to_pdf(document.parse(markdown)).pdf == typst.to_pdf(document.parse(markdown)).pdf


def test_no_chinese_font_says_what_to_install(write_yaml, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(typst, "SYSTEM_FONTS", False)  # Typst's own fonts only: no Chinese
    data = write_yaml("单位: 测试社区\n年度: 2024\n")
    result = CliRunner().invoke(app, ["build", str(data), "-f", "docx,pdf", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr == fonts.INSTALL_HINT + "\n"
    assert "apt-get install fonts-noto-cjk" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_a_font_folder_named_by_the_layout_file_is_used(write_yaml, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(typst, "SYSTEM_FONTS", False)
    import typst as typst_engine  # the library, beside our writer of the same name

    kai = next(f for f in typst_engine.Fonts().fonts() if f.family.startswith("AR PL UKai") and f.path)
    data = write_yaml("单位: 测试社区\n年度: 2024\n")
    (data.parent / "字体").mkdir()
    shutil.copy(kai.path, data.parent / "字体")
    (data.parent / "版式.yaml").write_text("字体目录: [字体]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(data), "-f", "pdf", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "用 AR PL UKai" in result.stderr
    assert result.stderr.count("提示 PDF 字体") == 1
    (pdf,) = (tmp_path / "o").glob("*.pdf")
    assert all(embedded for _, embedded in pdf_read.fonts(pdf))
    assert any("UKai" in name for name, _ in pdf_read.fonts(pdf))


def test_the_layout_file_moves_the_pdf_margins(write_yaml, tmp_path) -> None:
    data = write_yaml("单位: 测试社区\n年度: 2024\n主送: 街道党工委\n")
    plain = pdf_read.pages(pdf_of(data, tmp_path / "a"))[0]
    (data.parent / "版式.yaml").write_text("页边距: {左: 40}\n", encoding="utf-8")
    moved = pdf_read.pages(pdf_of(data, tmp_path / "b"))[0]
    addressee = [ln for ln in plain.lines if ln.plain == "街道党工委："][0]
    shifted = [ln for ln in moved.lines if ln.plain == "街道党工委："][0]
    assert shifted.x0 - addressee.x0 == pytest.approx(12 * pdf_read.MM, abs=0.5)


def test_the_signature_follows_gbt_9704(write_yaml, tmp_path) -> None:
    data = write_yaml("单位: 测试社区\n年度: 2024\n落款: {署名: 测试社区党委, 日期: 2024-12-20}\n")
    page = pdf_read.pages(pdf_of(data, tmp_path))[-1]
    name = next(ln for ln in page.lines if ln.plain == "测试社区党委")
    date = next(ln for ln in page.lines if ln.plain == "2024年12月20日")
    right = page.width - 26 * pdf_read.MM
    # the 署名 ends two characters from the right; the date, a line below, starts two
    # characters right of the 署名's start (here the longer date decides: it ends two in)
    assert round(page.row(date) - page.row(name)) == 1
    assert right - date.x1 == pytest.approx(32, abs=1.5)
    assert date.x0 - name.x0 == pytest.approx(32, abs=2)


def test_a_long_table_keeps_its_last_rows_together(write_yaml, tmp_path) -> None:
    rows = "".join(f"| 第{i}社区 | {i} |\n" for i in range(1, 60))
    markdown = (f"# 表\n\n::: 附表\n附表\n\n数据表\n\n| 单位 | 数 |\n| :---: | :---: |\n{rows}"
                "| **合计** | **1770** |\n\n注：无。\n:::\n")
    out = tmp_path / "t.pdf"
    out.write_bytes(typst.to_pdf(document.parse(markdown)).pdf)
    pages = pdf_read.pages(out)
    assert len(pages) >= 3
    assert "（续表）" not in [ln.plain for ln in pages[1].lines]
    for page in pages[2:]:
        texts = [ln.plain for ln in page.lines]
        # （续表） over the type area, and the header row repeated
        assert texts[0] == "（续表）" and page.lines[0].y1 < 37 * pdf_read.MM, texts[:2]
        assert texts[1].startswith("单位"), texts[:2]
    last = [ln.plain for ln in pages[-1].lines]
    (tmp_path / "long.pdf").write_bytes(out.read_bytes())
    # the 合计 row, the row above it and the note under the table: on one page, under the header
    assert last[-1] == "注：无。" and {"合计", "1770", "第59社区", "59"} <= set(last)


def test_word_tables_keep_their_last_rows_together() -> None:
    table = document.Table(((document.Cell(()),),) * 60, header_rows=1)  # taller than a page
    (group,) = table_layout.setting(table, build.DEFAULT).groups
    assert not group.fits_page
    xml = tables.xml(group, build.DEFAULT, lambda text, font, bold: "")
    rows = xml.split("<w:tr>")[1:]
    # the header with the first two rows (never a header, nor the 附表's label and title above
    # it, alone at a page's foot), the last two rows together
    assert ["<w:keepNext/>" in r for r in rows] == [True, True] + [False] * 56 + [True, False]
    # one that fits a page is kept on one
    short = document.Table(((document.Cell(()),),) * 5, header_rows=1)
    (group,) = table_layout.setting(short, build.DEFAULT).groups
    rows = tables.xml(group, build.DEFAULT, lambda text, font, bold: "").split("<w:tr>")[1:]
    assert ["<w:keepNext/>" in r for r in rows] == [True, True, True, True, False]


def test_no_font_error_is_an_output_error(monkeypatch) -> None:
    monkeypatch.setattr(typst, "SYSTEM_FONTS", False)
    with pytest.raises(OutputError, match="fonts-noto-cjk"):
        typst.fonts_for(build.DEFAULT)
    with pytest.raises(OutputError, match="fonts-noto-cjk"):
        fonts.choose(build.DEFAULT, ["DejaVu Sans", "Libertinus Serif"])
    # a Windows machine: the English family names of its fonts
    chosen = fonts.choose(build.DEFAULT, ["SimSun", "SimHei", "FangSong", "KaiTi"])
    assert chosen.families["body"] == ["FangSong"] and chosen.families["heading2"] == ["KaiTi"]
    assert chosen.families["title"] == ["SimSun"] and chosen.families["heading1"] == ["SimHei"]


def test_a_wrong_pdf_engine_is_a_usage_error(write_yaml, tmp_path) -> None:
    data = write_yaml("单位: 测试社区\n年度: 2024\n")
    result = CliRunner().invoke(app, ["build", str(data), "-f", "pdf", "--pdf-engine", "word"])
    assert result.exit_code == 2
    assert result.stderr == "错误 不支持的 PDF 引擎“word”；可选：typst、libreoffice\n"


@pytest.mark.slow
def test_the_fonts_are_said_once_for_a_folder(tmp_path) -> None:
    # in worker processes, after this process has typeset PDFs itself (earlier tests): a
    # forked copy of a process with the engine's threads running would hang
    folder = tmp_path / "各社区"
    folder.mkdir()
    for name in ("甲", "乙", "丙"):
        (folder / f"{name}.yaml").write_text(f"单位: {name}社区\n年度: 2024\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder), "-f", "pdf", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("提示 PDF 字体：") == 1
    assert len(list(folder.glob("*.pdf"))) == 3


def test_a_latin_font_serves_digits_only_and_heading3_may_be_bold(write_yaml, tmp_path) -> None:
    data = write_yaml(
        "单位: 测试社区\n年度: 2024\n"
        "思想引领:\n  工作:\n    - 标题: 学习“两会”精神\n      内容: 开展活动12次。\n"
        "      工作:\n        - 标题: 小标题\n          内容: 内容。\n        - 标题: 另一个小标题\n"
        "    - 标题: 宣传\n"
    )
    (data.parent / "版式.yaml").write_text(
        "数字字体: DejaVu Serif\n三级标题加粗: true\n", encoding="utf-8")
    pdf = pdf_of(data, tmp_path / "o")
    names = [name for name, _ in pdf_read.fonts(pdf)]
    assert any("DejaVuSerif" in n for n in names), names  # the digits
    assert any("Bold" in n for n in names), names  # 1. 小标题 in bold
    assert "“两会”" in pdf_read.text(pdf)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装（CI 会安装）")
def test_libreoffice_converts_a_folder_in_one_process_per_worker(tmp_path, monkeypatch) -> None:
    import subprocess

    from tzreport.writers.pdf import libreoffice

    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "各社区"
    folder.mkdir()
    for name in ("甲", "乙", "丙"):
        (folder / f"{name}.yaml").write_text(f"单位: {name}社区\n年度: 2024\n", encoding="utf-8")
    started = []
    real = subprocess.Popen

    def popen(command, **kwargs):  # type: ignore[no-untyped-def]
        started.append(command)  # LibreOffice runs in a process group of its own (Popen)
        return real(command, **kwargs)

    monkeypatch.setattr(libreoffice.subprocess, "Popen", popen)
    result = CliRunner().invoke(
        app, ["build", str(folder), "-f", "docx,pdf", "--pdf-engine", "libreoffice", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert len(started) == 1 and sum(a.endswith(".docx") for a in started[0]) == 3
    for name in ("甲", "乙", "丙"):
        out = folder / f"{name}社区2024年统战工作总结.pdf"
        assert out.read_bytes().startswith(b"%PDF")
        said = re.sub(r"\s", "", pdf_read.text(out))
        assert f"{name}社区2024年统战工作总结" in said
    assert "提示 PDF 字体" not in result.stderr


def test_a_line_final_full_stop_takes_the_last_character_down(tmp_path) -> None:
    # 2 + 26 characters on the first line, 28 on the second: the 。 after them would be the
    # 29th, and a line never starts with 。. As in the Word output, 乙 goes down with it.
    markdown = "# 题\n\n" + "甲" * 26 + "甲" * 27 + "乙。丙丙。\n\n（一）“引号”开头的段落，看行首的标点。\n"
    out = tmp_path / "p.pdf"
    out.write_bytes(typst.to_pdf(document.parse(markdown)).pdf)
    page = pdf_read.pages(out)[0]
    lines = [ln.plain for ln in page.lines][1:]  # under the title (and its empty line)
    assert lines[:3] == ["甲" * 26, "甲" * 27, "乙。丙丙。"]
    # every Chinese mark a whole character wide, at the start of a line too: the （ of the
    # next paragraph has its ink in the right half of the first cell after the indent
    first, quoted = page.lines[1], page.lines[4]
    assert quoted.plain.startswith("（一）“引号”")
    assert 0 < quoted.x0 - first.x0 < 10
    assert quoted.x1 - first.x0 == pytest.approx(15.75 * display_width(quoted.plain), abs=2)


def test_a_speech_has_its_subtitle_and_date_under_the_title(tmp_path) -> None:
    speech = Path(__file__).resolve().parents[3] / "examples" / "新城街道发言材料" / "2024年度会议发言.yaml"
    lines = [line.strip() for line in pdf_read.text(pdf_of(speech, tmp_path)).splitlines() if line.strip()]
    assert lines[:4] == ["新城街道2024年度党的建设", "暨组织、宣传、统战、政法工作会议发言材料",
                         "（统战群团工作方面）", "（2024年3月）"]


def _signed(ones: int, last: str) -> str:
    """A report of `ones` one-line paragraphs, then `last`, then the 落款."""
    body = "".join(f"第{i:02d}段正文写在这里共计二十六个字符整行。\n\n" for i in range(ones))
    return f"# 测试报告\n\n{body}{last}\n\n::: 落款\n测试社区党委\n\n2024年12月20日\n:::\n"


@pytest.mark.parametrize(("ones", "moved"), [(16, 2), (18, 3)])
def test_the_signature_never_stands_alone_at_the_top_of_a_page(tmp_path, ones, moved) -> None:
    # a last paragraph of five lines that ends at the foot of page 1 (title and its empty line,
    # the one-line paragraphs, five lines: 23 or 25 > 22): as Word's keepNext with widow
    # control, its last two lines go over with the 落款; one of three lines goes whole
    last = "最后一段" + "内容" * 66 + "。" if moved == 2 else "最后一段" + "内容" * 36 + "。"
    out = tmp_path / "signed.pdf"
    out.write_bytes(typst.to_pdf(document.parse(_signed(ones, last))).pdf)
    first, second = pdf_read.pages(out)
    texts = [ln.plain for ln in second.lines]
    assert texts[-2:] == ["测试社区党委", "2024年12月20日"]
    assert len(texts) == moved + 2, texts
    assert texts[moved - 1].endswith("。") and not any(t.startswith("第") for t in texts)
    # what stays on page 1 is the paragraph's start, on the grid, and nothing of it is lost
    kept = [ln.plain for ln in first.lines if not ln.plain.startswith(("第", "测试报告"))]
    assert "".join(kept + texts[:moved]) == last
    assert all(abs(first.row(ln) - round(first.row(ln))) < 0.05 for ln in first.lines)
    assert all(abs(second.row(ln) - round(second.row(ln))) < 0.05 for ln in second.lines)


def test_points_apart_are_paragraphs_of_their_own_in_the_pdf(tmp_path) -> None:
    """要点分段: each of the five points of seed 003's 工作特色 opens a line of the PDF, indented
    two characters as every paragraph is."""
    source = Path(__file__).resolve().parents[3] / "examples" / "新城街道" / "京汉新城社区" / "2024民族工作.yaml"
    lines = [line for page in body_pages(pdf_read.pages(pdf_of(source, tmp_path))) for line in page.lines]
    starts = {line.plain[:2]: line.x0 for line in lines if line.plain[:2] in ("一是", "二是", "三是", "四是", "五是")}
    assert sorted(starts) == sorted(["一是", "二是", "三是", "四是", "五是"])
    indent = next(line.x0 for line in lines if line.plain.startswith("京汉新城社区以铸牢"))
    assert all(x0 == pytest.approx(indent, abs=1) for x0 in starts.values())
