"""The community examples of 新城街道 read as a native writer wrote them: each figure's comparison
with last year only where it tells something, no sentence said twice, a list in one style, a year
that does not copy last year's problems and plans, and no frequency the figures contradict.

These examples were written for tzreport (not copied from a seed), so their wording is ours to keep
right; 京汉新城社区's files follow their seeds and are checked by test_examples_follow_seeds.py."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from conftest import ROOT, markdown_of
from tzreport.data import loader
from tzreport.data.models import Point, Report
from tzreport.report import places

STREET = ROOT / "examples" / "新城街道"
COMMUNITIES = ("河畔花园社区", "希望新城社区", "金源郦都社区", "富力新城社区")
FILES = [STREET / c / f"{y}.yaml" for c in COMMUNITIES for y in (2023, 2024)]
_IDS = [f"{p.parent.name}/{p.name}" for p in FILES]


def report(path: Path) -> Report:
    return loader.read(path).report


def body(text: str) -> str:
    """The report's prose: no title, headings' marks, 主送 or 落款."""
    text = text.split("::: 落款")[0]
    return re.sub(r"^(#.*|::: .*|:::)$", "", text, flags=re.M).replace("**", "")


@pytest.mark.parametrize("community", COMMUNITIES)
def test_a_comparison_with_last_year_only_where_it_tells_something(community: str) -> None:
    text = body(markdown_of(STREET / community / "2024.yaml"))
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    # at most one a paragraph (a chapter's or a 工作事项's), and never one that says nothing
    assert all(p.count("上年") <= 1 for p in paragraphs), [p for p in paragraphs if p.count("上年") > 1]
    assert 1 <= text.count("上年") <= 4
    assert "持平" not in text and "%" not in text
    assert not re.search(r"比上年(增加|减少)1[次场人处]", text)


@pytest.mark.parametrize("path", FILES, ids=_IDS)
def test_no_clause_said_twice(path: Path) -> None:
    """“社区被确定为通辽市互嵌式社区示范点” in the 导语 and again in 民族工作: a clause, or the whole
    of one inside another, said twice."""
    clauses = [c for c in re.split(r"[，。；：\n]", body(markdown_of(path))) if len(c) >= 8]
    twice = [(a, b) for i, a in enumerate(clauses) for j, b in enumerate(clauses) if i != j and a in b]
    assert not twice


@pytest.mark.parametrize("path", FILES, ids=_IDS)
def test_a_list_of_points_keeps_one_style(path: Path) -> None:
    """“一是载体活动有特色，开展……” beside “二是宣传教育有力度。社区……” is two styles in one list:
    either every point opens with a heading sentence, or none does."""
    for place in places.places(report(path)):
        if place.kind == "point":
            continue
        points = [p if isinstance(p, Point) else Point(text=p) for p in place.holder.points]
        headed = {"。" in p.text.rstrip("。") for p in points}
        assert len(points) < 2 or len(headed) == 1, (place.path, [p.text for p in points])


@pytest.mark.parametrize("community", COMMUNITIES)
def test_a_year_does_not_copy_last_years_problems_and_plans(community: str) -> None:
    last, this = report(STREET / community / "2023.yaml"), report(STREET / community / "2024.yaml")

    def said(r: Report) -> list[str]:
        return [p.text if isinstance(p, Point) else p
                for section in (r.problems, r.plans) if section is not None for p in section.points]

    close = [(a, b) for a in said(this) for b in said(last)
             if difflib.SequenceMatcher(None, a, b).ratio() > 0.7]
    assert not close


@pytest.mark.parametrize("path", FILES, ids=_IDS)
def test_no_monthly_work_counted_fewer_than_twelve_times(path: Path) -> None:
    """“网格员每月深入……开展宗教领域风险隐患排查3次”: a month's work done three times a year."""
    for place in places.places(report(path)):
        holder = place.holder
        text = holder.text or ""
        if "每月" in text:
            low = [s.label for s in holder.stats if s.unit == "次" and not s.approx and s.value < 12]
            assert not low, (place.path, text, low)


def _written(path: Path) -> list[str]:
    """The sentences a community wrote itself (内容 and 要点 of its chapters and items; not the
    count clauses tzreport generates, whose 项目 the roll-up needs to be the same everywhere)."""
    said: list[str] = []
    for place in places.places(report(path)):
        holder = place.holder
        texts = [holder.text or ""] if place.kind == "point" else [holder.text or ""] + [
            p.text if isinstance(p, Point) else p for p in holder.points]
        said += [s for t in texts for s in re.split(r"[。；\n]", t) if len(s.strip()) >= 12]
    return [s.strip() for s in said]


def test_no_community_copies_another_ones_sentence() -> None:
    """The four invented communities shared one 妇联 sentence word for word (“社区妇联利用“三八”
    妇女节、“六一”儿童节等节日，组织辖区家庭参与家风家教和亲子阅读”): a reviewer sees copy-paste.
    Each says its own work in its own words."""
    own = {c: [s for y in (2023, 2024) for s in _written(STREET / c / f"{y}.yaml")] for c in COMMUNITIES}
    copied = [(a, b, s) for a in COMMUNITIES for b in COMMUNITIES if a != b
              for s in own[a] if any(s in t for t in own[b])]
    assert copied == []
