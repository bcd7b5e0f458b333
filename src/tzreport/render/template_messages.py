"""Jinja's English error messages, said in Chinese for the person who wrote a --templates file.

Pure functions over the message text (and the exception's class name), so that jinja2 stays
behind templating.py. A message we do not know keeps Jinja's words in brackets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# Jinja's names for the tokens that end a tag, as the user types them.
_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "模板末尾",
    "end of comment": "#}",
    "name": "名称",
    "string": "文字",
    "integer": "数字",
}


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


def _closing(m: re.Match[str]) -> str:
    block = m["block"]
    if block:
        return f"“{block}”块没有结束：请在合适的位置写上“{{% end{block} %}}”"
    return "模板意外结束：有标签没有结束"


_SYNTAX: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"Unexpected end of template\..*?(?:innermost block that needs to be closed is '(?P<block>\w+)')?\.?$", re.S),
        _closing,
    ),
    (
        re.compile(r"Encountered unknown tag '(?P<tag>[^']*)'.*?(?:looking for the following tags: (?P<want>.*?)\. The innermost block that needs to be closed is '(?P<block>\w+)')?\.?$", re.S),
        lambda m: f"不认识的标签“{m['tag']}”"
        + (f"：这里应是“{m['block']}”块的结束，如“{{% end{m['block']} %}}”" if m["block"] else ""),
    ),
    (re.compile(r"[Nn]o filter named '(?P<name>[^']*)'"), lambda m: f"没有名为“{m['name']}”的过滤器"),
    (re.compile(r"[Nn]o test named '(?P<name>[^']*)'"), lambda m: f"没有名为“{m['name']}”的测试"),
    (re.compile(r"unexpected char '(?P<char>.*)' at \d+"), lambda m: f"不能识别的字符“{m['char']}”"),
    (re.compile(r"unexpected '(?P<token>.*)'"), lambda m: f"这里不应出现“{_token(m['token'])}”，可能是括号没有配对"),
    (
        re.compile(r"expected token '(?P<want>[^']*)', got '(?P<got>.*)'"),
        lambda m: f"这里应是“{_token(m['want'])}”，实际是“{_token(m['got'])}”",
    ),
    (
        re.compile(r"Expected an expression, got '(?P<got>.*)'"),
        lambda m: f"这里缺少表达式（实际是“{_token(m['got'])}”）",
    ),
    (re.compile(r"[Bb]lock '(?P<name>[^']*)' defined twice"), lambda m: f"块“{m['name']}”定义了两次"),
    (re.compile(r"tag name expected"), lambda m: "“{%”后面缺少标签名"),
    (re.compile(r"unexpected end of (?:string|comment)"), lambda m: "引号或注释没有结束"),
]


def syntax(message: str) -> str:
    """A template syntax error, in Chinese."""
    for pattern, say in _SYNTAX:
        m = pattern.search(message)
        if m:
            return "模板语法错误：" + say(m)
    return f"模板语法错误（{message}）"


def _owner(text: str) -> str:
    """'tzreport.models.Report object' → Report; 'dict object' → dict."""
    return text.removesuffix(" object").rsplit(".", 1)[-1]


def runtime(kind: str, message: str, names: Iterable[str] = ()) -> str:
    """An error while a template renders, in Chinese: kind is the exception's class name,
    names the variables a template can use."""
    if kind == "UndefinedError":
        if m := re.fullmatch(r"'(?P<name>[^']*)' is undefined", message):
            known = "、".join(names)
            return f"模板中的变量“{m['name']}”没有定义" + (f"；可用的变量有：{known}" if known else "")
        if m := re.fullmatch(r"'(?P<owner>.*)' has no attribute '(?P<name>[^']*)'", message):
            return (
                f"{_owner(m['owner'])} 没有属性“{m['name']}”；"
                "报告数据的属性名就是数据格式中的英文键名，如 report.unit、report.year"
            )
        if m := re.fullmatch(r"'(?P<owner>.*)' has no element (?P<name>.*)", message):
            return f"{_owner(m['owner'])} 中没有“{m['name'].strip(chr(39))}”这一项"
    if kind == "SecurityError":
        if m := re.search(r"access to attribute '(?P<name>[^']*)'", message):
            return f"出于安全考虑，模板不能使用属性“{m['name']}”"
        if m := re.search(r"^power (?P<n>.*) is not safely callable", message):
            return f"出于安全考虑，模板中乘方的次数不能超过 100（实际为 {m['n']}）"
        if message.startswith("repeating text"):
            return "出于安全考虑，模板中用“*”重复文字或列表，结果不能超过 10 万项"
        if m := re.search(r"(?P<name>.*) is not safely callable", message):
            return f"出于安全考虑，模板不能调用“{m['name']}”"
        return f"出于安全考虑，模板不能这样写（{message}）"
    if kind == "TemplateNotFound":
        return f"找不到模板“{message}”：模板只能引用模板文件夹中的文件，或以“builtin/”开头的内置模板"
    if kind == "OverflowError" and "MAX_RANGE" in message:
        return "range() 的范围太大：模板中最多只能数到 100000"
    if kind == "ZeroDivisionError":
        return "模板运行出错：除数为零"
    return f"模板运行出错（{kind}: {message}）"
