"""How validation problems are worded: Chinese messages in the user's own keys, with a "did
you mean" for a misspelt key and the value quoted as it was written. Knows the models, not YAML."""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from pydantic import BaseModel

from tzreport.data import field_types, models
from tzreport.text import written_year

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


# What people write for our keys, from reports and 公文 usage: the key each word means, in
# order of preference where one word means different keys in different places ("说明" is an
# event's 备注, a figure's 口径, an item's 内容); only a key the place has is suggested.
# Spelling alone gets these wrong: "主送单位" is as close to 单位 as to 主送, "活动名称" to 活动.
_MEANINGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("主送单位", "主送机关", "报送单位", "报送机关", "上报单位", "收文单位", "收文机关",
                     "报送", "呈送"), ("主送",)),
    **dict.fromkeys(("单位名称", "填报单位", "报告单位", "社区名称", "社区", "街道", "乡镇", "部门"),
                    ("单位", "署名")),
    **dict.fromkeys(("年份", "年", "报告年度", "所属年度", "年度份"), ("年度",)),
    **dict.fromkeys(("时段", "时间段", "报告期", "报告期间"), ("期间",)),
    **dict.fromkeys(("题目", "报告标题", "总标题", "大标题", "小标题", "主题"), ("标题", "名称")),
    **dict.fromkeys(("开头", "前言", "引言", "开头语", "导言", "序言"), ("导语",)),
    **dict.fromkeys(("结尾", "结束语", "结尾语"), ("结语",)),
    **dict.fromkeys(("落款单位", "署名单位", "发文单位", "发文机关"), ("署名", "落款")),
    **dict.fromkeys(("成文日期", "落款日期", "报告日期"), ("日期", "落款")),
    **dict.fromkeys(("问题", "存在的问题", "不足", "问题与不足", "存在不足", "困难和问题"), ("存在问题",)),
    **dict.fromkeys(("计划", "工作计划", "下步计划", "下一步工作计划", "下年计划", "明年计划", "工作打算",
                     "下一步打算", "打算"), ("下一步计划",)),
    **dict.fromkeys(("基本情况", "总体情况", "概述", "综述"), ("概况",)),
    **dict.fromkeys(("去年", "上一年", "上年度"), ("上年",)),
    **dict.fromkeys(("其它工作", "其他", "其它"), ("其他工作",)),
    **dict.fromkeys(("工作内容", "具体内容", "正文", "文字", "情况"), ("内容", "概况")),
    **dict.fromkeys(("说明", "注", "附注"), ("备注", "口径", "内容")),
    **dict.fromkeys(("工作事项", "各项工作"), ("工作",)),
    **dict.fromkeys(("事项", "内容"), ("工作", "项目", "名称")),
    **dict.fromkeys(("亮点", "重点", "条目"), ("要点",)),
    **dict.fromkeys(("活动情况", "开展活动", "活动记录", "台账"), ("活动",)),
    **dict.fromkeys(("数据", "统计数据", "指标"), ("统计", "项目")),
    **dict.fromkeys(("数字", "数", "数目", "数值", "个数", "总数", "合计"), ("数量", "统计")),
    **dict.fromkeys(("统计项目", "名目"), ("项目",)),
    **dict.fromkeys(("计量单位", "量词"), ("单位",)),
    **dict.fromkeys(("统计口径",), ("口径",)),
    **dict.fromkeys(("活动名称", "活动", "标题"), ("名称",)),
    **dict.fromkeys(("名称",), ("单位", "项目")),
    **dict.fromkeys(("单位",), ("署名",)),
    **dict.fromkeys(("参加人数", "参与人数", "人次", "参会人数", "人员", "参加人员"), ("人数", "数量")),
    **dict.fromkeys(("活动地点", "场所", "地址", "位置"), ("地点",)),
    **dict.fromkeys(("时间", "活动时间", "活动日期", "举办时间"), ("日期",)),
    **dict.fromkeys(("方式", "活动形式", "类型"), ("形式",)),
    **dict.fromkeys(("场次", "场数"), ("次数", "数量")),
}


def unknown_key(
    loc: tuple[Any, ...], model: type[BaseModel] = models.Report, present: frozenset[str] = frozenset()
) -> tuple[str, str | None]:
    """The message for an unknown key, and the Chinese key it probably stands for: by what the
    word means first, then by spelling. `present`: the keys written beside it, which are not
    suggested (the user has them already)."""
    name = str(loc[-1])
    keys = field_types.user_keys(model_at(loc[:-1], model))
    if name in keys:  # both the Chinese and the English name of one field were written
        return f"“{name}”与“{keys[name]}”是同一项，只能写一个", None
    have = {keys[k]: k for k in present if k in keys}  # Chinese key → as written
    guess = _meant(name, keys, set(keys.values()) - set(have))
    if guess:
        return f"未知的键“{name}”，是否想写“{guess}”？", guess
    allowed = dict.fromkeys(keys.values())
    twin = _closest(name, keys)
    if twin in have:  # a second 标题 misspelt ("title" and "tittle"): not a slip for a key farther off
        rest = "、".join(k for k in allowed if k not in have)
        return f"未知的键“{name}”；“{have[twin]}”已经写了，这里还可以写：{rest}", None
    return f"未知的键“{name}”；这里可以写：{'、'.join(allowed)}", None


def _meant(name: str, keys: dict[str, str], wanted: set[str]) -> str | None:
    """The key an unknown name stands for, among those not written yet: a word known to mean
    it; else the one key the name is made of ("主送单位" holds 主送 and 单位, and 单位 is
    there); else the closest spelling, unless that is written already."""
    meanings = [k for k in _MEANINGS.get(name, ()) if k in wanted]
    if meanings:
        return meanings[0]
    inside = sorted(k for k in wanted if k in name)
    if len(inside) == 1:
        return inside[0]
    close = _closest(name, keys)
    return close if close in wanted else None


def _closest(name: str, keys: dict[str, str]) -> str | None:
    """The Chinese key whose Chinese or English name is spelt most like name, if any is near."""
    close = difflib.get_close_matches(name, list(keys), n=1, cutoff=0.5)
    if not close:
        lowered = {k.lower(): k for k in keys}
        close = [lowered[c] for c in difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)]
    return keys[close[0]] if close else None


# What a value of each model must look like, where a shorthand makes it more than a mapping.
_SHAPES: dict[type[BaseModel], str] = {
    models.Section: "应为一组“键: 值”，或以“- ”开头的一串要点",
    models.Event: "应为活动名称，或一组“键: 值”（名称、日期、人数等）",
    models.Point: "应为一段文字，或一组“键: 值”（内容、活动、统计）",
}


def _is_year(err: Any) -> bool:
    loc: tuple[Any, ...] = tuple(err.get("loc") or ())
    return bool(loc) and loc[-1] in ("年度", "year")


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
    elif kind in ("int_type", "int_parsing") and _is_year(err) and (year := written_year(str(value))):
        expected = f"应写成 {year}（只写阿拉伯数字）"  # 二〇二五, 2025年: the year is known, only its writing is wrong
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
