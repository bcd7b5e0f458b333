"""The real reports in tests/seeds, put line by line into 内容 fields: `tzreport check` finds
the defects they were sent up with, on the line and column where each stands."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from tzreport.data import loader
from tzreport.errors import Diagnostic
from tzreport.lint import check_data

SEEDS = ROOT / "tests" / "seeds"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[tuple[str, int], int]]:
    """A data file with one item per non-empty seed line (its 内容 a | block), the file's
    lines, and where each seed line went: (seed file, seed line) → data file line."""
    lines = ["单位: 甲社区", "年度: 2025", "思想引领:", "  工作:"]
    placed: dict[tuple[str, int], int] = {}
    for seed in sorted(SEEDS.glob("*.txt")):
        for n, text in enumerate(seed.read_text(encoding="utf-8").splitlines(), 1):
            if text.strip():
                lines += [f"    - 标题: {seed.stem[:3]}第{n}行", "      内容: |-", "        " + text.strip()]
                placed[(seed.stem[:3], n)] = len(lines)
    return lines, placed


@pytest.fixture(scope="module")
def found(seeded, tmp_path_factory: pytest.TempPathFactory) -> list[Diagnostic]:
    lines, _ = seeded
    path = tmp_path_factory.mktemp("seeds") / "seeds.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return check_data.lint(loader.read(path))


# (seed, line in the seed, rule, what stands at the finding's line and column)
KNOWN = [
    ("000", 2, "TZ201", ","),                     # 一年来,京汉新城社区
    ("000", 4, "TZ203", "“共绘最美“"),             # a quote opened twice, closed once
    ("000", 6, "TZ202", "、、"),                   # 二、、加强民族团结
    ("000", 9, "TZ302", "交流交往交融"),
    ("000", 9, "TZ203", "”体育竞技"),             # 欢乐和谐邻里情” without its “
    ("000", 14, "TZ301", "的的"),                  # 统战工作的的公众知晓率
    ("000", 14, "TZ201", ";"),
    ("001", 1, "TZ301", "总书记总书记"),
    ("001", 1, "TZ302", "总书记新时代中国特色社会主义思想"),
    ("001", 5, "TZ101", "X场次"),
    ("001", 5, "TZ101", "X余人次"),
    ("001", 5, "TZ101", "AAA公众号"),
    ("001", 5, "TZ101", "X社区社区"),
    ("001", 5, "TZ301", "社区社区"),
    ("004", 1, "TZ101", "XXX在市委"),
    ("004", 7, "TZ302", "少数民主"),
    ("004", 7, "TZ201", "( 二)"),              # ( ( 二) ): half-width, and doubled
]


@pytest.mark.parametrize("seed, line, code, text", KNOWN, ids=lambda v: str(v))
def test_a_known_defect_is_found_where_it_stands(seeded, found, seed, line, code, text) -> None:
    lines, placed = seeded
    here = placed[(seed, line)]
    at = [lines[d.line - 1][d.column - 1 :] for d in found if d.code == code and d.line == here]
    assert any(rest.startswith(text) for rest in at), (code, text, at)


def test_every_placeholder_of_the_template_report_is_an_error(seeded, found) -> None:
    lines, placed = seeded
    x_lines = {placed[("001", n)] for n in range(1, 12) if ("001", n) in placed}
    placeholders = [d for d in found if d.code == "TZ101" and d.line in x_lines]
    template = "\n".join(lines[n - 1] for n in x_lines)
    # every run of X and every AAA in it, none missed and nothing else
    assert len(placeholders) == len(re.findall("X+|AAA", template)) == 27
    assert {d.level for d in placeholders} == {"错误"}


def test_every_half_width_comma_of_the_template_report_is_found(seeded, found) -> None:
    lines, placed = seeded
    here = placed[("001", 1)]
    commas = [i + 1 for i, ch in enumerate(lines[here - 1]) if ch == ","]
    assert [d.column for d in found if d.code == "TZ201" and d.line == here] == commas
