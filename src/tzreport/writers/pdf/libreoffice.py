"""Word → PDF with LibreOffice, when it is installed.

LibreOffice runs headless with a profile in a temporary folder (removed afterwards), so a
conversion never leaves a LibreOffice profile in the user's home and never collides with a
LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tzreport.errors import OutputError, os_reason

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
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise OutputError(f"错误 LibreOffice 转换 PDF 超过{TIMEOUT_SECONDS}秒仍未完成") from None
        except OSError as exc:
            raise OutputError(f"错误 无法启动 LibreOffice：{os_reason(exc)}") from None
        result = folder / f"{name}.pdf"
        if not result.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["没有输出"]
            raise OutputError(f"错误 LibreOffice 未能生成 PDF：{detail[0]}")
        return result.read_bytes()
