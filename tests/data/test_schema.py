"""The JSON Schema for editors: kept in the repository, pointed at by every example, and in
agreement with the loader on what a valid data file is."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT, editor_data
from tzreport.data import loader, models, schema
from tzreport.data.schema import MODELINE, SCHEMA_FILE
from tzreport.errors import DataError

SCHEMA_PATH = ROOT / "examples" / SCHEMA_FILE
VALIDATORS = (jsonschema.Draft202012Validator, jsonschema.Draft7Validator)


def schema_errors(data: Any) -> list[jsonschema.ValidationError]:
    """The schema's verdict, which both drafts must agree on."""
    verdicts = [list(v(schema.schema()).iter_errors(data)) for v in VALIDATORS]
    assert bool(verdicts[0]) == bool(verdicts[1]), verdicts
    return verdicts[0]


def test_schema_file_in_the_repository_is_current(update_golden: bool) -> None:
    """Regenerate with `pytest --update-golden` (or `tzreport schema -o examples/tzreport.schema.json`)."""
    if update_golden:
        SCHEMA_PATH.write_text(schema.text(), encoding="utf-8")
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema.text(), (
        "examples/tzreport.schema.json 已过时：运行 pytest --update-golden 重新生成"
    )


def test_schema_is_valid_in_both_drafts() -> None:
    generated = schema.schema()
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for validator in VALIDATORS:
        validator.check_schema(generated)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_points_at_the_schema_file(example: Path) -> None:
    first = example.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    assert (example.parent / first.removeprefix(MODELINE)).resolve() == SCHEMA_PATH


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_is_valid_under_the_schema(example: Path) -> None:
    assert [e.message for e in schema_errors(editor_data(example.read_text(encoding="utf-8")))] == []


def _every_model() -> list[type[models.BaseModel]]:
    return [
        models.Report, models.Section, models.ExtraSection, models.Item, models.Item3,
        models.Item4, models.Event, models.Stat, models.OverviewStat, models.Signature,
    ]


@pytest.mark.parametrize("model", _every_model(), ids=lambda m: m.__name__)
def test_every_key_is_offered_with_its_chinese_description(model: type[models.BaseModel]) -> None:
    generated = schema.schema()
    body = generated if model is models.Report else generated["$defs"][model.__name__]
    if "anyOf" in body:  # a model with a shorthand: the mapping is one of the choices
        body = next(choice for choice in body["anyOf"] if choice.get("type") == "object")
    props = body["properties"]
    offered = {k for k, v in props.items() if not v.get("doNotSuggest")}
    assert offered == {f.alias for f in model.model_fields.values()}
    for name, field in model.model_fields.items():
        assert props[field.alias]["description"] == field.description
        assert props[name]["description"] == f"同“{field.alias}”（英文键名）"
        assert props[name]["doNotSuggest"] is True


# Each case: a data file, and None when it is valid, else where the schema finds the mistake
# (the path in the data, then the schema keyword that fails).
# The schema and the loader must agree.
HEAD = "单位: 甲社区\n年度: 2024\n"
OK: None = None
CASES = [
    ("最简", HEAD, OK),
    ("英文键", "unit: 甲社区\nyear: 2024\nperiod: 上半年\n", OK),
    ("中文日期", HEAD + "落款: {署名: 甲社区党委, 日期: 2024年12月28日}\n", OK),
    ("斜线日期", HEAD + "落款:\n  日期: 2024/6/5\n", OK),
    ("活动简写与约数", HEAD + textwrap.dedent("""
        民族工作:
          工作:
            - 标题: 宣传
              活动: [故事会, {名称: 讲座, 日期: 2024-05-16, 人数: 60}]
              统计:
                - {项目: 发放宣传手册, 数量: 350余, 单位: 份}
                - {项目: 开展活动, 数量: 12, 约数: true}
        """), OK),
    ("章节简写", HEAD + "存在问题:\n  - 宣传不够\n下一步计划: [加强宣传]\n", OK),
    ("空列表", HEAD + "思想引领:\n  要点:\n  工作:\n", OK),
    ("四级", HEAD + "思想引领:\n  工作:\n    - 标题: a\n      工作:\n        - 标题: b\n"
     "          工作:\n            - 标题: c\n", OK),
    ("缺单位", "年度: 2024\n", ["anyOf"]),
    ("未知键", HEAD + "单为: 甲社区\n", ["additionalProperties"]),
    ("中英文同写", HEAD + "unit: 甲社区\n", ["not"]),
    ("期间", HEAD + "期间: 第三季度\n", ["期间", "enum"]),
    ("年度范围", "单位: 甲社区\n年度: 1999\n", ["年度", "minimum"]),
    ("数量汉字", HEAD + "概况: [{项目: 华侨, 数量: 十}]\n", ["概况", 0, "数量", "pattern"]),
    ("数量负数", HEAD + "概况: [{项目: 华侨, 数量: -1}]\n", ["概况", 0, "数量", "minimum"]),
    ("活动缺名称", HEAD + "民族工作:\n  工作:\n    - 标题: a\n      活动: [{人数: 5}]\n", ["民族工作", "工作", 0, "活动", 0, "anyOf"]),
    ("日期无效", HEAD + "落款:\n  日期: 2024-13-01\n", ["落款", "日期", "anyOf"]),
    ("日期写法", HEAD + "落款:\n  日期: 2024年12月32日\n", ["落款", "日期", "anyOf"]),
    ("只写到月", HEAD + "落款:\n  日期: 2024年3月\n", OK),
    ("万与其中", HEAD + textwrap.dedent("""
        文种: 发言材料
        副标题: （统战群团工作方面）
        其他工作:
          - 标题: 群团工作
            活动: [{名称: 知识竞赛, 次数: 2}]
            统计:
              - {项目: 发放宣传资料, 数量: 1.2万余, 单位: 份}
              - {项目: 收集意见建议, 数量: 52, 单位: 条, 其中: [{项目: 被采纳, 数量: 17}]}
            要点:
              - 加强学习
              - {内容: 丰富形式, 统计: [{项目: 开展集中学习, 数量: 上千}]}
    """), OK),
    ("万写错", HEAD + "概况: [{项目: 华侨, 数量: 1.2万万}]\n", ["概况", 0, "数量", "pattern"]),
    ("文种", HEAD + "文种: 报告\n", ["文种", "enum"]),
    ("其他工作缺标题", HEAD + "其他工作:\n  - 内容: 亮点\n", ["其他工作", 0, "anyOf"]),
    ("其他工作简写", HEAD + "其他工作:\n  - [亮点一]\n", ["其他工作", 0, "type"]),
    ("五级", HEAD + "思想引领:\n  工作:\n    - 标题: a\n      工作:\n        - 标题: b\n"
     "          工作:\n            - 标题: c\n              工作:\n                - 标题: d\n", ["思想引领", "工作", 0, "工作", 0, "工作", 0, "工作", "maxItems"]),
]


@pytest.mark.parametrize(("text", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_schema_and_loader_agree(tmp_path: Path, text: str, where: list[Any] | None) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        loader.load(path)
        loaded = True
    except DataError:
        loaded = False
    assert loaded is (where is None)
    errors = schema_errors(editor_data(text))
    if where is None:
        assert errors == []
    else:
        best = jsonschema.exceptions.best_match(errors)
        assert [*best.absolute_path, best.validator] == where
