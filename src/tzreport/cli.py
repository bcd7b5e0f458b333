"""The tzreport command line: parse arguments, call the core, print, choose the exit code.

Exit codes: 0 success; 1 the user's data, template or files are wrong; 2 usage error.
Our own errors (TzreportError) become messages on stderr; any other exception is a bug in
tzreport and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tzreport import __version__
from tzreport.errors import TzreportError

app = typer.Typer(
    name="tzreport",
    help="把社区统战工作数据（YAML）生成规范的工作总结：Markdown 与公文格式 Word。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help starts three times faster than rich-formatted help
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tzreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出。"),
    ] = False,
) -> None:
    """把社区统战工作数据（YAML）生成规范的工作总结：Markdown 与公文格式 Word。"""


def _fail(error: TzreportError) -> None:
    for line in error.lines():
        typer.echo(line, err=True)


PathsArg = Annotated[
    list[Path],
    typer.Argument(help="数据文件（.yaml），或包含数据文件的文件夹；可写多个。", show_default=False),
]


@app.command()
def build(
    paths: PathsArg,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="输出格式，逗号分隔：md、docx。", metavar="格式")
    ] = "md,docx",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="输出文件夹；默认与数据文件放在一起。", metavar="文件夹"),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="自定模板文件夹，同名文件覆盖内置模板。", metavar="文件夹"),
    ] = None,
    allow_draft: Annotated[
        bool,
        typer.Option(
            "--allow-draft",
            help="有未填的占位符（如 X场次、AAA）也生成，标题后加“（征求意见稿）”。",
        ),
    ] = False,
) -> None:
    """校验数据文件并生成报告（Markdown 与 Word）。

    有未填的占位符等“错误”级别的检查结果时不生成，除非加 --allow-draft。

    例：tzreport build 2024.yaml ；tzreport build 数据/ -o 输出/ -f docx
    """
    from tzreport import build as core

    try:
        wanted = core.parse_formats(formats)
    except TzreportError as exc:
        _fail(exc)
        raise typer.Exit(2) from None  # a wrong option value is a usage error
    try:
        if templates is not None and not templates.is_dir():
            raise TzreportError(f"{templates}: 错误 模板文件夹不存在")
        outcome = core.build(paths, wanted, output, templates, allow_draft)
    except TzreportError as exc:
        _fail(exc)
        raise typer.Exit(1) from None
    _skipped(outcome.skipped)
    for written in outcome.written.values():
        for target in written:
            typer.echo(f"已生成 {target}")
    for error in outcome.failed.values():
        _fail(error)
    if outcome.failed:
        typer.echo(
            f"完成：{len(outcome.written)} 个成功，{len(outcome.failed)} 个失败。", err=True
        )
        raise typer.Exit(1)


def _skipped(paths: list[Path]) -> None:
    for path in paths:
        typer.echo(f"{path}: 跳过 不是数据文件（顶层没有“单位”“年度”等键）", err=True)


CHECK_FORMATS = ("text", "json", "github")


@app.command()
def check(
    paths: PathsArg,
    strict: Annotated[
        bool, typer.Option("--strict", help="警告也算不通过（退出码 1）。")
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help="输出格式：text（默认）、json（供 CI 和编辑器）、github（GitHub Actions 注释）。",
            metavar="格式",
        ),
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="只做这些检查：代码或代码开头，逗号分隔，如 TZ101,TZ2。", metavar="代码"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="不做这些检查，写法同 --select。", metavar="代码"),
    ] = None,
) -> None:
    """检查数据文件：先校验格式，再检查占位符、标点、重复字词、用语、数字和日期；不生成任何文件。

    每条结果一行：文件:行:列: 级别 代码 字段: 说明。有“错误”时退出码为 1；
    加 --strict 时有“警告”也为 1。在数据文件的行尾写“# tzreport: ignore 代码”可忽略这一行的该项检查。

    例：tzreport check 2024.yaml ；tzreport check 数据/ --strict --format json
    """
    from tzreport import build as core
    from tzreport import lint, lint_rules
    from tzreport.errors import ERROR, WARNING

    try:
        if output_format not in CHECK_FORMATS:
            raise TzreportError(f"错误 不支持的输出格式“{output_format}”；可选：{'、'.join(CHECK_FORMATS)}")
        chosen = lint_rules.selection(select, ignore)
    except TzreportError as exc:
        _fail(exc)
        raise typer.Exit(2) from None
    try:
        checked = core.check(paths, chosen)
    except TzreportError as exc:
        _fail(exc)
        raise typer.Exit(1) from None
    _skipped(checked.skipped)
    found = checked.diagnostics
    if output_format == "json":
        typer.echo(lint.to_json(found))
    elif output_format == "github":
        for line in lint.to_github(found):
            typer.echo(line)
    else:
        for diagnostic in found:
            typer.echo(str(diagnostic), err=True)
    errors = sum(d.level == ERROR for d in found)
    warnings = sum(d.level == WARNING for d in found)
    files = len(checked.files)
    if not found and output_format == "text":
        typer.echo(f"检查通过：{files} 个文件没有发现问题。")
    elif output_format == "text":
        typer.echo(f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。", err=True)
    if errors or (strict and warnings):
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    app()
