"""The text rules of `tzreport check`, one text at a time: for each rule, what it finds (the
exact characters, message and fix) and what it must leave alone."""

from __future__ import annotations

import pytest

from tzreport.lint import terms
from tzreport.lint.terms import Term, Terms, TermsFile
from tzreport.lint.text_rules import check_text

BUILTIN = terms.merge([terms.read(terms.builtin_file())])


def found(text: str, code: str, terms: Terms = BUILTIN) -> list[tuple[str, str | None]]:
    """(the characters a rule's hits are about, the fix) for one rule's hits in a text."""
    hits = [h for h in check_text(text, terms) if h.code == code]
    assert all(h.span is not None for h in hits)
    return [(text[h.span[0] : h.span[1]], h.fix) for h in hits if h.span]


def messages(text: str, code: str) -> list[str]:
    return [h.message for h in check_text(text, BUILTIN) if h.code == code]


# ---------------------------------------------------------------- TZ101 placeholders


def test_placeholders_of_every_kind_are_found() -> None:
    text = "开展活动X场次，覆盖XX余人次，依托AAA公众号，×××同志、某某社区、20XX年，……（待填）"
    assert found(text, "TZ101") == [
        ("X", None), ("XX", None), ("AAA", None), ("×××", None), ("某某", None), ("XX", None),
        ("……（待填）", None),
    ]


def test_placeholder_message_shows_what_it_stands_for() -> None:
    assert messages("全年累计开展各类学习活动X场次", "TZ101") == [
        "未填的占位符：“X场次”中的“X”，请填写实际内容"
    ]
    assert messages("（此处填写活动名称）", "TZ101") == ["未填的占位符：“（此处填写活动名称）”，请填写实际内容"]


@pytest.mark.parametrize(
    "text",
    ["创建AAAA级旅游景区", "购置Xbox游戏机", "场地为3×4米", "某村群众", "ABC", "3x3篮球赛"],
)
def test_latin_words_ratings_and_products_are_not_placeholders(text: str) -> None:
    assert found(text, "TZ101") == []


# ---------------------------------------------------------------- TZ201 half-width punctuation


def test_half_width_marks_in_chinese_text_get_their_full_width_form() -> None:
    text = "一年来,社区坚持学习;线上:利用网格群(公众号)宣传!效果好吗?很好."
    assert found(text, "TZ201") == [
        (",", "，"), (";", "；"), (":", "："), ("(", "（"), (")", "）"), ("!", "！"), ("?", "？"),
        (".", "。"),
    ]


def test_half_width_marks_outside_chinese_text_are_left_alone() -> None:
    text = "会议9:30开始，经费1,000元，网址 https://example.cn/a?b=1 ，增长1.5倍，等等...用Python(3.11)"
    assert found(text, "TZ201") == []


def test_a_dot_between_chinese_characters_has_no_single_fix() -> None:
    assert found("围绕“五.四”开展活动", "TZ201") == [(".", None)]
    assert messages("围绕“五.四”开展活动", "TZ201") == ["中文里用了半角“.”：句号应为“。”，间隔号应为“·”"]


def test_brackets_around_chinese_are_chinese_even_between_latin() -> None:
    assert found("APP(社区版)", "TZ201") == [("(", "（"), (")", "）")]


# ---------------------------------------------------------------- TZ202 doubled punctuation


def test_doubled_punctuation_keeps_one_mark() -> None:
    text = "二、、加强团结。。开展活动，。参与群众；。工作、 、服务,。"
    assert found(text, "TZ202") == [
        ("、、", "、"), ("。。", "。"), ("，。", "。"), ("；。", "。"), ("、 、", "、"), (",。", "。")
    ]


def test_single_marks_and_question_with_exclamation_pass() -> None:
    assert found("加强团结，开展活动。真的吗？！是的：好。会议9:30开始,http://a.cn", "TZ202") == []


# ---------------------------------------------------------------- TZ203 pairs


def test_unbalanced_quotes_titles_and_brackets_are_found_where_they_stand() -> None:
    assert found("开展“共绘最美“同心圆”统战知识讲座", "TZ203") == [("“", None)]
    assert found("欢乐和谐邻里情”体育竞技大比拼", "TZ203") == [("”", None)]
    assert found("学习《条例》和《摘编", "TZ203") == [("《", None)]
    assert found("（党群服务中心用房改造", "TZ203") == [("（", None)]


def test_unbalanced_messages_name_the_missing_mark() -> None:
    assert messages("欢乐和谐邻里情”体育竞技", "TZ203") == ["右引号（”）前面没有对应的左引号（“）"]
    assert messages("学习《摘编", "TZ203") == ["左书名号“《”后面没有对应的右书名号“》”"]


