"""Every folder that ships is listed in pyproject's packages: an unlisted source folder is left out
of the wheel (`tzreport import` would fail after a plain install), and an unlisted example folder
makes setuptools warn "Package would be ignored" on every install (its Chinese name is a valid
identifier, so it looks like a forgotten package)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from conftest import ROOT

CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folders(top: Path, package: str) -> set[str]:
    """The dotted names of top and every folder under it that holds a file."""
    names = set()
    for folder in [top, *sorted(p for p in top.rglob("*") if p.is_dir())]:
        if folder.name == "__pycache__" or not any(f.is_file() for f in folder.iterdir()):
            continue
        names.add(".".join([package, *folder.relative_to(top).parts]))
    return names


def test_every_example_folder_is_listed_as_a_package() -> None:
    assert CONFIG["package-dir"]["tzreport.examples"] == "examples"
    missing = _folders(ROOT / "examples", "tzreport.examples") - set(CONFIG["packages"])
    assert not missing, f"在 pyproject.toml 的 packages 中加上：{sorted(missing)}"


def test_every_source_folder_is_listed_as_a_package() -> None:
    missing = _folders(ROOT / "src" / "tzreport", "tzreport") - set(CONFIG["packages"])
    assert not missing, f"在 pyproject.toml 的 packages 中加上：{sorted(missing)}"


def test_every_listed_package_exists() -> None:
    roots = {k: v for k, v in CONFIG["package-dir"].items() if k}
    for name in CONFIG["packages"]:
        top = next((k for k in roots if name == k or name.startswith(k + ".")), "")
        rest = name[len(top):].lstrip(".").split(".") if top else name.split(".")
        assert (ROOT / (roots[top] if top else CONFIG["package-dir"][""])).joinpath(*filter(None, rest)).is_dir(), name
