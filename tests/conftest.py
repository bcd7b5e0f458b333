"""Shared helpers: writing data files, and the switch that regenerates golden files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


def markdown_of(path: Path) -> str:
    """The Markdown a build writes for a data file: with a roll-up's sums and the 同比 of a
    previous year."""
    from tzreport import facts
    from tzreport.templating import render_markdown

    gathered = facts.gather(path)
    return render_markdown(gathered.report, extra=gathered.extra)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.md from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Write a data file (dedented) into the test's folder and return its path."""

    def write(text: str, name: str = "data.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
