"""Launching LibreOffice headless, for every conversion that needs it (a .docx to PDF, an old
.doc to .docx): a profile and HOME in the caller's temporary folder, so that a conversion never
leaves a profile in the user's home nor collides with a LibreOffice the user has open; a time
limit; and on a timeout or an interrupt the end of every process it started (soffice starts
soffice.bin, which killing the first alone left running)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def program() -> str | None:
    """The LibreOffice program, if installed: on the PATH, or on Windows where its installer
    puts it (the installer does not add it to the PATH)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and sys.platform == "win32":
        for folder in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
            program = Path(folder or "C:\\Program Files") / "LibreOffice" / "program" / "soffice.exe"
            if program.is_file():
                return str(program)
    return found


def convert(soffice: str, sources: Sequence[Path], to: str, folder: Path, timeout: float) -> tuple[str, str]:
    """Convert the sources to format `to` (e.g. "pdf", "docx") into `folder`, with a throw-away
    profile in `folder`; LibreOffice's (stdout, stderr). Raises subprocess.TimeoutExpired
    (every process ended first) or OSError (it could not start)."""
    command = [
        soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
        "--convert-to", to, "--outdir", str(folder), *map(str, sources),
    ]
    # HOME too: some LibreOffice builds write caches there whatever the profile says.
    return run(command, {**os.environ, "HOME": str(folder)}, timeout)


def run(command: list[str], env: dict[str, str], timeout: float) -> tuple[str, str]:
    """Run LibreOffice in a process group of its own, and on a timeout (or an interrupt) end
    the whole group. Its output is decoded leniently: on a Chinese Windows the locale's code
    page (cp936) cannot decode every byte LibreOffice may print, and a message must never
    crash the caller."""
    if sys.platform == "win32":
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", env=env,
            creationflags=subprocess.CREATE_NEW_PROCESS_GROUP,
        )
    else:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", env=env,
            start_new_session=True,
        )
    try:
        return process.communicate(timeout=timeout)
    except BaseException:
        _end_group(process)
        raise


def _end_group(process: subprocess.Popen[str]) -> None:
    if sys.platform == "win32":
        # taskkill /T ends the process and every process it started
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        import signal

        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    process.communicate()
