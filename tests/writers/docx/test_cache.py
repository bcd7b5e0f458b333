"""The prepared .docx package kept in the cache folder: the same report either way, python-docx
not even imported when it is there, and a cache that is damaged, turned off or unwritable is
never a reason for a build to fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tzreport import cache
from tzreport.commands.build import BuildOptions, build
from tzreport.writers.docx import package
from tzreport.writers.layout import DEFAULT

DATA = "单位: 甲社区\n年度: 2024\n主送: 新城街道党工委\n存在问题: [认识不到位]\n"


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test; the in-process memory of packages forgotten."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    package.package.cache_clear()
    yield folder
    package.package.cache_clear()


def docx_built(tmp_path: Path, name: str) -> bytes:
    source = tmp_path / "data.yaml"
    source.write_text(DATA, encoding="utf-8")
    outcome = build([source], BuildOptions(("docx",), tmp_path / name))
    assert not outcome.failed
    package.package.cache_clear()  # the next build looks in the cache folder again
    return outcome.written[source][0].read_bytes()


def test_the_cached_package_gives_the_same_report_byte_for_byte(
    tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = docx_built(tmp_path, "first")
    assert [p.name for p in own_cache.glob("docx-package-*")] == [  # (compiled templates beside it)
        f"docx-package-{package._cache_key(DEFAULT)}.json"
    ]
    assert docx_built(tmp_path, "second") == first
    monkeypatch.setenv(cache.ENV, "off")
    assert docx_built(tmp_path, "uncached") == first


def test_a_new_process_with_the_package_cached_does_not_import_python_docx(
    tmp_path: Path, own_cache: Path
) -> None:
    source = tmp_path / "data.yaml"
    source.write_text(DATA, encoding="utf-8")
    probe = (
        "import sys\n"
        "from tzreport.cli.main import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(sorted({'docx', 'lxml'} & {m.split('.')[0] for m in sys.modules}))\n"
    )

    def imported(out: str) -> str:
        args = ["build", str(source), "-o", str(tmp_path / out)]
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                              env={**os.environ, cache.ENV: str(own_cache)})
        assert (tmp_path / out / "甲社区2024年统战工作总结.docx").is_file(), done.stderr
        return done.stdout.splitlines()[-1]

    assert imported("first") == "['docx', 'lxml']"  # made the package, and kept it
    assert imported("second") == "[]"


@pytest.mark.parametrize("garbage", [b"", b"{}", b'{"format": 1, "static_zip": "bm90IGEgemlw"}', b"\xff\xfe"])
def test_a_damaged_cache_file_is_made_again(tmp_path: Path, own_cache: Path, garbage: bytes) -> None:
    good = docx_built(tmp_path, "first")
    (cached,) = own_cache.iterdir()
    cached.write_bytes(garbage)
    assert docx_built(tmp_path, "second") == good
    assert cached.read_bytes() != garbage


@pytest.mark.parametrize("setting", ["off", "file"])
def test_a_cache_turned_off_or_unwritable_is_not_used(
    tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if setting == "file":  # a file where the folder should be: nothing can be written there
        (tmp_path / "a-file").write_text("x", encoding="utf-8")
        monkeypatch.setenv(cache.ENV, str(tmp_path / "a-file" / "cache"))
    else:
        monkeypatch.setenv(cache.ENV, setting)
    assert docx_built(tmp_path, "out").startswith(b"PK")
    assert not (tmp_path / "xdg").exists()
    assert not own_cache.exists()


def test_each_layout_has_its_own_cached_package(tmp_path: Path, own_cache: Path) -> None:
    from docx import Document

    plain = docx_built(tmp_path, "plain")
    (tmp_path / "版式.yaml").write_text("页边距: {上: 30}\n", encoding="utf-8")
    wide = docx_built(tmp_path, "wide")
    assert len(list(own_cache.iterdir())) == 2
    assert wide != plain
    margin = Document(str(tmp_path / "wide" / "甲社区2024年统战工作总结.docx")).sections[0].top_margin
    assert round(margin.mm) == 30


def test_the_cache_folder_follows_the_system(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "tzreport"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "tzreport"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert cache.folder() == tmp_path / "local" / "tzreport" / "cache"
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.folder() is None


@pytest.mark.parametrize("changed", ["writers/layout.py", "text.py", "writers/docx/setup.py"])
def test_a_change_to_any_module_that_shapes_the_package_makes_a_new_entry(
    tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    """The layout profile, the text helpers and the Word setup live in three folders: the
    cache key stamps every module of the package, so an upgrade that changes a figure in any
    of them never builds from a package made by the old code."""
    import shutil

    import tzreport

    tree = tmp_path / "tzreport"
    shutil.copytree(Path(tzreport.__file__).parent, tree)
    monkeypatch.setattr(tzreport, "__file__", str(tree / "__init__.py"))
    package.package(DEFAULT)
    package.package.cache_clear()
    module = tree / changed
    source = module.read_text(encoding="utf-8")
    if changed == "writers/layout.py":
        assert "margin_top_mm: float = 37.0" in source
        source = source.replace("margin_top_mm: float = 37.0", "margin_top_mm: float = 30.0")
    else:
        source += "\n# changed\n"
    module.write_text(source, encoding="utf-8")
    package.package(DEFAULT)
    assert len(list(own_cache.iterdir())) == 2


# ---------------------------------------------------------------- compiled templates


def _render_fresh(tmp_path: Path, user_dir: Path | None = None) -> tuple[str, int]:
    """A report rendered by a new environment (as in a new process), and how many templates
    it had to compile rather than load from the cache folder."""
    import jinja2

    from tzreport.data import loader
    from tzreport.render import templating

    templating.environment.cache_clear()
    templating._builtin_environment.cache_clear()
    compiled = 0
    real = jinja2.Environment.compile  # the sandbox's and the built-in templates' environments

    def counted(self: object, *args: object, **kwargs: object) -> object:
        nonlocal compiled
        compiled += 1
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    jinja2.Environment.compile = counted  # type: ignore[method-assign,assignment]
    try:
        source = tmp_path / "data.yaml"
        source.write_text(DATA, encoding="utf-8")
        return templating.render_markdown(loader.load(source), user_dir), compiled
    finally:
        jinja2.Environment.compile = real  # type: ignore[method-assign]
        templating.environment.cache_clear()
        templating._builtin_environment.cache_clear()


@pytest.fixture
def builtins_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The built-in templates, copied where a test may change them."""
    import shutil

    from tzreport.render import templating

    folder = tmp_path / "builtin"
    shutil.copytree(templating.builtin_dir(), folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(templating, "builtin_dir", lambda: folder)
    return folder


def test_the_built_in_templates_compiled_once_are_loaded_until_one_changes(
    own_cache: Path, tmp_path: Path, builtins_copy: Path
) -> None:
    first, compiled = _render_fresh(tmp_path)
    assert compiled == 2 and first.startswith("# 甲社区2024年统战工作总结")  # report.md.j2, items.md.j2
    assert len(list(own_cache.glob("template-*.jinja"))) == 2
    assert _render_fresh(tmp_path) == (first, 0)  # loaded, not compiled
    report = builtins_copy / "report.md.j2"
    report.write_text(report.read_text(encoding="utf-8") + "\n附：{{ report.unit }}\n", encoding="utf-8")
    changed, compiled = _render_fresh(tmp_path)
    assert (changed, compiled) == (first + "\n附：甲社区\n", 1)  # the change is seen at once
    assert _render_fresh(tmp_path) == (changed, 0)


def test_a_damaged_compiled_template_is_compiled_again(own_cache: Path, tmp_path: Path) -> None:
    first, _ = _render_fresh(tmp_path)
    for kept in own_cache.glob("template-*.jinja"):
        data = kept.read_bytes()
        kept.write_bytes(data[: len(data) // 2])
    assert _render_fresh(tmp_path) == (first, 2)


def test_a_changed_sandbox_never_runs_templates_the_old_one_compiled(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the sandbox's own compiler counts loops and checks `~`: code it made before a change
    # (an upgrade of tzreport) must not be loaded by the new one
    first, _ = _render_fresh(tmp_path)
    real = cache.files_stamp
    monkeypatch.setattr(cache, "files_stamp", lambda paths: real(paths) + "-changed")
    assert _render_fresh(tmp_path) == (first, 2)
    assert len(list(own_cache.glob("template-*.jinja"))) == 4


def test_a_users_templates_are_compiled_each_run_and_kept_nowhere(own_cache: Path, tmp_path: Path) -> None:
    # a template folder someone sent makes tzreport read and write no file outside it
    user = tmp_path / "templates"
    user.mkdir()
    (user / "report.md.j2").write_text("# {{ report.unit }}\n", encoding="utf-8")
    assert _render_fresh(tmp_path, user) == ("# 甲社区\n", 1)
    assert _render_fresh(tmp_path, user) == ("# 甲社区\n", 1)
    assert list(own_cache.glob("template-*")) == []
