"""The built-in templates as files: listing them, seeing which a folder overrides, copying them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from tzreport.commands import templates
from tzreport.errors import OptionError, OutputError

BUILTIN = ROOT / "templates"


def test_builtin_templates_are_the_top_level_templates_folder() -> None:
    assert templates.builtin_dir().resolve() == BUILTIN.resolve()


def test_list_builtin_templates_with_their_summaries() -> None:
    assert [(t.name, t.summary, t.builtin) for t in templates.list_templates()] == [
        ("items.md.j2", "工作事项（（一）、1.、（1））的写法", True),
        ("report.md.j2", "统战工作总结的主模板（Markdown）", True),
    ]


def test_list_shows_which_file_a_user_folder_puts_in_place(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text('{% extends "builtin/report.md.j2" %}\n', encoding="utf-8")
    (tmp_path / "closing.md.j2").write_text("{#- 我的结尾。 -#}\n", encoding="utf-8")
    found = {t.name: t for t in templates.list_templates(tmp_path)}
    assert (found["report.md.j2"].path, found["report.md.j2"].builtin) == (tmp_path / "report.md.j2", False)
    assert found["items.md.j2"].path.resolve() == (BUILTIN / "items.md.j2").resolve()
    assert (found["closing.md.j2"].summary, found["closing.md.j2"].builtin) == ("我的结尾", False)


def test_copy_all_templates(tmp_path: Path) -> None:
    written = templates.copy_templates(tmp_path / "mine")
    assert written == [tmp_path / "mine" / "items.md.j2", tmp_path / "mine" / "report.md.j2"]
    for path in written:
        assert path.read_bytes() == (BUILTIN / path.name).read_bytes()


def test_copy_named_template(tmp_path: Path) -> None:
    assert templates.copy_templates(tmp_path, ["items.md.j2"]) == [tmp_path / "items.md.j2"]
    assert [p.name for p in tmp_path.iterdir()] == ["items.md.j2"]


def test_copy_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text("我的模板\n", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        templates.copy_templates(tmp_path)
    assert caught.value.message == f"{tmp_path / 'report.md.j2'}: 错误 文件已存在，不会覆盖"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md.j2"]  # items.md.j2 not copied either
    assert (tmp_path / "report.md.j2").read_text(encoding="utf-8") == "我的模板\n"


def test_copy_unknown_template(tmp_path: Path) -> None:
    with pytest.raises(OptionError) as caught:
        templates.copy_templates(tmp_path, ["report.docx.j2"])
    assert caught.value.message == "错误 没有内置模板“report.docx.j2”；内置模板有：items.md.j2、report.md.j2"
