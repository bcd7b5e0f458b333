"""`tzreport import`: what a unit already has (Word reports, Excel ledgers) becomes data files."""

from pathlib import Path
from typing import Annotated

import typer

from tzreport.cli.app import ChineseCommand, app, echo, fail
from tzreport.errors import TzreportError


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
        typer.Option("--into", help="把台账中的活动并入这个已有的数据文件（原有的每一行都保留，只添加新行；"
                     "已有的活动只补上日期、地点、人数等，不重复添加）。",
                     metavar="数据文件"),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help="单位名称；默认从标题或正文中识别。", metavar="名称")
    ] = None,
    year: Annotated[
        str | None, typer.Option("--year", "-y", help="年度；默认从标题或正文中识别。", metavar="年度")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="数据文件已存在时覆盖它（默认不覆盖）；用 --into 时，台账写的单位与数据文件不同也并入。")
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="生成报告时用的自定模板文件夹：导入时按它的写法核对每段话能否原样写回。",
                     metavar="文件夹"),
    ] = None,
) -> None:
    """把已有的材料变成数据文件：去年的 Word 报告、社区报上来的报告、Excel 活动台账。

    报告中的标题、章节、小标题、一是二是、数字和活动都会导入，没有变成结构的句子保留为“内容”；
    拿不准的地方标有“# 请核对”。每份报告生成一个数据文件（一个文件里有几份报告时分别生成），不覆盖已有文件。

    例：tzreport import 2023年统战工作总结.docx ；tzreport import 各社区/*.docx -o 数据/ ；
    tzreport import 活动台账.xlsx --into 2024.yaml
    """
    from tzreport.commands import import_

    try:
        if into is not None:
            done = import_.import_into(sources, into, year, force)
        else:
            done = import_.import_files(sources, output, unit, year, force, templates)
    except TzreportError as exc:
        raise fail(exc) from None
    for path in done.written:
        if into is None:
            echo(f"已导入 {path}")
        else:
            echo(f"已在 {path} 中" + "，".join(
                part for part in (f"添加 {done.added} 项活动" if done.added else "",
                                  f"补全 {done.completed} 项已有的活动" if done.completed else "") if part))
    if into is not None and done.rows and not done.added and not done.completed:
        echo(f"{into} 中已有这些活动，没有添加")
    for line in done.skipped:
        echo(line, err=True)
    for line in done.notes:
        echo(line, err=True)
