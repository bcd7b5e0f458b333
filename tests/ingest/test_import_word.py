"""Importing Word reports: automatic numbering and heading styles, tzreport's own .docx, and
Word files that are damaged, encrypted, renamed or built to do harm."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from typer.testing import CliRunner

from import_helpers import refused
from tzreport.cli.main import app
from tzreport.data import loader

runner = CliRunner()
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# 一、 at level 0 and （一） at level 1, as Word's "多级列表" defines them for Chinese documents.
ABSTRACT = f"""<w:abstractNum {W} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
# The same definition started again at 一、 (Word's "重新开始编号"): a second list.
RESTART = (f'<w:num {W} w:numId="91"><w:abstractNumId w:val="90"/>'
           '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')


def numbered_docx(path: Path) -> None:
    """A report whose headings carry no number in their text: Word draws 一、（一）1. from
    numbering.xml, and the headings have Word's heading styles."""
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))

    def para(text: str, style: str | None = None, ilvl: int | None = None) -> None:
        p = document.add_paragraph(text, style=style)
        if ilvl is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))

    para("幸福里社区2024年统战工作总结及2025年工作计划", "Title")
    para("新城街道党工委：")
    para("一年来，幸福里社区坚持以习近平新时代中国特色社会主义思想为指导，扎实推进统战工作。")
    para("强化思想引领，凝聚统战共识", "Heading 1", 0)
    para("抓好理论学习", "Heading 2", 1)
    para("社区组织党员群众集中学习统战理论。开展“同心讲堂”专题学习、入户政策宣传等各项学习活动共计12次，参与群众300余人次。")
    para("做好凝心聚力", "Heading 2", 1)
    para("走访辖区统战人士，听取意见建议。")
    para("促进民族团结", "Heading 1", 0)
    para("开展“石榴籽”系列活动", "Heading 2", 1)
    para("全年共计开展民族团结宣传活动8次。")
    para("存在的问题", "Heading 1", 0)
    para("一是宣传覆盖面不够广；二是志愿力量不足。")
    para("2025年工作计划", "Heading 1", 0)
    para("一是加强学习；二是办好“石榴籽”活动。")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "华侨"
    para("幸福里社区党委")
    para("2024年12月20日")
    document.save(str(path))


def test_word_automatic_numbering_and_heading_styles(tmp_path: Path) -> None:
    source = tmp_path / "报告.docx"
    numbered_docx(source)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / "幸福里社区2024.yaml"
    assert f"{source}: 提示 原文中的1个表格没有导入：其中的数字请写进相应章节的“统计”" in result.output
    assert "# 原文中的1个表格没有导入" in written.read_text(encoding="utf-8")
    report = loader.load(written)
    assert report.unit == "幸福里社区" and report.year == 2024 and report.title is None
    assert report.addressee == "新城街道党工委"
    assert report.ideology and report.ideology.title is None  # the default title, so not written
    assert [i.title for i in report.ideology.items] == ["抓好理论学习", "做好凝心聚力"]
    learning = report.ideology.items[0]
    assert [e.name for e in learning.events] == ["“同心讲堂”专题学习", "入户政策宣传"]
    assert [(s.label, s.value, s.approx, s.unit) for s in learning.stats] == [
        ("开展各项学习活动", 12, False, "次"), ("参与群众", 300, True, "人次")]
    assert report.ethnic and report.ethnic.title == "促进民族团结"
    assert report.ethnic.items[0].stats[0].value == 8
    assert report.problems and [p.text for p in report.problems.points] == ["宣传覆盖面不够广", "志愿力量不足"]
    assert report.plans and [p.text for p in report.plans.points] == ["加强学习", "办好“石榴籽”活动"]
    assert report.signature and report.signature.name == "幸福里社区党委"
    assert str(report.signature.date) == "2024-12-20"


def test_numbering_labels_come_from_numbering_xml(tmp_path: Path) -> None:
    from tzreport.ingest.word import read_docx

    source = tmp_path / "报告.docx"
    numbered_docx(source)
    texts = [p.text for p in read_docx(source).paragraphs]
    assert "一、强化思想引领，凝聚统战共识" in texts
    assert "（一）抓好理论学习" in texts and "（二）做好凝心聚力" in texts
    assert "二、促进民族团结" in texts and "（一）开展“石榴籽”系列活动" in texts  # restarts under 二、
    assert "四、2025年工作计划" in texts


def test_numbering_started_again_counts_from_its_start(tmp_path: Path) -> None:
    from tzreport.ingest.word import read_docx

    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    numbering.append(parse_xml(RESTART))
    for text, num in (("甲", 90), ("乙", 90), ("丙", 91), ("丁", 91)):
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'))
    document.save(str(tmp_path / "a.docx"))
    assert [p.text for p in read_docx(tmp_path / "a.docx").paragraphs] == ["一、甲", "二、乙", "一、丙", "二、丁"]