def test_balanced_and_nested_pairs_pass() -> None:
    assert found("“‘同心圆’讲座”、《条例》（2023年）【通知】", "TZ203") == []


# ---------------------------------------------------------------- TZ204 full-width characters


def test_full_width_digits_and_letters_get_half_width() -> None:
    assert found("开展活动１２次，使用ＡＰＰ宣传", "TZ204") == [("１２", "12"), ("ＡＰＰ", "APP")]


def test_half_width_digits_and_full_width_placeholders_are_not_tz204() -> None:
    assert found("开展活动12次，ＸＸ社区", "TZ204") == []
    assert found("ＸＸ社区", "TZ101") == [("ＸＸ", None)]


# ---------------------------------------------------------------- TZ301 doubled words


def test_doubled_words_and_function_characters_are_found() -> None:
    text = "全面落实总书记总书记关于统战工作的重要思想，X社区社区邀请专家，统战工作的的公众知晓率"
    assert found(text, "TZ301") == [("总书记总书记", "总书记"), ("社区社区", "社区"), ("的的", "的")]


@pytest.mark.parametrize(
    "text",
    [
        "常常走访，人人参与，天天坚持，家家户户", "紧紧抱在一起，籽籽同心", "统战工作作为重点",
        "共和国国家通用语言", "的的确确", "达到目的的手段", "不了了之", "和和美美", "关键是是否落实",
        "参与与否", "以及及时解决",
    ],
)
def test_real_reduplication_and_words_that_meet_pass(text: str) -> None:
    assert found(text, "TZ301") == []


def test_a_unit_can_whitelist_a_reduplication() -> None:
    unit = terms.merge([
        terms.read(terms.builtin_file()),
        TermsFile.model_validate({"叠词": ["琢磨琢磨"]}),
    ])
    assert found("大家琢磨琢磨再定", "TZ301") == [("琢磨琢磨", "琢磨")]
    assert found("大家琢磨琢磨再定", "TZ301", unit) == []


# ---------------------------------------------------------------- TZ302 wrong terms


def test_known_wrong_terms_get_the_right_term() -> None:
    text = "加大少数民主精准扶贫力度，开展“感党思、听党话”活动，促进各民族交流交往交融"
    assert found(text, "TZ302") == [("少数民主", "少数民族"), ("感党思", "感党恩"), ("交流交往交融", "交往交流交融")]
    assert messages("少数民主", "TZ302") == ["“少数民主”应为“少数民族”（同音误写）"]


def test_the_longest_wrong_term_wins_where_two_overlap() -> None:
    text = "以习近平总书记新时代中国特色社会主义思想为指导"
    assert found(text, "TZ302") == [
        ("习近平总书记新时代中国特色社会主义思想", "习近平新时代中国特色社会主义思想")
    ]


def test_right_terms_pass() -> None:
    assert found("各民主党派、少数民族群众、宗教事务、铸牢中华民族共同体意识、各民族交往交流交融", "TZ302") == []


def test_a_wrong_term_inside_its_own_right_form_is_not_wrong() -> None:
    terms = Terms({"民族团结": Term.model_validate({"错": "民族团结", "正": "民族团结进步"})}, frozenset())
    assert found("开展民族团结进步创建", "TZ302", terms) == []
    assert found("加强民族团结", "TZ302", terms) == [("民族团结", "民族团结进步")]


def test_a_term_can_be_an_error() -> None:
    terms = Terms({"某地": Term.model_validate({"错": "某地", "正": "京汉新城", "级别": "错误"})}, frozenset())
    (hit,) = [h for h in check_text("在某地开展", terms) if h.code == "TZ302"]
    assert hit.severity == "错误"
    assert [h.severity for h in check_text("少数民主", BUILTIN) if h.code == "TZ302"] == ["警告"]


# ---------------------------------------------------------------- all rules together


def test_a_clean_paragraph_has_no_hits() -> None:
    text = (
        "一年来，社区组织党员群众开展“铸牢中华民族共同体意识”专题学习会、《中华民族共同体概论》"
        "学习讲座等活动10余次，参与群众200余人次（含少数民族群众60人），常常走访、人人参与。"
    )
    assert check_text(text, BUILTIN) == []


def test_rules_not_wanted_do_not_run() -> None:
    text = "开展X次活动,的的"
    assert {h.code for h in check_text(text, BUILTIN)} == {"TZ101", "TZ201", "TZ301"}
    assert {h.code for h in check_text(text, BUILTIN, lambda code: code == "TZ101")} == {"TZ101"}
