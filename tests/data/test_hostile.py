"""Hostile data files stay harmless: no Python object is ever built from a tag, and files made
to exhaust time or memory (alias bombs, huge or deeply nested files) fail fast with a message."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from tzreport.data import loader
from tzreport.errors import DataError

ALIAS_MESSAGE = "：“*”引用（别名）使内容成倍增加，请直接写出各项"
TOO_MANY = "：一份报告的数据通常只有几百项，请检查是否选错了文件"


def messages(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        loader.read(path)
    return info.value.lines()


def timed_messages(path: Path, seconds: float = 5.0) -> list[str]:
    """The messages, asserting they came within the time. The message proves where the limit
    stopped the work; the time only has to tell a stop from a blow-up (without the limits these
    files take minutes or never end), so it is generous: CI machines are slow and shared, and a
    bound of 1 s failed on one that takes 1.0 s to refuse 100 000 events."""
    start = time.perf_counter()
    found = messages(path)
    assert time.perf_counter() - start < seconds
    return found


def peak_memory(path: Path) -> float:
    """The most memory (MB) Python allocated while reading the file."""
    tracemalloc.start()
    try:
        messages(path)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    lines = ['a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\n")  # 9**9 = 387 million values once expanded
    assert timed_messages(path) == [f"{path}:1:4: 错误 文件内容展开后过大（超过2万项）{ALIAS_MESSAGE}"]
    assert peak_memory(path) < 20


def test_aliases_of_a_long_text_are_bounded_by_its_length(tmp_path: Path) -> None:
    # few values, but each alias repeats 100 000 characters: 2 000 of them are 200 million
    text = "统战" * 50_000
    path = write(tmp_path, f"单位: 甲\n年度: 2024\n结语: &t {text}\n存在问题: [{', '.join(['*t'] * 2000)}]\n")
    assert timed_messages(path) == [f"{path}:3:5: 错误 文件内容展开后过大（文字超过200万字）{ALIAS_MESSAGE}"]
    assert peak_memory(path) < 20


def test_aliases_of_a_big_subtree_are_bounded(tmp_path: Path) -> None:
    item = "{标题: 学习, 统计: [{项目: 开展活动, 数量: 1}, {项目: 发放手册, 数量: 2}]}"
    items = ", ".join([item] * 400)
    aliases = ", ".join(["*s"] * 400)
    path = write(tmp_path, f"单位: 甲\n年度: 2024\n其他工作: &s [{items}]\n结语: [{aliases}]\n")
    assert timed_messages(path) == [f"{path}:3:7: 错误 文件内容展开后过大（超过2万项）{ALIAS_MESSAGE}"]
    assert peak_memory(path) < 20


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "单位: &u 甲社区\n年度: 2024\n落款:\n  署名: *u\n")
    report = loader.load(path)
    assert report.signature is not None and report.signature.name == "甲社区"


def test_a_problem_inside_an_aliased_part_is_reported_once(tmp_path: Path) -> None:
    path = write(tmp_path, "单位: 甲\n年度: 2024\n存在问题: &p\n  标提: x\n下一步计划: *p\n")
    assert messages(path) == [
        f"{path}:4:3: 错误 存在问题.标提: 未知的键“标提”，是否想写“标题”？",
    ]


def test_deep_nesting_fails_without_overflowing_the_stack(tmp_path: Path) -> None:
    path = write(tmp_path, "单位: 甲\n年度: 2024\n结语: " + "[" * 5000 + "]" * 5000 + "\n")
    assert timed_messages(path) == [f"{path}:3:34: 错误 嵌套层数太多（超过30层）：请检查缩进和括号"]


def test_deep_indentation_fails_at_the_level_too_many(tmp_path: Path) -> None:
    path = write(tmp_path, "".join("  " * i + "a:\n" for i in range(40)))
    assert messages(path) == [f"{path}:30:59: 错误 嵌套层数太多（超过30层）：请检查缩进和括号"]


def test_100_000_events_in_one_file_are_refused_fast(tmp_path: Path) -> None:
    events = ", ".join(f"a{i}" for i in range(100_000))  # 0.7 MB: under the size limit
    path = write(tmp_path, f"单位: 甲\n年度: 2024\n其他工作:\n  - 标题: 甲\n    工作:\n      - 标题: 乙\n        活动: [{events}]\n")
    assert path.stat().st_size < 1024 * 1024
    found = timed_messages(path)
    assert found == [f"{path}:7:148768: 错误 文件内容过多（超过2万项）{TOO_MANY}"]


def test_50_mb_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    with path.open("wb") as handle:
        handle.write("单位: 甲\n年度: 2024\n存在问题:\n".encode())
        handle.write(b"  - abc\n" * (50 * 1024 * 1024 // 8))
    assert timed_messages(path, 2.0) == [
        f"{path}: 错误 文件太大：数据文件不能超过 1 MB（一份报告的数据通常只有几十 KB），请检查是否选错了文件"
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('!!python/object/apply:os.system ["echo hacked"]', "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!python/object/new:tuple [[1, 2]]", "!!python/object/new:tuple"),
        ("!!binary aGFja2Vk", "!!binary"),
        ("!!int 3", "!!int"),
        ("!local 3", "!local"),
    ],
)
def test_tags_are_refused_at_their_line(tmp_path: Path, value: str, shown: str) -> None:
    path = write(tmp_path, f"单位: 甲\n年度: 2024\n结语: {value}\n")
    assert messages(path) == [
        f"{path}:3:5: 错误 结语: 不能使用 YAML 标签“{shown}”：数据文件里只能写文字、列表和“键: 值”"
    ]


def test_a_garbage_file_lists_fifty_problems_and_counts_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, "单位: 甲\n年度: 2024\n" + "".join(f"键{i}: 值\n" for i in range(120)))
    found = messages(path)
    assert len(found) == 51
    assert found[0] == f"{path}:3:1: 错误 键0: 未知的键“键0”；这里可以写：单位、年度、期间、类型、文种、标题、副标题、主送、导语、概况、思想引领、民族工作、宗教工作、其他工作、存在问题、下一步计划、结语、落款、汇总、上年"
    assert found[-1] == f"{path}: 另有 70 个问题没有列出，请先改正上面的问题"
