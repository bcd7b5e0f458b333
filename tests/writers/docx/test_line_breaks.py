"""The .docx as LibreOffice lays it out never breaks a number across lines ("202|5年", "1|7%",
"3|2次"): digits and Latin letters are tagged with a Western language (w:lang w:val), and a
figure with its measure word is a run of its own in zh-Hans-CN, so LibreOffice does not
line-break them by its Chinese rules, which allow a break between any two characters. The text
carries no invisible character (a joiner would keep "培训2次" on one line there, but travel with
every copy and defeat a search: writers/unbroken.py). Checked on the rendered pages of every
example (LibreOffice → PDF → pdftotext), beside the same documents tagged the old way, where
the breaks appear."""

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


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice 或 poppler-utils 未安装（CI 会安装）")
def test_libreoffice_never_breaks_a_number_across_lines(tmp_path: Path) -> None:
    names = []
    for n, example in enumerate(EXAMPLES):
        docx = docx_bytes(example)
        assert OLD_TAGGING[0] in zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml")
        # no invisible character in the text: a copy or a search for "15人" finds what it shows
        document = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
        assert "\u200d" not in document and "\u2060" not in document, example
        (tmp_path / f"new{n}.docx").write_bytes(docx)
        names.append(f"new{n}")
    for n, example in enumerate(CHECKED):
        docx = docx_bytes(example)
        (tmp_path / f"digits{n}.docx").write_bytes(retagged(docx))
        names.append(f"digits{n}")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
         *(str(tmp_path / f"{name}.docx") for name in names)],
        capture_output=True, timeout=300, check=True,
    )
    for n, example in enumerate(EXAMPLES):
        pdf = tmp_path / "pdf" / f"new{n}.pdf"
        assert broken_numbers(pdf) == [], example
    # the checks find what the reviewers saw in the documents made the old ways
    old_digits = [b for n in range(len(CHECKED)) for b in broken_numbers(tmp_path / "pdf" / f"digits{n}.pdf")]
    assert old_digits, "the old tagging breaks no number here: the check would prove nothing"


def test_a_line_break_inside_a_number_is_found() -> None:
    found = INSIDE.findall("同比下降 1\n7%；开展活动 3\n2 次，增长 14\n%。现将 2021\n年")
    assert len(found) == 3
