"""The built wheel carries the templates: a report builds from it outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True, capture_output=True,
    )
    (found,) = dist.glob("tzreport-*.whl")
    return found


def test_wheel_contains_the_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "tzreport/templates/report.md.j2" in names
    assert "tzreport/templates/items.md.j2" in names
    assert "tzreport/cli.py" in names
    assert "tzreport/data/terms.yaml" in names  # the term list of tzreport check


def test_installed_wheel_builds_a_report_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    data = work / "2024.yaml"
    data.write_text("单位: 甲社区\n年度: 2024\n存在问题: [认识不到位]\n", encoding="utf-8")
    # The unpacked wheel comes first on the path, before the editable install of the checkout.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = (
        "import sys, tzreport, tzreport.templating as t\n"
        "print(tzreport.__file__)\nprint(t.builtin_dir())\n"
        "from tzreport.cli import app\napp(['build', '2024.yaml'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    module, templates = done.stdout.splitlines()[:2]
    assert module.startswith(str(site)) and templates.startswith(str(site))
    assert (work / "甲社区2024年统战工作总结.docx").exists()
    md = (work / "甲社区2024年统战工作总结.md").read_text(encoding="utf-8")
    assert "## 一、存在的问题\n\n一是认识不到位。" in md