def test_tzreport_docx_round_trips_to_the_same_figures(tmp_path: Path) -> None:
    from tzreport.commands.build import render

    example = Path(__file__).resolve().parents[2] / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"
    original = loader.load(example)
    source = tmp_path / "京汉新城社区.docx"
    source.write_bytes(render(original, "docx"))
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    again = loader.load(tmp_path / "out" / "京汉新城社区2023.yaml")
    from tzreport.report import figures

    # the example's own printed figure comes back as written, and every figure import reads
    # from the text (the example keeps its seed's figures in its sentences, 文中已写) is one
    # the report prints
    shown = figures.add({key: figures.Figure(s.value, s.approx, s.written)}
                        for key, s in figures.stats(original) if not s.in_text)
    printed = {key: str(figure) for key, figure in shown.items()}
    assert printed  # 参与人数200余人
    read = {key: str(figure) for key, figure in figures.of_report(again).items()}
    assert printed.items() <= read.items()
    report = render(original, "md").decode("utf-8")
    assert [value for value in read.values() if value not in report] == []
    assert again.title == original.title and again.addressee == original.addressee
    assert again.signature == original.signature


def _refused(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    refused(tmp_path, source, message)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_encrypted_docx_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    # Word saves a password-protected .docx as an OLE file holding an "EncryptedPackage" stream.
    data = OLE + b"\x00" * 504 + "EncryptedInfo EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024
    _refused(tmp_path, "加密.docx", data, "文件设置了打开密码（已加密），无法读取")


def test_doc_renamed_to_docx_is_named_for_what_it_is(tmp_path: Path) -> None:
    data = OLE + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 1024
    _refused(tmp_path, "旧版.docx", data, "这是旧版 Word 文档（.doc），只是扩展名写成了 .docx")


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    _refused(tmp_path, "表格.docx", buffer.getvalue(), "这不是 Word 文档（.docx）：其中没有正文部分")


def test_zip_bomb_is_refused_unread(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (40 * 1024 * 1024) + b"</w:document>")
    assert len(buffer.getvalue()) < 200_000
    _refused(tmp_path, "炸弹.docx", buffer.getvalue(), "Word 文档解压后过大（可能是恶意构造的文件），不予读取")


def test_entities_in_a_docx_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "报告.docx"
    numbered_docx(source)
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/styles.xml":  # not only the body: python-docx parses every part
                comment = b"<!--" + b" " * 10000 + b"-->"  # a DTD need not be at the very start
                data = data.replace(b"?>", b"?>" + comment + b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            new.writestr(info, data)
    _refused(tmp_path, "实体.docx", buffer.getvalue(), "Word 文档中含有不允许的 XML 声明（DOCTYPE/ENTITY）")


def test_doc_without_libreoffice_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    _refused(tmp_path, "旧报告.doc", OLE + b"\x00" * 1024, "旧版 Word 文档（.doc）需要安装 LibreOffice 才能读取")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装（.ci/run 会安装）")
def test_doc_is_read_through_libreoffice(tmp_path: Path) -> None:
    numbered_docx(tmp_path / "报告.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(tmp_path / "报告.docx")],
        capture_output=True, timeout=180, check=True,
    )
    source = tmp_path / "doc" / "报告.doc"
    assert source.read_bytes().startswith(OLE)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = loader.load(tmp_path / "out" / "幸福里社区2024.yaml")
    assert report.ethnic and report.ethnic.title == "促进民族团结"
    assert [i.title for i in report.ideology.items] == ["抓好理论学习", "做好凝心聚力"]  # type: ignore[union-attr]


EXAMPLES = [
    p for p in sorted((Path(__file__).resolve().parents[2] / "examples").rglob("*.yaml"))
    if not loader.load(p).rollup
]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_built_to_word_and_imported_builds_the_same_report(tmp_path: Path, example: Path) -> None:
    from tzreport.commands.build import render

    original = loader.load(example)
    source = tmp_path / "报告.docx"
    source.write_bytes(render(original, "docx"))
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "out").glob("*.yaml")
    assert render(loader.load(written), "md").decode("utf-8") == render(original, "md").decode("utf-8")


def test_damaged_word_files_get_a_message_never_a_traceback(tmp_path: Path) -> None:
    numbered_docx(tmp_path / "好.docx")
    whole = (tmp_path / "好.docx").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(tmp_path / "好.docx") as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/numbering.xml":
                data = data.replace(b'w:ilvl="1"', b'w:ilvl="x"').replace(b'w:val="%1', b'w:val="%9')
            new.writestr(info, data)
    (tmp_path / "坏编号.docx").write_bytes(buffer.getvalue())
    result = runner.invoke(app, ["import", str(tmp_path / "坏编号.docx"), "-o", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output  # odd numbering definitions are tolerated
    for n, cut in enumerate((len(whole) // 2, len(whole) - 30, 200)):
        bad = tmp_path / f"截断{n}.docx"
        bad.write_bytes(whole[:cut])
        result = runner.invoke(app, ["import", str(bad), "-o", str(tmp_path / f"out{n}")])
        assert result.exit_code == 1, result.output
        assert f"{bad}: 错误 " in result.output and "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
