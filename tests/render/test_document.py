"""The parsed document (render/document.py): one immutable object per report, parsed once
whatever formats a build or the preview asks for, carrying the one keep-together rule that
Word, the Typst PDF and HTML all follow."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, document_of
from docx_effective import has_flag, paragraph_style_id
from tzreport.commands import build, preview
from tzreport.render import document
from tzreport.writers import formats, html
from tzreport.writers.layout import DEFAULT
from tzreport.writers.pdf import typst

STREET = ROOT / "examples" / "新城街道" / "2024.yaml"  # headings, 落款, 附表 with notes, （续表）

SIGNED = """# 报告

::: 主送
街道党工委
:::

## 一、工作

**（一）学习。**认真学习。

最后一段。

::: 落款
某社区党委

2024年12月20日
:::

::: 附表
附表

统计表

| 项目 | 数 |
| :---: | :---: |
| 活动 | 3 |

注：无。
:::
"""


def kinds_kept(doc: document.Document) -> list[tuple[str, bool]]:
    return [(b.kind, b.keep_with_next) for b in doc.blocks]


def test_the_document_is_immutable() -> None:
    doc = document.parse(SIGNED)
    assert isinstance(doc.blocks, tuple) and isinstance(doc.blocks[0].runs, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.blocks[0].keep_with_next = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "别的"  # type: ignore[misc]
    with pytest.raises(AttributeError):  # a run is a named tuple
        doc.blocks[0].runs[0].text = "别的"  # type: ignore[misc]
    table = next(b.table for b in doc.blocks if b.table is not None)
    assert isinstance(table.rows, tuple) and isinstance(table.rows[0], tuple)
    with pytest.raises(TypeError):
        table.rows[0][0] = document.Cell(())  # type: ignore[index]


def test_the_keep_together_rule() -> None:
    doc = document.parse(SIGNED)
    assert kinds_kept(doc) == [
        ("title", True), ("blank", True), ("addressee", True), ("heading1", True),
        ("body", False),  # a run-in heading is a paragraph of text: it breaks like one
        ("body", True),  # the last paragraph before the 落款 …
        ("blank", True),  # … and the empty line stay with the 署名 …
        ("signature", True), ("signature_date", False),  # … which stays with its date
        # the 附表's label with its title, over the empty line between them
        ("annex_label", True), ("blank", True), ("annex_title", True),
        ("table", True), ("table_note", False),  # the note under a table stays with it
    ]
    assert doc.title == "报告"
    assert doc.signature == (7, 8)


def test_a_note_over_a_table_stays_with_it_and_a_date_alone_is_not_left_alone() -> None:
    doc = document.parse("# 表\n\n正文。\n\n::: 落款\n2024年12月20日\n:::\n\n::: 附表\n附表\n\n表\n\n"
                         "（续表）\n\n| a | b |\n| - | - |\n| 1 | 2 |\n:::\n")
    kept = kinds_kept(doc)
    assert kept[2:5] == [("body", True), ("blank", True), ("signature_date", False)]
    assert kept[-2:] == [("table_note", True), ("table", False)]
    assert doc.signature is None  # no 署名: nothing to indent against


def word_keeps(docx: bytes) -> list[bool]:
    """Per body element of a .docx (paragraph or table), whether Word keeps it with the next:
    w:keepNext on the paragraph or its style; for a table, on its last row."""
    doc = WordDocument(io.BytesIO(docx))
    out = []
    elements = list(doc.element.body)
    for index, element in enumerate(elements):
        if element.tag == qn("w:tbl"):
            last = element.findall(qn("w:tr"))[-1]
            if index > 1 and elements[index - 2].tag == qn("w:tbl"):
                out.pop()  # the next column group of the same table: it has the table's keep
            out.append(all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
                           for p in last.iter(qn("w:p"))))
        elif (element.tag == qn("w:p") and 0 < index < len(elements) - 1
              and elements[index - 1].tag == elements[index + 1].tag == qn("w:tbl")):
            continue  # the empty line between two column groups
        elif element.tag == qn("w:p"):
            ppr = element.find(qn("w:pPr"))
            direct = ppr is not None and ppr.find(qn("w:keepNext")) is not None
            out.append(direct or has_flag(doc, paragraph_style_id(doc, element), "w:keepNext"))
    return out


def html_keeps(page: str) -> list[bool]:
    """Per element of the page's report, whether its style keeps it with the next."""
    body = page.split("<section", 1)[1].split(">", 1)[1].rsplit("</section>", 1)[0]
    elements = [line for line in body.split("\n") if line]
    return ["break-after:avoid;page-break-after:avoid;" in e.split(">", 1)[0] for e in elements]


def typst_keeps(doc: document.Document) -> list[bool]:
    """Per block, what report.typ is told: sticky; a note under a table is set in the table's
    last rows (its footer), which is keeping it with the table."""
    blocks = typst.document(doc, DEFAULT)["blocks"]
    # the column groups of a wide table come as tables of their own: the last has its keep; a
    # group continued on a page of its own comes with its heading (the table's title, 续表)
    blocks = [b for b in blocks if not b.get("new_page")]
    return [b["sticky"] or ("note" in b) for b, after in zip(blocks, [*blocks[1:], {}], strict=True)
            if not after.get("next_group")]


