"""`tzreport check`: its options, and the findings printed in the format asked for."""

from pathlib import Path
from typing import Annotated

import typer

from tzreport.cli.app import (
    UNREADABLE,
    AllowOutsideOpt,
    ChineseCommand,
    app,
    echo,
    echo_lines,
    fail,
    skipped,
)
from tzreport.errors import OptionError, TzreportError


@app.command(cls=ChineseCommand)
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="数据文件（.yaml）、手写的报告（.docx、.txt、.md），或包含它们的文件夹；可写多个。",
            show_default=False, metavar="路径...",
        ),
    ] = None,
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
    allow_outside: AllowOutsideOpt = False,
    layout: Annotated[
        Path | None,
        typer.Option("--layout", help="检查 Word 报告版式时依据的版式文件；默认用报告旁的 版式.yaml，没有则按 GB/T 9704。", metavar="文件"),
    ] = None,
    annotate: Annotated[
        bool,
        typer.Option("--annotate", help="为每个 Word 报告生成一份带批注的副本“原名（校对意见）.docx”，原文件不变。"),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="批注副本放在这个文件夹；默认放在报告旁边。", metavar="文件夹"),
    ] = None,
    rules: Annotated[
        bool, typer.Option("--rules", help="列出全部检查规则（代码、级别、依据、例子），不检查文件。")
    ] = False,
) -> None:
    """检查数据文件，或校对手写的报告（Word、文本、Markdown）；不改动任何文件。

    数据文件：先校验格式，再检查占位符、标点、重复字词、用语、数字和日期。
    手写的报告：每一段都做文字检查，再查编号（跳号、重号、“二、、”“3、”）和 Word 版式
    （纸张、页边距、字体字号、行距、页码，按 GB/T 9704 或 --layout 指定的版式）。
    每条结果一行：文件:行:列: 级别 代码 字段: 说明；报告的“行”是第几段，“列”是段中第几个字。
    有“错误”时退出码为 1；加 --strict 时有“警告”也为 1。

    例：tzreport check 2024.yaml ；tzreport check 各社区/ --annotate -o 校对/ ；tzreport check --rules
    """
    from tzreport.commands import check
    from tzreport.errors import ERROR, WARNING
    from tzreport.lint import check_data
    from tzreport.lint.rules import selection

    if rules:
        from tzreport.lint import rule_table

        echo_lines(rule_table.listing())
        return
    try:
        if not paths:
            raise OptionError("错误 请写出要检查的文件或文件夹，如 tzreport check 2024.yaml；列出规则用 tzreport check --rules")
        output_format = check.parse_output_format(output_format)
        options = check.Options(layout, annotate, output)
        checked = check.check(paths, selection(select, ignore), allow_outside, options)
    except TzreportError as exc:
        raise fail(exc) from None
    skipped(checked.skipped)
    for path in checked.unreadable:
        echo(f"{path}: {UNREADABLE}", err=True)
    found = checked.diagnostics
    if output_format == "json":
        echo_lines(check_data.to_json(found))
    elif output_format == "github":
        for line in check_data.to_github(found):
            echo(line)
    else:
        for diagnostic in found:
            echo(str(diagnostic), err=True)
    for written in checked.annotated:
        echo(f"已生成批注副本 {written}", err=True)
    errors = sum(d.level == ERROR for d in found)
    warnings = sum(d.level == WARNING for d in found)
    files = len(checked.files)
    if not found and output_format == "text":
        echo(f"检查通过：{files} 个文件没有发现问题。")
    elif output_format == "text":
        echo(f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。", err=True)
    if errors or (strict and warnings):
        raise typer.Exit(1)
