"""Where no line may break: a figure with its 余/万 and measure word, a cell's figure and its
previous year's each whole, a paragraph's last two characters."""

from __future__ import annotations

import pytest

from tzreport.writers import unbroken

J = unbroken.JOINER  # U+200D, Word's no-width non break, and U+2060, the word joiner


@pytest.mark.parametrize(("text", "joined"), [
    ("组织宗教信息员培训2次，提升", f"组织宗教信息员培训2{J}次，提升"),
    ("信教群众57人。", f"信教群众57{J}人。"),
    ("参与群众900余人次", f"参与群众900{J}余{J}人{J}次"),
    ("开展活动40场次", f"开展活动40{J}场{J}次"),
    ("2026年工作", f"2026{J}年工作"),
    ("1.5万人", f"1.5{J}万{J}人"),
    ("同比增长14%", "同比增长14%"),  # Latin with Latin: no break there anyway
    ("京汉新城社区参与人数200余人", f"京汉新城社区参与人数200{J}余{J}人"),
    ("第二十届三中全会", "第二十届三中全会"),  # no figure: nothing to join
])
def test_a_figure_is_joined_to_its_measure_word(text: str, joined: str) -> None:
    assert unbroken.join(text) == joined
    assert unbroken.strip(unbroken.join(text)) == text


@pytest.mark.parametrize(("text", "joined"), [
    ("400余（300余）", f"400{J}余（{J}300{J}余{J}）"),  # a break before the bracket only
    ("20（18）", f"20（{J}18{J}）"),
    ("1（—）", f"1（{J}—{J}）"),
    ("—", "—"),
    ("河畔花园社区", "河畔花园社区"),
])
def test_a_cell_breaks_before_its_previous_years_bracket_only(text: str, joined: str) -> None:
    assert unbroken.cell(text) == joined


@pytest.mark.parametrize(("text", "tail"), [
    ("比上年有所减少。", "减少。"),
    ("坚决抵御境外宗教渗透。", "渗透。"),
    ("信教群众57人。", "57人。"),  # a figure whole
    ("金额12.5万元”。", "12.5万元”。"),
    ("共计ABC。", "ABC。"),
    ("短。", ""),
])
def test_a_paragraphs_last_line_holds_two_characters(text: str, tail: str) -> None:
    n = unbroken.tail(text)
    assert (text[len(text) - n:] if n else "") == tail


@pytest.mark.parametrize(("text", "pieces"), [
    ("组织宗教信息员培训2次，提升", [("组织宗教信息员培训", False), (f"2{J}次", True), ("，提升", False)]),
    ("2026年工作", [(f"2026{J}年", True), ("工作", False)]),
    ("1.5万人", [(f"1.5{J}万{J}人", True)]),
    ("400余（300余）", [(f"400{J}余", True), (f"（{J}300{J}余{J}）", True)]),
    ("同比增长14%", [("同比增长14%", False)]),  # Latin with Latin: nothing to join
])
def test_the_word_writer_sets_each_joined_figure_as_a_run_of_its_own(
        text: str, pieces: list[tuple[str, bool]]) -> None:
    joined = unbroken.cell(text)
    assert unbroken.runs(joined) == pieces
    assert "".join(piece for piece, _ in pieces) == joined
