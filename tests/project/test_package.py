"""The built wheel carries the templates and the examples: installed into a fresh virtual
environment, it starts a folder and builds a report outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import test_docs

from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow  # builds and installs a wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    # verbose: the build backend's own lines, where setuptools would warn
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(dist), str(ROOT)],
        check=True, capture_output=True, text=True, encoding="utf-8", errors="replace",
    )
    (dist / "build.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    (found,) = dist.glob("tzreport-*.whl")
    return found


def test_the_build_gives_no_package_warning(wheel: Path) -> None:
    """An example folder missing from pyproject's packages made every install print
    "Package would be ignored" (tests/project/test_packaging_config.py names which one)."""
    log = (wheel.parent / "build.log").read_text(encoding="utf-8")
    assert "running bdist_wheel" in log  # the backend's output was captured
    assert "would be ignored" not in log


def test_wheel_contains_the_templates_and_the_examples(wheel: Path) -> None:
    # the README tells a colleague to install the file by this name (tests/project/test_docs.py)
    assert wheel.name == test_docs.WHEEL
    names = zipfile.ZipFile(wheel).namelist()
    assert "tzreport/templates/report.md.j2" in names
    assert "tzreport/templates/items.md.j2" in names
    assert "tzreport/cli/main.py" in names
    assert "tzreport/examples/tzreport.schema.json" in names
    for example in EXAMPLES:
        assert f"tzreport/examples/{example.relative_to(ROOT / 'examples').as_posix()}" in names
    assert "tzreport/lint/terms.yaml" in names  # the term list of tzreport check
    assert "tzreport/writers/pdf/report.typ" in names  # the page design of the Typst PDF


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
        "import sys, tzreport, tzreport.render.templating as t\n"
        "print(tzreport.__file__)\nprint(t.builtin_dir())\n"
        "from tzreport.cli.main import app\napp(['build', '2024.yaml'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    module, templates = done.stdout.splitlines()[:2]
    assert module.startswith(str(site)) and templates.startswith(str(site))
    assert (work / "甲社区2024年统战工作总结.docx").exists()
    md = (work / "甲社区2024年统战工作总结.md").read_text(encoding="utf-8")
    assert "## 一、存在的问题\n\n认识不到位。" in md


def test_wheel_in_a_fresh_virtual_environment_inits_and_builds(wheel: Path, tmp_path: Path) -> None:
    """pip installs the wheel and its dependencies (from pip's cache when it has them)."""
    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    install = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         str(wheel)],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr
    work = tmp_path / "work"
    work.mkdir()
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def tzreport(*args: str) -> str:
        done = subprocess.run([str(bin_dir / "tzreport"), *args], cwd=work, env=environ,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    tzreport("init", "甲社区", "--year", "2025")
    assert tzreport("build", "甲社区/2025.yaml").splitlines() == [
        "已生成 甲社区/甲社区2025年统战工作总结.md",
        "已生成 甲社区/甲社区2025年统战工作总结.docx",
    ]
    md = (work / "甲社区" / "甲社区2025年统战工作总结.md").read_text(encoding="utf-8")
    assert md.startswith("# 甲社区2025年统战工作总结及2026年工作计划\n")
    site = str(env_dir.resolve())
    assert all(line.startswith(f"  {site}") for line in tzreport("templates", "list").splitlines()[1::2])
