"""The tzreport command line: parse arguments, call the core, print, choose the exit code.

Exit codes: 0 success; 1 the user's data, template or files are wrong; 2 usage error.
Our own errors (TzreportError) become messages on stderr; any other exception is a bug in
tzreport and keeps its traceback.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

# scaffold is light on purpose: its table of examples is in the help of init.
from tzreport import __version__, scaffold
from tzreport.errors import Diagnostic, OptionError, TzreportError

# Help texts of the options typer and click add themselves.
_OWN_OPTIONS = {
    "install_completion": "为当前的命令行（bash、zsh、fish、PowerShell）安装 Tab 键补全，重开终端后生效。",
    "show_completion": "显示当前命令行的补全脚本，可复制后自行安装。",
}


class _ChineseHelp:
    """Gives -h/--help and the completion options Chinese help texts."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.name in _OWN_OPTIONS:
                param.help = _OWN_OPTIONS[param.name]
        return params


class ChineseGroup(_ChineseHelp, TyperGroup):
    pass


class ChineseCommand(_ChineseHelp, TyperCommand):
    pass


if TYPE_CHECKING:
    from tzreport.batch import Found

app = typer.Typer(
    name="tzreport",
    help="把社区统战工作数据（YAML）生成规范的工作总结：Markdown 与公文格式 Word。",
    cls=ChineseGroup,
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
    typer.Argument(
        help="数据文件（.yaml），或包含数据文件的文件夹；可写多个。", show_default=False, metavar="路径..."
    ),
]


