"""`tzreport check`: its options, and the findings printed in the format asked for."""

from __future__ import annotations

from typing import Annotated

import typer

from tzreport.cli.app import UNREADABLE, ChineseCommand, PathsArg, app, echo, fail, skipped
from tzreport.errors import TzreportError


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
    allow_outside: Annotated[
        bool,
        typer.Option("--allow-outside", help="允许“汇总”“上年”引用数据文件所在文件夹以外的文件（只对自己的文件用）。"),
    ] = False,
) -> None:
    """检查数据文件：先校验格式，再检查占位符、标点、重复字词、用语、数字和日期；不生成任何文件。

    每条结果一行：文件:行:列: 级别 代码 字段: 说明。有“错误”时退出码为 1；
    加 --strict 时有“警告”也为 1。在数据文件的行尾写“# tzreport: ignore 代码”可忽略这一行的该项检查。

    例：tzreport check 2024.yaml ；tzreport check 数据/ --strict --format json
    """
    from tzreport.commands import check as core
    from tzreport.errors import ERROR, WARNING
    from tzreport.lint import check_data as lint
    from tzreport.lint import rules as lint_rules

    try:
        output_format = core.parse_output_format(output_format)
        checked = core.check(paths, lint_rules.selection(select, ignore), allow_outside)
    except TzreportError as exc:
        raise fail(exc) from None
    skipped(checked.skipped)
    for path in checked.unreadable:
        echo(f"{path}: {UNREADABLE}", err=True)
    found = checked.diagnostics
    if output_format == "json":
        echo(lint.to_json(found))
    elif output_format == "github":
        for line in lint.to_github(found):
            echo(line)
    else:
        for diagnostic in found:
            echo(str(diagnostic), err=True)
    errors = sum(d.level == ERROR for d in found)
    warnings = sum(d.level == WARNING for d in found)
    files = len(checked.files)
    if not found and output_format == "text":
        echo(f"检查通过：{files} 个文件没有发现问题。")
    elif output_format == "text":
        echo(f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。", err=True)
    if errors or (strict and warnings):
        raise typer.Exit(1)


