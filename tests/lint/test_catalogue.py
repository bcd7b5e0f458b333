"""The rule catalogue is the rules' documentation and their test: every hit example must be
found and every miss example must not, whatever the rule looks at; `check --rules` lists it;
the README's rule table is made from it and fails here when stale."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app
from tzreport.commands import check
from tzreport.lint import handwritten, rule_table, terms
from tzreport.lint.catalogue import CATALOGUE, Rule
from tzreport.lint.layout_rules import Expected
from tzreport.lint.text_rules import check_text
from tzreport.office.word_body import Body, BodyParagraph, Page
from tzreport.office.word_styles import Look

TERMS = terms.merge([terms.read(terms.builtin_file())])
HEAD = "单位: 甲社区\n年度: 2024\n"


def _layout_body(example: str) -> Body:
    """A clean GB/T 9704 report, changed as the example says (项=值; 项=值)."""
    body_look, fangsong = Look("仿宋_GB2312", 16.0), "仿宋_GB2312"
    heads = {1: Look("黑体", 16.0), 2: Look("楷体_GB2312", 16.0)}
    title = BodyParagraph("甲社区2024年统战工作总结", centered=True, head=Look("方正小标宋简体", 22.0),
                          look=Look("方正小标宋简体", 22.0), line_rule="exact", line_value=28.95)
    paragraphs = [
        title,
        BodyParagraph("一、思想引领", head=heads[1], look=heads[1], line_rule="exact", line_value=28.95),
        BodyParagraph("（一）学习。开展学习12次。", head=heads[2], look=body_look, line_rule="exact", line_value=28.95),
        BodyParagraph("社区开展宣传10次。", head=body_look, look=body_look, line_rule="exact", line_value=28.95),
    ]
    page, numbers = Page(210, 297, 37, 35, 28, 26), True
    for setting in example.split(";"):
        key, _, value = (part.strip() for part in setting.partition("="))
        values = value.split(",")
        if key == "纸张":
            width, height = (float(v) for v in value.split("x"))
            page = replace(page, width=width, height=height)
        elif key == "页边距":
            top, bottom, left, right = (float(v) for v in values)
            page = Page(page.width, page.height, top, bottom, left, right)
        elif key in ("正文", "标题"):
            look = Look(values[0], float(values[1]))
            at = 3 if key == "正文" else 0
            paragraphs[at] = replace(paragraphs[at], look=look, head=look)
        elif key == "行距":
            paragraphs[3] = replace(paragraphs[3], line_rule=values[0], line_value=float(values[1]))
        elif key in ("一级标题", "二级标题"):
            at = 1 if key == "一级标题" else 2
            paragraphs[at] = replace(paragraphs[at], head=Look(value, 16.0))
        elif key == "页码":
            numbers = value == "有"
        else:
            raise AssertionError(f"unknown layout example key {key!r}")
    assert fangsong
    return Body(paragraphs, [page], numbers)


def codes(rule: Rule, example: str, tmp_path: Path) -> set[str]:
    if rule.scope == "text":
        return {hit.code for hit in check_text(example, TERMS)}
    if rule.scope == "layout":
        found = handwritten.check(Path("x.docx"), _layout_body(example), TERMS, expected=Expected())
        return {d.code for d in found}
    suffix = ".txt" if rule.scope == "document" else ".yaml"
    path = tmp_path / f"example{suffix}"
    path.write_text(example if rule.scope == "document" else HEAD + example + "\n", encoding="utf-8")
    checked = check.check([path])
    assert all(d.code for d in checked.diagnostics), [str(d) for d in checked.diagnostics]
    return {d.code for d in checked.diagnostics}


@pytest.mark.parametrize("rule", CATALOGUE, ids=[r.code for r in CATALOGUE])
def test_every_example_of_every_rule(rule: Rule, tmp_path: Path) -> None:
    assert rule.hits and rule.misses and rule.basis and rule.fix
    for example in rule.hits:
        assert rule.code in codes(rule, example, tmp_path), f"{rule.code} should hit: {example}"
    for example in rule.misses:
        assert rule.code not in codes(rule, example, tmp_path), f"{rule.code} should miss: {example}"


def test_codes_are_unique_and_grouped() -> None:
    assert len({r.code for r in CATALOGUE}) == len(CATALOGUE)
    assert [r.code for r in CATALOGUE] == sorted(r.code for r in CATALOGUE)


def test_check_rules_lists_the_catalogue_in_chinese() -> None:
    result = CliRunner().invoke(app, ["check", "--rules"])
    assert result.exit_code == 0
    for rule in CATALOGUE:
        assert f"{rule.code}  {rule.level}  {rule.name}" in result.stdout
    assert "依据：GB/T 9704-2012《党政机关公文格式》 7.3.3（结构层次序数）" in result.stdout


def test_check_without_paths_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 2
    assert "tzreport check --rules" in result.stderr


def test_the_readme_rule_table_is_made_from_the_catalogue() -> None:
    readme = (ROOT / "docs" / "检查规则.md").read_text(encoding="utf-8")
    start, end = readme.index(rule_table.README_START), readme.index(rule_table.README_END)
    assert readme[start : end + len(rule_table.README_END)] == rule_table.markdown(), (
        "docs/检查规则.md 的规则表过时了：运行 python scripts/rules_table.py"
    )
