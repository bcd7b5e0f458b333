"""click's own words in Chinese: the headings and metavars of --help, and usage errors ("No
such command", "Missing argument", "Invalid value", "Got unexpected extra argument" …).

Why here, and not through gettext: typer vendors click, and click's words in it are English
literals (only typer's few words, "Arguments", "Options", "Commands", go through gettext), so
no catalogue would reach them. Why not a patch of typer's internals: click's documented
extension points carry the help (a Context class whose formatter writes the usage prefix,
the headings and the rows), and a usage error is an exception the command line's main can
be handed (see cli/app.py) and print itself. What is translated is the finished English
text, matched against click's phrasing; a phrase not known here is shown as it is.

The patterns are plain strings compiled by `re` when first matched (re keeps them): --help
compiles at most two, and a start that prints no error compiles none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from typer.core import TyperCommand

_HEADINGS = {"Arguments": "参数", "Options": "选项", "Commands": "命令"}

# typer's notes after an option's help ("[default: md,docx; required]"), part by part.
_NOTES = (
    (r"env var: (.*)$", r"环境变量：\1"),
    (r"x>=(\S+)$", r"不小于\1"),
    (r"x<=(\S+)$", r"不大于\1"),
    (r"x>(\S+)$", r"大于\1"),
    (r"x<(\S+)$", r"小于\1"),
    (r"(\S+)<=x<=(\S+)$", r"\1至\2"),
)


def _note(part: str) -> str:
    if part == "required":
        return "必填"
    if part.startswith("default: "):
        return f"默认：{part[9:]}"
    return _translated(_NOTES, part)


def _translated(table: Sequence[tuple[str, str | Callable[[re.Match[str]], str]]], text: str) -> str:
    """TEXT said as the first (pattern, Chinese) of TABLE whose pattern matches at its start
    says it (Chinese: a template with \\1 …, or a function of the match), in place of the whole
    text; TEXT as it is when none matches."""
    for pattern, chinese in table:
        if found := re.match(pattern, text, re.S):
            return found.expand(chinese) if isinstance(chinese, str) else chinese(found)
    return text


def help_row(text: str) -> str:
    """An option's help with typer's notes at its end in Chinese."""
    if not text.endswith("]"):
        return text
    found = re.search(r"\[([^\[\]]+)\]$", text)
    if found is None:
        return text
    return f"{text[: found.start()]}[{'；'.join(_note(p) for p in found[1].split('; '))}]"


# click's classes, reached through typer's public command class (typer keeps its copy of click
# private): subclassing them is click's documented way to change the help.
_Context: Any = TyperCommand.context_class


class Formatter(_Context.formatter_class):
    """click's help formatter with Chinese words: 用法：, 参数：, 选项：, 命令：."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        # an argument's Python type ("路径... <list[Path]>") says nothing to a user: its
        # metavar and help say what to write
        rows = [(re.sub(r" <[\w\[\], ]+>$", "", term) if term.endswith(">") else term, help_row(text))
                for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


class Context(_Context):
    formatter_class = Formatter


def adopt(command: Any) -> None:
    """Make a command's help Chinese: its context (and so its formatter) and its metavars."""
    command.context_class = Context
    command.options_metavar = "[选项]"
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = "命令 [参数]..."


def _quoted(names: str) -> str:
    """"'build', 'check'" or "--force, --format" (click's lists of guesses) → “build”、“check”."""
    return "、".join(f"“{name.strip().strip(chr(39))}”" for name in names.split(","))


def _option(hint: str) -> str:
    """"'--jobs' / '-j'" (click's way of naming an option) → “--jobs / -j”."""
    return "“" + " / ".join(part.strip().strip("'") for part in hint.split(" / ")) + "”"


# Why a value is wrong: pydantic's words (typer converts values with it), and the path checks'.
_REASONS = (
    (r"Input should be a valid integer", "应为整数"),
    (r"Input should be a valid number", "应为数字"),
    (r"Input should be a valid boolean", "应为 true 或 false"),
    (r"Input should be greater than or equal to (\S+)$", r"不能小于\1"),
    (r"Input should be less than or equal to (\S+)$", r"不能大于\1"),
    (r"Input should be greater than (\S+)$", r"应大于\1"),
    (r"Input should be less than (\S+)$", r"应小于\1"),
    (r"'(.*)' is not one of (.*)\.$", r"“\1”不是可选的值，可选：\2"),
    (r"(?:File|Directory|Path) '(.*)' does not exist\.$", r"“\1”不存在"),
    (r"(?:File|Directory|Path) '(.*)' is a file\.$", r"“\1”是文件，这里要的是文件夹"),
    (r"(?:File|Directory|Path) '(.*)' is a directory\.$", r"“\1”是文件夹，这里要的是文件"),
    (r"(?:File|Directory|Path) '(.*)' is not readable\.$", r"“\1”无法读取"),
    (r"(?:File|Directory|Path) '(.*)' is not writable\.$", r"“\1”无法写入"),
)


def _reason(text: str) -> str:
    return _translated(_REASONS, text)


# A usage error's message → Chinese, tried in order.
_ERRORS: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
    (r"No such command '(.*)'\. Did you mean (.*)\?$", lambda m: f"没有“{m[1]}”这个命令；是否想写{_quoted(m[2])}？"),
    (r"No such command '(.*)'\.$", lambda m: f"没有“{m[1]}”这个命令"),
    (r"Missing command\.$", lambda m: "缺少命令"),
    (r"No such option: (\S+) \(Possible options: (.*)\)$",
     lambda m: f"没有“{m[1]}”这个选项；是否想写{_quoted(m[2])}？"),
    (r"No such option: (\S+)$", lambda m: f"没有“{m[1]}”这个选项"),
    (r"Missing argument '(.*)'\.$", lambda m: f"缺少参数“{m[1]}”"),
    (r"Missing option (.*)\.$", lambda m: f"缺少选项{_option(m[1])}"),
    (r"Missing parameter: (.*)$", lambda m: f"缺少参数“{m[1]}”"),
    # most often a path with a space, unquoted: it arrives as two arguments
    (r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$",
     lambda m: f"多出了参数：{m[1]}（路径中有空格时，要用英文双引号把整个路径括起来）"),
    (r"Option '(.*)' requires an argument\.$", lambda m: f"选项“{m[1]}”后面要写一个值"),
    (r"Option '(.*)' requires (\d+) arguments\.$", lambda m: f"选项“{m[1]}”后面要写 {m[2]} 个值"),
    (r"Option '(.*)' does not take a value\.$", lambda m: f"选项“{m[1]}”后面不能写值"),
    (r"Argument '(.*)' takes (\d+) values\.$", lambda m: f"参数“{m[1]}”要写 {m[2]} 个值"),
    (r"Invalid value for (.*?): (.*)$", lambda m: f"{_option(m[1])}的值不对：{_reason(m[2])}"),
    (r"Invalid value: (.*)$", lambda m: f"值不对：{_reason(m[1])}"),
)


def error_message(message: str) -> str:
    """click's message for a usage error, in Chinese; one not known here stays as it is."""
    return _translated(_ERRORS, message)


def usage_error(error: Any) -> Iterator[str]:
    """The lines click shows for a usage error (the usage, where to find help, the message),
    in Chinese: one line each (the message's own line breaks are a file name's, and are shown)."""
    if type(error).__name__ == "NoArgsIsHelpError":  # a bare `tzreport`: the help, as it was
        yield from error.format_message().split("\n")
        return
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        yield from ctx.get_usage().split("\n")
        if ctx.command.get_help_option(ctx) is not None:
            yield f"运行 {ctx.command_path} {ctx.help_option_names[0]} 查看帮助。"
        yield ""
    yield f"错误 {error_message(error.format_message())}"
