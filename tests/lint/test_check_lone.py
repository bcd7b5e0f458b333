"""TZ608, a list of one in a report written by hand: a （一） with no （二） under its 一、, a lone
1. or （1）, an 一是 with no 二是. Found in text and Word files at the number itself, with the
heading it stands under named; not found where the list goes on (after a table, in the next
paragraph, later in the same paragraph) nor in 统一是 or 唯一是."""

from __future__ import annotations

from pathlib import Path

from test_check_annotate import anchored
from typer.testing import CliRunner

from handmade import Para, Report, build, h1, h2, title
from tzreport.cli.main import app
from tzreport.commands import check

LONE_CN = "编号“（一）”是第{parent}段“一、”下唯一的一项，没有“（二）”：只有一项时不编号，直接写成段落"
LONE_FIRST = "“一是”是唯一的一项，后面没有“二是”：只有一项时不用“一是”，直接写成句子"


def lone(path: Path, **options: object) -> list[tuple[int, int, int | None, str]]:
    """(paragraph, first column, end column, message) of each TZ608 finding."""
    checked = check.check([path], options=check.Options(**options))  # type: ignore[arg-type]
    return [(d.line, d.column, d.end_column, d.message) for d in checked.diagnostics if d.code == "TZ608"]


TEXT = [
    "幸福里社区2024年统战工作总结",  # 1
    "祖国统一是全体中华儿女的共同心愿，社区宣讲队是辖区唯一是由居民自发组成的队伍。",  # 2: no 一是 here
    "一、坚持思想引领",  # 3
    "（一）加强学习。社区开展专题学习12次。",  # 4: the only （一） under 一、
    "1.专题学习。开展学习4次。",  # 5: the only 1. under （一）
    "二、加强民族团结",  # 6
    "（一）开展宣传。开展宣传10次。",  # 7
    "1.入户宣传。走访18户。",  # 8
    "2.集中宣讲。宣讲2次。",  # 9
    "（二）开展走访。",  # 10
    "（1）走访少数民族家庭12户。",  # 11: the only （1） under （二）
    "三、存在的问题",  # 12
    "一是宣传形式还不够丰富。",  # 13
    "二是青年群众参与不多。",  # 14: 二是 in the next paragraph: a list of two
    "四、下一步计划",  # 15
    "一是创新宣传载体，吸引更多青年参与。",  # 16: no 二是
    "五、其他工作",  # 17
    "1.加强火源管理；2.清理林下可燃物。",  # 18: the list goes on in the same paragraph
]


def test_each_list_of_one_in_a_text_report_is_found_at_its_number(tmp_path: Path) -> None:
    path = tmp_path / "幸福里社区.txt"
    path.write_text("\n".join(TEXT) + "\n", encoding="utf-8")
    assert lone(path) == [
        (4, 1, 4, LONE_CN.format(parent=3)),
        (5, 1, 3, "编号“1.”是第4段“（一）”下唯一的一项，没有“2.”：只有一项时不编号，直接写成段落"),
        (11, 1, 4, "编号“（1）”是第10段“（二）”下唯一的一项，没有“（2）”：只有一项时不编号，直接写成段落"),
        (16, 1, 3, LONE_FIRST),
    ]
    result = CliRunner().invoke(app, ["check", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")  # warnings only
    assert f"{path}:16:1: 警告 TZ608 第16段: {LONE_FIRST}" in result.stderr.splitlines()


def test_a_list_of_two_is_not_a_list_of_one_wherever_its_second_item_stands(tmp_path: Path) -> None:
    path = tmp_path / "好.txt"
    path.write_text("\n".join([
        "幸福里社区2024年统战工作总结",
        "一、坚持思想引领",
        "（一）加强学习。一是完善学习制度；二是丰富学习形式。",  # 二是 in the same paragraph
        "（二）加强宣传。一是办好宣传栏。",
        "开展宣传10次。",
        "二是用好网格群。",  # 二是 two paragraphs on, same part
        "二、存在的问题",
        "团委工作：一是学习不够；二是活动偏少。妇联工作：一是阵地不足；二是人手不够。",
        "三、下一步计划",
        "（一）统战工作。一是加强学习：",
        "1.专题学习；",
        "2.集中研讨。",  # numbers below the （一） do not end its 一是 list
        "二是加强宣传。",
        "（二）民族工作。坚持一是一、二是二，实事求是。",
    ]) + "\n", encoding="utf-8")
    assert lone(path) == []


def test_a_lone_number_in_a_word_report_typed_or_automatic_and_a_list_across_a_table(tmp_path: Path) -> None:
    paragraphs = [
        title("幸福里社区2024年统战工作总结"),  # 1
        h1("坚持思想引领", auto=True),  # 2: Word's automatic 一、
        h2("（一）加强学习。", "社区开展专题学习12次。"),  # 3: lone, typed
        h1("加强民族团结", auto=True),  # 4
        h2("（一）开展宣传。", "开展宣传10次，统计如下。"),  # 5
        Para("1.入户宣传。走访18户。"),  # 6
        Para("", table=[["项目", "数量"], ["1.入户宣传", "18户"]]),  # 7–10: table cells
        Para("2.集中宣讲。宣讲2次。"),  # 11: the list goes on after the table
        h2("（二）开展走访。", "走访少数民族家庭12户。"),  # 12
        h1("加强宗教工作", auto=True),  # 13: Word's automatic 三、
        h2("健全台账。", "更新信教群众台账。", auto=True),  # 14: Word's automatic （一）, lone
        h1("存在的问题", auto=True),  # 15
        Para("一是宣传形式还不够丰富。"),  # 16
    ]
    path = build(Report(paragraphs), tmp_path / "幸福里社区.docx")
    text14 = "健全台账。更新信教群众台账。"
    assert lone(path) == [
        (3, 1, 4, "编号“（一）”是第2段“一、”下唯一的一项，没有“（二）”：只有一项时不编号，直接写成段落"),
        # Word draws the automatic number, not in the text: the finding is about the paragraph
        (14, 1, len(text14) + 1, "编号“（一）”是第13段“三、”下唯一的一项，没有“（二）”：只有一项时不编号，直接写成段落"),
        (16, 1, 3, LONE_FIRST),
    ]


def test_annotate_puts_the_comment_on_the_lone_number(tmp_path: Path) -> None:
    paragraphs = [
        title("幸福里社区2024年统战工作总结"),
        h1("一、坚持思想引领"),
        h2("（一）加强学习。", "社区开展专题学习12次。"),
        h1("二、存在的问题"),
        Para("一是宣传形式还不够丰富。"),
    ]
    source = build(Report(paragraphs), tmp_path / "甲社区.docx")
    check.check([source], options=check.Options(annotate=True))
    assert anchored(tmp_path / "甲社区（校对意见）.docx") == {
        f"警告 TZ608：{LONE_CN.format(parent=2)}": "（一）",
        f"警告 TZ608：{LONE_FIRST}": "一是",
    }


def test_a_paragraph_of_a_thousand_lone_firsts_gives_a_bounded_number_of_findings(tmp_path: Path) -> None:
    path = tmp_path / "怪.txt"
    path.write_text("幸福里社区2024年统战工作总结\n" + "。一是" * 100_000 + "\n", encoding="utf-8")
    assert len(lone(path)) == 50
