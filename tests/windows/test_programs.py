"""What tzreport finds and starts on Windows: the preview server, LibreOffice where its installer
puts it, and the fonts in C:\\Windows\\Fonts for the Typst PDF."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import (
    HELPERS,
    Lines,
    command,
    console_ctrl_c,
    data_file,
    environment,
    press_ctrl_c,
    report_name,
    tzreport,
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_preview_starts_serves_the_report_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    source = data_file(tmp_path / "京汉 社区" / "2024.yaml", "京汉新城社区")
    port = free_port()
    with console_ctrl_c():
        server = subprocess.Popen([*command("exe"), "preview", str(source), "--no-open", "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment())
        out, err = Lines(server.stdout), Lines(server.stderr)
        try:
            out.wait_for(lambda line: line.startswith("预览地址："), timeout=120)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as page:
                status, html = page.status, page.read().decode("utf-8")
            press_ctrl_c()
            server.wait(timeout=60)
        finally:
            if server.poll() is None:
                server.kill()
    assert status == 200
    assert "京汉新城社区2024年统战工作总结" in html
    assert out.text().startswith(f"预览地址：http://127.0.0.1:{port}/\n")
    assert out.text().endswith("预览已停止。\n"), err.text()
    assert server.returncode == 0 and err.text() == ""


def test_preview_on_a_port_another_program_listens_on_says_so(tmp_path: Path) -> None:
    source = data_file(tmp_path / "2024.yaml", "甲社区")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = tzreport("preview", str(source), "--no-open", "--port", str(port), timeout=120)
    assert code == 1, out
    assert err.startswith(f"错误 端口 {port} 已被占用（或不允许使用）；请换一个端口，例如：tzreport preview … --port ")


@pytest.fixture
def libreoffice() -> Iterator[Path]:
    """A stand-in soffice.exe where LibreOffice's installer puts it; not on PATH."""
    folder = Path(os.environ["ProgramFiles"]) / "LibreOffice" / "program"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(HELPERS / "fake_soffice.exe", folder / "soffice.exe")
    assert shutil.which("soffice") is None and shutil.which("libreoffice") is None
    try:
        yield folder
    finally:
        shutil.rmtree(folder.parent)


def test_libreoffice_is_found_under_program_files(tmp_path: Path, libreoffice: Path) -> None:
    source = data_file(tmp_path / "2024.yaml", "甲社区")
    code, out, err = tzreport("build", str(source), "-f", "pdf", "--pdf-engine", "libreoffice")
    assert code == 0, err
    pdf = tmp_path / f"{report_name('甲社区')}.pdf"
    assert out == f"已生成 {pdf}\n"
    assert pdf.read_bytes() == b"%PDF-1.4\n% fake soffice.exe\n%%EOF\n"
    (call,) = (libreoffice / "calls.txt").read_text(encoding="utf-8-sig").splitlines()
    assert call.startswith(f'"{libreoffice}\\soffice.exe" -env:UserInstallation=file:///C:/')
    assert " --headless --norestore --convert-to pdf --outdir " in call


def test_a_pdf_is_typeset_with_a_font_from_the_windows_fonts_folder(tmp_path: Path) -> None:
    fonts = [p.name for p in (Path(os.environ["WINDIR"]) / "Fonts").iterdir() if "cjk" in p.name.lower()]
    assert fonts, "run.sh puts a CJK font in C:\\Windows\\Fonts"
    family, postscript = ("Noto Serif CJK SC", b"NotoSerifCJK") if "Noto" in fonts[0] else ("AR PL UKai", b"UKai")
    source = data_file(tmp_path / "2024.yaml", "甲社区")
    code, out, err = tzreport("build", str(source), "-f", "pdf")
    assert code == 0, err
    assert err.startswith("提示 PDF 字体：") and f"用 {family}" in err
    pdf = (tmp_path / f"{report_name('甲社区')}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and postscript in pdf
