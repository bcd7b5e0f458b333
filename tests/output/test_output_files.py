"""How report files are written (issue 18, findings 8 and part of 10): modes under the umask,
a rebuild keeping a file's mode, fsync before the rename, identical content left alone,
schema -o refusing to replace other files, hostile font names and style ids escaped in the
XML, and a reference document's zip read within a cap."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from tzreport import file_replace, output
from tzreport.cli.main import app
from tzreport.errors import InputError, OutputError, os_reason
from tzreport.writers.docx import setup

runner = CliRunner()
posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def data(tmp_path: Path, closing: str = "特此报告") -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(f"单位: 甲社区\n年度: 2024\n结语: {closing}\n", encoding="utf-8")
    return path


def build(*args: object):
    return runner.invoke(app, ["build", *map(str, args)])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix
def test_files_get_the_mode_of_a_new_file_and_keep_a_changed_one(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        file_replace.umask.cache_clear()
        out = tmp_path / "out"
        assert build(data(tmp_path), "-o", out).exit_code == 0
        md, docx = out / "甲社区2024年统战工作总结.md", out / "甲社区2024年统战工作总结.docx"
        assert mode(md) == mode(docx) == mode(out / output.MANIFEST) == 0o644
        md.chmod(0o600)
        docx.chmod(0o640)
        assert build(data(tmp_path, "第二稿"), "-o", out).exit_code == 0
        assert "第二稿" in md.read_text(encoding="utf-8")
        assert (mode(md), mode(docx)) == (0o600, 0o640)
        schema = tmp_path / "s.json"
        assert runner.invoke(app, ["schema", "-o", str(schema)]).exit_code == 0
        assert mode(schema) == 0o644
    finally:
        os.umask(old)
        file_replace.umask.cache_clear()


def test_data_reaches_the_disk_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(output.os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(output.os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    output.write_atomic(tmp_path / "x.md", b"text")
    assert calls[:2] == ["fsync", "replace"]


def test_identical_content_is_not_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert build(data(tmp_path), "-o", out).exit_code == 0

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file_replace.tempfile, "mkstemp", full_disk)
    result = build(data(tmp_path), "-o", out)
    assert result.exit_code == 0, result.output


def test_schema_o_does_not_replace_a_data_file(tmp_path: Path) -> None:
    path = data(tmp_path)
    before = path.read_bytes()
    result = runner.invoke(app, ["schema", "-o", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"{path}: 错误 文件已存在，且不是 tzreport 生成的 schema 文件，不会覆盖：请换一个文件名\n"
    assert path.read_bytes() == before
    schema = tmp_path / "tzreport.schema.json"
    schema.write_text('{"title": "tzreport 数据文件", "old": true}', encoding="utf-8")
    assert runner.invoke(app, ["schema", "-o", str(tmp_path)]).exit_code == 0  # an older one is renewed
    assert '"old"' not in schema.read_text(encoding="utf-8")


@pytest.mark.parametrize("face", ['宋"体', "<黑体>", "A&B"])
def test_a_font_name_with_xml_characters(tmp_path: Path, face: str) -> None:
    (tmp_path / "版式.yaml").write_text(f"正文字体: '{face}'\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build(data(tmp_path), "-o", out, "-f", "docx")
    assert result.exit_code == 0, result.output
    document = Document(str(out / "甲社区2024年统战工作总结.docx"))
    xml = document.styles.element.xml + document.element.xml
    assert f'w:eastAsia="{face.replace("&", "&amp;").replace(chr(34), "&quot;").replace("<", "&lt;").replace(">", "&gt;")}"' in xml


def reference_with_style_id(tmp_path: Path, style_id: str) -> Path:
    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = tmp_path / "ref.docx"
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/styles.xml":
                escaped = style_id.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
                content = content.replace(b'w:styleId="Heading1"', f'w:styleId="{escaped}"'.encode())
            target.writestr(info, content)
    return path


def test_a_reference_style_id_with_xml_characters(tmp_path: Path) -> None:
    reference = reference_with_style_id(tmp_path, 'H"1<&')
    out = tmp_path / "out"
    path = data(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "存在问题: [认识不到位]\n", encoding="utf-8")
    result = build(path, "-o", out, "-f", "docx", "--reference-docx", reference)
    assert result.exit_code == 0, result.output
    document = Document(str(out / "甲社区2024年统战工作总结.docx"))  # well-formed XML
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styled = [p.text for p in document.paragraphs
              if (s := p._p.find(f"{w}pPr/{w}pStyle")) is not None and s.get(f"{w}val") == 'H"1<&']
    assert styled == ["一、存在的问题"]


def test_a_reference_document_that_unpacks_to_too_much_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(setup, "MAX_REFERENCE_UNPACKED", 1024 * 1024)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/styles.xml", b"\0" * (2 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="参考文档解压后超过 1 MB"):
        setup._open_reference(path)


def test_write_errors_are_output_errors(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(OutputError):
        output.write_atomic(tmp_path / "file" / "x.md", b"x")


@posix
def test_every_file_the_manifest_records_reached_the_disk_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder build renames its reports into place without a sync of the folder after each
    # one; the folder is synced once before the manifest recording them is written. What a
    # build returns having recorded must all be on the disk: each report's data (fsync of
    # the file before its rename), then its name in the folder (fsync of the folder after
    # the last rename), and only then the manifest naming it.
    for unit in ("甲社区", "乙社区", "丙社区"):
        (tmp_path / f"{unit}.yaml").write_text(f"单位: {unit}\n年度: 2024\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            events.append(("sync folder", str(info.st_ino)))
        else:
            events.append(("sync file", str(info.st_ino)))
        real_fsync(fd)

    def replace(source: str, target: str) -> None:
        events.append(("sync?", str(os.stat(source).st_ino)))  # the temporary file, synced?
        real_replace(source, target)
        events.append(("rename", Path(target).name))

    monkeypatch.setattr(output.os, "fsync", fsync)
    monkeypatch.setattr(output.os, "replace", replace)
    result = runner.invoke(app, ["build", str(tmp_path), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    folder = str(out.stat().st_ino)
    renames = [i for i, (kind, _) in enumerate(events) if kind == "rename"]
    reports = [i for i in renames if events[i][1] != output.MANIFEST]
    manifest = next(i for i in renames if events[i][1] == output.MANIFEST)
    recorded = json.loads((out / output.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(events[i][1] for i in reports) == sorted(recorded) and len(recorded) == 6
    for i in renames:  # every file's own data was synced before it was renamed into place
        inode = events[i - 1][1]
        assert ("sync file", inode) in events[: i - 1], events[i]
    # the folder: synced after the last report's rename, before the manifest's
    assert ("sync folder", folder) in events[max(reports) : manifest]
    assert events[manifest + 1 :] == [("sync folder", folder)]  # and the manifest's rename too
    # one sync of the folder per save of the manifest, not one per report
    assert events.count(("sync folder", folder)) == 2


def test_files_synced_together_are_each_synced_before_any_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a report's files are synced at once, then renamed: a sync that fails replaces none of
    # them and leaves no temporary file; the failure names its file
    (tmp_path / "a.md").write_bytes(b"old md")
    (tmp_path / "a.docx").write_bytes(b"old docx")
    real_fsync = os.fsync
    synced: list[int] = []

    def fsync(fd: int) -> None:
        if os.fstat(fd).st_size == len(b"new docx"):
            raise OSError(5, "Input/output error")
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)
    done: list[Path] = []
    with pytest.raises(OutputError) as caught:
        output._replace_together({tmp_path / "a.md": b"new md!", tmp_path / "a.docx": b"new docx"}, done)
    assert caught.value.message == f"{tmp_path / 'a.docx'}: 错误 无法写入：{os_reason(OSError(5, 'Input/output error'))}"
    assert done == [] and len(synced) == 1
    assert (tmp_path / "a.md").read_bytes() == b"old md" and (tmp_path / "a.docx").read_bytes() == b"old docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.md"]
    monkeypatch.setattr(output.os, "fsync", real_fsync)
    assert output._replace_together({tmp_path / "a.md": b"new md!", tmp_path / "a.docx": b"new docx"}, done) == 2
    assert done == [tmp_path / "a.md", tmp_path / "a.docx"]
    assert (tmp_path / "a.docx").read_bytes() == b"new docx"


def test_a_file_is_closed_before_it_is_renamed_into_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows renames no file that is open, our own handle included: every write failed there
    # with “文件被占用” while the temporary file was still open at its rename
    real = file_replace.replace
    seen: list[list[str]] = []

    def replace(temp: str, target: Path) -> None:
        fds = Path("/proc/self/fd")
        seen.append([str(p.resolve()) for p in fds.iterdir() if str(p.resolve()) == str(Path(temp).resolve())]
                    if fds.is_dir() else [])
        real(temp, target)

    monkeypatch.setattr(file_replace, "replace", replace)
    output.write_reports({tmp_path / "a.md": b"a", tmp_path / "b.docx": b"b"})
    assert len(seen) >= 2 and all(not still_open for still_open in seen)
