"""The .docx as LibreOffice lays it out never breaks a number across lines ("202|5年", "1|7%",
"3|2次"), nor a figure from its 余 and measure word ("培训2|次", "150|余处", "300余人|次"):
digits and Latin letters are tagged with a Western language (w:lang w:val), so LibreOffice does
not line-break them by its Chinese rules, which allow a break between any two characters; a
figure with its measure word is a run of its own in zh-Hans-CN with word joiners (U+2060)
inside, which LibreOffice breaks by ICU's rules (writers/unbroken.py). Checked on the rendered
pages of every example (LibreOffice → PDF → pdftotext), beside the same documents made the old
ways, where the breaks appear."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from tzreport.commands import build
from tzreport.writers import unbroken
from tzreport.writers.docx.ooxml import FIGURE_LANGUAGE

# the examples with the most figures in running text, for the documents made the old ways
CHECKED = ["新城街道/2023.yaml", "新城街道/2024.yaml", "新城街道/希望新城社区/2024.yaml",
           "新城街道/京汉新城社区/2023.yaml", "新城街道发言材料/2024年度会议发言.yaml"]
OLD_TAGGING = (b'<w:lang w:val="en-US" w:eastAsia="zh-CN"', b'<w:lang w:val="zh-CN" w:eastAsia="zh-CN"')
# a line ending in a digit, the next line (of the same paragraph: not indented) going on
# with the number: a digit, a decimal point followed by a digit, or a percent sign
INSIDE = re.compile(r"[0-9]\n(?=[0-9%％‰]|\.[0-9])")
PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$", re.M)


def docx_bytes(example: str | Path) -> bytes:
    path = ROOT / "examples" / example
    (data,) = dict(build.prepare(path, build.BuildOptions(("docx",), path.parent / "out")).files).values()
    return data


def retagged(docx: bytes) -> bytes:
    """The same document with digits and Latin letters tagged zh-CN, as before the fix."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data.replace(*OLD_TAGGING) if info.filename == "word/styles.xml" else data)
    return out.getvalue()


def unjoined(docx: bytes) -> bytes:
    """The same document with its figures set as before the fix: no word joiner (U+2060), no
    language of their own; U+200D alone between their characters."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = (data.decode().replace("\u2060", "")
                        .replace(f'<w:lang w:eastAsia="{FIGURE_LANGUAGE}"/>', "").encode())
            target.writestr(info, data)
    return out.getvalue()


def _lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = text.replace("\u200d", "").replace("\u2060", "")
    return [line.rstrip() for line in PAGE_NUMBER.sub("", text.replace("\f", "\n")).splitlines()
            if line.strip()]


def broken_numbers(pdf: Path) -> list[str]:
    """Each place where a line of a paragraph ends inside a number: 'end of line|start of next'."""
    joined = "\n".join(_lines(pdf))
    return [f"{joined[max(0, m.start() - 8):m.start() + 1]}|{joined[m.end():m.end() + 4]}"
            for m in INSIDE.finditer(joined)]


def broken_figures(pdf: Path) -> list[str]:
    """Each place where a line ends inside a figure with its 余 and measure word ("培训2|次"):
    the figure pattern of writers/unbroken.py matched across two lines put together."""
    found = []
    lines = [line.replace(" ", "") for line in _lines(pdf)]
    for before, after in zip(lines, lines[1:], strict=False):
        around = before[-12:] + after[:12]
        cut = len(before[-12:])
        found += [f"{around[:cut][-6:]}|{around[cut:][:4]}" for m in unbroken.FIGURE.finditer(around)
                  if m.start() < cut < m.end()]
    return found


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice 或 poppler-utils 未安装（CI 会安装）")
def test_libreoffice_never_breaks_a_number_across_lines(tmp_path: Path) -> None:
    names = []
    for n, example in enumerate(EXAMPLES):
        docx = docx_bytes(example)
        assert OLD_TAGGING[0] in zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml")
        (tmp_path / f"new{n}.docx").write_bytes(docx)
        names.append(f"new{n}")
    for n, example in enumerate(CHECKED):
        docx = docx_bytes(example)
        (tmp_path / f"digits{n}.docx").write_bytes(retagged(docx))
        (tmp_path / f"figures{n}.docx").write_bytes(unjoined(docx))
        names += [f"digits{n}", f"figures{n}"]
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
         *(str(tmp_path / f"{name}.docx") for name in names)],
        capture_output=True, timeout=300, check=True,
    )
    for n, example in enumerate(EXAMPLES):
        pdf = tmp_path / "pdf" / f"new{n}.pdf"
        assert (broken_numbers(pdf), broken_figures(pdf)) == ([], []), example
    # the checks find what the reviewers saw in the documents made the old ways
    old_digits = [b for n in range(len(CHECKED)) for b in broken_numbers(tmp_path / "pdf" / f"digits{n}.pdf")]
    assert old_digits, "the old tagging breaks no number here: the check would prove nothing"
    old_figures = [b for n in range(len(CHECKED)) for b in broken_figures(tmp_path / "pdf" / f"figures{n}.pdf")]
    assert len(old_figures) >= 5, old_figures


def test_a_line_break_inside_a_number_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = INSIDE.findall("同比下降 1\n7%；开展活动 3\n2 次，增长 14\n%。现将 2021\n年")
    assert len(found) == 3
    text = "组织宗教信息员培训2\n\u200d次，参与群众300余人\n次。开展活动\n3次。"
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, text, ""))
    assert broken_figures(tmp_path / "x.pdf") == ["信息员培训2|次，参与", "众300余人|次。开展"]
