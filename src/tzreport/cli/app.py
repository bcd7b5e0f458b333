"""The typer application every command is added to, and what the commands share: Chinese help,
how errors are printed, and which exit code they give.

Exit codes: 0 success; 1 the user's data, template or files are wrong; 2 usage error (a wrong
option value: OptionError). Our own errors (TzreportError) become messages on stderr; any other
exception is a bug in tzreport and keeps its traceback.
"""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from tzreport import __version__
from tzreport.cli import chinese
from tzreport.errors import Diagnostic, OptionError, TzreportError, shown

if TYPE_CHECKING:
    from tzreport.preview.core import Server

# Help texts of the options typer and click add themselves.
_OWN_OPTIONS = {
    "install_completion": "为当前的命令行（bash、zsh、fish、PowerShell）安装 Tab 键补全，重开终端后生效。",
    "show_completion": "显示当前命令行的补全脚本，可复制后自行安装。",
}


class _ChineseHelp:
    """Chinese for what typer and click print themselves: the help texts of -h/--help and the
    completion options, the help's headings (cli/chinese.py), and usage errors (main)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chinese.adopt(self)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """typer's main, with a usage error printed in Chinese: typer is asked to hand errors
        back (standalone_mode=False), and they are printed and exited with as it would have.
        (click's messages are English literals, not gettext: see cli/chinese.py.)"""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except typer.Abort:  # end of input at a prompt
            echo("已中止", err=True)
            sys.exit(1)
        except typer.TyperException as error:  # click's usage errors are typer's exceptions
            for line in chinese.usage_error(error):
                echo(line, err=True)
            sys.exit(error.exit_code)
        # typer returns an Exit's code, and a command's own result (None) on success
        sys.exit(code if isinstance(code, int) else 0)

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


# The order --help lists the commands in: the work of a year, then the helpers.
COMMAND_ORDER = ("build", "edit", "check", "import", "export", "init", "new-year", "preview", "schema", "templates")


class ChineseGroup(_ChineseHelp, TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        # the modules that add commands are imported in alphabetical order (isort): list
        # them in the order a user meets them instead
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER))


class ChineseCommand(_ChineseHelp, TyperCommand):
    pass


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
        echo(f"tzreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出。"),
    ] = False,
) -> None:
    """把社区统战工作数据（YAML）生成规范的工作总结：Markdown 与公文格式 Word。"""


def echo(message: str = "", err: bool = False) -> None:
    """Print one line. Every line the command line prints goes through here: what would end the
    line early (a newline, \\r, \\x85 or \\u2028 in a file name) or drive the terminal (ESC, BEL,
    a right-to-left mark) is written escaped, by the one rule of errors.shown, so that a message
    stays one line however its file is named."""
    typer.echo(shown(message), err=err)


def echo_lines(text: str, err: bool = False) -> None:
    """Print a text made of lines by design (a listing, JSON): each line as echo prints one."""
    for line in text.removesuffix("\n").split("\n"):
        echo(line, err=err)


def fail(error: TzreportError) -> typer.Exit:
    """Print the error; the exit to raise: 2 for a wrong option value (the one path every usage
    error takes), 1 for everything else."""
    for line in error.lines():
        echo(line, err=True)
    return typer.Exit(2 if isinstance(error, OptionError) else 1)


def warn(warnings: dict[Path, list[Diagnostic]]) -> None:
    for found in warnings.values():
        for warning in found:
            echo(str(warning), err=True)


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="数据文件（.yaml），或包含数据文件的文件夹；可写多个。", show_default=False, metavar="路径..."
    ),
]

# Options more than one command takes, written once.
TemplatesOpt = Annotated[
    Path | None,
    typer.Option("--templates", help="自定模板文件夹，同名文件覆盖内置模板。", metavar="文件夹"),
]
LayoutOpt = Annotated[
    Path | None,
    typer.Option("--layout", help="版式文件（字体、行距、页边距）；默认用数据文件旁的 版式.yaml。",
                 metavar="文件"),
]
PortOpt = Annotated[
    int, typer.Option("--port", "-p", min=0, max=65535, help="端口号；0 表示任选一个空闲端口。", metavar="N")
]
NoOpenOpt = Annotated[bool, typer.Option("--no-open", help="不自动打开浏览器。")]
AllowOutsideOpt = Annotated[
    bool,
    typer.Option("--allow-outside", help="允许“汇总”“上年”引用数据文件所在文件夹以外的文件（只对自己的文件用）。"),
]


def serve(start: Callable[[], tuple["Server", str]], no_open: bool, stopped: str) -> None:
    """Run a local server (preview, edit) until Ctrl+C. `start` makes it, says where it is and
    returns it with the address to open in the browser (unless --no-open); an error starting it
    is printed and exits 1, Ctrl+C prints `stopped` and exits 0. The port is given back however
    the loop ends, and `stopping` tells open event streams to end."""
    import webbrowser

    running = None
    try:
        running, url = start()
        if not no_open:
            webbrowser.open(url)
        running.serve_forever(poll_interval=0.2)
    except TzreportError as exc:
        raise fail(exc) from None
    except KeyboardInterrupt:
        echo()
        echo(stopped)
    finally:
        if running is not None:
            running.stopping = True
            running.server_close()


UNREADABLE = "提示 无法读取（没有权限），其中的数据文件没有处理"
SKIPPED = "提示 跳过：不是数据文件（没有顶格书写的“单位:”）"


def skipped(paths: list[Path]) -> None:
    for path in paths:
        echo(f"{path}: {SKIPPED}", err=True)
