"""A template cannot eat memory or time (issue 18, finding 2): every width and count a filter
or method takes is bounded, every text it makes and the report itself are bounded, and one
render makes only so much and loops only so often. Each attack ends in a located Chinese
message within about a second."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tzreport.data.models import Report
from tzreport.errors import TemplateError
from tzreport.render import limits
from tzreport.render.templating import render_markdown

REPORT = Report.model_validate({"单位": "甲社区", "年度": 2024})
WIDTH = "的宽度或次数不能超过"
LONG = "的结果不能超过 1,000,000 字"
DOUBLE = "{% set ns = namespace(s='xxxxxxxxxx') %}{% for i in range(40) %}{% set ns.s = ns.s OP ns.s %}{% endfor %}"
NESTED = "{% set a = ['x' * 100000] * 10 %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}{% set c = [b, b, b, b, b] %}"

ATTACKS = [
    ("{{ 'x' | center(2000000000) }}", "“center”" + WIDTH),
    ("{{ '%02000000000d' | format(1) }}", "“%”" + WIDTH),
    ("{{ '%02000000000d' % 1 }}", "“%”" + WIDTH),
    ("{{ '%*d' % (2000000000, 1) }}", "不能用“*”指定宽度"),
    ("{{ 'x'.zfill(2000000000) }}", "“zfill”" + WIDTH),
    ("{{ 'x'.ljust(2000000000) }}", "“ljust”" + WIDTH),
    ("{{ 'x'.rjust(2000000000, '-') }}", "“rjust”" + WIDTH),
    ("{{ 'x'.center(2000000000) }}", "“center”" + WIDTH),
    ("{{ 'a\tb'.expandtabs(2000000000) }}", "“expandtabs”" + WIDTH),
    ("{{ ('\t' * 1000).expandtabs(100000) }}", "“expandtabs”" + LONG),
    ("{{ 'x\\ny' | indent(1000000000) }}", "“indent”" + WIDTH),
    ("{{ ('x\\n' * 50000) | indent(100) }}", "“indent”" + LONG),
    ("{{ '{:>2000000000}'.format(1) }}", "“format”" + WIDTH),
    ("{{ '{0:{1}}'.format(1, 2000000000) }}", "“format”" + WIDTH),
    ("{{ '{a:>2000000000}'.format_map({'a': 1}) }}", "“format”" + WIDTH),
    ("{{ ('x ' * 50000) | wordwrap(1, wrapstring='y' * 1000) }}", "“wordwrap”" + LONG),
    ("{{ ('x' * 100000) | replace('x', 'y' * 1000) }}", "“replace”" + LONG),
    ("{{ ('x' * 1000).replace('x', 'y' * 100000) }}", "“replace”" + LONG),
    ("{{ ('x' * 100000).join(['a'] * 100000) }}", "“join”" + LONG),
    ("{{ (['x'] * 1000) | join('y' * 10000) }}", "“join”" + LONG),
    ("{{ [1] | batch(1000000000, 'x') | list }}", "“batch”" + WIDTH),
    ("{{ [1] | slice(1000000000) | list }}", "“slice”" + WIDTH),
    ("{{ report.unit | tojson(1000000000) }}", "“tojson”" + WIDTH),
    (DOUBLE.replace("OP", "~") + "{{ ns.s }}", "“~”" + LONG),
    (DOUBLE.replace("OP", "+") + "{{ ns.s }}", "“+”" + LONG),
    ("{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}{% endfor %}", "“+”" + WIDTH),
    (NESTED + "{{ c }}", LONG),
    (NESTED + "{{ c | string }}", LONG),
    (NESTED + "{{ c | upper }}", LONG),
    (NESTED + "{{ '%s' % (c,) }}", LONG),
    (NESTED + "{{ '{}'.format(c) }}", LONG),
    (NESTED + "{{ c ~ '' }}", LONG),
    ("{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}", "生成的报告超过 1,000,000 字"),
    ("{% macro m() %}{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}{% endmacro %}{{ m() }}",
     "循环总共超过"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "循环总共超过"),
    ("{% for i in range(100000) %}{% set x = 'y' * 100000 %}{{ x | upper | length }}{% endfor %}", "文字总量超过"),
    ("{% set ns = namespace(x=10 ** 100) %}{% for i in range(10) %}{% set ns.x = ns.x * ns.x %}{% endfor %}", "数字不能超过 3000 位"),
    ("{{ (10 ** 100) ** 100 }}", "数字不能超过 3000 位"),
    ("{{ lipsum(1000000) }}", "变量“lipsum”没有定义"),
    # nesting: Jinja's parser and compiler recurse once a level, Python compiles 20 nested loops
    ("{{ " + "(" * 300 + "1" + ")" * 300 + " }}", "模板嵌套过深：括号的嵌套超过 20 层"),
    ("{{ " + "[" * 300 + "1" + "]" * 300 + " }}", "模板嵌套过深：括号的嵌套超过 20 层"),
    ("{% if true %}" * 2000 + "x" + "{% endif %}" * 2000, "模板嵌套过深：语句块（如 if、for）的嵌套超过 20 层"),
    ("{% for i in [1] %}" * 25 + "x" + "{% endfor %}" * 25, "模板嵌套过深：语句块（如 if、for）的嵌套超过 20 层"),
    ("{{ report.unit" + " | upper" * 300 + " }}", "模板嵌套过深：表达式（过滤器、属性、运算的连写）的层次超过 100 层"),
    ("{{ report" + ".unit" * 300 + " }}", "模板嵌套过深：表达式（过滤器、属性、运算的连写）的层次超过 100 层"),
    ("{{ 1" + " + 1" * 300 + " }}", "模板嵌套过深：表达式（过滤器、属性、运算的连写）的层次超过 100 层"),
    ("{{ " + "not " * 3000 + "1 }}", "模板嵌套过深"),
]


@pytest.mark.parametrize(("template", "message"), ATTACKS)
def test_each_memory_attack_stops_with_a_located_message(tmp_path: Path, template: str, message: str) -> None:
    (tmp_path / "report.md.j2").write_text("\n" + template + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        render_markdown(REPORT, tmp_path)
    assert time.monotonic() - started < 10
    said = info.value.message
    assert said.startswith(f"{tmp_path / 'report.md.j2'}:2: 错误 "), said
    assert message in said, said


def test_limits_leave_ordinary_use_alone(tmp_path: Path) -> None:
    text = ("{{ 'x' | center(5) }}|{{ '%03d' | format(7) }}|{{ '%-4s|' % 'a' }}{{ 'a b c' | wordwrap(3) | length }}"
            "{{ [1, 2, 3] | batch(2) | list | length }}{{ ('ab' * 3) | replace('a', 'AA') }}{{ '-'.join(['a', 'b']) }}"
            "{{ ['a', 'b'] | join('、') }}{{ 2 ** 10 * 3 }}{{ [1] + [2] }}{{ 'ab' ~ 3 }}\n")
    (tmp_path / "report.md.j2").write_text(text, encoding="utf-8")
    assert render_markdown(REPORT, tmp_path) == "x  |007|a   |52AAbAAbAAba-ba、b3072[1, 2]ab3\n"


def test_the_limits_are_the_ones_the_readme_states() -> None:
    readme = (Path(__file__).resolve().parents[2] / "docs" / "安全.md").read_text(encoding="utf-8")
    assert f"{limits.MAX_TEXT // 10_000} 万字" in readme
    assert f"{limits.MAX_WORK // 10_000} 万字" in readme
    assert f"{limits.MAX_STEPS // 10_000} 万次" in readme
    assert f"语句块（`if`、`for`、`macro` 等）套语句块不超过 {limits.MAX_NESTING} 层，括号套括号不超过 {limits.MAX_NESTING} 层" in readme
    assert f"一个表达式不超过 {limits.MAX_DEPTH} 层" in readme


def test_nesting_is_bounded_in_an_included_template_too(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text("标题\n{% include '深.j2' %}\n", encoding="utf-8")
    (tmp_path / "深.j2").write_text("\n\n{% if true %}" * 100 + "x" + "{% endif %}" * 100, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render_markdown(REPORT, tmp_path)
    assert info.value.message.startswith(f"{tmp_path / '深.j2'}:43: 错误 模板嵌套过深"), info.value.message


def test_nesting_up_to_the_limits_still_renders(tmp_path: Path) -> None:
    deep = limits.MAX_NESTING
    text = ("{% for i in [1] %}" * deep + "{{ " + "(" * (deep - 1) + "1" + ")" * (deep - 1) + " }}" + "{% endfor %}" * deep
            + "{{ 'a'" + " | upper" * (limits.MAX_DEPTH - 5) + " }}\n")
    (tmp_path / "report.md.j2").write_text(text, encoding="utf-8")
    assert render_markdown(REPORT, tmp_path) == "1A\n"
