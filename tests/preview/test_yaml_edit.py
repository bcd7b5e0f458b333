"""The form's values merged into the user's YAML: what was not edited keeps its bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from tzreport.data import loader
from tzreport.preview import yaml_edit

EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(ROOT / "examples").as_posix())
def test_every_example_comes_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml_edit.merged_text(text, yaml_edit.form_values(text)) == text


def test_an_edit_changes_only_its_lines(tmp_path: Path) -> None:
    source = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"
    text = source.read_text(encoding="utf-8")
    values = yaml_edit.form_values(text)
    values["单位"] = "测试社区"
    item = values["民族工作"]["工作"][2]
    at = next(n for n, stat in enumerate(item["统计"]) if stat["项目"] == "参与人数")
    item["统计"][at]["数量"] = "150余"
    item.setdefault("活动", []).append({"名称": "邻里议事会"})
    out = yaml_edit.merged_text(text, values)
    before, after = text.splitlines(), out.splitlines()
    changed = [line for line in after if line not in before]
    assert changed == ["单位: 测试社区", "      活动:", "        - 邻里议事会",  # one key: written as the shorthand
                       "        - {项目: 参与人数, 数量: 150余, 单位: 人}"]
    assert [line for line in before if line not in after] == [
        "单位: 京汉新城社区", "        - {项目: 参与人数, 数量: 200余, 单位: 人}"]
    target = tmp_path / "2023.yaml"
    target.write_text(out, encoding="utf-8")
    report = loader.load(target)
    assert report.unit == "测试社区" and report.ethnic is not None
    assert report.ethnic.items[2].stats[at].printed == "150余"
    assert report.ethnic.items[2].events[0].name == "邻里议事会"


def test_bom_crlf_four_spaces_and_shorthands_kept() -> None:
    text = ("\ufeff# 注释\r\n单位: 甲社区\r\n年度: 2024\r\n思想引领:\r\n    要点:\r\n        - 第一条  # 行尾注释\r\n"
            "    活动:\r\n        - 读书会\r\n")
    values = yaml_edit.form_values(text)
    assert values["思想引领"]["活动"] == [{"名称": "读书会"}]
    values["思想引领"]["活动"][0]["名称"] = "读书分享会"
    out = yaml_edit.merged_text(text, values)
    assert out == text.replace("读书会", "读书分享会")


def test_a_cleared_field_is_removed_and_an_empty_key_kept() -> None:
    text = "单位: 甲社区\n年度: 2024\n主送: 街道党工委\n概况:\n"
    values = yaml_edit.form_values(text)
    del values["主送"]
    assert yaml_edit.merged_text(text, values) == "单位: 甲社区\n年度: 2024\n概况:\n"


def test_values_of_the_wrong_shape_leave_the_file_as_it_was() -> None:
    text = "单位: 甲社区\n年度: 2024\n思想引领:\n  要点:\n    - 第一条\n"
    values = {"单位": "甲社区", "年度": "2024", "思想引领": ["不是映射"], "概况": {"x": 1}, "类型": ["x"]}
    assert yaml_edit.merged_text(text, values) == text


_TAIL = re.compile(r"^\s*[^#\s-][^:#]*: [^|>{\[#'\"]+$")
_BLOCK = re.compile(r"[|>][-+]?$")  # a block scalar's header: its text follows, more indented
_FLOW_ITEM = re.compile(r"^ *- \{[^#]*\}$")


@settings(max_examples=40, deadline=None)
@given(data=st.data(), path=st.sampled_from(EXAMPLES))
def test_random_comments_survive_an_edit(data: st.DataObject, path: Path) -> None:
    # comments where ruamel holds them (before a key, after a plain value) and where it does not
    # (after "|" or ">", after a flow mapping in a list, between list items, at the end)
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    block = None  # the indentation of the block scalar whose text this is
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None and (not line.strip() or indent > block):
            out.append(line)
            continue
        block = None
        if line[:1] not in ("", " ", "#", "-") and data.draw(st.booleans(), label=f"before {number}"):
            out.append(f"# 注释{number}")
        if line.lstrip().startswith("- ") and data.draw(st.booleans(), label=f"between {number}"):
            out.append(" " * indent + f"# 项前{number}")
        if _BLOCK.search(line):
            block = indent
        tail = _TAIL.match(line) and not line.startswith("单位:")
        if (tail or _BLOCK.search(line) or _FLOW_ITEM.match(line)) and data.draw(st.booleans(), label=f"tail {number}"):
            line += f"  # 尾注{number}"
        out.append(line)
    if data.draw(st.booleans(), label="end"):
        out.append("# 文末")
    text = "\n".join(out) + "\n"
    values = yaml_edit.form_values(text)
    values["单位"] = "改过的单位"
    merged = yaml_edit.merged_text(text, values)
    kept = [line for line in text.splitlines() if not line.startswith("单位:")]
    assert [line for line in merged.splitlines() if not line.startswith("单位:")] == kept
    assert "单位: 改过的单位" in merged.splitlines()


_COMMENTED = """\
# yaml-language-server: $schema=../tzreport.schema.json

