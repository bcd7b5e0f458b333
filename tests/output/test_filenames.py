"""Output names come from 单位, which the YAML can make anything: whatever it says, the file
is written inside the output folder, under a name Windows accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzreport.cli.main import app
from tzreport.report.outline import safe_filename

runner = CliRunner()
REST = "2024年统战工作总结"


def valid_on_windows(name: str) -> bool:
    """The rules of Windows file names, written out independently of the code under test."""
    if not name or len(name.encode("utf-8")) > 255 or len(name.encode("utf-16-le")) // 2 > 255:
        return False
    if re.search(r'[<>:"/\\|?*\x00-\x1f]', name) or name[-1] in " .":
        return False
    device = name.split(".")[0].rstrip(" ").upper()
    return not re.fullmatch(r"CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³]|CONIN\$|CONOUT\$", device)


@pytest.mark.parametrize(
    ("unit", "stem"),
    [
        ("../../x", f"_.._x{REST}"),
        ("..\\..\\x", f"_.._x{REST}"),
        ("/etc/passwd", f"_etc_passwd{REST}"),
        ("C:\\Windows\\x", f"C_Windows_x{REST}"),
        ('甲/乙\\丙:丁*戊?己"庚<辛>壬|癸', f"甲_乙_丙_丁_戊_己_庚_辛_壬_癸{REST}"),
        ("CON.", f"_CON.{REST}"),
        ("nul.社区", f"_nul.社区{REST}"),
        ("COM1 .甲", f"_COM1 .甲{REST}"),
        ("LPT9.", f"_LPT9.{REST}"),
        ("CON", f"CON{REST}"),  # "CON2024年…" is not a device name
        (" 甲社区. ", f"甲社区. {REST}"),
        ("...", REST),
        ("\u202e甲社区\u200b", f"甲社区{REST}"),
    ],
)
def test_hostile_units_give_safe_names(unit: str, stem: str) -> None:
    name = safe_filename(unit + REST)
    assert name == stem
    assert valid_on_windows(name + ".docx")


def test_a_very_long_unit_keeps_the_start_and_the_end() -> None:
    name = safe_filename("甲" * 300 + REST)
    assert name == "甲" * 24 + "…" + "甲" * 16 + REST
    assert len(name.encode("utf-8")) <= 150
    assert valid_on_windows(f".{name}.docx.abcdefgh.tmp")  # the temporary name written first


@pytest.mark.parametrize("unit", ["../../逃逸", "..", "CON.", "a\\b", "长" * 400, "甲/../../乙"])
def test_build_writes_only_inside_the_output_folder(tmp_path: Path, unit: str) -> None:
    source = tmp_path / "in" / "data.yaml"
    source.parent.mkdir()
    source.write_text(f'单位: "{unit}"\n年度: 2024\n'.replace("\\", "\\\\"), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    result = runner.invoke(app, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p != source)
    assert [p.parent for p in written] == [out] * 3
    assert all(valid_on_windows(p.name) for p in written)
