"""-f html: one self-contained page with inline styles only, for the 公众号 editors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT, document_of, sent_upward
from tzreport.cli.main import app
from tzreport.writers import html
from tzreport.writers.layout import DEFAULT, Font

EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"
ROLLUP = ROOT / "examples" / "新城街道" / "2024.yaml"
runner = CliRunner()


class Elements(HTMLParser):
    """Every element with its attributes, and the text under each element kind."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: list[tuple[str, str, str]] = []  # (tag, its style, text)
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, {k: v or "" for k, v in attrs})
        self.found.append(element)
        if tag not in ("br", "meta", "col"):
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack and data.strip():
            tag, attrs = self.stack[-1]
            self.texts.append((tag, attrs.get("style", ""), data))

    def style_of(self, text: str) -> tuple[str, str]:
        """(tag, style) of the innermost element holding a text that starts so."""
        return next((t, s) for t, s, d in self.texts if d.startswith(text) and t != "title")


def page_of(path: Path) -> str:
    return html.page(document_of(path))


def test_page_is_self_contained_with_inline_styles_only() -> None:
    for path in (EXAMPLE, ROLLUP):
        text = page_of(path)
        parsed = Elements(text)
        tags = {tag for tag, _ in parsed.found}
        assert not tags & {"script", "style", "link", "img", "iframe", "object", "svg"}
        attributes = {name for _, attrs in parsed.found for name in attrs}
        assert attributes <= {"style", "lang", "charset", "name", "content"}, attributes
        assert "url(" not in text and "http" not in text
        body = [attrs for tag, attrs in parsed.found if tag in ("p", "h1", "h2", "h3", "td", "th")]
        assert body and all("font-family:" in a["style"] for a in body)


def test_fonts_by_role_and_run_in_headings(tmp_path: Path) -> None:
    # with the 主送 and 落款 a report sent upward has (the seed-derived example writes none)
    parsed = Elements(page_of(sent_upward(EXAMPLE, tmp_path)))
    style = next(attrs["style"] for tag, attrs in parsed.found if tag == "h1")
    assert "font-size:22pt" in style and "text-align:center" in style
    assert "'方正小标宋简体'" in style
    # its words each whole, so that a phone breaks the title between them only
    words = [d for t, s, d in parsed.texts if t == "span" and s == "white-space:nowrap;"]
    assert words[:3] == ["京汉新城社区", "2023年", "统战工作总结"]
    tag, style = parsed.style_of("一、坚持统一思想引领")
    assert tag == "h2" and "font-family:'黑体','SimHei'" in style and "sans-serif" in style
    assert "text-indent:2em" in style and "font-size:16pt" in style
    # （一）… runs into its paragraph: a 楷体 span inside a 仿宋 paragraph
    tag, style = parsed.style_of("（一）注重学习，加大宣传")
    assert tag == "span" and "font-family:'楷体_GB2312','楷体','KaiTi'" in style
    tag, style = parsed.style_of("一年来，我社区始终深入践行")
    assert tag == "p" and "'仿宋_GB2312','仿宋','FangSong','STFangsong'" in style
    assert "line-height:28.95pt" in style and "text-align:justify" in style
    tag, style = parsed.style_of("新城街道党工委：")
    assert "text-indent:0" in style
    # the 落款 at the right, the date two characters right of the 署名's start
    tag, style = parsed.style_of("京汉新城社区党委")
    assert "text-align:right" in style and "padding-right:" in style
    tag, date_style = parsed.style_of("2023年12月28日")
    assert "text-align:right" in date_style


def test_annex_table_styled_inline() -> None:
    parsed = Elements(page_of(ROLLUP))
    tables = [attrs["style"] for tag, attrs in parsed.found if tag == "table"]
    assert tables and all("border-collapse:collapse" in t and "width:100%" in t for t in tables)
    cells = [(tag, attrs["style"]) for tag, attrs in parsed.found if tag in ("th", "td")]
    assert {tag for tag, _ in cells} == {"th", "td"}
    assert all("border:0.5pt solid #000" in style for _, style in cells)
    heads = [style for tag, style in cells if tag == "th"]
    assert all("'黑体'" in s and "font-size:12pt" in s for s in heads)
    widths = [attrs["style"] for tag, attrs in parsed.found if tag == "col"]
    assert abs(sum(float(w.split(":")[1].rstrip("%;")) for w in widths) - 100 * len(tables)) < 0.1
    style = next(s for t, s, d in parsed.texts if d == "附表")
    assert "break-before:page" in style and "'黑体'" in style


