"""make bench keeps working: its in-process measurements run against today's API (a bench that
broke silently when the writers began taking the parsed document would measure nothing)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT


def test_the_bench_measures_a_few_reports_in_process(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bench  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    folder = bench.make_folder(tmp_path, 3)
    md_ms, docx_ms = bench.warm_per_report(folder, 3)
    assert 0 < md_ms < 1000 and 0 < docx_ms < 1000
    assert 0 < bench.warm_pdf_ms(folder, 2) < 5000
    assert 0 < bench.warm_rollup_xlsx_s(folder, 3, tmp_path) < 5
