"""libyaml (fast) and PyYAML's Python parser (detailed errors) must give the same node tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from conftest import EXAMPLES, LONG
from tzreport.data import loader, yaml_nodes
from tzreport.errors import DataError

pytestmark = pytest.mark.skipif(yaml_nodes._CComposer is None, reason="PyYAML 未带 libyaml")


def shape(node: Node) -> object:
    where = (node.tag, node.start_mark.index, node.end_mark.index, node.start_mark.line,
             node.start_mark.column)
    if isinstance(node, ScalarNode):
        return (*where, node.value, node.style)
    if isinstance(node, SequenceNode):
        return (*where, [shape(n) for n in node.value])
    assert isinstance(node, MappingNode)
    return (*where, [(shape(k), shape(v)) for k, v in node.value])


TEXTS = [p.read_text(encoding="utf-8") for p in EXAMPLES] + [
    LONG,
    "单位: 甲\n年度: 2024\n导语: >\n  一行\n  两行\n结语: |\n  三行\n  四行\n",
    "单位: '甲'\n年度: \"2024\"\n概况: [{项目: 华侨, 数量: 4}]\n存在问题: &p [a, b]\n下一步计划: *p\n",
]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_both_parsers_compose_the_same_tree(text: str) -> None:
    fast = yaml_nodes._fast_compose(text)
    slow = yaml_nodes._Composer(text).get_single_node()
    assert fast is not None
    assert shape(fast) == shape(slow)


def test_a_syntax_error_is_reported_by_the_detailed_parser(tmp_path: Path) -> None:
    assert yaml_nodes._fast_compose("单位: [甲\n年度: 2024\n") is None
    bad = tmp_path / "a.yaml"
    bad.write_text("单位: [甲\n年度: 2024\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        loader.load(bad)
    assert caught.value.diagnostics[0].line == 1
