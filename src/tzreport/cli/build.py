"""`tzreport build`: its options, and what it shows while it works."""

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tzreport.cli.app import (
    SKIPPED,
    UNREADABLE,
    AllowOutsideOpt,
    ChineseCommand,
    LayoutOpt,
    PathsArg,
    TemplatesOpt,
    app,
    echo,
    fail,
    warn,
)
from tzreport.errors import TzreportError, shown

if TYPE_CHECKING:
    from tzreport.batch.pool import Found


@app.command(cls=ChineseCommand)
def build(
    paths: PathsArg,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="输出格式，逗号分隔：md、docx、pdf、html（可粘贴到公众号编辑器的网页）、xlsx（统计表）。",
                          metavar="格式")
    ] = "md,docx",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="输出文件夹；默认与数据文件放在一起。", metavar="文件夹"),
    ] = None,
    templates: TemplatesOpt = None,
    layout: LayoutOpt = None,
    reference_docx: Annotated[
        Path | None,
        typer.Option("--reference-docx", help="参考 Word 文档：沿用其样式、页面设置和页眉页脚（如红头）。",
                     metavar="文件"),
    ] = None,
    allow_draft: Annotated[
        bool,
        typer.Option(
            "--allow-draft",
            help="有未填的占位符（如 X场次、AAA）也生成，标题后加“（征求意见稿）”。",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="同时生成的进程数；默认等于 CPU 个数。", metavar="N"),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="覆盖生成以后被修改过的报告（其中的修改会丢失）。"),
    ] = False,
    pdf_engine: Annotated[
        str,
        typer.Option("--pdf-engine", help="PDF 的排版方式：typst（内置，毫秒级，无需安装其他软件）或 "
                     "libreoffice（把 Word 文件交给 LibreOffice 转换，需另行安装）。",
                     metavar="引擎"),
    ] = "typst",
    allow_outside: AllowOutsideOpt = False,
) -> None:
    """校验数据文件并生成报告（Markdown 与 Word，可选 PDF 和公众号网页）。

    有未填的占位符等“错误”级别的检查结果时不生成，除非加 --allow-draft。

    例：tzreport build 2024.yaml ；tzreport build 数据/ -o 输出/ -f docx,pdf -j 4
    """
    from tzreport.batch import pool
    from tzreport.commands import build

    started = time.perf_counter()
    display = _Display(terminal=sys.stderr.isatty())
    stop = _signals_stop()
    try:
        options = build.BuildOptions(
            build.parse_formats(formats), output, templates, layout, reference_docx, allow_draft,
            force, build.parse_pdf_engine(pdf_engine), anywhere=allow_outside,
        )
        outcome = build.build(
            paths, options, jobs=jobs or pool.cpu_count(), on_start=display.start, on_done=display.done
        )
    except TzreportError as exc:
        display.close()
        raise fail(exc) from None
    except KeyboardInterrupt as exc:
        display.close()
        echo("已中断：已生成的文件都是完整的并已记录，其余文件没有生成。", err=True)
        raise typer.Exit(exc.code if isinstance(exc, Stopped) else 130) from None
    finally:
        stop()
    display.close()
    warn(outcome.warnings)
    for note in outcome.notes:
        echo(note, err=True)
    summary = (
        f"完成：{len(outcome.written)} 个成功，{len(outcome.failed)} 个失败，"
        f"{len(outcome.skipped)} 个跳过，用时 {time.perf_counter() - started:.1f} 秒。"
    )
    several = len(outcome.written) + len(outcome.failed) > 1 or outcome.skipped
    if outcome.failed and several:
        summary += "失败的数据文件："
    if several:  # for one file, its lines say it all
        echo(summary, err=bool(outcome.failed))
        for source in outcome.failed:
            echo(f"  {source}", err=True)
    if outcome.failed:
        raise typer.Exit(1)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a closed terminal, a service manager, kill): handled like Ctrl+C,
    so that what was written is recorded; the exit code is 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum


def _signals_stop() -> Any:
    """Turn SIGTERM and SIGHUP (where the system has them: not on Windows) into Stopped while a
    build runs; returns the function that puts the previous handlers back."""
    import signal

    def stop(signum: int, frame: Any) -> None:
        raise Stopped(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, stop)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


class _Display:
    """What `build` shows while it works: on a terminal, with more than one file, a progress
    bar (rich, imported only then) with each file's lines above it; otherwise plain lines, one
    per file written or error, for logs and CI."""

    def __init__(self, terminal: bool, console: Any = None) -> None:
        self.terminal = terminal
        self.console = console  # a rich Console; by default one on stderr
        self.bar: Any = None

    def start(self, found: "Found") -> None:
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
        for path in found.unreadable:
            self.line(f"{path}: {UNREADABLE}", err=True)

    def line(self, text: str, err: bool = False) -> None:
        if self.bar is None:
            echo(text, err=err)
        else:
            self.bar.console.print(shown(text), markup=False, highlight=False, soft_wrap=True)

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


