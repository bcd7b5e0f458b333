"""`tzreport check` of reports written by hand: Word files made here with python-docx (typed
numbers and Word's automatic numbering, tables, layouts that differ from GB/T 9704), text and
Markdown files. Every planted defect must be found at its paragraph and character, the layout
differences once with the right paragraphs, and a clean report must give nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import handmade
from handmade import CLEAN, Para, Report, build, h1, h2, title
from tzreport.cli.main import app
from tzreport.commands import check
from tzreport.lint.rules import Selection

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def found(path: Path, **options: object) -> list[tuple[int, int, str]]:
    checked = check.check([path], options=check.Options(**options))  # type: ignore[arg-type]
    return [(d.line, d.column, d.code) for d in checked.diagnostics]


def col(text: str, part: str) -> int:
    """The 1-based column of a part of a paragraph's text."""
    return text.index(part) + 1


# ---------------------------------------------------------------- a clean report: silence


def test_a_clean_report_gives_no_finding(tmp_path: Path) -> None:
    path = build(Report(list(CLEAN)), tmp_path / "幸福里社区.docx")
    assert found(path) == []
    result = run("check", path, "--strict")
    assert result.exit_code == 0, result.output
    assert "检查通过：1 个文件没有发现问题。" in result.stdout


def test_a_clean_report_with_automatic_numbering_gives_no_finding(tmp_path: Path) -> None:
    paragraphs = [title("幸福里社区2024年统战工作总结"), h1("坚持思想引领", auto=True),
                  h2("加强理论学习。", "社区开展专题学习12次。", auto=True),
                  h2("丰富宣传形式。", "入户走访18户。", auto=True),
                  h1("加强民族团结", auto=True), Para("开展活动10余次。", auto=3), Para("走访群众。", auto=3)]
    assert found(build(Report(paragraphs), tmp_path / "a.docx")) == []


# ---------------------------------------------------------------- planted defects, placed

DEFECTS = [
    title("幸福里社区2024年统战工作总结"),
    Para("一年来,社区学习总书记总书记重要讲话精神。现将2023年工作总结如下。"),  # 2
    h1("一、坚持思想引领"),  # 3
    h2("（一）加强学习。", "开展活动X场次，团结少数民主群众，关注AAA公众号。"),  # 4
    Para("", table=[["项目", "数量"], ["宣传活动", "8余次"]]),  # 5–8: table cells
    h1("二、、加强民族团结"),  # 9
    h1("3、强化宗教工作"),  # 10
    h1("五、存在的问题"),  # 11
    Para("一是：宣传不够；要认真学学习，开展宣传活动、讲座活动等活动。"),  # 12
    Para("联系人身份证号11010519491231002X，电话13812345678。"),  # 13
]


@pytest.mark.slow  # loads jieba's dictionary for 学学习
def test_every_planted_defect_is_found_at_its_paragraph_and_character(tmp_path: Path) -> None:
    path = build(Report(DEFECTS), tmp_path / "草稿.docx")
    p2, p4, p12, p13 = DEFECTS[1].text, "（一）加强学习。" + DEFECTS[3].text, DEFECTS[8].text, DEFECTS[9].text
    expected = {
        (2, col(p2, ","), "TZ201"),
        (2, col(p2, "总书记总书记"), "TZ301"),
        (2, col(p2, "2023"), "TZ404"),
        (4, col(p4, "X"), "TZ101"),
        (4, col(p4, "少数民主"), "TZ302"),
        (4, col(p4, "AAA"), "TZ101"),
        (4, 1, "TZ608"),  # the only （一） under 一、
        (8, 1, "TZ308"),  # the table's last cell is paragraph 8
        (9, 2, "TZ603"),
        (10, 1, "TZ604"),
        (11, 1, "TZ601"),
        (12, col(p12, "："), "TZ206"),
        (12, col(p12, "学学习"), "TZ301"),
        (12, col(p12, "等活动") + 1, "TZ303"),
        (12, 1, "TZ608"),  # 一是 with no 二是
        (13, col(p13, "1101"), "TZ405"),
        (13, col(p13, "138"), "TZ406"),
    }
    assert set(found(path)) == expected


