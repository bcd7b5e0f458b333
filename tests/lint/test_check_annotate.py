"""`tzreport check --annotate`: a copy of each Word report with a real Word comment on each
finding's characters, by tzreport; the original untouched; hostile Word files stay harmless."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from handmade import CLEAN, Para, Report, build, h1, title
from tzreport.cli.main import app
from tzreport.commands import check

runner = CliRunner()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def anchored(path: Path) -> dict[str, str]:
    """Comment text → the document text between its commentRangeStart and commentRangeEnd."""
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        comments = etree.fromstring(archive.read("word/comments.xml"))
    texts = {c.get(f"{W}id"): "".join(c.itertext()) for c in comments.iter(f"{W}comment")}
    authors = {c.get(f"{W}author") for c in comments.iter(f"{W}comment")}
    assert authors <= {"tzreport"}
    open_: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for node in document.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
        if node.tag == f"{W}commentRangeStart":
            open_[node.get(f"{W}id")] = []
        elif node.tag == f"{W}commentRangeEnd":
            out[texts[node.get(f"{W}id")]] = "".join(open_.pop(node.get(f"{W}id")))
        else:
            for collected in open_.values():
                collected.append(node.text or "")
    return out


REPORT = [
    title("幸福里社区2024年统战工作总结"),
    Para("一年来,社区学习总书记总书记重要讲话精神。"),
    h1("一、思想引领"),
    Para("开展活动X场次，团结少数民主群众。", "宋体", 12),
    Para("", table=[["项目", "数量"], ["关注AAA公众号", "10次"]]),
    h1("二、、民族工作"),
]


def test_each_finding_gets_a_comment_on_its_own_characters(tmp_path: Path) -> None:
    source = build(Report(REPORT), tmp_path / "甲社区.docx")
    before = source.read_bytes()
    result = run("check", source, "--annotate")
    assert result.exit_code == 1
    copy = tmp_path / "甲社区（校对意见）.docx"
    assert f"已生成批注副本 {copy}" in result.stderr
    assert source.read_bytes() == before
    comments = anchored(copy)
    assert comments == {  # the comment's two paragraphs read as one text here
        "警告 TZ201：中文里用了半角“,”，应改为全角“，”建议改为：，": ",",
        "警告 TZ301：“总书记”重复了，应只写一个建议改为：总书记": "总书记总书记",
        "错误 TZ101：未填的占位符：“X场次”中的“X”，请填写实际内容": "X",
        "错误 TZ302：“少数民主”应为“少数民族”（同音误写）建议改为：少数民族": "少数民主",
        "警告 TZ703：第4段正文为宋体小四，应为仿宋_GB2312三号": "开展活动X场次，团结少数民主群众。",
        "错误 TZ101：未填的占位符：“AAA公众号”中的“AAA”，请填写实际内容": "AAA",
        "错误 TZ603：编号“二、、”的顿号重复：应为“二、”建议改为：、": "、、",
    }


def test_the_commented_copy_keeps_the_text_and_opens_in_python_docx(tmp_path: Path) -> None:
    source = build(Report(REPORT), tmp_path / "甲社区.docx")
    target = tmp_path / "out"
    check.check([source], options=check.Options(annotate=True, output_dir=target))
    copy = target / "甲社区（校对意见）.docx"
    original, annotated = docx.Document(str(source)), docx.Document(str(copy))
    assert [p.text for p in annotated.paragraphs] == [p.text for p in original.paragraphs]
    assert annotated.tables[0].cell(1, 0).text == "关注AAA公众号"
    # the runs split around a comment keep their look
    fonts = {r.font.size.pt for p in annotated.paragraphs[3:4] for r in p.runs if r.text}
    assert fonts == {12}
    assert len(list(annotated.part.package.parts)) == len(list(original.part.package.parts)) + 1


def test_a_clean_report_gets_a_copy_without_comments_and_an_existing_comment_stays(tmp_path: Path) -> None:
    source = build(Report(list(CLEAN)), tmp_path / "乙社区.docx")
    assert run("check", source, "--annotate").exit_code == 0
    copy = tmp_path / "乙社区（校对意见）.docx"
    assert anchored(copy) == {}
    # a report that already has a reviewer's comment keeps it, and ours are added after it
    document = docx.Document(str(source))
    document.add_comment(document.paragraphs[1].runs[0], "请核对", author="街道")
    document.add_paragraph("开展活动X场次。")
    document.save(str(source))
    run("check", source, "--annotate")
    with zipfile.ZipFile(copy) as archive:
        comments = etree.fromstring(archive.read("word/comments.xml"))
    authors = [c.get(f"{W}author") for c in comments.iter(f"{W}comment")]
    assert authors[0] == "街道" and set(authors[1:]) == {"tzreport"}
    ids = [c.get(f"{W}id") for c in comments.iter(f"{W}comment")]
    assert len(set(ids)) == len(ids)


# ---------------------------------------------------------------- hostile files


def _docx_with(tmp_path: Path, name: str, part: str, data: bytes) -> Path:
    source = build(Report(list(CLEAN)), tmp_path / "base.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            copy.writestr(info, data if info.filename == part else archive.read(info.filename))
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.slow
def test_hostile_word_files_are_refused_with_a_message(tmp_path: Path) -> None:
    entities = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="x">&b;</w:document>')
    bomb = b"<w:document>" + b" " * (40 * 1024 * 1024) + b"</w:document>"
    cases = {
        _docx_with(tmp_path, "entities.docx", "word/document.xml", entities): "DOCTYPE/ENTITY",
        _docx_with(tmp_path, "bomb.docx", "word/document.xml", bomb): "解压后过大",
        _docx_with(tmp_path, "styles.docx", "word/styles.xml", entities): "DOCTYPE/ENTITY",
        _docx_with(tmp_path, "broken.docx", "word/document.xml", b"<w:document"): "已损坏",
    }
    deep = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + b"<w:sdt><w:sdtContent>" * 5000 + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * 5000 + b"</w:body></w:document>")
    cases[_docx_with(tmp_path, "deep.docx", "word/document.xml", deep)] = "嵌套过深"
    (tmp_path / "not.docx").write_bytes(b"hello")
    cases[tmp_path / "not.docx"] = "不是 Word 文档"
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    cases[tmp_path / "old.docx"] = "旧版 Word 文档"
    for path, says in cases.items():
        assert path.stat().st_size < 2 * 1024 * 1024
        result = run("check", path, "--annotate")
        assert result.exit_code == 1, (path, result.output)
        assert says in result.stderr and "Traceback" not in result.output, (path, result.stderr)
        assert not (tmp_path / f"{path.stem}（校对意见）.docx").exists()


def test_the_first_level_number_in_arabic_numerals_is_commented_whole(tmp_path: Path) -> None:
    """"3、" where 三、 belongs: the comment covers the number and its 顿号, so putting the
    suggestion in place of the commented characters gives "三、", not "三、、"."""
    heading = "3、宗教工作"
    source = build(Report([title("幸福里社区2024年统战工作总结"), h1("一、思想引领"), Para("开展学习。"),
                           h1("二、民族工作"), Para("开展宣传。"), h1(heading), Para("开展走访。")]),
                   tmp_path / "甲社区.docx")
    result = run("check", source, "--annotate")
    assert f"{source}:6:1: 错误 TZ604 第6段: 第一层编号用了阿拉伯数字“3、”：应为“三、”" in result.stderr
    comments = anchored(tmp_path / "甲社区（校对意见）.docx")
    text = "错误 TZ604：第一层编号用了阿拉伯数字“3、”：应为“三、”建议改为：三、"
    assert comments[text] == "3、"
    assert heading.replace(comments[text], "三、", 1) == "三、宗教工作"