def test_hostile_text_is_escaped(write_yaml) -> None:
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;<style>p{}</style>'
    path = write_yaml(f"""
        单位: 甲社区
        年度: 2024
        思想引领:
          工作:
            - 标题: '<b class="x">标题</b>'
              内容: '{hostile}'
        落款: {{署名: '</p><script>x()</script>', 日期: 2024-12-20}}
    """)
    text = page_of(path)
    parsed = Elements(text)
    assert not {tag for tag, _ in parsed.found} & {"script", "img", "style", "b"}
    assert "<script" not in text and "<img" not in text and 'class="x"' not in text
    shown = "".join(d for _, _, d in parsed.texts)
    assert "<script>alert(1)</script>\"><img src=x onerror=alert(2)>&amp;" in shown
    assert "</p><script>x()</script>" in shown


def test_hostile_font_name_from_a_layout_file() -> None:
    bad = Font("楷体';}</p><script>x()</script>\"")
    stack = html.font_stack(bad)
    assert stack.startswith("'楷体pscriptxscript'")  # only letters are left
    assert not set(stack) & set("<>\";{}\\")
    assert html.font_stack(Font("黑体", latin="Times New Roman")).startswith("'Times New Roman','黑体'")
    assert html.font_stack(Font("某某体")) == "'某某体',serif"


def test_sizes_come_from_the_layout_profile() -> None:
    from dataclasses import replace

    layout = replace(DEFAULT, body=Font("仿宋", 14.0), line_pitch_pt=30.0)
    text = html.page(document_of(EXAMPLE), layout)
    _, style = Elements(text).style_of("一年来，我社区始终深入践行")
    assert "font-size:14pt" in style and "line-height:30pt" in style


def test_build_writes_the_html_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(EXAMPLE), "-f", "html", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = list(tmp_path.glob("*.html"))
    assert [p.name for p in written] == ["京汉新城社区2023年统战工作总结.html"]
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "<title>京汉新城社区2023年统战工作总结及2024年工作计划</title>" in text


def test_a_speech_has_its_subtitle_and_date_centred_under_the_title() -> None:
    parsed = Elements(page_of(ROOT / "examples" / "新城街道发言材料" / "2024年度会议发言.yaml"))
    for line in ("（统战群团工作方面）", "（2024年3月）"):
        tag, style = parsed.style_of(line)
        assert tag == "p" and "text-align:center" in style and "楷体" in style, (line, style)
    order = [d for _, _, d in parsed.texts]
    title = next(i for i, d in enumerate(order) if d.startswith("新城街道2024年度"))
    assert order.index("（统战群团工作方面）") > title


def test_a_figure_stays_with_its_measure_word_and_the_text_reads_as_written() -> None:
    page = page_of(ROLLUP)
    # "培训2" never ends a line with "次" on the next: the figure and its word in a nowrap span
    assert f"培训<span style=\"{html.WHOLE}\">2次</span>，" in page
    assert f"<span style=\"{html.WHOLE}\">1100余人次</span>" in page
    # and nothing else: no invisible characters, the text as the report says it
    assert "\u2060" not in page and "\u200d" not in page
    assert "培训2次，" in re.sub(r"<[^>]+>", "", page)
    # a paragraph's last line not one character alone, where the browser can help it
    assert html.PRETTY in page


def test_points_apart_are_paragraphs_of_their_own_on_the_page() -> None:
    """要点分段: each of the five points of seed 003's 工作特色 opens a <p> of its own."""
    parsed = Elements(page_of(ROOT / "examples" / "新城街道" / "京汉新城社区" / "2024民族工作.yaml"))
    opened = [d[:2] for t, _s, d in parsed.texts if t == "p" and d[:2] in ("一是", "二是", "三是", "四是", "五是")]
    # 工作特色's five, then the four of 下一步工作计划
    assert opened == ["一是", "二是", "三是", "四是", "五是", "一是", "二是", "三是", "四是"]
