"""Write the rule table of docs/检查规则.md from the rule catalogue (tzreport.lint.catalogue):
run after changing a rule; tests/lint/test_catalogue.py fails while the README is stale."""

from __future__ import annotations

from pathlib import Path

from tzreport.lint import rule_table

README = Path(__file__).resolve().parent.parent / "docs" / "检查规则.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(rule_table.README_START), text.index(rule_table.README_END)
    README.write_text(text[:start] + rule_table.markdown() + text[end + len(rule_table.README_END):],
                      encoding="utf-8")


if __name__ == "__main__":
    main()
