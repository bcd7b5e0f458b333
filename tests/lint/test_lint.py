"""`tzreport check` as a whole: findings at the right line and column however the YAML is
written, suppression comments, --select/--ignore, the unit's term list, and our own
examples and rendered reports passing with nothing found."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES
from tzreport.data import loader
from tzreport.errors import ERROR, DataError, Diagnostic, OptionError
from tzreport.lint import check_data, terms, text_rules, usage_rules
from tzreport.lint.rules import ALL, RULES, Selection, parse_codes, selection
from tzreport.lint.text_rules import check_text
from tzreport.render import templating

HEAD = "单位: 甲社区\n年度: 2024\n"


@pytest.fixture
def check(write_yaml: Callable[..., Path]) -> Callable[..., list[Diagnostic]]:
    def run(body: str, chosen: Selection = ALL, name: str = "data.yaml") -> list[Diagnostic]:
        path = write_yaml(HEAD + body, name)
        return check_data.lint(loader.read(path), chosen)

    return run


def at(found: list[Diagnostic]) -> list[tuple[int, int, int, int, str]]:
    return [(d.line, d.column, d.end_line, d.end_column, d.code) for d in found]


# ---------------------------------------------------------------- line and column


def test_a_finding_in_a_plain_text_points_at_its_characters(check) -> None:
    found = check("思想引领:\n  内容: 开展学习活动XX场次。\n")
    assert at(found) == [(4, 13, 4, 15, "TZ101")]
    assert str(found[0]).endswith(
        "data.yaml:4:13: 错误 TZ101 思想引领.内容: 未填的占位符：“XX场次”中的“XX”，请填写实际内容"
    )


def test_a_finding_in_a_block_text_points_into_the_block(check) -> None:
    found = check("导语: |\n  第一行文字，\n    第二行有“同心圆讲座，\n  第三行总书记总书记。\n")
    assert at(found) == [(5, 9, 5, 10, "TZ203"), (6, 6, 6, 12, "TZ301")]


def test_a_plain_text_over_several_lines_is_found_across_the_break(check) -> None:
    # YAML folds the break; the doubled word stands on two lines
    found = check("结语: 全面落实总书记\n  总书记关于统战工作的重要思想。\n")
    assert at(found) == [(3, 9, 4, 6, "TZ301")]


def test_quoted_texts_count_their_quotes_and_escapes(check) -> None:
    found = check('思想引领:\n  内容: "用\\"学习强国\\"平台,宣传"\n  要点: [\'它\'\'s 好,的\']\n')
    assert at(found) == [(4, 19, 4, 20, "TZ201"), (5, 15, 5, 16, "TZ201")]


def test_a_finding_in_a_flow_mapping_and_under_english_keys(check) -> None:
    found = check("ideology:\n  items:\n    - {title: 加强学习, text: 开展活动X次}\n")
    assert [(d.line, d.column, d.field) for d in found] == [(5, 31, "ideology.items[0].text")]


def test_findings_come_in_file_order_with_their_fix(check) -> None:
    found = check("存在问题:\n  - 宣传不够,参与不多\n  - 少数民主群众参与少\n")
    assert [(d.line, d.column, d.code, d.fix) for d in found] == [
        (4, 9, "TZ201", "，"), (5, 5, "TZ302", "少数民族"),
    ]


# ---------------------------------------------------------------- # tzreport: ignore


def test_an_ignore_comment_drops_its_code_on_its_line_only(check) -> None:
    found = check(
        "存在问题:\n"
        "  - 宣传不够,参与不多  # tzreport: ignore TZ201\n"
        "  - 宣传不够,参与不多\n"
        "  - 宣传X次,参与不多  # tzreport: ignore TZ201\n"
    )
    assert at(found) == [(5, 9, 5, 10, "TZ201"), (6, 7, 6, 8, "TZ101")]


def test_an_ignore_comment_on_the_key_line_covers_a_block_text(check) -> None:
    found = check("导语: |  # tzreport: ignore TZ201\n  第一行,\n  第二行,的的\n")
    assert at(found) == [(5, 7, 5, 9, "TZ301")]


@pytest.mark.parametrize(
    "comment",
    ["# tzreport: ignore", "# tzreport: ignore TZ2", "#tzreport:ignore tz201, TZ101", "# tzreport: ignore TZ201 这里是引文原文"],
)
def test_ignore_comment_forms(check, comment: str) -> None:
    assert check(f"结语: 宣传不够,参与不多  {comment}\n") == []


def test_an_unknown_code_in_an_ignore_comment_is_reported(check) -> None:
    found = check("结语: 宣传不够,参与不多  # tzreport: ignore TZ999\n")
    assert [str(d).split(":", 1)[1] for d in found] == [
        "3:9: 警告 TZ201 结语: 中文里用了半角“,”，应改为全角“，”",
        "3:35: 警告 TZ001 忽略注释中的代码“TZ999”不存在，这条注释不起作用",
    ]


@pytest.mark.parametrize(
    "body", ['结语: "宣传不够,参与不多 # tzreport: ignore"\n', "结语: |\n  宣传不够,参与不多 # tzreport: ignore\n"]
)
def test_a_hash_inside_a_text_is_not_a_comment(check, body: str) -> None:
    assert [d.code for d in check(body)] == ["TZ201"]


# ---------------------------------------------------------------- --select / --ignore


def test_codes_and_prefixes_are_parsed() -> None:
    assert parse_codes(["TZ101,tz3", "TZ50"]) == {"TZ101", *(c for c in RULES if c.startswith(("TZ3", "TZ50")))}
    assert parse_codes(["TZ"]) == set(RULES)


@pytest.mark.parametrize("spec", ["TZ999", "E501", "x"])
def test_unknown_codes_are_refused(spec: str) -> None:
    with pytest.raises(OptionError) as info:
        parse_codes([spec])
    assert info.value.message == f"错误 未知的检查代码“{spec}”；代码见说明文档 docs/检查规则.md，如 TZ101、TZ2"


def test_select_and_ignore_choose_the_rules(check) -> None:
    body = "结语: 开展X次,的的\n"
    assert [d.code for d in check(body)] == ["TZ101", "TZ201", "TZ301"]
    assert [d.code for d in check(body, selection(["TZ1,TZ3"], None))] == ["TZ101", "TZ301"]
    assert [d.code for d in check(body, selection(None, ["TZ2"]))] == ["TZ101", "TZ301"]
    assert [d.code for d in check(body, selection(["TZ1", "TZ2"], ["TZ101"]))] == ["TZ201"]


# ---------------------------------------------------------------- the unit's term list


def test_the_builtin_term_list_is_valid() -> None:
    builtin = terms.read(terms.builtin_file())
    assert {"少数民主", "感党思", "交流交往交融"} <= {t.wrong for t in builtin.terms}
    assert "的的确确" in builtin.reduplications


def test_a_unit_terms_file_above_the_data_adds_terms(write_yaml, check) -> None:
    write_yaml("错误用语:\n  - {错: 京汉新城小区, 正: 京汉新城社区, 级别: 错误}\n", "tzreport-terms.yaml")
    found = check("结语: 京汉新城小区全体居民。\n", name="社区/2024.yaml")
    assert [(d.code, d.level, d.message) for d in found] == [
        ("TZ302", "错误", "“京汉新城小区”应为“京汉新城社区”")
    ]


def test_the_nearest_terms_file_wins(write_yaml, check) -> None:
    write_yaml("错误用语:\n  - {错: 统战办, 正: 统战部, 级别: 错误}\n", "tzreport-terms.yaml")
    write_yaml("错误用语:\n  - {错: 统战办, 正: 统战工作办公室}\n叠词: [研究研究]\n", "社区/tzreport-terms.yaml")
    found = check("结语: 统战办研究研究。\n", name="社区/2024.yaml")
    assert [(d.level, d.fix) for d in found] == [("警告", "统战工作办公室")]


def test_a_wrong_terms_file_is_reported_where_it_is_wrong(write_yaml, check) -> None:
    terms = write_yaml("错误用语:\n  - {错: 统战办, 正: 统战部, 级别: 严重}\n  - {错: 甲}\n", "tzreport-terms.yaml")
    with pytest.raises(DataError) as info:
        check("结语: 好。\n", name="社区/2024.yaml")
    assert info.value.lines() == [
        f"{terms}:2:26: 错误 错误用语[0].级别: 应为“错误”或“警告”，实际为“严重”",
        f"{terms}:3:5: 错误 错误用语[1].正: 缺少必填项“正”",
    ]


# ---------------------------------------------------------------- our own output passes


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name + "/" + p.name)
def test_every_example_passes_every_rule(example: Path) -> None:
    assert check_data.lint(loader.read(example)) == []


def printed_lines(markdown: str) -> list[str]:
    """The text of a rendered report as a reader sees it: no Markdown marks, no escapes."""
    lines = []
    for line in markdown.splitlines():
        if not line.strip() or line.startswith(":::"):
            continue
        line = re.sub(r"^#+ ", "", line).replace("**", "")
        lines.append(re.sub(r"\\(.)", r"\1", line))
    return lines


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name + "/" + p.name)
def test_the_rendered_text_of_every_example_passes_every_text_rule(example: Path) -> None:
    loaded = loader.read(example)
    found_terms = terms.for_data_file(example)
    lines = printed_lines(templating.render_markdown(loaded.data))
    assert len(lines) > 5
    assert [(line, check_text(line, found_terms)) for line in lines if check_text(line, found_terms)] == []


def test_the_rendered_text_check_can_fail(write_yaml) -> None:
    # the same check as above, on a report whose data has a doubled word: it is found
    path = write_yaml(HEAD + "思想引领:\n  工作:\n    - 标题: 学习\n      内容: 统战工作的的知晓率不高\n"
                      "    - 标题: 宣传\n")
    lines = printed_lines(templating.render_markdown(loader.load(path)))
    found_terms = terms.for_data_file(path)
    assert "（一）学习。统战工作的的知晓率不高。" in lines
    assert [h.code for line in lines for h in check_text(line, found_terms)] == ["TZ301"]


# ---------------------------------------------------------------- the errors a build refuses


def test_a_file_without_placeholder_characters_is_passed_without_reading_its_texts(
    write_yaml: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fast way is taken: the texts are not even gathered
    path = write_yaml(HEAD + "思想引领:\n  工作:\n    - 标题: 理论学习\n      内容: 开展学习12场次\n")
    monkeypatch.setattr(check_data, "text_fields", lambda model: pytest.fail("texts were read"))
    assert check_data.errors(loader.read(path)) == []


@pytest.mark.parametrize("written", [
    '"\\x58场次"',  # X written as an escape: the file itself holds no X
    '"\\u67d0\\u67d0社区"',  # 某某
    '"\\u6b64处隐藏6579字"',  # 此处隐藏…字
    "开展活动X场次",
    "学习\n        某某社区",  # folded over two lines
])
def test_a_placeholder_however_written_makes_a_draft(written: str, write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(HEAD + f"思想引领:\n  工作:\n    - 标题: 理论学习\n      内容: {written}\n")
    found = check_data.errors(loader.read(path))
    line = 7 if "\n" in written else 6
    assert [(d.line, d.code) for d in found] == [(line, "TZ101" if "6579" not in written else "TZ103")]


def test_every_error_a_text_rule_finds_is_one_the_quick_look_knows() -> None:
    # errors() passes over a file's texts when the quick look finds nothing: a new error-level
    # text rule must be known to it (text_rules.may_hold_error_text) first
    # (a wrong term of the unit's that is an error is looked for text by text: terms.any_error)
    codes = {code for code, _ in text_rules._RULES} | {c for codes, _ in usage_rules.RULES for c in codes}
    assert {code for code in codes | {"TZ204"} if RULES[code].level == ERROR} == {"TZ101", "TZ103"}
