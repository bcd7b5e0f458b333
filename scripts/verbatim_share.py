"""How much of a built report import gives back word for word: each shipped example (not the
roll-ups, whose sums and 附表 come from their members' files) is built with `tzreport build`
(同比 included), the .docx (or .md) imported into a folder holding a copy of last year's data
file when there is one, and the imported file built again. Prints, per example and in all, the
sentences of the first report found identical in the second.

    .venv/bin/python scripts/verbatim_share.py [docx|md]
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from tzreport.cli.main import app
from tzreport.data import loader

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def sentences(markdown: str) -> list[str]:
    """The sentences of a report's Markdown: its paragraphs and headings cut after 。！？,
    without Markdown marks; containers and tables left out."""
    out = []
    for line in markdown.split("\n"):
        if not line.strip() or line.startswith((":::", "|")):
            continue
        line = re.sub(r"^#+\s*", "", line).replace("**", "").replace("\\", "")
        out += [s for s in re.findall(r"[^。！？]+[。！？]?", line) if s.strip()]
    return out


def build(path: Path, fmt: str, folder: Path) -> Path:
    result = runner.invoke(app, ["build", str(path), "-f", fmt, "-o", str(folder)])
    if result.exit_code:
        raise SystemExit(result.output)
    (built,) = folder.glob(f"*.{fmt}")
    return built


def main(fmt: str) -> None:
    total = same = 0
    for example in sorted((ROOT / "examples").rglob("*.yaml")):
        report = loader.load(example)
        if report.rollup:
            continue
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp)
            source = build(example, fmt, folder / "source")
            first = build(example, "md", folder / "first").read_text(encoding="utf-8")
            data = folder / "data"
            data.mkdir()
            previous = example.parent / f"{report.year - 1}.yaml"
            if previous.is_file() and loader.load(previous).unit == report.unit:
                shutil.copy(previous, data / "上年.yaml")
            result = runner.invoke(app, ["import", str(source), "-o", str(data)])
            if result.exit_code:
                raise SystemExit(result.output)
            (imported,) = [p for p in data.glob("*.yaml") if p.name != "上年.yaml"]
            second = build(imported, "md", folder / "second").read_text(encoding="utf-8")
        said, again = sentences(first), set(sentences(second))
        found = sum(s in again for s in said)
        total, same = total + len(said), same + found
        print(f"{example.relative_to(ROOT)}: {found}/{len(said)}{'' if first == second else '（报告不同）'}")
        for sentence in said:
            if sentence not in again:
                print(f"    没有原样出现：{sentence}")
    print(f"合计 {same}/{total} = {same / total:.1%}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docx")
