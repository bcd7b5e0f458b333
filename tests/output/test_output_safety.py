"""No one's work is lost: atomic writes, reports edited after they were generated are not
overwritten (unless --force), files open in Word get a message, and in a folder build a bad
file fails alone."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from tzreport import output
from tzreport.cli.main import app

runner = CliRunner()
NAME = "甲社区2024年统战工作总结"
KEEP_OR_REPLACE = "如要保留它，请先把它改名或移到别处，再重新生成；如要用新生成的报告替换它，请加上 --force 重新生成"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A data file built once into out/; returns the output folder."""
    source = tmp_path / "data.yaml"
    source.write_text("单位: 甲社区\n年度: 2024\n结语: 第一稿\n", encoding="utf-8")
    result = run("build", source, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def change_data(tmp_path: Path, closing: str = "第二稿") -> Path:
    source = tmp_path / "data.yaml"
    source.write_text(f"单位: 甲社区\n年度: 2024\n结语: {closing}\n", encoding="utf-8")
    return source


def edit_in_word(docx: Path) -> None:
    document = Document(str(docx))
    document.add_paragraph("这是人工补充的一段。")
    document.save(str(docx))


def texts(docx: Path) -> list[str]:
    return [p.text for p in Document(str(docx)).paragraphs if p.text]


# ---------------------------------------------------------------- the manifest


def test_manifest_records_the_hash_of_each_file_written(built: Path) -> None:
    recorded = json.loads((built / ".tzreport-manifest.json").read_text(encoding="utf-8"))
    for suffix in (".md", ".docx"):
        digest = hashlib.sha256((built / f"{NAME}{suffix}").read_bytes()).hexdigest()
        assert recorded["files"][f"{NAME}{suffix}"] == f"sha256:{digest}"
    assert recorded["说明"].startswith("tzreport 在这里记录它生成的每个文件的 SHA-256")


def test_an_unchanged_report_is_rebuilt(tmp_path: Path, built: Path) -> None:
    result = run("build", change_data(tmp_path), "-o", built)
    assert result.exit_code == 0, result.output
    assert texts(built / f"{NAME}.docx")[-1] == "第二稿。"


def test_a_docx_edited_in_word_is_not_overwritten(tmp_path: Path, built: Path) -> None:
    docx, md = built / f"{NAME}.docx", built / f"{NAME}.md"
    edit_in_word(docx)
    before = docx.read_bytes(), md.read_bytes()
    result = run("build", change_data(tmp_path), "-o", built)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{docx}: 错误 这个文件在生成以后被修改过（例如在 Word 中编辑并保存过），为免丢失内容，没有覆盖它。"
        f"{KEEP_OR_REPLACE}\n"
    )
    # nothing of the report was written: not the edited .docx, not the .md beside it
    assert (docx.read_bytes(), md.read_bytes()) == before
    assert texts(docx)[-1] == "这是人工补充的一段。"


def test_force_replaces_an_edited_docx(tmp_path: Path, built: Path) -> None:
    docx = built / f"{NAME}.docx"
    edit_in_word(docx)
    result = run("build", change_data(tmp_path), "-o", built, "--force")
    assert result.exit_code == 0, result.output
    assert texts(docx)[-1] == "第二稿。"
    # and it is known again: the next build needs no --force
    assert run("build", change_data(tmp_path, "第三稿"), "-o", built).exit_code == 0


def test_a_hand_edited_markdown_is_protected_too(tmp_path: Path, built: Path) -> None:
    md = built / f"{NAME}.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    result = run("build", change_data(tmp_path), "-o", built, "-f", "md")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{md}: 错误 这个文件在生成以后被修改过")
    assert md.read_text(encoding="utf-8").endswith("补充。\n")


def test_a_file_tzreport_did_not_write_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{NAME}.docx").write_bytes(b"a report someone wrote by hand")
    result = run("build", change_data(tmp_path), "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{out / f'{NAME}.docx'}: 错误 已有同名文件，但没有它由 tzreport 生成的记录（.tzreport-manifest.json），"
        f"它可能是别人写的，或记录已丢失，为免丢失内容，没有覆盖它。{KEEP_OR_REPLACE}\n"
    )
    assert (out / f"{NAME}.docx").read_bytes() == b"a report someone wrote by hand"
    assert sorted(p.name for p in out.iterdir()) == [f"{NAME}.docx"]


def test_without_the_manifest_only_identical_files_are_replaced(tmp_path: Path, built: Path) -> None:
    (built / ".tzreport-manifest.json").unlink()
    result = run("build", tmp_path / "data.yaml", "-o", built, "-f", "md")  # same data: same .md
    assert result.exit_code == 0, result.output
    (built / ".tzreport-manifest.json").unlink()
    result = run("build", change_data(tmp_path), "-o", built)
    assert result.exit_code == 1
    assert "没有它由 tzreport 生成的记录" in result.stderr


