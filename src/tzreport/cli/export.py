"""`tzreport export`: the events of data files as an Excel activity ledger (台账)."""

from pathlib import Path
from typing import Annotated

import typer

from tzreport.cli.app import SKIPPED, UNREADABLE, ChineseCommand, PathsArg, app, echo, fail
from tzreport.errors import TzreportError


@app.command(cls=ChineseCommand)
def export(
    paths: PathsArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="台账文件（.xlsx）。", metavar="文件", show_default=False),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="台账文件已存在时覆盖它（默认不覆盖）。")
    ] = False,
) -> None:
    """把数据文件中的活动导出为 Excel 活动台账：每项活动一行。

    列为单位、章节、工作事项、名称、日期、次数、人数、地点、形式、备注；日期是 Excel 日期。
    台账可以用 tzreport import 台账.xlsx --into 数据文件 读回。报告的统计表用 build -f xlsx 生成。

    例：tzreport export 2024.yaml -o 台账.xlsx ；tzreport export 新城街道/ -o 新城街道台账.xlsx
    """
    from tzreport.commands import export

    try:
        done = export.export(paths, output, force)
    except TzreportError as exc:
        raise fail(exc) from None
    for path in done.skipped:
        echo(f"{path}: {SKIPPED}", err=True)
    for path in done.unreadable:
        echo(f"{path}: {UNREADABLE}", err=True)
    if not done.events:
        echo(f"提示 {len(done.sources)} 个数据文件中都没有活动，台账只有表头", err=True)
    echo(f"已导出 {done.target}：{len(done.sources)} 个数据文件，{done.events} 项活动")
