"""`tzreport schema` and `tzreport templates`: the files an editor and a template writer use."""

from pathlib import Path
from typing import Annotated

import typer

from tzreport.cli.app import ChineseCommand, ChineseGroup, app, echo, echo_lines, fail
from tzreport.errors import TzreportError


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
    from tzreport.data import schema

    if output is None:
        echo_lines(schema.text())
        return
    try:
        written = schema.write(output)
    except TzreportError as exc:
        raise fail(exc) from None
    echo(f"已生成 {written}")


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
    from tzreport.commands.templates import list_templates

    if templates is not None and not templates.is_dir():
        raise fail(TzreportError(f"{templates}: 错误 模板文件夹不存在"))
    for found in list_templates(templates):
        where = "内置" if found.builtin else "自定"
        echo(f"{found.name}（{where}）：{found.summary}")
        echo(f"  {found.path}")


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
    from tzreport.commands import templates

    try:
        written = templates.copy_templates(folder, names or ())
    except TzreportError as exc:
        raise fail(exc) from None
    for path in written:
        echo(f"已复制 {path}")
    echo(f"修改后这样使用：tzreport build 数据文件 --templates {folder}")