@app.command(cls=ChineseCommand)
def build(
    paths: PathsArg,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="输出格式，逗号分隔：md、docx、pdf（pdf 需安装 LibreOffice）。",
                          metavar="格式")
    ] = "md,docx",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="输出文件夹；默认与数据文件放在一起。", metavar="文件夹"),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="自定模板文件夹，同名文件覆盖内置模板。", metavar="文件夹"),
    ] = None,
    layout: Annotated[
        Path | None,
        typer.Option("--layout", help="版式文件（字体、行距、页边距）；默认用数据文件旁的 版式.yaml。",
                     metavar="文件"),
    ] = None,
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
) -> None:
    """校验数据文件并生成报告（Markdown 与 Word，可选 PDF）。

    有未填的占位符等“错误”级别的检查结果时不生成，除非加 --allow-draft。

    例：tzreport build 2024.yaml ；tzreport build 数据/ -o 输出/ -f docx,pdf -j 4
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
            paths, wanted, output, templates, layout, reference_docx, allow_draft, force,
            jobs=jobs or batch.cpu_count(), on_start=display.start, on_done=display.done,
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
    _warn(outcome.warnings)
    summary = (
        f"完成：{len(outcome.written)} 个成功，{len(outcome.failed)} 个失败，"
        f"{len(outcome.skipped)} 个跳过，用时 {time.perf_counter() - started:.1f} 秒。"
    )
    several = len(outcome.written) + len(outcome.failed) > 1 or outcome.skipped
    if outcome.failed and several:
        summary += "失败的数据文件："
    if several:  # for one file, its lines say it all
        typer.echo(summary, err=bool(outcome.failed))
        for source in outcome.failed:
            typer.echo(f"  {source}", err=True)
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


def _skipped(paths: list[Path]) -> None:
    for path in paths:
        typer.echo(f"{path}: {SKIPPED}", err=True)


CHECK_FORMATS = ("text", "json", "github")


@app.command(cls=ChineseCommand)
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


def _exit(error: TzreportError) -> typer.Exit:
    """Print the error; the exit to raise: 2 for a wrong option value, 1 for everything else."""
    _fail(error)
    return typer.Exit(2 if isinstance(error, OptionError) else 1)


@app.command(cls=ChineseCommand)
def init(
    folder: Annotated[
        Path, typer.Argument(help="要创建的文件夹（可以已存在）。", metavar="文件夹", show_default=False)
    ],
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help="单位名称；默认用文件夹的名字。", metavar="名称"),
    ] = None,
    year: Annotated[
        str | None, typer.Option("--year", "-y", help="年度；默认今年。", metavar="年度")
    ] = None,
    example: Annotated[
        str,
        typer.Option(
            "--example",
            "-e",
            help=f"从哪个示例开始：{'、'.join(scaffold.EXAMPLES)}。",
            metavar="示例",
            autocompletion=lambda: list(scaffold.EXAMPLES),
        ),
    ] = scaffold.DEFAULT_EXAMPLE,
) -> None:
    """从示例开始一个单位的数据文件夹。

    在文件夹中写入：数据文件（从示例复制，已填好单位和年度）、说明.md（要改哪些地方）、
    tzreport.schema.json（编辑器自动补全用）。已有的数据文件不会被覆盖。

    例：tzreport init 幸福里社区 --year 2025 ；tzreport init 出头岭镇 -e 上半年
    """
    try:
        created = scaffold.init(folder, unit, year, example)
    except TzreportError as exc:
        raise _exit(exc) from None
    for path in created.written:
        typer.echo(f"已创建 {path}")
    for path in created.kept:
        typer.echo(f"已有 {path}，保持不变")
    typer.echo(
        f"下一步：按“说明.md”修改 {created.data_file}，然后运行 tzreport build {created.data_file}"
    )


@app.command("new-year", cls=ChineseCommand)
def new_year(
    source: Annotated[
        Path, typer.Argument(help="上一期的数据文件。", metavar="数据文件", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="新文件的路径，或放新文件的文件夹；默认放在上一期文件旁边，按期间命名。", metavar="文件"),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="新文件的期间：全年、上半年、下半年。",
            metavar="期间",
            autocompletion=lambda: ["全年", "上半年", "下半年"],
        ),
    ] = None,
) -> None:
    """从上一期的数据文件生成下一期的数据文件。

    沿用单位、章节和各项标题；清空内容、活动、数量和落款日期，上期的内容留作注释；
    上期的“下一步计划”列在文件开头，作为本期要写明落实情况的事项。
    上半年之后是同年下半年，全年和下半年之后是下一年全年（可用 --period 改）。不会覆盖已有文件。

    例：tzreport new-year 2024.yaml（生成 2025.yaml）；tzreport new-year 2025上半年.yaml
    """
    from tzreport import newyear

    try:
        target = newyear.new_year(source, output, period)
    except TzreportError as exc:
        raise _exit(exc) from None
    typer.echo(f"已创建 {target}")


@app.command("import", cls=ChineseCommand)
def import_(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="要导入的文件：报告（.docx .doc .txt .md）或活动台账（.xlsx .xls .ods）；可写多个。",
            show_default=False, metavar="文件...",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="数据文件写到这个文件夹；默认与原文件放在一起。", metavar="文件夹"),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option("--into", help="把台账中的活动加到这个已有的数据文件中（保留其注释；已有的活动不重复添加）。",
                     metavar="数据文件"),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help="单位名称；默认从标题或正文中识别。", metavar="名称")
    ] = None,
    year: Annotated[
        str | None, typer.Option("--year", "-y", help="年度；默认从标题或正文中识别。", metavar="年度")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="数据文件已存在时覆盖它（默认不覆盖）。")
    ] = False,
) -> None:
    """把已有的材料变成数据文件：去年的 Word 报告、社区报上来的报告、Excel 活动台账。

    报告中的标题、章节、小标题、一是二是、数字和活动都会导入，没有变成结构的句子保留为“内容”；
    拿不准的地方标有“# 请核对”。每个文件生成一个数据文件，不覆盖已有文件。

    例：tzreport import 2023年统战工作总结.docx ；tzreport import 各社区/*.docx -o 数据/ ；
    tzreport import 活动台账.xlsx --into 2024.yaml
    """
    from tzreport.commands import import_ as core

    try:
        if into is not None:
            done = core.import_into(sources, into, year)
        else:
            done = core.import_files(sources, output, unit, year, force)
    except TzreportError as exc:
        raise _exit(exc) from None
    for path in done.written:
        typer.echo(f"已导入 {path}" if into is None else f"已在 {path} 中添加 {done.added} 项活动")
    if into is not None and not done.added:
        typer.echo(f"{into} 中已有这些活动，没有添加")
    for line in done.skipped:
        typer.echo(line, err=True)
    for line in done.notes:
        typer.echo(line, err=True)


@app.command(cls=ChineseCommand)
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="写入这个文件（或文件夹中的 tzreport.schema.json）；默认显示在屏幕上。", metavar="文件"
        ),
    ] = None,
) -> None:
    """输出数据格式的 JSON Schema，供编辑器（如 VS Code 的 YAML 扩展）自动补全和检查。

    例：tzreport schema -o tzreport.schema.json
    """
    from tzreport import schema as core

    if output is None:
        typer.echo(core.text(), nl=False)
        return
    try:
        written = core.write(output)
    except TzreportError as exc:
        raise _exit(exc) from None
    typer.echo(f"已生成 {written}")


templates_app = typer.Typer(
    cls=ChineseGroup,
    help="查看、复制内置模板。自定模板放在一个文件夹里，生成时用 --templates 指定。",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(templates_app, name="templates")


@templates_app.command("list", cls=ChineseCommand)
def templates_list(
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="自定模板文件夹：显示其中哪些文件代替了内置模板。", metavar="文件夹"),
    ] = None,
) -> None:
    """列出内置模板及其位置；给出 --templates 时，标出哪些已被自定模板代替。

    例：tzreport templates list ；tzreport templates list --templates 我的模板/
    """
    from tzreport import builtin_templates

    if templates is not None and not templates.is_dir():
        raise _exit(TzreportError(f"{templates}: 错误 模板文件夹不存在"))
    for found in builtin_templates.list_templates(templates):
        where = "内置" if found.builtin else "自定"
        typer.echo(f"{found.name}（{where}）：{found.summary}\n  {found.path}")


@templates_app.command("copy", cls=ChineseCommand)
def templates_copy(
    folder: Annotated[
        Path, typer.Argument(help="复制到这个文件夹（没有会自动创建）。", metavar="文件夹", show_default=False)
    ],
    names: Annotated[
        list[str] | None,
        typer.Argument(help="只复制这些模板；默认全部。", metavar="模板名...", show_default=False),
    ] = None,
) -> None:
    """把内置模板复制到一个文件夹，作为自定模板的起点；不会覆盖已有文件。

    例：tzreport templates copy 我的模板/ ，修改后 tzreport build 2024.yaml --templates 我的模板/
    """
    from tzreport import builtin_templates

    try:
        written = builtin_templates.copy_templates(folder, names or ())
    except TzreportError as exc:
        raise _exit(exc) from None
    for path in written:
        typer.echo(f"已复制 {path}")
    typer.echo(f"修改后这样使用：tzreport build 数据文件 --templates {folder}")


def main() -> None:
    """Console-script entry point."""
    # pydantic looks for plugins through every installed package's entry points on first use
    # (12 ms of a 0.3 s check); tzreport uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()
