"""The tzreport command line: parse arguments, call the core, print, choose the exit code.

Exit codes: 0 success; 1 the user's data, template or files are wrong; 2 usage error.
Our own errors (TzreportError) become messages on stderr; any other exception is a bug in
tzreport and keeps its traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tzreport import __version__
from tzreport.errors import TzreportError

if TYPE_CHECKING:
    from tzreport.batch import Found

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
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="同时生成的进程数；默认等于 CPU 个数。", metavar="N"),
    ] = None,
) -> None:
    """校验数据文件并生成报告（Markdown 与 Word）。

    例：tzreport build 2024.yaml ；tzreport build 数据/ -o 输出/ -f docx -j 4
    """
    from tzreport import batch
    from tzreport import build as core

    try:
        wanted = core.parse_formats(formats)
    except TzreportError as exc:
        _fail(exc)
        raise typer.Exit(2) from None  # a wrong option value is a usage error
    started = time.perf_counter()
    display = _Display(terminal=sys.stderr.isatty())
    try:
        if templates is not None and not templates.is_dir():
            raise TzreportError(f"{templates}: 错误 模板文件夹不存在")
        outcome = core.build(
            paths, wanted, output, templates, jobs=jobs or batch.cpu_count(),
            on_start=display.start, on_done=display.done,
        )
    except TzreportError as exc:
        display.close()
        _fail(exc)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        display.close()
        typer.echo("已中断：已生成的文件都是完整的，其余文件没有生成。", err=True)
        raise typer.Exit(130) from None
    display.close()
    summary = (
        f"完成：{len(outcome.written)} 个成功，{len(outcome.failed)} 个失败，"
        f"{len(outcome.skipped)} 个跳过，用时 {time.perf_counter() - started:.1f} 秒。"
    )
    typer.echo(summary, err=bool(outcome.failed))
    if outcome.failed:
        raise typer.Exit(1)


SKIPPED = "提示 跳过：不是数据文件（没有顶格书写的“单位:”）"


class _Display:
    """What `build` shows while it works: on a terminal, with more than one file, a progress
    bar (rich, imported only then) with each file's lines above it; otherwise plain lines, one
    per file written or error, for logs and CI."""

    def __init__(self, terminal: bool, console: Any = None) -> None:
        self.terminal = terminal
        self.console = console  # a rich Console; by default one on stderr
        self.bar: Any = None

    def start(self, found: Found) -> None:
        if self.terminal and len(found.files) > 1:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            # No auto refresh: its thread is not wanted while the build starts processes.
            self.bar = Progress(
                TextColumn("生成报告"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=self.console or Console(stderr=True), auto_refresh=False, transient=True,
            )
            self.task = self.bar.add_task("", total=len(found.files))
            self.bar.start()
        for path in found.skipped:
            self.line(f"{path}: {SKIPPED}", err=True)

    def line(self, text: str, err: bool = False) -> None:
        if self.bar is None:
            typer.echo(text, err=err)
        else:
            self.bar.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def done(self, source: Path, written: list[Path], error: TzreportError | None) -> None:
        for target in written:
            self.line(f"已生成 {target}")
        for text in error.lines() if error is not None else []:
            self.line(text, err=True)
        if self.bar is not None:
            self.bar.advance(self.task)
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


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
    for path in outcome.skipped:
        typer.echo(f"{path}: {SKIPPED}", err=True)
    for error in outcome.failed.values():
        _fail(error)
    if outcome.failed:
        raise typer.Exit(1)
    typer.echo(f"检查通过：{len(outcome.written)} 个文件没有发现问题。")


def main() -> None:
    """Console-script entry point."""
    app()
