"""Architecture rules checked, not hoped for: who may import what, and a core that never
prints or exits."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "tzreport"


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "tzreport":
                found |= {f"tzreport.{a.name}" for a in node.names}
    return found


MODULES = {p.stem: imports(p) for p in SRC.glob("*.py")}


def test_models_import_nothing_of_ours() -> None:
    assert not {m for m in MODULES["models"] if m.startswith("tzreport")}


def test_only_cli_imports_typer() -> None:
    users = {name for name, mods in MODULES.items() if any(m.split(".")[0] == "typer" for m in mods)}
    assert users == {"cli"}


def test_each_library_lives_behind_one_module() -> None:
    def users(lib: str) -> set[str]:
        return {n for n, mods in MODULES.items() if any(m.split(".")[0] == lib for m in mods)}

    assert users("yaml") == {"loader"}
    assert users("docx") == {"word_setup"}
    assert users("jinja2") == {"templating"}
    assert users("markdown_it") | users("mdit_py_plugins") == {"word"}
    assert users("rich") == {"cli"}


def test_core_never_prints_or_exits() -> None:
    for path in SRC.glob("*.py"):
        if path.stem in ("cli", "__main__"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("print", "exit", "quit"), path.name
            if isinstance(node, ast.Attribute) and node.attr == "exit":
                raise AssertionError(f"{path.name} calls an exit")


def test_help_and_check_do_not_import_heavy_libraries(tmp_path: Path) -> None:
    data = tmp_path / "a.yaml"
    data.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from tzreport.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "heavy = {'docx', 'lxml', 'jinja2', 'markdown_it', 'python_calamine'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    commands = (["--help"], ["import", "--help"], ["check", str(data)], ["init", str(tmp_path / "new")],
                ["new-year", str(data)], ["schema"], ["templates", "list"])
    for args in commands:
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
        assert done.stdout.splitlines()[-1] == "[]", (args, done.stdout, done.stderr)
