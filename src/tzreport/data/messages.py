"""How validation problems are worded: Chinese messages in the user's own keys, with a "did
you mean" for a misspelt key and the value quoted as it was written. Knows the models, not YAML."""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from pydantic import BaseModel

from tzreport.data import field_types, models

# At the start of a line (after the indentation and any "- "): a word followed by a Chinese
# colon, or by a colon with no space after it.
_SLIP = re.compile(r"([ \t]*(?:-[ \t]+)*)([^\s:：#\"'-][^\s:：]*)(：|:(?=\S))")


def slips(source: str, first_line: int, first_column: int = 0) -> list[tuple[int, int, str]]:
    """(line, column, message), 0-based, for each line of source that starts with one of our
    keys followed by a wrong colon: YAML does not see a key there, only text."""
    found: list[tuple[int, int, str]] = []
    if ":" not in source and "：" not in source:
        return found  # asked of every key and plain value of a file: most have no colon
    for i, line in enumerate(source.split("\n")):
        m = _SLIP.match(line)
        if m and m[2] in all_keys():
            if m[3] == "：":
                message = f"“{m[2]}”后面是中文冒号“：”，应改为半角冒号加空格，如“{m[2]}: ……”"
            else:
                message = f"“{m[2]}:”后面缺少空格，应写成“{m[2]}: ……”"
            found.append((first_line + i, (first_column if i == 0 else 0) + len(m[1]), message))
    return found


@functools.cache
def all_keys() -> frozenset[str]:
    """Every key of every model, Chinese and English."""
    return frozenset(key for model in models.all_models() for key in field_types.user_keys(model))


def model_at(loc: tuple[Any, ...], model: type[BaseModel] = models.Report) -> type[BaseModel]:
    """The model class a location leads to from the file's model (a data file's Report, a
    layout file's …): the one holding loc's last key, or, when loc ends at a model-typed
    field, that field's model."""
    for part in loc:
        if not isinstance(part, str):
            continue
        field = next(
            (f for n, f in model.model_fields.items() if part in (n, f.alias)), None
        )
        if field is None:
            continue
        inner = models.inner_models(field.annotation)
        if inner:
            model = inner[0]
    return model


def unknown_key(
    loc: tuple[Any, ...], model: type[BaseModel] = models.Report
) -> tuple[str, str | None]:
    """The message for an unknown key, and the Chinese key it is probably a misspelling of."""
    name = str(loc[-1])
    keys = field_types.user_keys(model_at(loc[:-1], model))
    if name in keys:  # both the Chinese and the English name of one field were written
        return f"“{name}”与“{keys[name]}”是同一项，只能写一个", None
    close = difflib.get_close_matches(name, list(keys), n=1, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(name.lower(), [k.lower() for k in keys], n=1, cutoff=0.6)
    if close:
        guess = keys.get(close[0], close[0])
        return f"未知的键“{name}”，是否想写“{guess}”？", guess
    allowed = "、".join(dict.fromkeys(keys.values()))
    return f"未知的键“{name}”；这里可以写：{allowed}", None


# What a value of each model must look like, where a shorthand makes it more than a mapping.
_SHAPES: dict[type[BaseModel], str] = {
    models.Section: "应为一组“键: 值”，或以“- ”开头的一串要点",
    models.Event: "应为活动名称，或一组“键: 值”（名称、日期、人数等）",
    models.Point: "应为一段文字，或一组“键: 值”（内容、活动、统计）",
}


def describe(value: Any) -> str:
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, list):
        return "一个列表"
    text = str(value)
    return f"“{text[:30]}……”" if len(text) > 30 else f"“{text}”"


def message(err: Any, model: type[BaseModel]) -> str:
    """What was expected, then what was found (the value as the user wrote it)."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if value is None or kind == "string_too_short":
        return "不能为空"
    if kind == "string_type":
        expected = "应为一段文字"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        expected = "应为整数"
    elif kind == "int_parsing_size":  # thousands of digits: pydantic's words are English
        expected = "数字太大"
    elif kind in ("float_type", "float_parsing"):
        expected = "应为数字"
    elif kind == "greater_than_equal":
        expected = f"不能小于{ctx.get('ge'):g}"
    elif kind == "less_than_equal":
        expected = f"不能大于{ctx.get('le'):g}"
    elif kind == "greater_than":
        expected = f"应大于{ctx.get('gt'):g}"
    elif kind == "less_than":
        expected = f"应小于{ctx.get('lt'):g}"
    elif kind == "list_type":
        expected = "应为列表（每项一行，以“- ”开头）"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        expected = _SHAPES.get(model, "应为一组“键: 值”")
    elif kind in ("bool_type", "bool_parsing"):
        expected = "应为 true 或 false"
    else:  # our own checks in models.py ("count", "period", "date") say it in their words
        expected = str(err["msg"])
    return f"{expected}，实际为{describe(value)}"


def syntax_reason(exc: Any) -> tuple[str, Any]:
    """A plain-Chinese reason for a PyYAML syntax error (a yaml.MarkedYAMLError), and the mark
    of the place that best shows it: for an unclosed bracket or quote that is where it opens,
    not the end of the file."""
    problem, context = exc.problem or "", exc.context or ""
    here, opening = exc.problem_mark, exc.context_mark or exc.problem_mark
    if "'\\t'" in problem:
        return "不能用 Tab 键缩进或分隔，请改用空格", here
    if "cannot start any token" in problem:
        return "“@”和“`”不能写在文字开头：请把整段文字用引号括起来", here
    if "could not find expected ':'" in problem:
        return "这一行缺少冒号：键后面要写半角冒号和空格，如“年度: 2024”", opening
    if "mapping values are not allowed" in problem:
        return "这里不能出现“: ”：文字中有冒号时，请把整段文字用引号括起来；也可能是缩进没有对齐", here
    if "flow sequence" in context:
        return "“[”没有对应的“]”：请补上“]”；若是以“[”开头的文字，请把整段文字用引号括起来", opening
    if "flow mapping" in context:
        return "“{”没有对应的“}”：请补上“}”；若是以“{”开头的文字，请把整段文字用引号括起来", opening
    if "quoted scalar" in context and "end of stream" in problem:
        return "引号没有配对：从这里开始的引号直到文件末尾都没有结束", opening
    if "escape character" in problem:
        return "双引号中的“\\”有特殊含义：请改用单引号，或把“\\”写成“\\\\”", here
    if "alias" in context or "anchor" in context or "undefined alias" in problem:
        return "以“*”或“&”开头的文字，请把整段文字用引号括起来", opening
    if "another document" in problem:
        return "一个文件只能写一份数据：这里的“---”后面又开始了一份，请删除或分成两个文件", here
    if "document start" in problem:
        return "前面有单独一行的“...”，它表示数据到此结束，后面不能再写内容：请删除那一行", here
    if "<scalar>" in problem:
        return "以引号、“[”或“{”开头的文字，要把整段文字用单引号括起来，如：内容: '[注] 说明'", here
    if "block scalar" in context:
        return "“|”“>”表示下面几行是一段多行文字，同一行后面不能再写文字：以“|”或“>”开头的文字，请把整段文字用引号括起来", opening
    if "tag" in context:
        return "以“!”开头的文字，请把整段文字用引号括起来", opening
    if "directive" in context:
        return "以“%”开头的文字，请把整段文字用引号括起来", opening
    if found := re.match(r"expected the node content, but found '(.)'", problem):
        return f"以“{found[1]}”开头的文字，请把整段文字用引号括起来", here
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "缩进没有对齐：同一层的各项要从同一列开始（只用空格缩进）", here
    return f"这里的写法不对（{problem or context}）", here
