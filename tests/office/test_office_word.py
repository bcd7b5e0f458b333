"""The Office layer that import, check and --annotate share: one walk over a Word body (tables,
nested tables, content controls, text boxes), so that a finding's 第N段 and character, the
comment --annotate anchors there and the paragraphs import reads are the same paragraphs; one
gate, so that a damaged file gets one message whoever opens it; one LibreOffice launcher."""

from __future__ import annotations

import io
import struct
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from tzreport.cli.main import app
from tzreport.commands import check
from tzreport.errors import InputError
from tzreport.ingest import word
from tzreport.office import launcher, paragraph_walk, word_body
from tzreport.office.names import W_NS, W
from tzreport.office.zip_gate import DAMAGED, TOO_MANY

runner = CliRunner()


def p(text: str, extra: str = "") -> str:
    return f'<w:p>{extra}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def cell(*content: str) -> str:
    return f"<w:tc>{''.join(content)}</w:tc>"


TEXT_BOX = ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
            + p("文本框里的字不算段落") + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
BODY = "".join([
    p("幸福里社区2024年统战工作总结"),
    "<w:tbl><w:tr>" + cell(p("表格外层：组织群众群众参加活动。"),
                           "<w:tbl><w:tr>" + cell(p("嵌套表格：开展活动活动十次。")) + "</w:tr></w:tbl>", p(""))
    + "<w:sdt><w:sdtContent>" + cell(p("单元格控件：走访走访人士。")) + "</w:sdtContent></w:sdt></w:tr></w:tbl>",
    "<w:sdt><w:sdtContent>" + p("内容控件：社区社区服务群众。") + "</w:sdtContent></w:sdt>",
    f'<w:p>{TEXT_BOX}<w:r><w:t>正文有文本框：团结团结各界人士。</w:t></w:r></w:p>',
    '<w:p><w:r><w:t>行内控件：</w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>学习总书记总书记讲话。</w:t></w:r>'
    "</w:sdtContent></w:sdt></w:p>",
    '<w:p><w:r><w:t>一、</w:t><w:tab/><w:t>思想思想引领。</w:t></w:r></w:p>',
    # no-width non breaks and word joiners, as our Word writer sets them between a figure and
    # its measure word (and as it set the first alone before); one in an emoji sequence is text
    p("开展培训2\u200d\u2060次、宣传1\u200d万\u200d人，宣传宣传政策。"),
    p("表情\U0001f468\u200d\U0001f469，留言留言。"),
    p("幸福里社区党委"),
])
# the paragraphs in the order every reader counts them, and whether each stands in a table
WALK = [
    ("幸福里社区2024年统战工作总结", False), ("表格外层：组织群众群众参加活动。", True),
    ("嵌套表格：开展活动活动十次。", True), ("", True), ("单元格控件：走访走访人士。", True),
    ("内容控件：社区社区服务群众。", False), ("正文有文本框：团结团结各界人士。", False),
    ("行内控件：学习总书记总书记讲话。", False), ("一、\t思想思想引领。", False),
    ("开展培训2次、宣传1万人，宣传宣传政策。", False),  # the no-width non breaks are no text
    ("表情\U0001f468\u200d\U0001f469，留言留言。", False),
    ("幸福里社区党委", False),
]
DOUBLED = ("群众", "活动", "走访", "社区", "团结", "总书记", "思想", "宣传", "留言")  # a doubled word in each


