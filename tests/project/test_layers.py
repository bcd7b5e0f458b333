"""Architecture rules checked, not hoped for: the package is laid out as its pipeline, dependencies
point down it, nothing imports in a circle, and a core that never prints or exits."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src" / "tzreport"

# Each stage may import the stages below it and the shared modules at the top of the package,
# never one above it: cli → commands → preview → (ingest, lint, writers) → render → report → data,
# and office (Word files: the zip gate, the paragraph walk, LibreOffice) beneath them all.
LEVELS = {
    "shared": 0,  # errors, text, output (and its file_lock, file_replace), regular_file, cache: beneath everything
    "office": 1,
    "data": 2,
    "report": 3,
    "render": 4,
    "writers": 5,
    "lint": 5,
    "ingest": 5,
    "preview": 6,  # the preview's pages and web server, beneath the preview command
    "batch": 6,  # many data files at once: found in folders, worked on in a pool of processes
    "commands": 7,
    "cli": 8,
}
STAGES = set(LEVELS) - {"shared"}
SIDE_BY_SIDE = {"writers", "lint", "ingest"}  # same level, and none uses another


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, typing_too: bool = False) -> set[str]:
    """Every module of ours or another's that a file imports, at the top or inside a function;
    those under `if TYPE_CHECKING:` (which only name a type for an annotation and never run)
    only with typing_too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = set() if typing_too else {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            for alias in node.names:
                if (SRC.parent / node.module.replace(".", "/") / f"{alias.name}.py").is_file():
                    found.add(f"{node.module}.{alias.name}")  # `from tzreport.data import loader`
    return found


FILES = sorted(SRC.rglob("*.py"))
MODULES = {module_name(p): imports(p) for p in FILES}
PACKAGES = {module_name(p) for p in FILES if p.name == "__init__.py"}  # empty: nothing to depend on
OURS = {name: {m for m in mods if m in MODULES and m not in PACKAGES} for name, mods in MODULES.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in STAGES:
        return parts[1]
    return "shared" if len(parts) == 2 and parts[1] in ("errors", "text", "output", "file_lock", "file_replace", "regular_file", "cache") else "top"


def test_the_rules_see_every_module_of_every_stage() -> None:
    # a glob that stopped matching after a move would make every rule below pass on nothing
    assert len(FILES) > 40
    assert {stage(m) for m in MODULES} >= {"shared", *STAGES}
    for module in MODULES:
        assert stage(module) != "top" or module in ("tzreport", "tzreport.__main__"), (
            f"{module}: a module at the top of the package belongs in a stage"
        )


def test_dependencies_point_down_the_pipeline() -> None:
    wrong = []
    for module, deps in OURS.items():
        here = stage(module)
        if here == "top":
            continue
        for dep in deps:
            there = stage(dep)
            if there == here:
                continue
            if there == "top" or LEVELS[there] > LEVELS[here] or (
                here in SIDE_BY_SIDE and there in SIDE_BY_SIDE
            ):
                wrong.append(f"{module} → {dep}")
    assert not wrong


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each module's way back to itself through its imports, where there is one."""

    def circle_from(start: str) -> list[str] | None:
        todo = [(start, [start])]
        seen: set[str] = set()
        while todo:
            module, path = todo.pop()
            for dep in graph.get(module, ()):
                if dep == start:
                    return [*path, dep]
                if dep not in seen:
                    seen.add(dep)
                    todo.append((dep, [*path, dep]))
        return None

    return [c for c in map(circle_from, graph) if c]


def test_no_import_circles_not_even_through_late_imports() -> None:
    assert not circles(OURS)


def test_no_import_circles_through_type_checking_imports() -> None:
    # an import that only names a type is still a dependency: a circle through one is a circle
    typed = {module_name(p): imports(p, typing_too=True) for p in FILES}
    graph = {name: {m for m in mods if m in MODULES and m not in PACKAGES}
             for name, mods in typed.items()}
    assert not circles(graph)


def test_our_modules_are_imported_under_their_own_names() -> None:
    # `from tzreport.lint import check_data as lint` made the tree say one name and the code another
    aliased = []
    for path in [*FILES, *(ROOT / "tests").glob("**/*.py"), *(ROOT / "scripts").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tzreport"):
                aliased += [f"{path.name}: {node.module}.{a.name} as {a.asname}" for a in node.names if a.asname]
            elif isinstance(node, ast.Import):
                aliased += [f"{path.name}: {a.name} as {a.asname}" for a in node.names
                            if a.name.startswith("tzreport") and a.asname]
    assert aliased == []


def test_commands_hold_one_module_per_verb() -> None:
    # `tzreport build` leads to commands/build.py; what is not a verb lives in its own stage
    verbs = {"build", "check", "edit", "export", "import_", "init", "new_year", "preview", "templates"}
    held = {p.stem for p in (SRC / "commands").glob("*.py")} - {"__init__"}
    assert held == verbs


def test_models_import_nothing_of_ours() -> None:
    assert OURS["tzreport.data.models"] == {"tzreport.data.field_types"}  # their building blocks
    assert not OURS["tzreport.data.field_types"]


def test_modules_are_short_and_say_what_they_hold() -> None:
    for path in FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) <= 400, f"{path.relative_to(SRC)}: {len(lines)} lines"
        if path.name == "__init__.py" and path.parent != SRC:
            assert not lines, f"{path.relative_to(SRC)} must stay empty (no re-exports)"
            continue
        doc = ast.get_docstring(ast.parse("\n".join(lines)))
        if path.name != "__main__.py":
            assert doc and doc.splitlines()[0].strip(), f"{path.relative_to(SRC)} has no docstring"


def users(lib: str) -> set[str]:
    return {n for n, mods in MODULES.items() if any(m.split(".")[0] == lib for m in mods)}


def test_only_the_cli_imports_typer_and_rich() -> None:
    assert users("typer") and all(stage(m) == "cli" for m in users("typer"))
    assert users("rich") and all(stage(m) == "cli" for m in users("rich"))


@pytest.mark.parametrize(
    ("lib", "module"),
    [
        ("yaml", "tzreport.data.yaml_nodes"),
        ("docx", "tzreport.writers.docx.setup"),  # writing Word files only: office reads them
        ("jinja2", "tzreport.render.templating tzreport.render.sandbox"),
        ("markdown_it", "tzreport.render.document"),
        ("mdit_py_plugins", "tzreport.render.document"),
        ("jieba", "tzreport.lint.segment"),
        ("lxml", "tzreport.writers.docx.comments"),  # inserting comment marks
        ("watchfiles", "tzreport.commands.preview"),
        ("typst", "tzreport.writers.pdf.typst"),
        ("python_calamine", "tzreport.ingest.ledger"),
        ("olefile", "tzreport.ingest.sheet_extent"),
        ("xlsxwriter", "tzreport.writers.xlsx.sheets"),
        ("ruamel", "tzreport.preview.yaml_edit"),
    ],
)
def test_each_library_lives_behind_one_module(lib: str, module: str) -> None:
    assert users(lib) == set(module.split())


def test_the_template_limits_need_no_jinja() -> None:
    assert not any(m.split(".")[0] == "jinja2" for m in MODULES["tzreport.render.limits"])


def test_core_never_prints_or_exits() -> None:
    for path in FILES:
        name = module_name(path)
        if stage(name) == "cli" or name == "tzreport.__main__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("print", "exit", "quit"), name
            if isinstance(node, ast.Attribute) and node.attr == "exit":
                raise AssertionError(f"{name} calls an exit")


def test_help_and_check_do_not_import_heavy_libraries(tmp_path: Path) -> None:
    data = tmp_path / "a.yaml"
    data.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from tzreport.cli.main import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "heavy = {'docx', 'lxml', 'jinja2', 'markdown_it', 'watchfiles', 'playwright', 'http', 'typst', 'python_calamine', 'olefile', 'jieba', 'xlsxwriter'}"
        " & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    commands = (["--help"], ["import", "--help"], ["export", "--help"], ["check", str(data)], ["init", str(tmp_path / "new")],
                ["new-year", str(data)], ["schema"], ["templates", "list"])
    for args in commands:
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
        assert done.stdout.splitlines()[-1] == "[]", (args, done.stdout, done.stderr)


def test_a_command_imports_only_the_module_adding_it(tmp_path: Path) -> None:
    # typer builds every command it was given at each start: `tzreport check` is given one
    data = tmp_path / "a.yaml"
    data.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from tzreport.cli.main import main\n"
        "sys.argv = ['tzreport', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('tzreport.cli.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, "check", str(data)], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "['tzreport.cli.app', 'tzreport.cli.check', 'tzreport.cli.chinese', 'tzreport.cli.main']", done.stderr
    done = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True, text=True)
    assert all(f"  {name} " in done.stdout for name in ("build", "check", "import", "export", "init", "new-year",
                                                       "preview", "edit", "schema", "templates")), done.stdout


def test_help_imports_nothing_but_the_command_line(tmp_path: Path) -> None:
    # cold --help is measured against `import typer` alone (make bench)
    probe = (
        "import sys\n"
        "import typer\n"
        "before = set(sys.modules)\n"
        "from tzreport.cli.main import main\n"
        "sys.argv = ['tzreport', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in set(sys.modules) - before} - {'tzreport', 'typer'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr
