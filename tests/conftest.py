"""Shared helpers: writing data files, and the switch that regenerates golden files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


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


class EditorLoader(yaml.SafeLoader):
    """Reads YAML as an editor's YAML 1.2 language server does: a date stays text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_data(text: str) -> Any:
    """A data file's content as the editor's schema validation sees it."""
    return yaml.load(text, EditorLoader)  # noqa: S506 - a SafeLoader subclass
