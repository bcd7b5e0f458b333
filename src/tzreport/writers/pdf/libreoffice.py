"""Word → PDF with LibreOffice, when it is installed (`--pdf-engine libreoffice`).

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
from collections.abc import Sequence
from pathlib import Path

from tzreport.errors import OutputError, os_reason

TIMEOUT_SECONDS = 180
INSTALL_HINT = (
    "生成 PDF 需要 LibreOffice：Windows、macOS 请从 libreoffice.org 下载安装；"
    "Debian/Ubuntu 请运行 apt-get install libreoffice-writer-nogui fonts-noto-cjk"
)


def soffice() -> str | None:
    """The LibreOffice program, if installed: on the PATH, or on Windows where its installer
    puts it (the installer does not add it to the PATH)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and sys.platform == "win32":
        for folder in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
            program = Path(folder or "C:\\Program Files") / "LibreOffice" / "program" / "soffice.exe"
            if program.is_file():
                return str(program)
    return found


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF LibreOffice makes of a .docx. Raises OutputError when it cannot."""
    done = convert_many([docx], 1)[0]
    if isinstance(done, OutputError):
        raise done
    return done


def convert_many(docs: Sequence[bytes], workers: int) -> list[bytes | OutputError]:
    """The PDF of each .docx, or why it failed: the documents are shared out among `workers`
    LibreOffice processes, each converting its share in one run (starting LibreOffice costs
    more than converting a report)."""
    program = soffice()
    if program is None:
        return [OutputError(f"错误 {INSTALL_HINT}")] * len(docs)
    if not docs:
        return []
    workers = max(1, min(workers, len(docs)))
    shares = [list(range(len(docs)))[k::workers] for k in range(workers)]
    out: list[bytes | OutputError] = [OutputError("错误 LibreOffice 未能生成 PDF")] * len(docs)
    from concurrent.futures import ThreadPoolExecutor  # threads: each waits on its process

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for share, results in zip(shares, pool.map(
                lambda s: _convert(program, [docs[i] for i in s]), shares), strict=True):
            for i, result in zip(share, results, strict=True):
                out[i] = result
    return out


def _convert(program: str, docs: list[bytes]) -> list[bytes | OutputError]:
    """One LibreOffice process converting every document given, in a throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="tzreport-pdf-") as temp:
        folder = Path(temp)
        sources = []
        for i, docx in enumerate(docs):
            sources.append(folder / f"{i:06d}.docx")
            sources[-1].write_bytes(docx)
        profile = folder / "profile"
        command = [
            program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(folder), *map(str, sources),
        ]
        # HOME too: some LibreOffice builds write caches there whatever the profile says.
        env = {**os.environ, "HOME": str(folder)}
        limit = TIMEOUT_SECONDS * len(docs)
        try:
            stdout, stderr = _run(command, env, limit)
        except subprocess.TimeoutExpired:
            return [OutputError(f"错误 LibreOffice 转换 PDF 超过{limit}秒仍未完成")] * len(docs)
        except OSError as exc:
            return [OutputError(f"错误 无法启动 LibreOffice：{os_reason(exc)}")] * len(docs)
        detail = (stderr or stdout).strip().splitlines()[-1:] or ["没有输出"]
        failed = OutputError(f"错误 LibreOffice 未能生成 PDF：{detail[0]}")
        results = [source.with_suffix(".pdf") for source in sources]
        return [r.read_bytes() if r.exists() else failed for r in results]


def _run(command: list[str], env: dict[str, str], timeout: float) -> tuple[str, str]:
    """Run LibreOffice in a process group of its own, and on a timeout (or an interrupt) end
    the whole group: soffice starts soffice.bin, which killing the first alone left running.
    Its output is decoded leniently: on a Chinese Windows the locale's code page (cp936) cannot
    decode every byte LibreOffice may print, and a message must never crash the build."""
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
