"""`import --into`: a ledger merged into a data file, not appended to it (an event the file has is
completed, rows go into the work items they belong to, a ledger of another unit needs --force),
every byte the user wrote kept (comments anywhere, the BOM, CRLF, four-space indentation,
GBK), the file locked from read to write (two runs at once lose nothing), and a pipe refused."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tzreport import file_lock
from tzreport.cli.main import app

runner = CliRunner()


def sheet(path: Path, rows: list[list[Any]], title: str | None = None) -> Path:
    book = openpyxl.Workbook()
    if title:
        book.active.append([title])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def into(source: Path, target: Path, *more: str) -> Any:
    return runner.invoke(app, ["import", str(source), "--into", str(target), *more])


# --- merging, not appending ------------------------------------------------------------------


WORD_IMPORT = """\
单位: 光明里社区
年度: 2024

民族工作:
  工作:
    - 标题: 开展民族团结进步创建活动
      内容: 开展“石榴籽”邻里节等活动。
      活动:
        - “石榴籽”民族团结故事会  # 从 Word 导入
        - {名称: 民族政策宣讲, 人数: 30}
        - 名称: 民族团结联欢会
          地点: 社区广场
    - 标题: 做好联谊交友
"""


def test_an_event_the_file_has_without_a_date_is_completed_not_added_twice(tmp_path: Path) -> None:
    target = tmp_path / "光明里社区2024.yaml"
    target.write_text(WORD_IMPORT, encoding="utf-8")
    source = sheet(tmp_path / "光明里社区2024年台账.xlsx", [
        ["活动名称", "日期", "地点", "人数", "类别"],
        ["“石榴籽”民族团结故事会", "2024-05-03", "社区活动室", 45, "民族工作"],
        ["民族政策宣讲", "2024-06-01", "会议室", 30, "民族工作"],
        ["民族团结联欢会", "2024-09-20", "社区广场", 120, "民族工作"],
    ])
    result = into(source, target)
    assert result.exit_code == 0, result.output
    assert f"已在 {target} 中补全 3 项已有的活动" in result.output
    assert target.read_text(encoding="utf-8") == WORD_IMPORT.replace(
        "        - “石榴籽”民族团结故事会  # 从 Word 导入\n",
        '        - {名称: “石榴籽”民族团结故事会, 日期: "2024-05-03", 人数: 45, 地点: 社区活动室}  # 从 Word 导入\n',
    ).replace(
        "        - {名称: 民族政策宣讲, 人数: 30}\n",
        '        - {名称: 民族政策宣讲, 人数: 30, 日期: "2024-06-01", 地点: 会议室}\n',
    ).replace(
        "          地点: 社区广场\n",
        '          地点: 社区广场\n          日期: "2024-09-20"\n          人数: 120\n',
    )
    again = into(source, target)
    assert again.exit_code == 0, again.output
    assert f"{target} 中已有这些活动，没有添加" in again.output


def test_a_different_figure_in_the_ledger_is_told_not_written(tmp_path: Path) -> None:
    target = tmp_path / "光明里社区2024.yaml"
    target.write_text(WORD_IMPORT, encoding="utf-8")
    source = sheet(tmp_path / "台账.xlsx", [["活动名称", "人数", "类别"], ["民族政策宣讲", 35, "民族工作"]])
    result = into(source, target)
    assert result.exit_code == 0, result.output
    assert "活动“民族政策宣讲”的人数，台账中是“35”，文件中是“30”：没有改动，请核对" in result.output
    assert target.read_text(encoding="utf-8") == WORD_IMPORT


def test_rows_go_into_the_work_item_the_ledger_names(tmp_path: Path) -> None:
    target = tmp_path / "光明里社区2024.yaml"
    target.write_text(WORD_IMPORT, encoding="utf-8")
    source = sheet(tmp_path / "台账.xlsx", [
        ["章节", "工作事项", "名称", "日期", "次数", "人数"],
        ["民族工作", "做好联谊交友", "新阶层人士座谈会", "2024-03-02", 3, 41],  # an item of the file, by its 工作事项
        ["民族工作", "开展民族团结进步创建活动", "民族团结宣传月", "2024-09-01", "", ""],
        ["民族工作", "关爱少数民族群众", "走访慰问", "2024-10-01", "", 12],  # an item the file does not have
        ["民族工作", "", "民族知识竞赛", "2024-11-01", "", ""],  # no item: the chapter
    ])
    result = into(source, target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == WORD_IMPORT.replace(
        "          地点: 社区广场\n",
        "          地点: 社区广场\n"
        '        - {名称: 民族团结宣传月, 日期: "2024-09-01"}\n',
    ).replace(
        "    - 标题: 做好联谊交友\n",
        "    - 标题: 做好联谊交友\n"
        "      活动:\n"
        '        - {名称: 新阶层人士座谈会, 日期: "2024-03-02", 次数: 3, 人数: 41}\n'
        "    - 标题: 关爱少数民族群众\n"
        "      活动:\n"
        '        - {名称: 走访慰问, 日期: "2024-10-01", 人数: 12}\n'
        "  活动:\n"
        '    - {名称: 民族知识竞赛, 日期: "2024-11-01"}\n',
    )
    check = runner.invoke(app, ["check", str(target)])
    assert check.exit_code == 0, check.output


def test_a_row_naming_an_item_in_a_cell_goes_into_that_item(tmp_path: Path) -> None:
    target = tmp_path / "光明里社区2024.yaml"
    target.write_text(WORD_IMPORT, encoding="utf-8")
    source = sheet(tmp_path / "台账.xlsx", [["活动名称", "类别"], ["新阶层人士联谊会", "做好联谊交友。"]])
    result = into(source, target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").endswith(
        "    - 标题: 做好联谊交友\n      活动:\n        - 新阶层人士联谊会\n")


def test_a_ledger_of_another_unit_is_refused_without_force(tmp_path: Path) -> None:
    target = tmp_path / "光明里社区2024.yaml"
    target.write_text(WORD_IMPORT, encoding="utf-8")
    source = sheet(tmp_path / "台账.xlsx", [["活动名称", "类别"], ["邻里节", "民族工作"]], title="幸福里社区2024年统战活动台账")
    refused = into(source, target)
    assert refused.exit_code == 1
    assert (f"{target}: 错误 台账写的是“幸福里社区”，而 {target} 是“光明里社区”的数据文件：请确认没有选错文件；"
            "确需并入，请加 --force") in refused.output
    assert target.read_text(encoding="utf-8") == WORD_IMPORT
    forced = into(source, target, "--force")
    assert forced.exit_code == 0, forced.output
    assert "警告 台账写的是“幸福里社区”" in forced.output and "邻里节" in target.read_text(encoding="utf-8")
    by_column = sheet(tmp_path / "单位列.xlsx", [["单位", "活动名称"], ["幸福里社区", "读书会"]])
    assert into(by_column, target).exit_code == 1
    same = sheet(tmp_path / "同.xlsx", [["单位", "活动名称", "类别"], ["光明里社区党委", "读书会", "民族工作"]],
                 title="新城街道光明里社区2024年统战活动台账")
    assert into(same, target).exit_code == 0


def test_an_exported_ledger_imports_back_as_it_was(tmp_path: Path) -> None:
    # the columns `tzreport export` writes: a new file from them, then --into it adds nothing
    source = sheet(tmp_path / "导出.xlsx", [
        ["单位", "章节", "工作事项", "名称", "日期", "次数", "人数", "地点", "形式", "备注"],
        ["光明里社区", "民族工作", "做好联谊交友", "新阶层人士座谈会", "2024-03-02", 3, 41, "会议室", "座谈", "季度"],
        ["光明里社区", "思想引领", "", "理论学习", "2024-04-02", "", 20, "", "", ""],
    ])
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out"), "--year", "2024"])
    assert result.exit_code == 0, result.output
    made = tmp_path / "out" / "光明里社区2024.yaml"
    text = made.read_text(encoding="utf-8")
    assert "单位: 光明里社区\n年度: 2024\n" in text
    assert ("思想引领:\n  活动:\n    - {名称: 理论学习, 日期: \"2024-04-02\", 人数: 20}\n") in text
    assert ("民族工作:\n  工作:\n    - 标题: 做好联谊交友\n      活动:\n"
            '        - {名称: 新阶层人士座谈会, 日期: "2024-03-02", 次数: 3, 人数: 41, 地点: 会议室, 形式: 座谈, 备注: 季度}\n') in text
    again = into(source, made)
    assert again.exit_code == 0, again.output
    assert made.read_text(encoding="utf-8") == text


# --- every byte kept --------------------------------------------------------------------------


def test_comments_at_the_end_bom_and_crlf_are_kept_when_a_chapter_is_appended(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    original = "\ufeff# 头注释\r\n单位: 甲社区  # 单位\r\n年度: 2024\r\n\r\n# 结尾的注释\r\n#   - 旧活动（暂不写）\r\n"
    target.write_bytes(original.encode("utf-8"))
    source = sheet(tmp_path / "台账.xlsx", [["活动名称", "类别"], ["宣讲会", "宗教工作"]])
    result = into(source, target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (original + "\r\n宗教工作:\r\n  活动:\r\n    - 宣讲会\r\n").encode("utf-8")


def test_a_file_indented_with_four_spaces_is_accepted_and_followed(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    original = ("单位: 甲社区\n年度: 2024\n\n其他工作:\n    -   标题: 联谊交友\n        活动:\n"
                "            - 已有活动\n\n下一步计划:\n    要点:\n        - 继续做好工作\n")
    target.write_text(original, encoding="utf-8")
    source = sheet(tmp_path / "台账.xlsx", [["活动名称", "类别"], ["新活动", ""], ["宣讲会", "宗教工作"], ["座谈会", "联谊交友"]])
    result = into(source, target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == (
        "单位: 甲社区\n年度: 2024\n\n其他工作:\n    -   标题: 联谊交友\n        活动:\n"
        "            - 已有活动\n            - 座谈会\n"
        "    -   标题: 台账活动  # 请核对：这些活动在台账中没有类别，请移到所属章节\n        活动:\n            - 新活动\n"
        "\n下一步计划:\n    要点:\n        - 继续做好工作\n"
        "\n宗教工作:\n    活动:\n        - 宣讲会\n"
    )
    assert runner.invoke(app, ["check", str(target)]).exit_code == 0


def test_a_gbk_file_stays_gbk(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    original = "单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n    - 已有活动\n"
    target.write_bytes(original.encode("gbk"))
    result = into(sheet(tmp_path / "台账.xlsx", [["活动名称", "类别"], ["新活动", "民族工作"]]), target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (original + "    - 新活动\n").encode("gbk")


def test_a_list_in_brackets_gets_the_new_events_inside_them(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    target.write_text("单位: 甲社区\n年度: 2024\n民族工作:\n  活动: [已有活动, 另一个]  # 简写\n", encoding="utf-8")
    result = into(sheet(tmp_path / "台账.xlsx", [["活动名称", "类别", "人数"], ["新活动", "民族工作", 5]]), target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == (
        "单位: 甲社区\n年度: 2024\n民族工作:\n  活动: [已有活动, 另一个, {名称: 新活动, 人数: 5}]  # 简写\n")


_KEYS = ["单位: 甲社区", "年度: 2024"]
_COMMENT = st.text(alphabet=st.sampled_from(list("注释甲乙 :-#[]{}，。abc")), max_size=12).map(lambda t: "#" + t)


@st.composite
def layouts(draw: st.DrawFn) -> str:
    """A valid data file in a drawn layout: indentation of 2 to 4 spaces, a list's dash in line
    with its key or indented, an item's text 2 to 4 places after its dash; chapters with events,
    work items or nothing under them; comments and blank lines between any two lines and at
    the end; LF or CRLF, with or without a BOM."""
    unit = draw(st.integers(2, 4))
    dash = draw(st.sampled_from([0, unit]))
    content = draw(st.integers(2, 4))
    lines = list(_KEYS)
    for chapter in draw(st.lists(st.sampled_from(["思想引领", "民族工作", "宗教工作"]), unique=True, max_size=3)):
        lines.append(f"{chapter}:")
        parts = draw(st.lists(st.sampled_from(["活动", "工作"]), unique=True, max_size=2))
        for part in parts:
            lines.append(" " * unit + f"{part}:")
            if part == "活动":
                lines += [" " * (unit + dash) + f"- 旧活动{chapter}{n}" for n in range(draw(st.integers(1, 3)))]
                continue
            item = unit + dash + content  # where an item's keys stand
            lines.append(" " * (unit + dash) + "-" + " " * (content - 1) + f"标题: 联谊{chapter}")
            if draw(st.booleans()):
                lines.append(" " * item + "活动:")
                lines.append(" " * (item + dash) + f"- 旧事项活动{chapter}")
    out: list[str] = []
    for line in lines:
        for _ in range(draw(st.integers(0, 2))):
            out.append(draw(st.sampled_from(["", " " * draw(st.integers(0, 6)) + draw(_COMMENT)])))
        out.append(line + draw(st.sampled_from(["", "  " + draw(_COMMENT)])))
    out += [draw(_COMMENT) for _ in range(draw(st.integers(0, 3)))]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return draw(st.sampled_from(["", "\ufeff"])) + newline.join(out) + draw(st.sampled_from(["", newline]))


@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sheet(tmp_path_factory.mktemp("ledger") / "台账.xlsx", [
        ["活动名称", "类别", "日期"], ["新活动甲", "民族工作", "2024-05-03"], ["新活动乙", "宗教工作", ""], ["新活动丙", "", ""],
        ["新活动丁", "联谊民族工作", ""]])  # into that item when the file has it, else a chapter of 其他工作


@given(text=layouts())
def test_every_line_the_user_wrote_is_still_there_in_order(tmp_path_factory: pytest.TempPathFactory,
                                                            ledger_file: Path, text: str) -> None:
    target = tmp_path_factory.mktemp("into") / "2024.yaml"
    target.write_bytes(text.encode("utf-8"))
    result = into(ledger_file, target)
    assert result.exit_code == 0, result.output
    after = target.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff") == text.startswith("\ufeff")
    old, new = text.splitlines(keepends=True), after.splitlines(keepends=True)
    if old and not old[-1].endswith("\n"):
        old[-1] += "\r\n" if "\r\n" in text else "\n"  # the one byte added: the last line's end
    position = 0
    for line in old:  # every original line, whole, in order, with only new lines between
        position = new.index(line, position) + 1
    added = [line.strip() for line in new if line not in old]
    assert sum("新活动" in line for line in added) == 4
    assert runner.invoke(app, ["check", str(target)]).exit_code == 0


# --- the lock ---------------------------------------------------------------------------------


def _big_file(path: Path) -> None:
    """A data file of some 150 KB, so that reading, merging and writing it takes a while."""
    events = "".join(f"    - {{名称: 已有活动{n}, 日期: \"2024-01-{n % 28 + 1:02d}\", 地点: 社区活动室第{n}室}}\n" for n in range(2500))
    path.write_text(f"单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n{events}", encoding="utf-8")


def test_two_runs_at_once_lose_no_events(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    _big_file(target)
    for round_ in range(3):  # new events each round: a run of a later round must not put back what was lost
        ledgers = [sheet(tmp_path / f"台账{round_}{k}.xlsx",
                         [["活动名称", "类别"], *[[f"第{round_}轮台账{k}活动{n}", "民族工作"] for n in range(15)]])
                   for k in range(2)]
        runs = [subprocess.Popen([sys.executable, "-m", "tzreport", "import", str(s), "--into", str(target)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s in ledgers]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert run.returncode == 0, out + err
        text = target.read_text(encoding="utf-8")
        assert [f"第{round_}轮台账{k}活动{n}" for k in range(2) for n in range(15) if f"第{round_}轮台账{k}活动{n}\n" not in text] == []
    assert not (tmp_path / "2024.yaml.lock").exists()


def test_a_run_that_cannot_get_the_lock_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "2024.yaml"
    target.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    source = sheet(tmp_path / "台账.xlsx", [["活动名称", "类别"], ["宣讲会", "宗教工作"]])
    monkeypatch.setattr(file_lock, "LOCK_WAIT", 0.3)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with file_lock.locked(target):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        result = into(source, target)
    finally:
        release.set()
        thread.join()
    assert result.exit_code == 1
    assert f"{target}: 错误 另一个 tzreport 正在向这个数据文件添加活动，等待 0 秒仍未结束" in result.output
    assert target.read_text(encoding="utf-8") == "单位: 甲社区\n年度: 2024\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_fifo_as_the_data_file_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "2024.yaml"
    os.mkfifo(fifo)
    source = sheet(tmp_path / "台账.xlsx", [["活动名称", "类别"], ["宣讲会", "宗教工作"]])
    started = time.monotonic()
    result = into(source, fifo)
    assert result.exit_code == 1
    assert f"{fifo}: 错误 这是命名管道（FIFO），不是普通文件，不能读取" in result.output
    assert time.monotonic() - started < 5


# --- the ways a data file may be written -----------------------------------------------------------


def _merged(tmp_path: Path, text: str, rows: list[list[Any]]) -> tuple[Any, str]:
    target = tmp_path / "2024.yaml"
    target.write_text(text, encoding="utf-8")
    result = into(sheet(tmp_path / "台账.xlsx", rows), target)
    return result, target.read_text(encoding="utf-8")


def test_english_keys_are_completed_in_english(tmp_path: Path) -> None:
    text = "unit: 甲社区\nyear: 2024\nethnic:\n  events:\n    - name: 故事会\n      people: 40\n"
    result, after = _merged(tmp_path, text, [["活动名称", "类别", "日期"], ["故事会", "民族工作", "2024-05-03"]])
    assert result.exit_code == 0, result.output
    assert after == text + '      date: "2024-05-03"\n'


def test_a_chapter_or_list_with_nothing_under_its_key_gets_the_events_under_it(tmp_path: Path) -> None:
    text = "单位: 甲社区\n年度: 2024\n民族工作:  # 待写\n宗教工作:\n  活动:\n思想引领:\n  活动: []  # 空\n"
    result, after = _merged(tmp_path, text, [["活动名称", "类别"], ["故事会", "民族工作"], ["宣讲", "宗教工作"], ["讲座", "思想引领"]])
    assert result.exit_code == 0, result.output
    assert after == ("单位: 甲社区\n年度: 2024\n民族工作:  # 待写\n  活动:\n    - 故事会\n宗教工作:\n  活动:\n    - 宣讲\n"
                     "思想引领:\n  活动:   # 空\n    - 讲座\n")


def test_a_list_whose_dashes_stand_under_their_key_is_followed(tmp_path: Path) -> None:
    text = "单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n  - 故事会\n"
    result, after = _merged(tmp_path, text, [["活动名称", "类别"], ["宣讲", "民族工作"], ["讲座", "思想引领"]])
    assert result.exit_code == 0, result.output
    assert after == text + "  - 宣讲\n\n思想引领:\n  活动:\n  - 讲座\n"


def test_an_event_written_over_two_lines_is_left_as_it_is_and_said(tmp_path: Path) -> None:
    text = "单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n    - 故事\n      会\n"
    result, after = _merged(tmp_path, text, [["活动名称", "类别", "日期"], ["故事 会", "民族工作", "2024-05-03"]])
    assert result.exit_code == 0, result.output
    assert after == text
    assert "2024.yaml:5: 提示 活动“故事 会”写成了多行，台账中的日期没有补上，请手工补上" in result.output


def test_an_event_in_a_point_is_known_and_completed_there(tmp_path: Path) -> None:
    text = "单位: 甲社区\n年度: 2024\n民族工作:\n  要点:\n    - 内容: 一是开展故事会\n      活动: [故事会]\n"
    result, after = _merged(tmp_path, text, [["活动名称", "类别", "人数"], ["故事会", "民族工作", 40]])
    assert result.exit_code == 0, result.output
    assert after == text.replace("[故事会]", "[{名称: 故事会, 人数: 40}]")


def test_a_date_the_ledger_wrote_unreadably_is_added_marked_for_review(tmp_path: Path) -> None:
    text = "单位: 甲社区\n年度: 2024\n民族工作:\n    活动:\n        - 故事会\n"
    result, after = _merged(tmp_path, text, [["活动名称", "类别", "日期"], ["宣讲", "民族工作", "五月初"]])
    assert result.exit_code == 0, result.output
    assert after == text + "        - 名称: 宣讲\n          日期: 五月初  # 请核对：C2 的日期没有读懂\n"


def test_what_cannot_be_merged_without_rewriting_is_refused_and_nothing_written(tmp_path: Path) -> None:
    text = "单位: 甲社区\n年度: 2024\n其他工作: [{标题: 特色, 活动: [a]}]\n"
    result, after = _merged(tmp_path, text, [["活动名称", "类别"], ["宣讲", "工作亮点"]])
    assert result.exit_code == 1
    assert "2024.yaml:3: 错误 “其他工作”不是逐行列出的列表，无法添加活动：请手工添加" in result.output
    assert after == text


def test_a_ledger_without_rows_says_so_and_changes_nothing(tmp_path: Path) -> None:
    # (a file without events exports such a ledger: importing it back is no mistake)
    text = "单位: 甲社区\n年度: 2024\n"
    result, after = _merged(tmp_path, text, [["活动名称", "类别"]])
    assert result.exit_code == 0, result.output
    assert "台账.xlsx: 提示 表格中没有活动（表头下面没有填写活动名称的行），没有添加" in result.output
    assert "中已有这些活动" not in result.output
    assert after == text


def test_a_column_of_事项_beside_the_names_is_the_work_item_alone_it_is_the_names(tmp_path: Path) -> None:
    result, after = _merged(tmp_path, WORD_IMPORT, [["事项", "活动名称", "类别"], ["做好联谊交友", "联谊会", "民族工作"]])
    assert result.exit_code == 0, result.output
    assert after.endswith("    - 标题: 做好联谊交友\n      活动:\n        - 联谊会\n")
    result, after = _merged(tmp_path, WORD_IMPORT, [["事项", "类别"], ["读书会", "民族工作"]])
    assert result.exit_code == 0, result.output
    assert after.endswith("    - 标题: 做好联谊交友\n  活动:\n    - 读书会\n")


def test_an_event_of_the_same_name_in_another_item_is_another_event(tmp_path: Path) -> None:
    text = ("单位: 甲社区\n年度: 2024\n民族工作:\n  工作:\n    - 标题: 抓宣传\n      活动:\n        - 政策宣讲\n"
            "    - 标题: 抓服务\n")
    result, after = _merged(tmp_path, text, [["章节", "工作事项", "名称", "人数"], ["民族工作", "抓服务", "政策宣讲", 30],
                                             ["民族工作", "抓宣传", "政策宣讲", 20]])
    assert result.exit_code == 0, result.output
    assert after == text.replace("        - 政策宣讲\n", "        - {名称: 政策宣讲, 人数: 20}\n") + (
        "      活动:\n        - {名称: 政策宣讲, 人数: 30}\n")