def test_messages_name_the_paragraph_and_text_defects_that_block_sending_are_errors(tmp_path: Path) -> None:
    path = build(Report(DEFECTS), tmp_path / "草稿.docx")
    result = run("check", path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    at = col("（一）加强学习。" + DEFECTS[3].text, "少数民主")
    assert f"{path}:4:{at}: 错误 TZ302 第4段: “少数民主”应为“少数民族”（同音误写）" in lines
    assert f"{path}:9:2: 错误 TZ603 第9段: 编号“二、、”的顿号重复：应为“二、”" in lines
    assert f"{path}:10:1: 错误 TZ604 第10段: 第一层编号用了阿拉伯数字“3、”：应为“三、”" in lines
    assert f"{path}:11:1: 错误 TZ601 第11段: 编号“五、”跳号：前面缺少“四、”" in lines
    assert lines[-1].startswith("检查了 1 个文件：")


def test_automatic_numbers_count_and_a_typed_number_after_them_is_checked(tmp_path: Path) -> None:
    paragraphs = [title("幸福里社区2024年统战工作总结"), h1("坚持思想引领", auto=True),
                  h1("加强民族团结", auto=True), h1("四、强化宗教工作"), h1("四、存在的问题")]
    path = build(Report(paragraphs), tmp_path / "a.docx")
    assert found(path) == [(4, 1, "TZ601"), (5, 1, "TZ602")]
    messages = [d.message for d in check.check([path]).diagnostics]
    assert messages == ["编号“四、”跳号：前面缺少“三、”", "编号“四、”重复：前面已经有“四、”，这里应为“五、”"]


def test_a_defect_in_an_automatic_number_is_about_the_whole_paragraph(tmp_path: Path) -> None:
    # Word draws 一、 二、; the second list restarts at 一、 where （一） belongs
    paragraphs = [title("甲社区2024年统战工作总结"), h1("思想引领", auto=True), h1("民族工作", auto=True),
                  h1("三、宗教工作"), h1("一、打造驿站"), h1("四、存在的问题")]
    path = build(Report(paragraphs), tmp_path / "a.docx")
    diagnostics = check.check([path]).diagnostics
    assert [(d.line, d.code, d.message) for d in diagnostics] == [
        (5, "TZ602", "编号“一、”重新从头开始：前面已经到“三、”，若是下一层，应为“（一）”")]


def test_select_ignore_json_and_strict_work_for_word_reports(tmp_path: Path) -> None:
    path = build(Report(DEFECTS), tmp_path / "草稿.docx")
    selected = check.check([path], Selection(frozenset({"TZ101"}))).diagnostics
    assert {d.code for d in selected} == {"TZ101"}
    result = run("check", path, "--ignore", "TZ1,TZ3,TZ4,TZ6", "--format", "json")
    rows = json.loads(result.stdout)
    assert {r["code"] for r in rows} == {"TZ201", "TZ206"}
    assert rows[0]["line"] == 2 and rows[0]["field"] == "第2段"
    assert result.exit_code == 0
    assert run("check", path, "--ignore", "TZ1,TZ3,TZ4,TZ6", "--strict").exit_code == 1


# ---------------------------------------------------------------- layout, once per kind


def test_layout_differences_are_reported_once_with_their_paragraphs(tmp_path: Path) -> None:
    paragraphs = [
        Para("甲社区2024年统战工作总结", "黑体", 16, center=True),  # 1 title in 黑体 三号
        Para("一年来，社区扎实推进统战工作。", "宋体", 12),  # 2
        Para("一、思想引领", "宋体"),  # 3 heading in 宋体
        Para("社区开展学习12次。", "宋体", 12),  # 4
        Para("社区开展宣传10次。", "宋体", 12),  # 5
        Para("社区走访18户。"),  # 6 right
        Para("社区开展讲座3次。", "宋体", 12, line=("auto", 1.5)),  # 7
        h1("二、民族工作"),  # 8
    ]
    report = Report(paragraphs, paper=(215.9, 279.4), margins=(25.4, 25.4, 31.8, 31.8), page_numbers=False)
    path = build(report, tmp_path / "a.docx")
    messages = {d.code: (d.line, d.message) for d in check.check([path]).diagnostics}
    assert messages == {
        "TZ701": (1, "纸张为215.9×279.4毫米，应为A4（210×297毫米）"),
        "TZ702": (1, "页边距为上25.4、下25.4、左31.8、右31.8毫米，应为上37、下35、左28、右26毫米"),
        "TZ703": (2, "第2、4–5、7段正文为宋体小四，应为仿宋_GB2312三号"),
        "TZ704": (7, "第7段行距为1.5倍行距，应为固定值28.95磅"),
        "TZ705": (1, "第1段标题为黑体三号，应为方正小标宋简体二号"),
        "TZ706": (3, "第3段一级标题为宋体，应为黑体"),
        "TZ707": (1, "文档没有页码：应在页脚插入页码（四号半角宋体阿拉伯数字，左右各一条一字线）"),
    }
    assert {d.level for d in check.check([path]).diagnostics} == {"警告"}
    assert run("check", path).exit_code == 0
    assert run("check", path, "--strict").exit_code == 1


def test_a_house_layout_file_changes_what_is_expected(tmp_path: Path) -> None:
    paragraphs = [title("甲社区2024年统战工作总结"), Para("一年来，社区扎实推进统战工作。", "仿宋", 16)]
    path = build(Report(paragraphs, margins=(37, 35, 28, 26)), tmp_path / "a.docx")
    assert found(path) == []  # 仿宋 is 仿宋_GB2312's face
    house = tmp_path / "版式.yaml"
    house.write_text("正文字体: 楷体\n页边距: {上: 30}\n", encoding="utf-8")
    codes = [code for _, _, code in found(path, layout_file=house)]
    assert codes == ["TZ702", "TZ703"]


# ---------------------------------------------------------------- text and Markdown reports


def test_text_and_markdown_reports_count_lines_as_paragraphs(tmp_path: Path) -> None:
    text = tmp_path / "总结.txt"
    text.write_text("甲社区2024年统战工作总结\n\n一、思想引领\n开展活动X场次。\n三、民族工作\n", encoding="gbk")
    assert found(text) == [(4, 5, "TZ101"), (5, 1, "TZ601")]
    markdown = tmp_path / "总结.md"
    markdown.write_text("# 甲社区2024年统战工作总结\n\n## 一、思想引领\n\n- 开展活动X场次。\n", encoding="utf-8")
    assert found(markdown) == [(5, 7, "TZ101")]


def test_an_old_doc_file_is_asked_to_be_saved_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "总结.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    result = run("check", path)
    assert result.exit_code == 1
    assert f"{path}: 错误 旧版 Word 文档（.doc）不能直接校对：请在 Word 或 WPS 中“另存为” .docx 后再检查" in result.stderr


# ---------------------------------------------------------------- folders

def test_a_folder_of_submissions_is_checked_and_our_own_files_passed_over(tmp_path: Path) -> None:
    folder = tmp_path / "各社区"
    folder.mkdir()
    build(Report(DEFECTS), folder / "甲社区.docx")
    build(Report(list(CLEAN)), folder / "乙社区.docx")
    (folder / "~$甲社区.docx").write_bytes(b"lock")
    result = run("check", folder, "--annotate", "-o", tmp_path / "校对")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "校对").iterdir()) == ["乙社区（校对意见）.docx", "甲社区（校对意见）.docx"]
    assert "检查了 2 个文件" in result.stderr.splitlines()[-1]
    again = run("check", folder, "--annotate")  # the copies beside the originals are not checked
    assert "检查了 2 个文件" in again.stderr.splitlines()[-1]
    assert (folder / "甲社区（校对意见）.docx").is_file()
    assert "检查了 2 个文件" in run("check", folder).stderr.splitlines()[-1]


