"""User templates (--templates DIR): a mistake is a Chinese message naming the template file
and line, never blank text; the sandbox keeps a template from reading other files, reaching
Python internals, changing the report or asking for unbounded memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from tzreport.cli.main import app
from tzreport.data.models import Report
from tzreport.errors import TemplateError
from tzreport.render.templating import render_markdown

runner = CliRunner()
REPORT = Report.model_validate({"单位": "甲社区", "年度": 2024, "存在问题": ["认识不到位"]})


@pytest.fixture
def templates(tmp_path: Path):
    """Write report.md.j2 (and other files) into a template folder; returns a renderer."""
    folder = tmp_path / "模板"
    folder.mkdir()

    def render(text: str, **others: str) -> tuple[Path, str]:
        (folder / "report.md.j2").write_text(text, encoding="utf-8")
        for name, content in others.items():
            (folder / name).write_text(content, encoding="utf-8")
        return folder / "report.md.j2", render_markdown(REPORT, folder)

    return render


def error_of(templates, text: str, **others: str) -> str:
    with pytest.raises(TemplateError) as info:
        templates(text, **others)
    return info.value.message


def test_a_user_template_overrides_and_extends_the_built_in(templates) -> None:
    _, out = templates('{% extends "builtin/report.md.j2" %}{% block closing %}特此报告。{% endblock %}')
    assert out.startswith("# 甲社区2024年统战工作总结\n")
    assert out.endswith("认识不到位。\n\n特此报告。\n")


# ---------------------------------------------------------------- mistakes, located


def test_undefined_variable_names_file_and_line(templates, tmp_path: Path) -> None:
    path = tmp_path / "模板" / "report.md.j2"
    assert error_of(templates, "# {{ title }}\n\n{{ 单位名称 }}\n") == (
        f"{path}:3: 错误 模板中的变量“单位名称”没有定义；可用的变量有：report、title、intro、sections、period、overview、rollup、changes、leads"
    )


def test_misspelt_attribute_is_an_error_not_blank_text(templates, tmp_path: Path) -> None:
    path = tmp_path / "模板" / "report.md.j2"
    assert error_of(templates, "# {{ title }}\n{{ report.unti }}\n") == (
        f"{path}:2: 错误 Report 没有属性“unti”；报告数据的属性名就是数据格式中的英文键名，如 report.unit、report.year"
    )


def test_undefined_inside_an_extended_block_names_the_users_file(templates, tmp_path: Path) -> None:
    path = tmp_path / "模板" / "report.md.j2"
    text = '{% extends "builtin/report.md.j2" %}\n{% block closing %}\n{{ 结语 }}\n{% endblock %}\n'
    assert error_of(templates, text).startswith(f"{path}:3: 错误 模板中的变量“结语”没有定义")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# {{ title }\n", 1, "这里不应出现“}”，可能是括号没有配对"),
        ("{% for s in sections %}\n{{ s.title }}\n", 2, "“for”块没有结束：请在合适的位置写上“{% endfor %}”"),
        ("\n{% endif %}\n", 2, "不认识的标签“endif”"),
        ("{{ title | 加粗 }}\n", 1, "没有名为“加粗”的过滤器"),
        ("{% if %}x{% endif %}\n", 1, "这里缺少表达式（实际是“%}”）"),
        ("{{ title ! }}\n", 1, "不能识别的字符“!”"),
        ("{{ title title }}\n", 1, "这里应是“}}”，实际是“title”"),
    ],
    ids=["brace", "endfor", "unknown-tag", "filter", "expression", "char", "token"],
)
def test_syntax_errors_name_file_and_line_in_chinese(
    templates, tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "模板" / "report.md.j2"
    assert error_of(templates, text) == f"{path}:{line}: 错误 模板语法错误：{message}"


def test_syntax_error_in_an_included_template_names_that_file(templates, tmp_path: Path) -> None:
    path = tmp_path / "模板" / "part.md.j2"
    assert error_of(templates, '{% include "part.md.j2" %}', **{"part.md.j2": "\n\n{{ x }\n"}) == (
        f"{path}:3: 错误 模板语法错误：这里不应出现“}}”，可能是括号没有配对"
    )


def test_a_python_error_in_a_user_template_is_the_users_mistake(templates, tmp_path: Path) -> None:
    path = tmp_path / "模板" / "report.md.j2"
    assert error_of(templates, "{{ title }}\n{{ report.year / 0 }}\n") == f"{path}:2: 错误 模板运行出错：除数为零"
    assert error_of(templates, "{{ 1 + title }}\n") == (
        f"{path}:1: 错误 模板运行出错（TypeError: unsupported operand type(s) for +: 'int' and 'str'）"
    )


def test_template_not_in_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "report.md.j2").write_bytes("# {{ title }}（模板）\n".encode("gbk"))
    with pytest.raises(TemplateError) as info:
        render_markdown(REPORT, folder)
    assert info.value.message == (
        f"{folder / 'report.md.j2'}: 错误 模板文件不是 UTF-8 编码：请在记事本中“另存为”，编码选择 UTF-8"
    )


# ---------------------------------------------------------------- the sandbox


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "../../etc/passwd", "builtin/../../x"])
def test_a_template_cannot_include_files_outside_its_folder(templates, tmp_path: Path, name: str) -> None:
    (tmp_path / "secret.txt").write_text("密码", encoding="utf-8")
    path = tmp_path / "模板" / "report.md.j2"
    assert error_of(templates, f'{{% include "{name}" %}}\n') == (
        f"{path}:1: 错误 找不到模板“{name}”：模板只能引用模板文件夹中的文件，或以“builtin/”开头的内置模板"
    )


def test_a_link_out_of_the_template_folder_is_refused(templates, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("密码", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", tmp_path / "模板" / "part.md.j2")
    assert error_of(templates, '{% include "part.md.j2" %}\n') == (
        f"{tmp_path / '模板' / 'part.md.j2'}: 错误 这个模板指向模板文件夹以外的文件，出于安全考虑不能使用"
    )


UNSAFE = "出于安全考虑，模板不能使用属性"
TOO_MANY = "出于安全考虑，模板中用“*”重复文字或列表，结果不能超过 10 万项"


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("report.__class__", f"{UNSAFE}“__class__”"),
        ("''.__class__.__mro__", f"{UNSAFE}“__class__”"),
        ("report.__dict__", f"{UNSAFE}“__dict__”"),
        ("cycler.__init__.__globals__", f"{UNSAFE}“__init__”"),
        ("report.unit.__class__.__base__", f"{UNSAFE}“__class__”"),
        ("report.problems.points.append('x')", f"{UNSAFE}“append”"),  # the report is read-only
        ("'x' * 10 ** 9", TOO_MANY),
        ("[1] * 1000000", TOO_MANY),
        ("2 ** 100000", "出于安全考虑，模板中乘方的次数不能超过 100（实际为 100000）"),
        ("range(10 ** 8) | list", "range() 的范围太大：模板中最多只能数到 100000"),
    ],
)
def test_the_sandbox_refuses_internals_changes_and_huge_results(
    templates, tmp_path: Path, expression: str, message: str
) -> None:
    path = tmp_path / "模板" / "report.md.j2"
    assert error_of(templates, f"{{{{ {expression} }}}}\n") == f"{path}:1: 错误 {message}"


def test_each_attribute_is_judged_for_itself_in_one_environment(templates, tmp_path: Path) -> None:
    # the sandbox keeps its answer per type and name: names found safe first (count, upper)
    # must not open others of the same types in the same process
    path = tmp_path / "模板" / "report.md.j2"
    safe = "{{ report.problems.points.count('x') }}{{ report.unit.upper() }}\n"
    assert templates(safe)[1] == "0甲社区\n"
    assert error_of(templates, "{{ report.problems.points.append('x') }}\n") == (
        f"{path}:1: 错误 {UNSAFE}“append”"
    )
    assert error_of(templates, "{{ report.unit.__class__ }}\n") == f"{path}:1: 错误 {UNSAFE}“__class__”"
    assert templates(safe)[1] == "0甲社区\n"
    assert [p.text for p in REPORT.problems.points] == ["认识不到位"]


def test_small_repetitions_still_work(templates) -> None:
    assert templates("{{ '—' * 3 }}{{ 2 ** 10 }}\n")[1] == "———1024\n"


# ---------------------------------------------------------------- through the command line


def build_with(tmp_path: Path, template: str):
    """Build a minimal data file with report.md.j2 from a template folder, through the CLI."""
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "report.md.j2").write_text(template, encoding="utf-8")
    source = tmp_path / "data.yaml"
    source.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    return runner.invoke(app, ["build", str(source), "--templates", str(folder), "-o", str(tmp_path / "out")])


def test_template_error_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    result = build_with(tmp_path, "# {{ title }}\n{{ 落款 }}\n")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / '模板' / 'report.md.j2'}:2: 错误 模板中的变量“落款”没有定义；"
        "可用的变量有：report、title、intro、sections、period、overview、rollup、changes、leads\n"
    )
    assert not (tmp_path / "out").exists()


def test_control_characters_written_in_a_template_do_not_break_the_docx(tmp_path: Path) -> None:
    result = build_with(tmp_path, "# {{ title }}\x07\n\n正文\x0b一段。\n")
    assert result.exit_code == 0, result.output
    document = Document(str(tmp_path / "out" / "甲社区2024年统战工作总结.docx"))
    assert [p.text for p in document.paragraphs if p.text] == ["甲社区2024年统战工作总结", "正文一段。"]
    assert document.core_properties.title == "甲社区2024年统战工作总结"
