"""Every text rule and title_lines on 1 MB of its worst text (issue 18, finding 9): linear,
or bounded in work, so check answers hostile input in about a second rather than minutes.
The bound here is generous (shared test machines); make bench reports the real figures."""

from __future__ import annotations

import time

import pytest

from tzreport.lint import terms, text_rules
from tzreport.text import title_lines

pytestmark = pytest.mark.slow
N = 330_000  # characters: about 1 MB of Chinese in UTF-8
TERMS = terms.merge([terms.read(terms.builtin_file())])

WORST = {
    "TZ101": ["…" * N, "." * (3 * N), "X" * (3 * N), ("x" * 1000 + "a") * 1000, "（此处" * N],
    "TZ201": ["(" * (3 * N) + "中", "中(" * N, "a(b" * N + "中", ("中" + " " * 1000 + ",") * 1000, "中." * N],
    "TZ202": ["。 " * N, ("，" + " " * 1000) * 1000],
    "TZ203": ["（" * N, "）" * N, "“" * N + "”", "《" * N],
    "TZ204": ["２" * N, "２a" * N],
    "TZ301": ["的" * N, "社区" * (N // 2), "甲乙丙丁戊己庚辛" * (N // 8)],
    "TZ302": ["少数民主" * (N // 4)],
    "TZ205": ["《甲》、" * (N // 4), "”、“" * N, "、等" * N],
    "TZ304": ["开展" * N, "开展、" * N],
    "TZ305": ["十二" * N, "三百五" * N + "次"],
    "TZ306": ["三、五" * N],
    "TZ405": ["1" * N, "11010519491231002X" * (N // 18)],
}
SECONDS = 8.0  # was 12–28 s for several of these before, and unbounded in the number of hits


@pytest.mark.parametrize(("code", "text"), [(c, t) for c, texts in WORST.items() for t in texts])
def test_each_rule_on_a_megabyte_of_its_worst_text(code: str, text: str) -> None:
    started = time.monotonic()
    hits = text_rules.check_text(text, TERMS, lambda wanted: wanted == code)
    assert time.monotonic() - started < SECONDS
    assert len(hits) <= text_rules.MAX_HITS


def test_the_segmenter_sees_a_bounded_number_of_doubled_characters() -> None:
    text_rules.check_text("学学习", TERMS)  # jieba's dictionary loaded before the clock starts
    started = time.monotonic()
    hits = text_rules.check_text("学学习" * N, TERMS, lambda wanted: wanted == "TZ301")
    assert time.monotonic() - started < SECONDS
    assert 0 < len(hits) <= text_rules.MAX_HITS


def test_hits_are_capped_but_still_found() -> None:
    hits = text_rules.check_text("（" * 1000, TERMS)
    assert len(hits) == text_rules.MAX_HITS and all(h.code == "TZ203" for h in hits)
    assert [h.code for h in text_rules.check_text("活动(2次)", TERMS)] == ["TZ201", "TZ201"]


@pytest.mark.parametrize("text", ["关" * 1_000_000, "甲社区" * 8000 + "及" * 1000, "1" * 1_000_000, "（" * 25_000])
def test_title_lines_on_a_huge_title(text: str) -> None:
    started = time.monotonic()
    lines = title_lines(text, 20)
    assert time.monotonic() - started < SECONDS
    assert "".join(lines) == text
    assert all(len(line) <= 20 for line in lines)


def test_title_lines_still_balances_a_real_title() -> None:
    title = "新城街道2024年统一战线工作总结及2025年工作计划"
    assert title_lines(title, 20) == ["新城街道2024年统一战线工作总结", "及2025年工作计划"]
