"""`tzreport preview`: the live preview in the browser, served on 127.0.0.1 until Ctrl+C."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tzreport.cli.app import (
    ChineseCommand,
    LayoutOpt,
    NoOpenOpt,
    PortOpt,
    TemplatesOpt,
    app,
    echo,
    serve,
)

if TYPE_CHECKING:
    from tzreport.preview.core import Server


@app.command(cls=ChineseCommand)
def preview(
    path: Annotated[
        Path, typer.Argument(help="数据文件（.yaml），或包含数据文件的文件夹。", metavar="路径", show_default=False)
    ],
    port: PortOpt = 8000,
    no_open: NoOpenOpt = False,
    templates: TemplatesOpt = None,
    layout: LayoutOpt = None,
) -> None:
    """在浏览器中预览报告：每次保存数据文件（及汇总成员、上年文件、模板、版式文件）后自动刷新。

    报告按公文版式显示在 A4 页面上，检查结果标在原文处并列在页首；数据有错时显示错误所在的行。
    只在本机（127.0.0.1）提供，不会修改任何文件；Word、PDF 在点下载时临时生成。按 Ctrl+C 停止。

    例：tzreport preview 2024.yaml ；tzreport preview 新城街道/ --port 8123
    """
    import threading

    from tzreport.commands import preview
    from tzreport.preview import server

    stop = threading.Event()  # ends the watch on the files when the server ends

    def started() -> tuple["Server", str]:
        shown = preview.Preview(path, templates, layout)
        running = server.start(shown, port)
        how = preview.watch(shown, stop)
        url = f"http://127.0.0.1:{running.server_address[1]}/"  # not localhost: a browser may try ::1 first, where nothing listens
        echo(f"预览地址：{url}")
        echo("保存文件后页面自动刷新；按 Ctrl+C 停止。"
             + ("" if how == "watchfiles" else "（每 0.25 秒查看一次文件的修改时间）"))
        return running, url

    try:
        serve(started, no_open, "预览已停止。")
    finally:
        stop.set()
