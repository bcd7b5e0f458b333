"""The faces the Typst PDF is set in: drawn for simplified Chinese, in the order of the fallback
lists; AR PL UKai and UMing (traditional forms even in their CN faces: 眞 for 真, 。，、 centred)
only when nothing else is installed, and then the build says so."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pdf_read
from conftest import ROOT
from tzreport.cli.main import app
from tzreport.writers.layout import DEFAULT, Font
from tzreport.writers.pdf import fonts

DEBIAN = ["Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif CJK TC", "Noto Serif CJK JP",
          "AR PL UKai", "AR PL UKai TW", "AR PL UKai HK", "LXGW WenKai", "LXGW WenKai Mono",
          "AR PL KaitiM GB", "DejaVu Sans"]
KAI_WARNING = (
    "警告 PDF 字体：副标题、二级标题用的是 AR PL UKai，它按繁体字形书写（如“真”写作“眞”，“。，、”居中），"
    "不宜用于正式文件；请安装简体楷体（Debian/Ubuntu 请运行 apt-get install fonts-lxgw-wenkai "
    "fonts-arphic-gkai00mp；Windows 自带楷体），或在 版式.yaml 的“字体目录”中写上存放字体文件的文件夹"
)


def test_the_kai_roles_take_lxgw_wenkai_over_ar_pl_ukai() -> None:
    chosen = fonts.choose(DEFAULT, DEBIAN)
    assert chosen.families["heading2"] == ["LXGW WenKai"]
    assert chosen.families["subtitle"] == ["LXGW WenKai"]
    assert chosen.families["body"] == ["Noto Serif CJK SC"]
    assert "副标题、二级标题用 LXGW WenKai" in chosen.note
    assert "UKai" not in chosen.note and "警告" not in chosen.note


def test_then_ar_pl_kaitim_gb_then_a_simplified_serif_before_ukai() -> None:
    without_wenkai = [f for f in DEBIAN if not f.startswith("LXGW")]
    assert fonts.choose(DEFAULT, without_wenkai).families["heading2"] == ["AR PL KaitiM GB"]
    no_kai = ["Noto Serif CJK SC", "AR PL UKai", "AR PL UKai TW"]
    chosen = fonts.choose(DEFAULT, no_kai)
    assert chosen.families["heading2"] == ["Noto Serif CJK SC"]
    assert "警告" not in chosen.note
    # a Windows machine without 楷体: 宋体 for the 楷体 roles, still simplified
    assert fonts.choose(DEFAULT, ["SimSun", "SimHei", "FangSong"]).families["heading2"] == ["SimSun"]


def test_ukai_only_when_nothing_else_and_then_a_warning() -> None:
    chosen = fonts.choose(DEFAULT, ["AR PL UKai", "AR PL UKai TW", "DejaVu Sans"])
    assert {face for (face,) in chosen.families.values()} == {"AR PL UKai"}
    first, warning = chosen.note.split("\n")
    assert first.startswith("提示 PDF 字体：标题、副标题、正文") and "用 AR PL UKai" in first
    assert warning == (
        "警告 PDF 字体：标题、副标题、正文、一级标题、二级标题、三级标题、四级标题、页码、附表标识、表格、表头"
        "用的是 AR PL UKai，它按繁体字形书写（如“真”写作“眞”，“。，、”居中），不宜用于正式文件；"
        "请安装简体中文字体（Debian/Ubuntu 请运行 apt-get install fonts-noto-cjk fonts-lxgw-wenkai；"
        "Windows 自带仿宋、黑体、楷体、宋体），或在 版式.yaml 的“字体目录”中写上存放字体文件的文件夹")


def test_a_layout_naming_ukai_gets_it_with_the_warning() -> None:
    layout = dataclasses.replace(DEFAULT, heading2=Font("AR PL UKai"), subtitle=Font("AR PL UKai"))
    chosen = fonts.choose(layout, DEBIAN)
    assert chosen.families["heading2"] == ["AR PL UKai"]
    assert chosen.note.split("\n")[1:] == [KAI_WARNING]


def test_uming_serves_the_song_roles_and_ukai_the_kai_roles_as_a_last_resort() -> None:
    chosen = fonts.choose(DEFAULT, ["AR PL UKai", "AR PL UMing"])
    assert chosen.families["body"] == ["AR PL UMing"] and chosen.families["heading2"] == ["AR PL UKai"]
    assert chosen.note.count("\n警告 PDF 字体：") == 2


def test_no_traditional_face_in_a_simplified_list() -> None:
    for faces in (fonts.TITLE, fonts.FANGSONG, fonts.HEITI, fonts.KAITI, fonts.SONGTI, fonts.ANY_CJK):
        assert not [f for f in faces if f.startswith(("AR PL UKai", "AR PL UMing"))
                    or f.endswith((" TC", " HK", " TW", " JP", " KR"))], faces
    assert fonts.KAITI.index("LXGW WenKai") < fonts.KAITI.index("AR PL KaitiM GB")
    assert fonts.KAITI[:4] == ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi")


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils 未安装（CI 会安装）")
def test_the_example_pdf_is_set_in_simplified_faces_only(tmp_path: Path) -> None:
    # this machine has AR PL UKai (all four faces) beside LXGW WenKai and Noto CJK (.ci/run)
    result = CliRunner().invoke(app, ["build", str(ROOT / "examples" / "出头岭镇"), "-f", "pdf",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "副标题、二级标题用 LXGW WenKai" in result.stderr and "警告" not in result.stderr
    (pdf,) = tmp_path.glob("*.pdf")
    names = [name.split("+")[-1] for name, _ in pdf_read.fonts(pdf)]
    assert any("LXGWWenKai" in n for n in names), names
    # only the simplified faces: no UKai/UMing, no Noto CJK TC/HK/JP/KR
    assert all(re.match(r"(LXGWWenKai|NotoSerifCJKsc|NotoSansCJKsc)-", n) for n in names), names
    assert "二是开展建党100周年清真食品安全" in pdf_read.text(pdf).replace(" ", "")
