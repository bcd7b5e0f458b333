"""`tzreport init` and `tzreport new-year`: a unit's first data file, and the next period's."""

from pathlib import Path
from typing import Annotated

import typer

# init is light on purpose: its table of examples is in the help of init.
from tzreport.cli.app import ChineseCommand, app, echo, fail
from tzreport.commands import init
from tzreport.errors import TzreportError


@app.command("init", cls=ChineseCommand)
def init_folder(
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
            help=f"从哪个示例开始：{'、'.join(init.EXAMPLES)}。",
            metavar="示例",
            autocompletion=lambda: list(init.EXAMPLES),
        ),
    ] = init.DEFAULT_EXAMPLE,
) -> None:
    """从示例开始一个单位的数据文件夹。

    在文件夹中写入：数据文件（从示例复制，已填好单位和年度）、说明.md（要改哪些地方）、
    tzreport.schema.json（编辑器自动补全用）。已有的数据文件不会被覆盖。

    例：tzreport init 幸福里社区 --year 2025 ；tzreport init 出头岭镇 -e 上半年
    """
    try:
        created = init.init(folder, unit, year, example)
    except TzreportError as exc:
        raise fail(exc) from None
    for path in created.written:
        echo(f"已创建 {path}")
    for path in created.kept:
        echo(f"已有 {path}，保持不变")
    guide = init.typed_path(created.data_file.with_name(init.GUIDE_FILE))
    data_file = init.typed_path(created.data_file)
    echo(f"下一步：按 {guide} 修改 {data_file}，然后运行 tzreport build {data_file}")


def _periods() -> list[str]:
    from tzreport.data.models import PERIODS  # pydantic only when completion asks

    return list(PERIODS)


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
            autocompletion=_periods,
        ),
    ] = None,
) -> None:
    """从上一期的数据文件生成下一期的数据文件。

    沿用单位、章节和各项标题；清空内容、活动、数量和落款日期，上期的内容留作注释；
    上期的“下一步计划”列在文件开头，作为本期要写明落实情况的事项。
    上半年之后是同年下半年，全年和下半年之后是下一年全年（可用 --period 改）。不会覆盖已有文件。

    例：tzreport new-year 2024.yaml（生成 2025.yaml）；tzreport new-year 2025上半年.yaml
    """
    from tzreport.commands import new_year

    try:
        target = new_year.new_year(source, output, period)
    except TzreportError as exc:
        raise fail(exc) from None
    echo(f"已创建 {target}")