def structured_docx(path: Path) -> Path:
    """A Word file whose body has every structure a reader could count differently."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/document.xml":
                data = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
                        f"{BODY}</w:body></w:document>").encode()
            new.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


def anchored(path: Path) -> dict[str, str]:
    """Comment id → the text between its commentRangeStart and commentRangeEnd."""
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
    open_: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for node in document.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t", f"{W}tab"):
        if node.tag == f"{W}commentRangeStart":
            open_[node.get(f"{W}id")] = []
        elif node.tag == f"{W}commentRangeEnd":
            out[node.get(f"{W}id")] = "".join(open_.pop(node.get(f"{W}id")))
        else:
            for collected in open_.values():
                collected.append("\t" if node.tag == f"{W}tab" else node.text or "")
    return out


def test_every_reader_walks_the_same_paragraphs(tmp_path: Path) -> None:
    source = structured_docx(tmp_path / "结构.docx")
    assert [(b.text, b.in_table) for b in word_body.read(source).paragraphs] == WALK
    read = word.read_docx(source)
    assert [x.text for x in read.paragraphs] == [t.replace("\t", " ") for t, in_table in WALK if not in_table]
    assert read.unread == 2  # the nested one too: neither is a 统计 table


def test_a_finding_and_its_comment_land_on_the_same_characters(tmp_path: Path) -> None:
    source = structured_docx(tmp_path / "结构.docx")
    checked = check.check([source], options=check.Options(annotate=True, output_dir=tmp_path / "out"))
    doubled = sorted((d.line, d.column, d.end_column) for d in checked.diagnostics if d.code == "TZ301")
    expected = []
    for n, (text, _) in enumerate(WALK, 1):
        for word_ in DOUBLED:
            if word_ * 2 in text:
                at = text.index(word_ * 2)
                expected.append((n, at + 1, at + 1 + 2 * len(word_)))
    assert doubled == sorted(expected)
    comments = anchored(tmp_path / "out" / "结构（校对意见）.docx")
    # each doubled word carries a comment on exactly its characters, in the paragraph check named
    assert sorted(t for t in comments.values() if t[: len(t) // 2] * 2 == t and t) == sorted(w * 2 for w in DOUBLED)


def _with_bad_checksum(source: Path, target: Path, member: str) -> Path:
    """A copy whose member's stored bytes are changed but its CRC and sizes left: a file
    damaged on a USB stick, which zipfile only notices when it reads the member."""
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(member)
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26: info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    assert info.compress_type == zipfile.ZIP_STORED
    middle = start + info.compress_size // 2
    raw[middle] = ord("A") if raw[middle] != ord("A") else ord("B")
    target.write_bytes(bytes(raw))
    return target


def _with_lying_size(source: Path, target: Path, member: str) -> Path:
    """A copy whose central directory says a member is shorter than it is."""
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(member)
    entry = raw.index(b"PK\x01\x02")
    while True:  # the member's record in the central directory
        name_len = struct.unpack("<H", raw[entry + 28: entry + 30])[0]
        if raw[entry + 46: entry + 46 + name_len].decode() == member:
            break
        entry = raw.index(b"PK\x01\x02", entry + 4)
    raw[entry + 24: entry + 28] = struct.pack("<I", info.file_size // 2)
    target.write_bytes(bytes(raw))
    return target


def _with_encrypted_flag(source: Path, target: Path, member: str) -> Path:
    """A copy whose central directory says a member is encrypted (its bytes are not): zipfile
    raised RuntimeError reading it, which came out of import and check as a traceback."""
    raw = bytearray(source.read_bytes())
    entry = raw.index(b"PK\x01\x02")
    while True:
        name_len = struct.unpack("<H", raw[entry + 28: entry + 30])[0]
        if raw[entry + 46: entry + 46 + name_len].decode() == member:
            break
        entry = raw.index(b"PK\x01\x02", entry + 4)
    flags = struct.unpack("<H", raw[entry + 8: entry + 10])[0]
    raw[entry + 8: entry + 10] = struct.pack("<H", flags | 0x1)
    target.write_bytes(bytes(raw))
    return target


def _stored(source: Path, target: Path) -> Path:
    """The same .docx with every member stored uncompressed, so that bytes can be damaged by hand."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
    target.write_bytes(out.getvalue())
    return target


@pytest.mark.parametrize("damage", [_with_bad_checksum, _with_lying_size, _with_encrypted_flag],
                         ids=["bad-crc", "lying-size", "encrypted-flag"])
def test_a_damaged_zip_gets_one_message_from_import_check_and_annotate(tmp_path: Path, damage) -> None:
    good = _stored(structured_docx(tmp_path / "好.docx"), tmp_path / "stored.docx")
    bad = damage(good, tmp_path / "坏.docx", "word/document.xml")
    said = []
    for args in (["import", bad, "-o", tmp_path / "导入"], ["check", bad], ["check", bad, "--annotate"]):
        result = runner.invoke(app, [str(a) for a in args])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
        said.append([line for line in result.stderr.splitlines() if "错误" in line][0])
    assert said == [f"{bad}: {DAMAGED}"] * 3, said
    # a member only --annotate reads (copied into the commented copy): the same message
    media = damage(good, tmp_path / "坏2.docx", "docProps/core.xml")
    from tzreport.writers.docx import comments

    with pytest.raises(InputError) as info:
        comments.annotate(media, tmp_path / "副本.docx", [comments.Comment(0, 0, 2, "批注")])
    assert info.value.message == f"{media}: {DAMAGED}"
    assert not (tmp_path / "副本.docx").exists()


