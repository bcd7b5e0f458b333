"""The tzreport command line's entry point: the application with every command added.

Each module of this folder adds its commands to the one typer application (cli/app.py) when it
is imported; the commands import the core they call only when they run, so `--help` stays fast.
"""

from __future__ import annotations

import io
import os
import sys

from tzreport.cli import build, check, files, import_, init, preview
from tzreport.cli.app import app

COMMANDS = (build, check, init, import_, preview, files)  # imported for the commands they add to app


def main() -> None:
    """Console-script entry point."""
    # pydantic looks for plugins through every installed package's entry points on first use
    # (12 ms of a 0.3 s check); tzreport uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _tolerant_console()
    app()


def _tolerant_console() -> None:
    """Never fail on a character the console cannot show. Output sent to a file or a pipe on a
    Chinese Windows is encoded in its code page (cp936/GBK), which has no emoji and no rare
    characters a unit's name or a file name may hold: those print as "?" instead of ending the
    command with a UnicodeEncodeError after its work is done. Windows' Python opens such
    streams with errors="surrogateescape" (which fails on these just as "strict" does)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            stream.reconfigure(errors="replace")