def test_a_damaged_manifest_counts_as_none(tmp_path: Path, built: Path) -> None:
    (built / ".tzreport-manifest.json").write_text("{不是 JSON", encoding="utf-8")
    result = run("build", change_data(tmp_path), "-o", built)
    assert result.exit_code == 1
    assert "没有它由 tzreport 生成的记录" in result.stderr


def test_reports_of_different_sources_share_one_manifest(tmp_path: Path) -> None:
    for unit in ("甲社区", "乙社区"):
        source = tmp_path / f"{unit}.yaml"
        source.write_text(f"单位: {unit}\n年度: 2024\n", encoding="utf-8")
        assert run("build", source, "-o", tmp_path / "out", "-f", "md").exit_code == 0
    recorded = json.loads((tmp_path / "out" / ".tzreport-manifest.json").read_text(encoding="utf-8"))
    assert sorted(recorded["files"]) == ["乙社区2024年统战工作总结.md", "甲社区2024年统战工作总结.md"]


def test_a_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "out" / f"{NAME}.md").mkdir(parents=True)
    result = run("build", change_data(tmp_path), "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'out' / f'{NAME}.md'}: 错误 已有同名的文件夹，无法生成这个文件\n"


def test_an_output_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("", encoding="utf-8")
    result = run("build", change_data(tmp_path), "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'out'}: 错误 这是一个文件，不是文件夹，无法在其中生成报告\n"


# ---------------------------------------------------------------- files in use, failed writes


def test_docx_open_in_word_asks_to_close_it_and_writes_nothing(
    tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx, md = built / f"{NAME}.docx", built / f"{NAME}.md"
    before = md.read_bytes()
    real_open = os.open

    def word_holds_it(path, flags, *args, **kwargs):  # Windows: sharing violation
        if Path(path) == docx and flags & os.O_RDWR:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", word_holds_it)
    result = run("build", change_data(tmp_path), "-o", built)
    assert result.exit_code == 1
    assert result.stderr == f"{docx}: 错误 文件被占用或没有写权限；若已在 Word/WPS 中打开，请先关闭\n"
    assert md.read_bytes() == before  # checked before anything was written


def replace_fails(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """The rename that puts a written file in place fails, as the system would make it."""

    def fail(src: object, dst: object) -> None:
        raise error

    monkeypatch.setattr(os, "replace", fail)


def test_permission_error_on_replace_keeps_the_old_file(
    tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = built / f"{NAME}.docx"
    before = docx.read_bytes()
    replace_fails(monkeypatch, PermissionError(errno.EACCES, "Access is denied", str(docx)))
    result = run("build", change_data(tmp_path), "-o", built, "-f", "docx")
    assert result.exit_code == 1
    assert result.stderr == f"{docx}: 错误 文件被占用或没有写权限；若已在 Word/WPS 中打开，请先关闭\n"
    assert docx.read_bytes() == before
    assert not list(built.glob(".*.tmp"))  # no temporary file left behind


def test_an_interrupted_write_leaves_the_previous_file_whole(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = built / f"{NAME}.docx"
    before = docx.read_bytes()
    replace_fails(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(docx, b"half a report")
    assert docx.read_bytes() == before
    assert not list(built.glob(".*.tmp"))


def test_disk_full_is_said_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replace_fails(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    result = run("build", change_data(tmp_path), "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'out' / f'{NAME}.md'}: 错误 无法写入：磁盘空间不足\n"
    assert [p.name for p in (tmp_path / "out").iterdir()] == []


def test_a_file_written_before_a_failure_is_still_recorded(
    tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def docx_fails(src: str, dst: str) -> None:
        if str(dst).endswith(".docx"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", docx_fails)
    assert run("build", change_data(tmp_path), "-o", built).exit_code == 1
    monkeypatch.setattr(os, "replace", real_replace)
    # the new .md was recorded: the next build does not take it for an edited one
    result = run("build", change_data(tmp_path, "第三稿"), "-o", built)
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- folder builds


def three_communities(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for unit in ("甲社区", "乙社区", "丙社区"):
        (data / f"{unit}.yaml").write_text(f"单位: {unit}\n年度: 2024\n", encoding="utf-8")
    return data


def manifest_writes(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """What each write of a manifest recorded, in order."""
    writes: list[dict[str, str]] = []
    real = output.write_atomic

    def spy(target: Path, data: bytes) -> None:
        if target.name == output.MANIFEST:
            writes.append(json.loads(data)["files"])
        real(target, data)

    monkeypatch.setattr(output, "write_atomic", spy)
    return writes


def test_a_folder_build_writes_its_manifest_once_not_once_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rewriting a record that grows with the folder after every report made big folders
    # quadratic; it is saved every few seconds (write_behind.SAVE_EVERY) and at the end
    writes = manifest_writes(monkeypatch)
    assert run("build", three_communities(tmp_path), "-o", tmp_path / "out").exit_code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.name != output.MANIFEST)
    assert len(names) == 6
    assert [sorted(w) for w in writes] == [names]
    recorded = json.loads((tmp_path / "out" / output.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert recorded == {n: output.digest((tmp_path / "out" / n).read_bytes()) for n in names}


def test_an_interrupted_folder_build_still_records_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tzreport.commands import build

    writes = manifest_writes(monkeypatch)
    done: list[Path] = []

    def interrupt_after_two(source: Path, written: list[Path], error: object) -> None:
        done.append(source)
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build.build([three_communities(tmp_path)], build.BuildOptions(out_dir=tmp_path / "out"), on_done=interrupt_after_two)
    # the reports said to be written are recorded, and so is any the build was writing when
    # it was stopped (it is whole): exactly the files that are there, saved once
    said = {f"{source.stem}2024年统战工作总结.{fmt}" for source in done for fmt in ("md", "docx")}
    there = {p.name for p in (tmp_path / "out").iterdir() if p.name != output.MANIFEST}
    assert len(writes) == 1 and set(writes[0]) == there and said <= there
    assert {p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".") and p.name != output.MANIFEST} == set()

SUMMARY_2_2 = "（小结）"


def test_in_a_folder_build_an_edited_report_fails_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for unit in ("甲社区", "乙社区", "丙社区"):
        (data / f"{unit}.yaml").write_text(f"单位: {unit}\n年度: 2024\n", encoding="utf-8")
    assert run("build", data, "-o", tmp_path / "out").exit_code == 0
    edit_in_word(tmp_path / "out" / "乙社区2024年统战工作总结.docx")
    (data / "丁社区.yaml").write_text("单位: 丁社区\n年度: 二〇二四\n", encoding="utf-8")
    result = run("build", data, "-o", tmp_path / "out")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"完成：2 个成功，2 个失败，0 个跳过，用时 \d+\.\d 秒。失败的数据文件：", lines[2])
    lines[2] = SUMMARY_2_2
    assert lines == [
        f"{data / '丁社区.yaml'}:2:5: 错误 年度: 应写成 2024（只写阿拉伯数字），实际为“二〇二四”",
        f"{tmp_path / 'out' / '乙社区2024年统战工作总结.docx'}: 错误 这个文件在生成以后被修改过"
        f"（例如在 Word 中编辑并保存过），为免丢失内容，没有覆盖它。{KEEP_OR_REPLACE}",
        SUMMARY_2_2,
        f"  {data / '丁社区.yaml'}",
        f"  {data / '乙社区.yaml'}",
    ]
    assert result.stdout.splitlines() == [
        f"已生成 {tmp_path / 'out' / name}"
        for name in ("丙社区2024年统战工作总结.md", "丙社区2024年统战工作总结.docx",
                     "甲社区2024年统战工作总结.md", "甲社区2024年统战工作总结.docx")
    ]
    assert texts(tmp_path / "out" / "乙社区2024年统战工作总结.docx")[-1] == "这是人工补充的一段。"


def test_a_folder_build_syncs_the_reports_waiting_together_and_says_each_written_once_on_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the reports rendered while one waits for the disk are synced together (a batch, on
    # several threads), not one after the other; a report is said to be written only once
    # its files are synced and renamed into place
    import threading
    import time

    from tzreport.commands import build

    data = tmp_path / "data"
    data.mkdir()
    for n in range(12):
        (data / f"{n:02}.yaml").write_text(f"单位: 第{n}社区\n年度: 2024\n", encoding="utf-8")
    real_fsync = os.fsync
    lock = threading.Lock()
    synced: set[int] = set()
    now = most = 0

    def slow_fsync(fd: int) -> None:
        nonlocal now, most
        with lock:
            now += 1
            most = max(most, now)
        time.sleep(0.2)  # a slow disk: reports rendered meanwhile wait together
        real_fsync(fd)
        with lock:
            now -= 1
            synced.add(os.fstat(fd).st_ino)

    monkeypatch.setattr(output.os, "fsync", slow_fsync)
    said: list[Path] = []

    def done(source: Path, written: list[Path], error: object) -> None:
        assert error is None and len(written) == 2
        assert all(path.stat().st_ino in synced for path in written)  # on the disk, in place
        said.append(source)

    outcome = build.build([data], build.BuildOptions(out_dir=tmp_path / "out"), jobs=1, on_done=done)
    assert said == sorted(data.glob("*.yaml")) and not outcome.failed
    assert most > 2  # more than one report's two files waited for the disk at once
    recorded = json.loads((tmp_path / "out" / output.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert len(recorded) == 24
