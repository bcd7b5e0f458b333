"""The tzreport command line's entry point: the application with every command added.

Each module of this folder adds its commands to the one typer application (cli/app.py) when it
is imported; the commands import the core they call only when they run, so `--help` stays fast.
"""

from __future__ import annotations

import os

from tzreport.cli import build, check, files, init
from tzreport.cli.app import app

COMMANDS = (build, check, init, files)  # imported for the commands they add to app


def main() -> None:
    """Console-script entry point."""
    # pydantic looks for plugins through every installed package's entry points on first use
    # (12 ms of a 0.3 s check); tzreport uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()