def _bare_docx(path: Path, body: bytes) -> Path:
    """A .docx of a body and nothing else, compressed as Word does."""
    document = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + body + b"</w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)
    return path


@pytest.mark.parametrize(("paragraphs", "seconds"), [(4_800_000, 3), (paragraph_walk.MAX_PARAGRAPHS + 1, 5)],
                         ids=["4.8-million-tags", "one-paragraph-past-the-cap"])
def test_a_body_of_too_many_paragraphs_is_refused_by_import_check_and_annotate(
    tmp_path: Path, paragraphs: int, seconds: float,
) -> None:
    # 4.8 million empty paragraphs are 29 MB of XML in a 40 KB file: check took ~100 µs a
    # paragraph and import minutes; now the tags are counted before anything is parsed. One
    # paragraph past the cap is within the tag count, and is stopped by the walk.
    bad = _bare_docx(tmp_path / "段落炸弹.docx", b"<w:p/>" * paragraphs)
    assert bad.stat().st_size < 80_000
    for args in (["import", bad, "-o", tmp_path / "导入"], ["check", bad], ["check", bad, "--annotate"]):
        started = time.monotonic()
        result = runner.invoke(app, [str(a) for a in args])
        assert time.monotonic() - started < seconds, args
        assert result.exit_code == 1, result.output
        assert [line for line in result.stderr.splitlines() if "错误" in line][0] == f"{bad}: {TOO_MANY}"
    assert not (tmp_path / "导入").exists() and not list(tmp_path.glob("*校对意见*"))


def test_a_body_at_the_paragraph_cap_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paragraph_walk, "MAX_PARAGRAPHS", 3)
    three = _bare_docx(tmp_path / "三段.docx", (p("一") + p("二") + p("三")).encode())
    assert [x.text for x in word_body.read(three).paragraphs] == ["一", "二", "三"]
    with pytest.raises(InputError, match="段落或标记过多"):
        word_body.read(_bare_docx(tmp_path / "四段.docx", (p("一") + p("二") + p("三") + p("四")).encode()))


def test_a_doc_is_converted_by_the_shared_launcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    converted = structured_docx(tmp_path / "converted.docx").read_bytes()
    calls = []

    def convert(soffice: str, sources: list[Path], to: str, folder: Path, timeout: float) -> tuple[str, str]:
        calls.append((soffice, [s.name for s in sources], to, timeout))
        (folder / "source.docx").write_bytes(converted)
        return "", ""

    monkeypatch.setattr(launcher, "program", lambda: "/opt/soffice")
    monkeypatch.setattr(launcher, "convert", convert)
    source = tmp_path / "旧报告.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    read = word.convert_doc(source)
    assert calls == [("/opt/soffice", ["source.doc"], "docx", word.TIMEOUT_SECONDS)]
    assert read.paragraphs[0].text == "幸福里社区2024年统战工作总结" and read.unread == 2


def test_a_doc_conversion_that_hangs_is_ended_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def hangs(command: list[str], env: dict[str, str], timeout: float) -> tuple[str, str]:
        assert "--convert-to" in command and "docx" in command and env["HOME"] in command[1]
        raise subprocess.TimeoutExpired(command, timeout)  # run() has ended the process group

    monkeypatch.setattr(launcher, "program", lambda: "/opt/soffice")
    monkeypatch.setattr(launcher, "run", hangs)
    source = tmp_path / "旧报告.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{source}: 错误 LibreOffice 无法转换这个 .doc 文件" in result.stderr


def test_the_caps_are_the_ones_the_docs_state() -> None:
    from conftest import ROOT
    from tzreport.office import zip_gate

    said = (ROOT / "docs" / "安全.md").read_text(encoding="utf-8")
    assert f"正文超过 {paragraph_walk.MAX_PARAGRAPHS // 10_000} 万段" in said
    assert f"XML 标记（“<”）超过 {zip_gate.MAX_TAGS // 10_000} 万个" in said