def test_reports_of_the_same_name_in_sub_folders_keep_their_own_commented_copies(tmp_path: Path) -> None:
    for community in ("甲社区", "乙社区"):
        (tmp_path / "各社区" / community).mkdir(parents=True)
        build(Report(DEFECTS), tmp_path / "各社区" / community / "总结.docx")
    run("check", tmp_path / "各社区", "--annotate", "-o", tmp_path / "校对")
    copies = sorted(p.relative_to(tmp_path / "校对").as_posix() for p in (tmp_path / "校对").rglob("*.docx"))
    assert copies == ["乙社区/总结（校对意见）.docx", "甲社区/总结（校对意见）.docx"]


def test_the_handmade_helper_builds_what_it_says(tmp_path: Path) -> None:
    # the tests above trust the helper's layout; this one reads it back with python-docx
    import docx

    path = build(Report(list(CLEAN)), tmp_path / "a.docx")
    document = docx.Document(str(path))
    assert round(document.sections[0].page_width.mm) == 210
    assert document.paragraphs[0].runs[0].font.size.pt == 22
    assert handmade.CLEAN[0].font == "方正小标宋简体"


@pytest.mark.slow
def test_checking_a_word_report_imports_no_heavy_library(tmp_path: Path) -> None:
    # proofreading reads the .docx with the standard library; jieba only for a doubled character
    import subprocess
    import sys

    path = build(Report(list(CLEAN)), tmp_path / "a.docx")
    probe = (
        "import sys\nfrom tzreport.cli.main import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(sorted({'docx', 'lxml', 'jinja2', 'markdown_it', 'jieba'} & {m.split('.')[0] for m in sys.modules}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, "check", str(path)], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


def test_numbering_drawn_by_a_heading_style_is_counted(tmp_path: Path) -> None:
    # Word's "标题 1" style carrying the list: every paragraph in that style gets the next number
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = build(Report([title("甲社区2024年统战工作总结")]), tmp_path / "a.docx")
    document = docx.Document(str(path))
    style = document.styles["Heading 1"]
    style.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    for text in ("思想引领", "民族工作"):
        document.add_paragraph(text, style="Heading 1")
    document.add_paragraph("四、宗教工作", style="Normal")
    document.save(str(path))
    from tzreport.office import word_body

    body = word_body.read(path)
    assert [(p.label, p.text, p.style_level) for p in body.paragraphs[1:3]] == [
        ("一、", "思想引领", 1), ("二、", "民族工作", 1)]
    assert [(line, code) for line, _, code in found(path) if code.startswith("TZ6")] == [(4, "TZ601")]
