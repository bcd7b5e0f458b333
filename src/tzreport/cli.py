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
from tzreport.errors import Diagnostic, TzreportError

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


def _warn(warnings: dict[Path, list[Diagnostic]]) -> None:
    for found in warnings.values():
        for warning in found:
            typer.echo(str(warning), err=True)


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
    force: Annotated[
        bool,
        typer.Option("--force", help="覆盖生成以后被修改过的报告（其中的修改会丢失）。"),
    ] = False,
) -> None:
    """校验数据文件并生成报告（Markdown 与 Word）。

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
        outcome = core.build(paths, wanted, output, templates, force=force)
    except TzreportError as exc:
        _fail(exc)
        raise typer.Exit(1) from None
    _warn(outcome.warnings)
    for written in outcome.written.values():
        for target in written:
            typer.echo(f"已生成 {target}")
    for error in outcome.failed.values():
        _fail(error)
    if outcome.failed:
        if len(outcome.written) + len(outcome.failed) > 1:  # one file's error says it all
            typer.echo(
                f"完成：{len(outcome.written)} 个成功，{len(outcome.failed)} 个失败。失败的数据文件：",
                err=True,
            )
            for source in outcome.failed:
                typer.echo(f"  {source}", err=True)
        raise typer.Exit(1)


@app.command()
def check(paths: PathsArg) -> None:
    """校验数据文件，不生成任何文件；有错误时退出码为 1。

    例：tzreport check 2024.yaml
    """
    from tzreport import build as core

    try:
        outcome = core.check(paths)
    except TzreportError as exc:
        _fail(exc)
        raise typer.Exit(1) from None
    _warn(outcome.warnings)
    for error in outcome.failed.values():
        _fail(error)
    if outcome.failed:
        raise typer.Exit(1)
    warned = sum(len(found) for found in outcome.warnings.values())
    if warned:
        typer.echo(f"检查通过：{len(outcome.written)} 个文件没有错误，有 {warned} 条警告。")
    else:
        typer.echo(f"检查通过：{len(outcome.written)} 个文件没有发现问题。")


def main() -> None:
    """Console-script entry point."""
    app()
