"""Word → PDF with LibreOffice, when it is installed (`--pdf-engine libreoffice`).

LibreOffice runs through office.launcher (a profile in a temporary folder removed afterwards,
a time limit, every process it started ended on a timeout), as the import of a .doc does.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tzreport.errors import OutputError, os_reason
from tzreport.office import launcher

TIMEOUT_SECONDS = 180
INSTALL_HINT = (
    "生成 PDF 需要 LibreOffice：Windows、macOS 请从 libreoffice.org 下载安装；"
    "Debian/Ubuntu 请运行 apt-get install libreoffice-writer-nogui fonts-noto-cjk"
)


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return launcher.program()


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
        limit = TIMEOUT_SECONDS * len(docs)
        try:
            stdout, stderr = launcher.convert(program, sources, "pdf", folder, limit)
        except subprocess.TimeoutExpired:
            return [OutputError(f"错误 LibreOffice 转换 PDF 超过{limit}秒仍未完成")] * len(docs)
        except OSError as exc:
            return [OutputError(f"错误 无法启动 LibreOffice：{os_reason(exc)}")] * len(docs)
        detail = (stderr or stdout).strip().splitlines()[-1:] or ["没有输出"]
        failed = OutputError(f"错误 LibreOffice 未能生成 PDF：{detail[0]}")
        results = [source.with_suffix(".pdf") for source in sources]
        return [r.read_bytes() if r.exists() else failed for r in results]

