"""The hand-written YAML emitter: what it writes reads back as the same string, in PyYAML, in
an editor's YAML 1.2 reading and in our loader; and it quotes only when it must."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tzreport.data import loader
from tzreport.data.yaml_writer import Lines, flow_mapping, needs_quotes, scalar

TRICKY = [
    "true", "no", "On", "null", "~", "", " 前后有空格 ", "12", "-3", "1.5", ".5", "1e3", "0x1F",
    "9:30", "2023-12-28", "=", "<<", "- 开头", "# 开头", "[开头]", "{开头}", "*星号", "&符号",
    "!感叹", "|竖线", ">大于", "%百分", "@at", "`反引号", "'单引号'", '"双引号"', "含: 冒号",
    "以冒号结尾:", "含 #号", "内容：以键开头", "标题:无空格", "反斜杠\\n", "换\n行", "制表\t符",
    "a, b", "[x]", "含{花括号}",
]


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("flow", [False, True], ids=["block", "flow"])
def test_scalar_reads_back_the_same_string_in_pyyaml(value: str, flow: bool) -> None:
    if flow:
        document = f"{flow_mapping([('k', scalar(value, flow=True))])}\n"
    else:
        document = f"k: {scalar(value)}\n"
    assert yaml.safe_load(document) == {"k": value}


@pytest.mark.parametrize("value", [v for v in TRICKY if v.strip() == v and v])
def test_scalar_reads_back_the_same_in_our_loader(tmp_path: Path, value: str) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(
        "单位: 甲社区\n年度: 2024\n"
        f"主送: {scalar(value)}\n"
        f"存在问题:\n  - {scalar(value)}\n"
        f"概况:\n  - {flow_mapping([('项目', scalar(value, flow=True)), ('数量', '1')])}\n",
        encoding="utf-8",
    )
    report = loader.load(data)
    assert report.addressee == value
    assert report.problems is not None and [p.text for p in report.problems.points] == [value]
    assert report.overview[0].label == value


@pytest.mark.parametrize(
    "value",
    ["京汉新城社区", "“石榴籽”民族团结故事会", "《中国共产党统一战线工作条例》专题学习", "10余",
     "开展各项活动，全年共计10次。", "2023年12月28日", "a-b", "加强学习，注意：方法"],
)
def test_ordinary_text_stays_plain(value: str) -> None:
    assert not needs_quotes(value)
    assert scalar(value) == value


def test_a_line_that_starts_like_a_key_is_quoted() -> None:
    # "- 内容：……" in a list reads to our loader as the key 内容 with a Chinese colon.
    assert scalar("内容：以键开头") == '"内容：以键开头"'
    assert scalar("标题:无空格") == '"标题:无空格"'


def test_a_comma_is_quoted_only_inside_braces() -> None:
    assert scalar("一、二, 三") == "一、二, 三"
    assert scalar("一、二, 三", flow=True) == '"一、二, 三"'


def test_lines_indent_two_spaces_and_comment_every_line() -> None:
    out = Lines()
    out.key(0, "思想引领")
    out.key(1, "标题", "学习")
    out.key(1, "内容")
    out.comment(2, "第一行\n第二行")
    out.blank()
    out.blank()
    out.key(0, "结语")
    assert out.text() == (
        "思想引领:\n  标题: 学习\n  内容:\n    # 第一行\n    # 第二行\n\n结语:\n"
    )


# What YAML 1.1 (yaml.org/type, as written in the spec, which is wider than PyYAML) and the
# YAML 1.2 core schema read as something else than text. A plain scalar we write must match none.
SPEC_TYPED = [
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+",
    r"[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
    r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
    r"~|null|Null|NULL|", r"<<", r"=",
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?"
    r"(([ \t]*)Z|[-+][0-9]{1,2}(:[0-9]{2})?)?",
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+",
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN",
]
PIECES = ["0", "1", "7", "9", "00", ".", "_", "e", "E", "+", "-", ":", "x", "o", "b", "f", "inf", "Inf", "nan",
          "NaN", "true", "False", "yes", "On", "off", "null", "NULL", "~", "y", "N", " ", "#", ",", "=", "<<",
          "2024-01-05", "T", "10:00", "社", "区", "万", "余", "“", "：", "\\", '"', "'", "!", "&", "*", "[", "]",
          "{", "}", "|", ">", "%", "@", "`", "?", "\t", "\n"]


def generated(count: int) -> list[str]:
    import random

    rng = random.Random(25)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 5))) for _ in range(count)]


def test_100000_generated_strings_read_back_as_the_same_strings() -> None:
    # ".0_" was written plain and read back as 0.0 by a YAML 1.1 reader
    assert yaml.load(f"- {scalar('.0_')}", Loader=yaml.Loader) == [".0_"]
    import re

    from tzreport.data.yaml_nodes import NULL, PLAIN, compose

    strings = generated(100_000)
    typed = [re.compile(p) for p in SPEC_TYPED]
    plain_typed = [s for s in strings if scalar(s) == s and any(t.fullmatch(s) for t in typed)]
    assert plain_typed == []
    for start in range(0, len(strings), 5_000):
        chunk = strings[start:start + 5_000]
        block = "".join(f"- {scalar(s)}\n" for s in chunk)
        flow = "".join(f"- {flow_mapping([('k', scalar(s, flow=True))])}\n" for s in chunk[:1_000])
        assert yaml.load(block, Loader=yaml.Loader) == chunk  # PyYAML's pure-Python reader (YAML 1.1)
        assert yaml.load(flow, Loader=yaml.Loader) == [{"k": s} for s in chunk[:1_000]]
        ours = compose(Path("生成.yaml"), block)
        read = [n.value for n in ours.value]
        assert read == chunk
        assert not [n.value for n in ours.value if n.tag == PLAIN and n.value in NULL]
