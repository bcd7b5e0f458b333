"""A layout file's 字体目录 is read within bounds: only folders inside the layout file's own
folder (no absolute path, no "..", no link out), only regular files where fonts are looked
for, no more than so many files, faces in a collection and seconds. A 版式.yaml beside a data
file could name "/" or "/proc/self", or a folder holding a 4 KB .ttc claiming 2³¹ faces, which
added 57–89 s to every PDF build."""

from __future__ import annotations

import os
import shutil
import struct
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app
from tzreport.errors import DataError, InputError, OutputError
from tzreport.writers.layout_lookup import load_layout
from tzreport.writers.pdf import font_files

runner = CliRunner()
EXAMPLE = ROOT / "examples" / "出头岭镇" / "2021上半年.yaml"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def collection(path: Path, faces: int, size: int) -> Path:
    """A .ttc whose header claims `faces` faces, `size` bytes long."""
    path.write_bytes((b"ttcf" + struct.pack(">HHI", 1, 0, faces)).ljust(size, b"\0"))
    return path


def unit(tmp_path: Path, dirs: str) -> Path:
    """A data file with a 版式.yaml beside it naming these 字体目录."""
    data = shutil.copy(EXAMPLE, tmp_path / "2023.yaml")
    (tmp_path / "版式.yaml").write_text(f"字体目录: {dirs}\n", encoding="utf-8")
    (tmp_path / "字体").mkdir(exist_ok=True)
    return Path(data)


def test_a_collection_claiming_two_billion_faces_is_refused_at_once(tmp_path: Path) -> None:
    data = unit(tmp_path, "[字体]")
    evil = collection(tmp_path / "字体" / "evil.ttc", 2**31, 4096)
    started = time.monotonic()
    result = runner.invoke(app, ["build", str(data), "-f", "pdf", "-o", str(tmp_path / "out")])
    assert time.monotonic() - started < 10
    assert result.exit_code == 1, result.output
    assert f"{evil}: 错误 字体目录中的字体集声称含有 2,147,483,648 种字体，不是正常的字体文件" in result.stderr
    assert not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else True


@pytest.mark.parametrize("written", ["/", "/proc/self", "../字体", "字体/../../别处", "C:\\\\Windows\\\\Fonts", "''"])
def test_a_font_folder_outside_the_layout_files_folder_is_refused(tmp_path: Path, written: str) -> None:
    data = unit(tmp_path, f'["{written}"]' if "'" not in written else f"[{written}]")
    with pytest.raises(DataError) as info:
        load_layout(data)
    [said] = info.value.lines()
    assert said.startswith(f"{tmp_path / '版式.yaml'}:1:")
    assert "字体目录[0]: 应为版式文件所在文件夹中的子文件夹（如“字体”），不能是绝对路径，不能有“..”" in said


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    data = unit(tmp_path, "[外面]")
    os.symlink("/usr/share/fonts", tmp_path / "外面")
    with pytest.raises(InputError, match="字体目录“外面”指向版式文件所在的文件夹以外"):
        load_layout(data)


@pytest.mark.parametrize("make", ["folder-link", "file-link", "fifo"])
def test_links_and_special_files_inside_a_font_folder_are_refused(tmp_path: Path, make: str) -> None:
    folder = tmp_path / "字体"
    folder.mkdir()
    if make == "folder-link":
        os.symlink("/", folder / "根")
        why = "中有指向文件夹的链接"
    elif make == "file-link":
        os.symlink("/etc/passwd", folder / "口令.ttf")
        why = "中有指向别处的链接"
    else:
        os.mkfifo(folder / "管道.ttf")
        why = "中有不是普通文件的字体文件"
    with pytest.raises(OutputError, match=why):
        font_files.check_folders((str(folder),))


def test_the_caps_on_files_faces_and_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "字体"
    (folder / "子").mkdir(parents=True)
    collection(folder / "子" / "ok.ttc", font_files.MAX_FACES, 12 + 4 * font_files.MAX_FACES)
    font_files.check_folders((str(folder),))  # at the cap: read
    collection(folder / "子" / "more.ttc", font_files.MAX_FACES + 1, 100_000)
    with pytest.raises(OutputError, match="声称含有 257 种字体"):
        font_files.check_folders((str(folder),))
    (folder / "子" / "more.ttc").unlink()
    collection(folder / "short.ttc", 100, 100)  # 100 faces cannot fit in 100 bytes
    with pytest.raises(OutputError, match="声称含有 100 种字体"):
        font_files.check_folders((str(folder),))
    (folder / "short.ttc").unlink()
    for n in range(3):
        (folder / f"f{n}.otf").write_bytes(b"OTTO")
    monkeypatch.setattr(font_files, "MAX_FONT_FILES", 3)
    with pytest.raises(OutputError, match="中的字体文件超过 3 个"):
        font_files.check_folders((str(folder),))
    monkeypatch.setattr(font_files, "MAX_ENTRIES", 2)
    with pytest.raises(OutputError, match="中的文件和文件夹超过 2 个"):
        font_files.check_folders((str(folder),))
    monkeypatch.setattr(font_files, "MAX_ENTRIES", 10_000)
    monkeypatch.setattr(font_files, "MAX_FONT_FILES", 500)
    monkeypatch.setattr(font_files, "MAX_SECONDS", -1.0)
    with pytest.raises(OutputError, match="查找字体用时超过"):
        font_files.check_folders((str(folder),))


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans ships with the test image's LibreOffice")
def test_a_font_in_the_folder_is_still_found(tmp_path: Path) -> None:
    from tzreport.writers.pdf import typst

    data = unit(tmp_path, "[字体]")
    shutil.copy(DEJAVU, tmp_path / "字体" / "自带.ttf")
    layout = load_layout(data)
    assert layout.font_dirs == (str((tmp_path / "字体").resolve()),)
    book = typst._font_book(layout.font_dirs, False)
    assert "DejaVu Sans" in book.families()


def test_the_caps_are_the_ones_the_docs_state() -> None:
    from tzreport.writers import layout_file

    said = (ROOT / "docs" / "安全.md").read_text(encoding="utf-8")
    assert (f"一共最多 {font_files.MAX_ENTRIES // 10_000} 万个文件和文件夹、{font_files.MAX_FONT_FILES} 个字体文件，"
            f"\n  一个字体集（.ttc）最多 {font_files.MAX_FACES} 种字体") in said
    assert f"查看超过 {font_files.MAX_SECONDS:g} 秒即停止" in said
    assert f"最多写 {layout_file.MAX_FONT_DIRS} 个" in said
