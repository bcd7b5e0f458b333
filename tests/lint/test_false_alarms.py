"""False alarms matter as much as misses: correct sentences from real reports (and ones written
to sit next to every rule's pattern) and the shipped examples' rendered reports must give no
finding. The rate is printed for the record (pytest -s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, markdown_of
from tzreport.commands import check
from tzreport.lint import terms
from tzreport.lint.rules import ALL
from tzreport.lint.text_rules import check_text

CORPUS = ROOT / "tests" / "corpus" / "clean_sentences.txt"
TERMS = terms.merge([terms.read(terms.builtin_file())])
REPORTS = [p for p in EXAMPLES if "tzreport" not in p.name]


def sentences() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_no_correct_sentence_gives_a_finding() -> None:
    corpus = sentences()
    assert len(corpus) > 150
    flagged = {s: [(h.code, h.message) for h in check_text(s, TERMS)] for s in corpus}
    flagged = {s: hits for s, hits in flagged.items() if hits}
    print(f"false alarms: {len(flagged)} of {len(corpus)} correct sentences")
    assert flagged == {}


@pytest.mark.parametrize("example", REPORTS, ids=[str(p.relative_to(ROOT / "examples")) for p in REPORTS])
def test_a_rendered_example_proofread_as_a_report_written_by_hand_is_clean(example: Path, tmp_path: Path) -> None:
    path = tmp_path / "报告.md"
    path.write_text(markdown_of(example), encoding="utf-8")
    found = check.check([path], ALL).diagnostics
    assert [str(d) for d in found] == []


@pytest.mark.slow
def test_our_own_word_reports_proofread_as_written_by_hand_are_clean(tmp_path: Path) -> None:
    # the GB/T 9704 layout we write, 附表 with its label, title and （续表） notes included
    from typer.testing import CliRunner

    from tzreport.cli.main import app

    sources = [ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml", ROOT / "examples" / "新城街道" / "2024.yaml"]
    result = CliRunner().invoke(app, ["build", *map(str, sources), "-o", str(tmp_path), "-f", "docx"])
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("*.docx"))
    assert len(written) == 2
    found = check.check(written, ALL).diagnostics  # named on the command line: checked
    assert [str(d) for d in found] == []
