"""Output names come from 单位, which the YAML can make anything: whatever it says, the file
is written inside the output folder, under a name Windows accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from tzreport.cli.main import app
from tzreport.data.models import Report
from tzreport.report.outline import output_stem, safe_filename

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


SPEECH = ROOT / "examples" / "新城街道发言材料" / "2024年度会议发言.yaml"


@pytest.mark.parametrize(("title", "stem"), [
    # no 标题, or one that only extends the generated title: the generated name, as before
    ("", "甲社区2023年统战工作总结"),
    ("甲社区2023年统战工作总结及2024年工作计划", "甲社区2023年统战工作总结"),
    # a 标题 that names the report otherwise names its file
    ("甲社区2024年度统战工作会议发言", "甲社区2024年度统战工作会议发言"),
    # made safe like any name from the YAML, its line breaks a space
    ("../甲社区\n会议发言", "_甲社区 会议发言"),
])
def test_the_output_name_follows_a_title_that_names_the_report_otherwise(title: str, stem: str) -> None:
    report = Report.model_validate({"单位": "甲社区", "年度": 2023, **({"标题": title} if title else {})})
    assert output_stem(report) == stem


def test_the_speech_example_is_built_under_its_own_title(tmp_path: Path) -> None:
    """The speech's 年度 is the work year (2023); its 标题 names the 2024 meeting: a file named
    新城街道2023年统战群团工作发言材料 would say a year the document does not."""
    result = runner.invoke(app, ["build", str(SPEECH), "-f", "md", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("*.md")] == ["新城街道2024年度党的建设暨组织、宣传、统战、政法工作会议发言材料.md"]
