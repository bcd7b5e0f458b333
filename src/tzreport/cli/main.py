"""The tzreport command line's entry point: the application with every command added.

Each module of this folder adds its commands to the one typer application (cli/app.py) when it
is imported; the commands import the core they call only when they run, so `--help` stays fast.
`tzreport check …` imports only the module adding `check`: typer builds every command it has
been given at each start, and building the seven others was a tenth of a cold check.
"""

import importlib
import io
import os
import sys
import types
from typing import Any

# Which module of this folder adds each command.
MODULES = {
    "build": "build", "check": "check", "import": "import_", "export": "export", "init": "init",
    "new-year": "init",
    "preview": "preview", "edit": "edit", "schema": "files", "templates": "files",
}


def add_commands(argv: list[str]) -> None:
    """Add the commands to the application: that of the command named first in argv, or every
    one (for --help, --version, completion, a misspelt command: whatever lists them)."""
    wanted = MODULES.get(argv[0]) if argv else None
    for module in [wanted] if wanted else dict.fromkeys(MODULES.values()):
        importlib.import_module(f"tzreport.cli.{module}")


def __getattr__(name: str) -> Any:
    # `from tzreport.cli.main import app` (tests, embedding): the application with every command
    if name == "app":
        from tzreport.cli.app import app

        add_commands([])
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    # pydantic looks for plugins through every installed package's entry points on first use
    # (12 ms of a 0.3 s check); tzreport uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.argv[1:2] and sys.argv[1] in MODULES:  # a command (--help alone needs no pydantic)
        _no_plugin_lookup()
    _tolerant_console()
    from tzreport.cli.app import app

    add_commands(sys.argv[1:])
    app()


# pydantic's plugin loader imports importlib.metadata (email, zipfile, csv …) when it is
# first asked for plugins, even when the variable above turns them all off: a sixth of the
# time `import yaml, typer; from pydantic import BaseModel` takes, paid by every check and
# build. With all plugins off its answer is known: none.
ALL_OFF = ("__all__", "1", "true")  # the values pydantic.plugin._loader takes as "no plugins"
PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugin_lookup() -> None:
    """Answer pydantic's plugin lookup without importing its loader, when the user's (or our)
    PYDANTIC_DISABLE_PLUGINS turns every plugin off; a user who names plugins to leave out
    gets pydantic's own loader."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ALL_OFF or PLUGIN_LOADER in sys.modules:
        return
    loader = types.ModuleType(PLUGIN_LOADER, "No pydantic plugins: PYDANTIC_DISABLE_PLUGINS is set.")
    loader.__dict__["get_plugins"] = tuple  # get_plugins() → (), as pydantic answers itself

    def real(name: str) -> object:
        # anything else a later pydantic asks of its loader: the loader itself, imported then
        # (not for what the import system looks up on any module, such as __path__)
        if name.startswith("__"):
            raise AttributeError(name)
        sys.modules.pop(PLUGIN_LOADER, None)
        return getattr(importlib.import_module(PLUGIN_LOADER), name)

    loader.__dict__["__getattr__"] = real
    sys.modules[PLUGIN_LOADER] = loader


def _tolerant_console() -> None:
    """Never fail on a character the console cannot show. Output sent to a file or a pipe on a
    Chinese Windows is encoded in its code page (cp936/GBK), which has no emoji and no rare
    characters a unit's name or a file name may hold: those print as "?" instead of ending the
    command with a UnicodeEncodeError after its work is done. Windows' Python opens such
    streams with errors="surrogateescape" (which fails on these just as "strict" does)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            stream.reconfigure(errors="replace")
