"""The template page (docs/模板.md) stays true: its worked override runs as it says, and
its tables name exactly the blocks, variables and filters there are."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT
from tzreport.commands.build import render
from tzreport.data import loader
from tzreport.render import templating

README = (ROOT / "docs" / "模板.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"
# the page's worked override runs on a report sent upward (with 主送 and 落款)
SENT = ROOT / "examples" / "新城街道" / "河畔花园社区" / "2023.yaml"


def _section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n#", start + len(title))
    return README[start:end]


def _first_column(title: str) -> set[str]:
    return set(re.findall(r"^\| `([^`]+)`", _section(title), re.M))


def test_worked_override_adds_its_sentence_to_reports_sent_upward(tmp_path: Path, write_yaml) -> None:
    (template,) = re.findall(r"```jinja\n(.*?)```", README, re.S)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "report.md.j2").write_text(template, encoding="utf-8")
    assert f"tzreport build examples/{SENT.relative_to(ROOT / 'examples').as_posix()} --templates 我的模板" in README
    out = render(loader.load(SENT), "md", tmp_path / "t").decode("utf-8")
    assert "力争创建市级民族团结进步示范社区。\n\n特此报告。\n\n::: 落款\n" in out
    plain = render(loader.load(SENT), "md").decode("utf-8")
    assert out.replace("特此报告。\n\n", "") == plain
    no_addressee = write_yaml("单位: 甲社区\n年度: 2024\n结语: 完。\n", "in/a.yaml")
    assert "特此报告" not in render(loader.load(no_addressee), "md", tmp_path / "t").decode("utf-8")


def test_block_table_names_the_blocks_of_the_main_template() -> None:
    source = (templating.builtin_dir() / templating.ENTRY).read_text(encoding="utf-8")
    assert _first_column("## 可以改的块") == set(re.findall(r"{% block (\w+) %}", source))


def test_variable_table_names_the_template_context() -> None:
    assert _first_column("## 模板变量") == set(templating.context(loader.load(EXAMPLE)))


def test_filter_table_names_every_filter() -> None:
    assert _first_column("## 过滤器") == set(templating.FILTERS)


def test_filter_examples_on_literal_values_give_what_the_table_says() -> None:
    examples = re.findall(r"`\{\{ ([\[\d\"][^`]*?) \}\}` → ([^；|\n]+?)\s*(?:；|\|)", _section("## 过滤器"))
    assert len(examples) == 5
    env = templating.environment()
    for expression, shown in examples:
        assert env.from_string("{{ " + expression.replace("\\|", "|") + " }}").render() == shown