# 上面一行空着
单位: 甲社区
年度: 2024
导语: |  # tzreport: ignore TZ407 原文照录
  全年开展活动12次，#号和“ #”都是正文。

思想引领:
  要点:
    - |  # tzreport: ignore TZ407 原文把数字写在句中
      学习12次。
    # 两条要点之间
    - >-  # tzreport: ignore TZ201
      学习(条例)
  工作:
    - 标题: 专题学习
      统计:
        - {项目: 学习, 数量: 12, 单位: 次}  # tzreport: ignore TZ001
        # 列表项之间的注释

        - {项目: 讲座, 数量: 3, 单位: 场}  # 第二项
    # 第二个工作前的注释
    - 标题: "宣传 #1"  # 引号里的“ #”不是注释
      内容: 发放资料
  活动:
    - 读书会  # 简写的活动
    - |  # tzreport: ignore TZ407
      读书会12次
# 文件末尾的注释

"""


def test_comments_ruamel_cannot_hold_survive_an_edit() -> None:
    # after "|" and ">" indicators, after a flow mapping in a list, before the first key, between
    # list items and at the end of the file: positions where ruamel drops or moves a comment
    values = yaml_edit.form_values(_COMMENTED)
    assert values["导语"] == "全年开展活动12次，#号和“ #”都是正文。"
    assert values["思想引领"]["工作"][1]["标题"] == "宣传 #1"
    values["单位"] = "乙社区"
    values["思想引领"]["工作"][0]["统计"][1]["数量"] = "4"
    values["思想引领"]["工作"][1]["内容"] = "发放资料200份"
    out = yaml_edit.merged_text(_COMMENTED, values)
    assert out == (_COMMENTED.replace("单位: 甲社区", "单位: 乙社区")
                   .replace("数量: 3, 单位: 场}  # 第二项", "数量: 4, 单位: 场}  # 第二项")
                   .replace("内容: 发放资料\n", "内容: 发放资料200份\n"))
    assert yaml_edit.merged_text(_COMMENTED, yaml_edit.form_values(_COMMENTED)) == _COMMENTED


def test_an_edited_block_keeps_its_ignore_comment_and_a_removed_entry_its_neighbours() -> None:
    values = yaml_edit.form_values(_COMMENTED)
    values["导语"] = "第一段。\n\n第二段 #2。"
    del values["思想引领"]["工作"][0]["统计"][0]
    out = yaml_edit.merged_text(_COMMENTED, values)
    assert "导语: |  # tzreport: ignore TZ407 原文照录\n  第一段。\n\n  第二段 #2。\n\n思想引领:" in out
    assert "{项目: 学习" not in out
    assert ("        # 列表项之间的注释\n\n        - {项目: 讲座, 数量: 3, 单位: 场}  # 第二项\n"
            "    # 第二个工作前的注释\n") in out
    assert out.endswith("# 文件末尾的注释\n\n")


def test_a_file_of_comments_only_keeps_them_at_its_head() -> None:
    text = "# yaml-language-server: $schema=tzreport.schema.json\n"
    out = yaml_edit.merged_text(text, {"单位": "甲社区", "年度": "2024"})
    assert out == text + "单位: 甲社区\n年度: 2024\n"


_HEAD = "单位: 甲社区\n年度: 2024\n民族工作:\n  活动:\n"
_MIXED = [  # one event in each way the file may write one, each with its end-of-line comment
    "    - {名称: 读书会, 人数: 10}  # 一\n",
    "    - 故事会  # 二\n",
    "    - 名称: 座谈会  # 三\n      人数: 30  # 三十人\n",
    "    - 茶话会  # 四\n",
]


def _events(entries: list[str]) -> str:
    return _HEAD + "".join(entries)


def test_deleting_a_middle_entry_leaves_the_others_and_their_comments_as_they_were() -> None:
    text = _events(_MIXED)
    values = yaml_edit.form_values(text)
    del values["民族工作"]["活动"][1]
    assert yaml_edit.merged_text(text, values) == _events([_MIXED[0], *_MIXED[2:]])


def test_a_deleted_entry_beside_an_edited_one_takes_only_its_own_comment_away() -> None:
    text = _events(["    - {名称: 读书会, 人数: 10}  # 一\n", "    - {名称: 故事会, 人数: 20}  # 二\n",
                    "    - {名称: 座谈会, 人数: 30}  # 三\n"])
    values = yaml_edit.form_values(text)
    del values["民族工作"]["活动"][1]
    values["民族工作"]["活动"][1]["人数"] = "35"
    assert yaml_edit.merged_text(text, values) == _events(
        ["    - {名称: 读书会, 人数: 10}  # 一\n", "    - {名称: 座谈会, 人数: 35}  # 三\n"])


def test_a_moved_or_added_entry_leaves_every_comment_on_its_entry() -> None:
    text = _events(_MIXED)
    values = yaml_edit.form_values(text)
    events = values["民族工作"]["活动"]
    events[0], events[2] = events[2], events[0]
    assert yaml_edit.merged_text(text, values) == _events([_MIXED[2], _MIXED[1], _MIXED[0], _MIXED[3]])
    values = yaml_edit.form_values(text)
    values["民族工作"]["活动"].insert(1, {"名称": "新活动"})
    assert yaml_edit.merged_text(text, values) == _events([_MIXED[0], "    - 新活动\n", *_MIXED[1:]])


# (a comment line of its own stays where it stood, before whatever entry now follows it: it
# may be about the next entry or about the list, and is never deleted)
_STYLES = (
    lambda n, k: f"    - 活动{n}  # 注{n}\n",
    lambda n, k: f"    - {{名称: 活动{n}, 人数: {k}}}  # 注{n}\n",
    lambda n, k: f"    - 名称: 活动{n}  # 注{n}\n      人数: {k}  # 人数注{n}\n",
    lambda n, k: f"    - 活动{n}\n",
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_random_lists_keep_every_entrys_lines_when_entries_are_deleted_edited_or_moved(data: st.DataObject) -> None:
    styles = data.draw(st.lists(st.integers(0, len(_STYLES) - 1), min_size=2, max_size=8), label="styles")
    people = data.draw(st.lists(st.integers(1, 99), min_size=len(styles), max_size=len(styles)), label="people")
    entries = [_STYLES[s](n, k) for n, (s, k) in enumerate(zip(styles, people, strict=True))]
    text = _events(entries)
    values = yaml_edit.form_values(text)
    if data.draw(st.booleans(), label="move"):  # entries moved (and some deleted), none edited
        order = data.draw(st.permutations(range(len(entries))), label="order")
        kept = order[: data.draw(st.integers(1, len(entries)), label="kept")]
    else:  # entries deleted, some of the others edited
        kept = sorted(data.draw(st.sets(st.sampled_from(range(len(entries))), min_size=1), label="kept"))
    values["民族工作"]["活动"] = [values["民族工作"]["活动"][i] for i in kept]
    expected = {i: entries[i] for i in kept}
    for at, i in enumerate(kept):
        if kept == sorted(kept) and styles[i] in (1, 2) and data.draw(st.booleans(), label=f"edit {i}"):
            values["民族工作"]["活动"][at]["人数"] = str(100 + i)
            expected[i] = entries[i].replace(f"人数: {people[i]}", f"人数: {100 + i}")
    assert yaml_edit.merged_text(text, values) == _events([expected[i] for i in kept])
