"""The rule catalogue shown to people: `tzreport check --rules` on screen, and the table in
docs/检查规则.md (made by scripts/rules_table.py; a test fails when that copy is stale)."""

from __future__ import annotations

from tzreport.lint.catalogue import CATALOGUE

SCOPES = {"text": "文字", "document": "手写报告", "layout": "Word 版式", "data": "数据文件"}
README_START = "<!-- 规则表开始：由 scripts/rules_table.py 生成，请勿手改 -->"
README_END = "<!-- 规则表结束 -->"


def _examples(examples: tuple[str, ...]) -> str:
    return "；".join(e.replace("\n", " ⏎ ") for e in examples)


def listing() -> str:
    """Every rule, as `tzreport check --rules` prints it."""
    blocks = []
    for rule in CATALOGUE:
        blocks.append("\n".join([
            f"{rule.code}  {rule.level}  {rule.name}（{SCOPES[rule.scope]}）",
            f"    改法：{rule.fix}",
            f"    依据：{rule.basis}",
            f"    例（会报）：{_examples(rule.hits)}",
            f"    例（不报）：{_examples(rule.misses)}",
        ]))
    return "\n".join(blocks)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ⏎ ")


def markdown() -> str:
    """The README's rule table, between its two markers."""
    rows = [README_START, "", "| 代码 | 级别 | 查什么 | 适用于 | 例子（会报） | 改法 | 依据 |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for rule in CATALOGUE:
        hits = "；".join(f"`{_cell(h)}`" for h in rule.hits[:2])
        rows.append(f"| {rule.code} | {rule.level} | {_cell(rule.name)} | {SCOPES[rule.scope]} | {hits} | "
                    f"{_cell(rule.fix)} | {_cell(rule.basis)} |")
    return "\n".join([*rows, "", README_END])
