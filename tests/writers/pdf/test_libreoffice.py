"""-f pdf --pdf-engine libreoffice, and the rendered pages as a reader sees them (LibreOffice →
PDF → pdftotext). The Typst PDF is tested in test_typst.py.

CI installs LibreOffice and poppler (.ci/run), so the render test runs there; on a machine
without them only that test is skipped."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import LONG, ROOT, document_of
from tzreport.cli.main import app
from tzreport.text import display_width
from tzreport.writers import formats
from tzreport.writers.layout import DEFAULT
from tzreport.writers.pdf import libreoffice

needs_libreoffice = pytest.mark.skipif(
    libreoffice.soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice 或 poppler-utils 未安装（CI 会安装）",
)


def test_pdf_without_libreoffice_names_what_to_install(write_yaml, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    data = write_yaml("单位: 测试社区\n年度: 2024\n")
    result = CliRunner().invoke(app, ["build", str(data), "-f", "docx,pdf", "-o", str(tmp_path / "o"),
                                      "--pdf-engine", "libreoffice"])
    assert result.exit_code == 1
    assert result.stderr == (
        "错误 生成 PDF 需要 LibreOffice：Windows、macOS 请从 libreoffice.org 下载安装；"
        "Debian/Ubuntu 请运行 apt-get install libreoffice-writer-nogui fonts-noto-cjk\n"
    )
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def page_text(path: Path, page: int, layout: bool = False) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page)] + (["-layout"] if layout else [])
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
@needs_libreoffice
def test_rendered_pages_carry_page_numbers_and_full_lines(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    data = tmp_path / "2024.yaml"
    data.write_text(LONG, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(data), "-f", "docx,pdf", "-o", str(tmp_path / "o"),
                                      "--pdf-engine", "libreoffice"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "o" / "长篇社区2024年统战工作总结.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 5
    first = page_text(out, 1)
    assert "长篇社区2024年统战工作总结" in first.replace(" ", "").replace("\n", "")
    assert "一、强化思想引领" in first.replace(" ", "")
    for page in range(1, pages + 1):
        lines = page_text(out, page, layout=True).rstrip("\f\n").splitlines()
        number = lines[-1]
        assert number.strip().replace(" ", "") == f"—{page}—"
        # odd pages at the right, even pages at the left
        indent = len(number) - len(number.lstrip())
        assert (indent > 20) if page % 2 else (indent < 5), (page, number)
    # 22 lines a page (one may stay empty where a paragraph cannot leave a single line behind),
    # and a line of plain Chinese text holds 28 characters
    bodies = [[line for line in page_text(out, page).splitlines() if line.strip()][:-1]
              for page in range(2, pages)]
    assert max(len(body) for body in bodies) == 22
    assert all(len(body) >= 21 for body in bodies)
    plain = [line for body in bodies for line in body if not any(c.isdigit() for c in line)]
    assert plain and all(display_width(line) <= 28 for line in plain)
    assert sum(display_width(line) == 28 for line in plain) >= len(plain) // 2
    # LibreOffice ran with a throw-away profile: nothing left in the user's home
    assert list(home.iterdir()) == []


def _page_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines of text (without spaces), the page number left off."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [[ln.replace(" ", "") for ln in page.splitlines() if ln.strip()]
             for page in text.split("\f")]
    return [lines[:-1] for lines in pages if lines]


@pytest.mark.slow
@needs_libreoffice
def test_rendered_roll_ups_keep_the_signature_with_text_and_the_annex_label_with_its_table(
        tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    street = ROOT / "examples" / "新城街道"
    docs = [formats.write("docx", document_of(street / name), DEFAULT).data
            for name in ("2023.yaml", "2024.yaml")]
    rendered = []
    for number, pdf in enumerate(libreoffice.convert_many(docs, 1)):
        assert isinstance(pdf, bytes)
        (tmp_path / f"{number}.pdf").write_bytes(pdf)
        rendered.append(_page_lines(tmp_path / f"{number}.pdf"))
    for pages in rendered:
        # the 附件说明 and the 落款 never on a page without text of the report's body above them
        # (LibreOffice moves a paragraph kept with the next whole: without that keep, 2023's
        # page 4 held the 附件说明 and the 落款 alone)
        page = next(lines for lines in pages if any(ln.startswith("附表：") for ln in lines))
        note = next(i for i, ln in enumerate(page) if ln.startswith("附表："))
        assert note >= 2 and page[note - 1].endswith("。")
        # the 附表's label on the page of its title and the table's first rows (2024's label
        # stood alone at the foot of a page)
        label = next(lines for lines in pages if lines[0] == "附表")
        assert any(ln.endswith("统计表") for ln in label)
        assert any(ln.startswith("河畔花园社区") for ln in label)
        # no number broken across lines ("202" / "5年", "14" / "%"), nor a table cell inside its
        # previous year's bracket ("（" / "18）"). (A figure may part from its measure word here:
        # only an invisible joiner in the text would keep them together in LibreOffice.)
        text = "\n".join(ln for lines in pages for ln in lines) + "\n"
        assert not re.findall(r"\d\n[\d%％]", text)
        assert not re.findall(r"（\n", text)
