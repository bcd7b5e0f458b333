"""The tests are laid out as the package is, so that whoever changes src/tzreport/X finds its
tests in tests/X: every test file sits in a folder named after a package of src/tzreport (or a
module of its top level, such as output.py), or in tests/project/ when it spans the whole
project; and a file is named after what it tests, never after the review that asked for it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

TESTS = ROOT / "tests"
SRC = ROOT / "src" / "tzreport"
TEST_FILES = sorted(TESTS.rglob("test_*.py"))


def homes() -> set[str]:
    """Where a test file may live: a package's path under src/tzreport, a top-level module's
    name, project, or windows (the Windows suite, run under the Windows Python by make
    test-windows)."""
    packages = {p.parent.relative_to(SRC).as_posix() for p in SRC.rglob("__init__.py")} - {"."}
    modules = {p.stem for p in SRC.glob("*.py")} - {"__init__", "__main__"}
    return packages | modules | {"project", "windows"}


def test_there_are_test_files_to_check() -> None:
    assert len(TEST_FILES) > 50


def test_every_test_file_sits_in_the_folder_of_what_it_tests() -> None:
    allowed = homes()
    astray = [p.relative_to(TESTS).as_posix() for p in TEST_FILES
              if p.parent.relative_to(TESTS).as_posix() not in allowed]
    assert astray == []


def test_no_test_file_is_named_after_a_review() -> None:
    named = [p.relative_to(TESTS).as_posix() for p in TEST_FILES
             if re.search(r"(^|_)(rounds?|findings?|issues?\d*|reviews?)(_|$)", p.stem)]
    assert named == []


def test_test_file_names_are_unique() -> None:
    # without __init__.py files pytest imports each test file by its name alone: two files of one
    # name in different folders would clash
    seen: dict[str, list[Path]] = {}
    for path in TEST_FILES:
        seen.setdefault(path.name, []).append(path)
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}
    assert not [p for p in TESTS.rglob("__init__.py")]