def test_word_pdf_and_html_keep_the_same_blocks_together() -> None:
    doc = document_of(STREET)
    rule = [b.keep_with_next for b in doc.blocks]
    assert sum(rule) > 10 and any(b.kind == "table" and b.keep_with_next for b in doc.blocks)
    assert word_keeps(formats.write("docx", doc, DEFAULT).data) == rule
    assert typst_keeps(doc) == rule
    assert html_keeps(html.page(doc, DEFAULT)) == rule
    # report.typ sets every kind of block as sticky as the document says, and nothing else
    source = (Path(typst.__file__).parent / "report.typ").read_text(encoding="utf-8")
    stickies = re.findall(r"block\(sticky: ([^,)]+)", source)
    assert stickies.count("b.sticky") == 10
    assert stickies.count("true") == 2  # the kept paragraph (b.sticky): whole, or its last lines
    assert set(stickies) == {"b.sticky", "true"}


def test_the_typst_data_is_plain_json() -> None:
    data = typst.document(document_of(STREET), DEFAULT)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Markdown text read into blocks (by markdown-it, or line by line), in order."""
    seen: list[str] = []
    real = document._blocks

    def counted(text: str) -> list[document.Block]:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(document, "_blocks", counted)
    return seen


def test_a_build_in_every_format_parses_each_report_once(tmp_path: Path, parses: list[str]) -> None:
    options = build.BuildOptions(("md", "docx", "pdf", "html"), tmp_path)
    prepared = build.prepare(STREET, options)
    assert sorted(t.suffix for t, _ in prepared.files) == [".docx", ".html", ".md", ".pdf"]
    markdown = dict((t.suffix, d) for t, d in prepared.files)[".md"].decode("utf-8")
    assert parses == [markdown]


def test_a_preview_refresh_parses_the_report_once(tmp_path: Path, parses: list[str]) -> None:
    source = tmp_path / "2024.yaml"
    shutil.copy(ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml", source)
    live = preview.Preview(source)
    first = live.page("")
    assert first is not None and len(parses) == 1
    source.write_text(source.read_text(encoding="utf-8").replace("再上新台阶", "更上一层楼"),
                      encoding="utf-8")
    time.sleep(0.01)
    live.refresh([source])
    assert len(parses) == 2 and "更上一层楼" in parses[1]
    assert "更上一层楼" in (live.page("") or "")


# ------------------------------------------------------------ the plain lines read without markdown-it

GOLDEN = sorted((ROOT / "tests" / "golden").rglob("*.md"))


def _both(markdown: str) -> tuple[list[document.Block] | None, list[document.Block]]:
    plain = document._plain_lines(markdown)
    return (None if plain is None else document._classify(plain)), document._classify(document._tokens(markdown))


def test_the_reports_of_the_examples_are_read_line_by_line_as_markdown_it_reads_them() -> None:
    # the fast reading must give exactly markdown-it's blocks; and it must be the one taken
    # for a plain report, or the speed it buys is silently lost
    read_plainly = 0
    for path in GOLDEN:
        fast, slow = _both(path.read_text(encoding="utf-8"))
        if fast is not None:
            read_plainly += 1
            assert fast == slow, path
    assert len(GOLDEN) > 10 and read_plainly >= len(GOLDEN) * 2 // 3


@pytest.mark.parametrize("markdown", [
    "**（一）学习。**认真学习。\n",  # the bold does not close before a letter after 。
    "** 学习**认真\n",  # nor open before a space
    "**学习 **认真\n",
    "一段\n接着一行\n",  # a paragraph of two lines
    "1. 第一\n", "- 一项\n", "> 引用\n", "    代码\n", "***\n", "#标题\n", "####### 七级\n",
    "::: 其他\n内容\n:::\n", "::: 主送\n::: 落款\n:::\n:::\n", "::: 主送\n没有结束\n",
    "a\\*b\n", "a&amp;b\n", "<b>粗</b>\n", "[链接](x)\n", "`代码`\n", "| a |\n| - |\n",
    "# 标题 #\n", "　全角空格开头\n",
])
def test_what_is_not_plain_is_left_to_markdown_it(markdown: str) -> None:
    assert document._plain_lines(markdown) is None
    assert document.parse(markdown).blocks == document.Document(tuple(
        dataclasses.replace(b, keep_with_next=k)
        for b, k in zip(document._classify(document._tokens(markdown)),
                        document.keeps_with_next(document._classify(document._tokens(markdown))), strict=True)
    )).blocks


_PIECES = ["社区", "工作", "2024年", "1", "。", "，", "：", "“", "”", "（一）", "）", "**", "*", "_", "#", "# ",
           "## ", "::: 主送", "::: 落款", ":::", " ", "　", "\n", "\n\n", "-", "1.", ">", "!", "[", "]", "\\",
           "&", "<", "|", "`", "～", "%", "·", "a", "X"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_text_read_line_by_line_gives_markdown_its_blocks(markdown: str) -> None:
    fast, slow = _both(markdown)
    if fast is not None:
        assert fast == slow




def test_a_plain_report_is_read_without_importing_markdown_it() -> None:
    import subprocess
    import sys

    script = ("import sys; from tzreport.render import document; "
              "document.parse('# 标题\\n\\n::: 主送\\n街道：\\n:::\\n\\n**（一）学习**。认真。\\n'); "
              "print('markdown_it' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
