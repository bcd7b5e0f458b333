"""tzreport on a Chinese Windows: the commands pip installed, output in code page 936, folder
builds in spawned worker processes, and Windows paths (drive letters, backslashes, spaces,
Chinese names, a second drive)."""

from __future__ import annotations

import json
import locale
import os
import re
from pathlib import Path

from conftest import CODE_PAGE, command, data_file, environment, report_name, tzreport


def test_the_console_is_chinese() -> None:
    # what the rest of the suite stands on: Windows' ANSI code page 936 (GBK)
    assert locale.getencoding() == CODE_PAGE


def test_the_tzreport_exe_and_python_m_tzreport_both_run_after_the_pip_install(tmp_path: Path) -> None:
    source = data_file(tmp_path / "2024.yaml", "甲社区")
    for how in ("exe", "module"):
        code, out, err = tzreport("--version", how=how)
        assert (code, out, err) == (0, "tzreport 0.1.0\n", ""), how
        code, out, err = tzreport("build", str(source), "-f", "md", how=how)
        assert code == 0, err
        assert out == f"已生成 {tmp_path / report_name('甲社区')}.md\n"
    assert command("exe")[0].endswith("\\Scripts\\tzreport.exe")


def test_a_folder_built_with_two_spawned_workers_prints_gbk_and_replaces_what_gbk_lacks(tmp_path: Path) -> None:
    # 😀 and 𠀾 are not in GBK: printed as "?", never as \U0001f600 and never a UnicodeEncodeError
    units = ["甲社区", "乙社区😀", "丙社区", "𠀾丁社区", "戊社区"]
    folder = tmp_path / "数据"
    for n, unit in enumerate(units):
        data_file(folder / f"{n}.yaml", unit)
    code, out, err = tzreport("build", str(folder), "-j", "2", how="exe", timeout=300)
    assert code == 0, err
    shown = [f"已生成 {folder / report_name(u)}.{kind}".replace("😀", "?").replace("𠀾", "?")
             for u in units for kind in ("md", "docx")]
    *lines, summary = out.splitlines()
    assert lines == shown
    assert summary.startswith("完成：5 个成功，0 个失败，0 个跳过，用时 ")
    assert not re.search(r"\\(u[0-9a-f]{4}|U[0-9a-f]{8}|x[0-9a-f]{2})", out + err) and "Error" not in err
    # the files themselves have their full names
    assert (folder / f"{report_name('乙社区😀')}.docx").is_file()
    assert (folder / f"{report_name('𠀾丁社区')}.md").read_text(encoding="utf-8").startswith("# 𠀾丁社区")


def test_an_error_naming_a_file_is_printed_in_gbk_with_the_windows_path(tmp_path: Path) -> None:
    bad = tmp_path / "有 空格" / "坏 文件.yaml"
    bad.parent.mkdir()
    bad.write_text("单位: 甲社区\n年度: 二〇二四\n", encoding="utf-8")
    code, out, err = tzreport("build", str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"{bad}:") and "年度" in err and "Traceback" not in err


def test_paths_with_a_drive_letter_backslashes_spaces_and_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "统战 数据" / "京汉 新城"
    source = data_file(folder / "2024 年.yaml", "京汉新城社区")
    output = Path("D:\\") / "输出 报告" / tmp_path.name
    # relative to the folder it runs in, with backslashes; the output on another drive
    code, out, err = tzreport("build", "..\\京汉 新城\\2024 年.yaml", "-o", str(output), cwd=folder)
    assert code == 0, err
    name = report_name("京汉新城社区")
    assert out == f"已生成 {output}\\{name}.md\n已生成 {output}\\{name}.docx\n"
    assert str(output).startswith("D:\\输出 报告\\")
    manifest = json.loads((output / ".tzreport-manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == [f"{name}.docx", f"{name}.md"]
    # forward slashes, as some people type them, reach the same files
    code, out, err = tzreport("build", source.as_posix(), "-o", output.as_posix())
    assert code == 0, err
    assert out.count("已生成") == 2
    code, out, err = tzreport("check", f"{source.drive}{source.as_posix()[2:]}")
    assert code == 0, err


def test_the_next_year_on_another_drive_keeps_its_schema_line(tmp_path: Path) -> None:
    # init writes the schema line as a relative path; from C: to D: there is none
    code, out, err = tzreport("init", str(tmp_path / "甲 社区"), "--year", "2024")
    assert code == 0, err
    target = Path("D:\\") / "下一年" / tmp_path.name
    target.mkdir(parents=True, exist_ok=True)
    code, out, err = tzreport("new-year", str(tmp_path / "甲 社区" / "2024.yaml"), "-o", str(target))
    assert code == 0, err
    assert out == f"已创建 {target}\\2025.yaml\n"
    first = (target / "2025.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema = (tmp_path / "甲 社区" / "tzreport.schema.json").resolve().as_uri()
    assert first == f"# yaml-language-server: $schema={schema}"


def test_the_cache_is_kept_under_localappdata(tmp_path: Path) -> None:
    local = tmp_path / "AppData 本地"
    source = data_file(tmp_path / "2024.yaml", "甲社区")
    env = environment(LOCALAPPDATA=str(local))
    env.pop("TZREPORT_CACHE", None)
    code, out, err = tzreport("build", str(source), "-f", "docx", env=env)
    assert code == 0, err
    cached = [p for p in (local / "tzreport" / "cache").rglob("*") if p.is_file()]
    assert cached, os.listdir(local)
