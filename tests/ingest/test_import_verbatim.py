"""Import says again what a source said: the share of the source's sentences that the report
rebuilt from the imported data file says word for word, measured on every source we have —
the real reports (tests/seeds), the shipped examples built to Word, and the hand-written
corpus (tests/corpus: a GBK .txt, a Word file of plain paragraphs without numbering and with a
统计 table, a .txt of two reports) — and held at 98% a file.

A sentence runs between 。！？；： and line ends and must stand in the report between the same
marks (import_helpers.said_again). Left out of the count, because import says it leaves them
out (in the data file's header): a template site's noise lines and a roll-up's 附表, which the
roll-up makes again from the data. Run with -s to see the table.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from conftest import ROOT, markdown_of
from handmade import Para, Report, build
from import_helpers import report_lines, said_again
from tzreport.cli.main import app
from tzreport.commands import import_
from tzreport.data import headers
from tzreport.ingest import report_split, source_text, structure

runner = CliRunner()
TARGET = 0.98
SEEDS = sorted((ROOT / "tests" / "seeds").glob("*.txt"))
CORPUS = ROOT / "tests" / "corpus"
EXAMPLE_FOLDERS = sorted({p.parent for p in (ROOT / "examples").rglob("*.yaml") if "tzreport" not in p.name})


class Measure(NamedTuple):
    said: int  # sentences said again word for word
    total: int
    left: int  # paragraphs import says it left out
    missing: list[str]
    written: str  # the data files' text


def source_lines(source: Path, written: str) -> tuple[list[str], int]:
    """The source's paragraphs as import reads them, without what the data file's header says
    import left out (a site's noise, a roll-up's 附表); and how many paragraphs that is."""
    got = import_.read_report(source)
    paras, dropped = source_text.paragraphs(got.paragraphs)
    parts, between = report_split.reports(paras)
    lines = []
    for part in parts:
        left = structure.annex(part) if "原文的附表由汇总时重新算出，没有导入" in written else []
        kept = part[: len(part) - len(left)]
        # “附表：……” before the 落款 (or last, in a report without one)
        note = next((i for i in range(len(kept) - 1, max(-1, len(kept) - 4), -1)
                     if left and re.match(r"^附表\d*：", kept[i].text)), None)
        if note is not None:
            kept = kept[:note] + kept[note + 1:]
        lines += [p.text for p in kept if p.text]
        dropped += [p.text for p in left]
    return lines, len(dropped) + len(between)


def measured(sources: list[Path], tmp_path: Path) -> dict[str, Measure]:
    """Import the sources in one run (a later year finds the year before among them), build
    each data file written in a folder of its own with the previous year's file beside it, and
    measure each source: (sentences said again, sentences, paragraphs left out, those missing)."""
    out = tmp_path / "数据"
    result = runner.invoke(app, ["import", *map(str, sources), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.yaml"))
    texts = {p: p.read_text(encoding="utf-8") for p in written}
    found = {}
    for n, source in enumerate(sources):
        mine = [p for p in written if texts[p].startswith(f"# 由 tzreport import 从“{source.name}”")]
        assert mine, source.name
        rebuilt: list[str] = []
        for path in mine:
            alone = tmp_path / f"单独{n}" / path.stem / path.name
            alone.parent.mkdir(parents=True)
            shutil.copy(path, alone)
            previous = [other for other in written if _year_before(other, path)]
            if len(previous) == 1:  # last year's file, for the 同比 the source said
                shutil.copy(previous[0], alone.parent / previous[0].name)
            rebuilt += [*report_lines(markdown_of(alone)), ""]
        lines, left = source_lines(source, "".join(texts[p] for p in mine))
        said, missing = said_again(lines, rebuilt)
        found[source.name] = Measure(said, said + len(missing), left, missing, "".join(texts[p] for p in mine))
    return found


def _year_before(other: Path, path: Path) -> bool:
    a, b = headers.header(other), headers.header(path)
    return a is not None and b is not None and isinstance(b.year, int) and \
        (a.unit, a.year, a.period, a.kind) == (b.unit, b.year - 1, b.period, b.kind)


def show(found: dict[str, Measure]) -> None:
    for name, (said, total, left, missing, _) in found.items():
        print(f"\n{name}: {said}/{total} = {said / total:.1%}（略去并在文件头说明的段落：{left}）")
        for sentence in missing:
            print(f"    没有原样出现：{sentence}")


def hold(found: dict[str, Measure]) -> None:
    show(found)
    below = {name: m.missing for name, m in found.items() if m.said < TARGET * m.total}
    assert below == {}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_seed_is_said_again_word_for_word(tmp_path: Path, seed: Path) -> None:
    found = measured([seed], tmp_path)
    hold(found)
    assert found[seed.name][1] >= 30


@pytest.mark.slow
@pytest.mark.parametrize("folder", EXAMPLE_FOLDERS, ids=lambda p: p.relative_to(ROOT / "examples").as_posix())
def test_every_shipped_example_built_to_word_is_said_again(tmp_path: Path, folder: Path) -> None:
    from tzreport.commands.build import render
    from tzreport.report import gather

    sources = []
    (tmp_path / "报告").mkdir()
    for data in sorted(folder.glob("*.yaml")):
        made = gather.gather(data)
        sources.append(tmp_path / "报告" / f"{folder.name}{data.stem}.docx")
        sources[-1].write_bytes(render(made.report, "docx", extra=made.extra))
    hold(measured(sources, tmp_path))


def test_a_hand_written_gbk_text_is_said_again(tmp_path: Path) -> None:
    source = tmp_path / "幸福里社区.txt"
    source.write_bytes((CORPUS / "幸福里社区2024.txt").read_text(encoding="utf-8").encode("gbk"))
    hold(measured([source], tmp_path))


def test_a_word_report_of_plain_paragraphs_without_numbering_is_said_again(tmp_path: Path) -> None:
    lines = [line for line in (CORPUS / "光明里社区2024.txt").read_text(encoding="utf-8").split("\n") if line.strip()]
    source = build(Report([Para(line) for line in lines]), tmp_path / "光明里社区.docx")
    hold(measured([source], tmp_path))


def test_the_corpus_and_two_reports_in_one_text_are_said_again(tmp_path: Path) -> None:
    both = tmp_path / "两份报告.txt"
    both.write_text("\n".join((CORPUS / name).read_text(encoding="utf-8") for name in
                              ("幸福里社区2024.txt", "光明里社区2024.txt")), encoding="utf-8")
    found = measured([both], tmp_path / "两份")
    assert len(list((tmp_path / "两份" / "数据").glob("*.yaml"))) == 2
    hold({**found, **measured(sorted(CORPUS.glob("*.txt")), tmp_path / "语料")})
