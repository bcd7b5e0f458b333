"""`tzreport edit`: fill in a report in the browser, served on 127.0.0.1 until Ctrl+C."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tzreport.cli.app import ChineseCommand, NoOpenOpt, PortOpt, app, echo, serve

if TYPE_CHECKING:
    from tzreport.preview.core import Server


@app.command(cls=ChineseCommand)
def edit(
    path: Annotated[
        Path, typer.Argument(help="数据文件（.yaml），或放数据文件的文件夹（可以是空文件夹）。", metavar="路径", show_default=False)
    ],
    port: PortOpt = 8100,
    no_open: NoOpenOpt = False,
) -> None:
    """在浏览器里填写报告：左边是表单，右边是将要打印的报告，随填随变。

    表单按数据格式生成，每一项标着它的键名和说明；填错的值在旁边显示原因。“保存”只改动填过的内容，
    数据文件中的注释、顺序和写法都保留；文件在别处被改过时不会覆盖。给出文件夹时可从示例新建数据文件。
    只在本机（127.0.0.1）提供，只接受命令打开的那个页面的请求。按 Ctrl+C 停止。

    例：tzreport edit 2024.yaml ；tzreport edit 我的社区/
    """
    from tzreport.commands.edit import start

    def started() -> tuple["Server", str]:
        running, url = start(path, port)
        echo(f"填写地址：{url}")
        echo("在浏览器中填写，点“保存”写回数据文件；按 Ctrl+C 停止。")
        return running, url

    serve(started, no_open, "已停止。")
