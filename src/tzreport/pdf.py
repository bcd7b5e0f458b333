"""Word → PDF with LibreOffice, when it is installed.

LibreOffice runs headless with a profile in a temporary folder (removed afterwards), so a
conversion never leaves a LibreOffice profile in the user's home and never collides with a
LibreOffice the user has open.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tzreport.errors import OutputError

TIMEOUT_SECONDS = 180
INSTALL_HINT = (
    "生成 PDF 需要 LibreOffice：Windows、macOS 请从 libreoffice.org 下载安装；"
    "Debian/Ubuntu 请运行 apt-get install libreoffice-writer-nogui fonts-noto-cjk"
)


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, name: str = "report") -> bytes:
    """The PDF LibreOffice makes of a .docx. Raises OutputError when it cannot."""
    program = soffice()
    if program is None:
        raise OutputError(f"错误 {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="tzreport-pdf-") as temp:
        folder = Path(temp)
        source = folder / f"{name}.docx"
        source.write_bytes(docx)
        profile = folder / "profile"
        command = [
            program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(folder), str(source),
        ]
        # HOME too: some LibreOffice builds write caches there whatever the profile says.
        env = {**os.environ, "HOME": str(folder)}
        try:
            stdout, stderr = _run(command, env)
        except subprocess.TimeoutExpired:
            raise OutputError(f"错误 LibreOffice 转换 PDF 超过{TIMEOUT_SECONDS}秒仍未完成") from None
        except OSError as exc:
            raise OutputError(f"错误 无法启动 LibreOffice：{exc.strerror}") from None
        result = folder / f"{name}.pdf"
        if not result.exists():
            detail = (stderr or stdout).strip().splitlines()[-1:] or ["没有输出"]
            raise OutputError(f"错误 LibreOffice 未能生成 PDF：{detail[0]}")
        return result.read_bytes()


def _run(command: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run LibreOffice in a process group of its own, and on a timeout (or an interrupt) end
    the whole group: soffice starts soffice.bin, which killing the first alone left running."""
    if sys.platform == "win32":
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
            creationflags=subprocess.CREATE_NEW_PROCESS_GROUP,
        )
    else:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
            start_new_session=True,
        )
    try:
        return process.communicate(timeout=TIMEOUT_SECONDS)
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
