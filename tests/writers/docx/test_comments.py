"""check --annotate writes its comments where Word looks for them: into the comments part the
document's relationships name (whatever its name), making one only when there is none, with
ids that collide with no annotation already in the file and stay within Word's 32 bits.

Before, a comments.xml that no relationship named received the comments and Word showed none
(exit 0); comments living in comments1.xml got a second part beside them with the same ids;
an existing id 2147483647 pushed the new ones past 32 bits."""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

import docx
from lxml import etree

from tzreport.office.names import W_NS, W
from tzreport.writers.docx import comments

RELS = "word/_rels/document.xml.rels"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def made(path: Path, extra: dict[str, bytes], relation: str | None = None, marks: str = "") -> Path:
    """A two-paragraph .docx with extra parts; relation: a comments relationship to that target;
    marks: XML put in the first paragraph (an existing comment's anchors)."""
    base = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("社区开展活动十次。")
    document.add_paragraph("走访统战人士。")
    document.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == RELS and relation:
                data = data.replace(b"</Relationships>", (
                    f'<Relationship Id="rId99" Type="{comments.COMMENTS_TYPE}" Target="{relation}"/></Relationships>'
                ).encode())
            if info.filename == "[Content_Types].xml" and relation:
                data = data.replace(b"</Types>", (
                    f'<Override PartName="/word/{relation}" ContentType="{comments.COMMENTS_CONTENT}"/></Types>').encode())
            if info.filename == "word/document.xml" and marks:
                data = data.replace("<w:r><w:t>社区".encode(), f"{marks}<w:r><w:t>社区".encode(), 1)
            new.writestr(info, data)
        for name, data in extra.items():
            new.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def existing_comment(comment_id: int, text: str = "原有批注") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W_NS}">'
            f'<w:comment w:id="{comment_id}" w:author="王"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>'
            "</w:comments>").encode()


def what_word_shows(path: Path) -> tuple[str, dict[int, str], list[int]]:
    """The comments part the relationships name, its comments (id → text), and the ids the
    document's comment marks refer to."""
    with zipfile.ZipFile(path) as archive:
        rels = etree.fromstring(archive.read(RELS))
        targets = [r.get("Target") for r in rels.iter(f"{PKG}Relationship") if r.get("Type") == comments.COMMENTS_TYPE]
        assert len(targets) == 1, targets
        part = posixpath.normpath(posixpath.join("word", targets[0]))
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        assert any(o.get("PartName") == f"/{part}" and o.get("ContentType") == comments.COMMENTS_CONTENT
                   for o in types.iter(f"{TYPES}Override"))
        tree = etree.fromstring(archive.read(part))
        shown = {int(c.get(f"{W}id")): "".join(c.itertext()) for c in tree.iter(f"{W}comment")}
        document = etree.fromstring(archive.read("word/document.xml"))
        marks = [int(m.get(f"{W}id")) for m in document.iter(f"{W}commentReference")]
    return part, shown, marks


NOTES = [comments.Comment(0, 2, 4, "第一条"), comments.Comment(1, 0, 2, "第二条")]


def test_a_document_without_comments_gets_a_named_part(tmp_path: Path) -> None:
    source = made(tmp_path / "无批注.docx", {})
    comments.annotate(source, tmp_path / "副本.docx", NOTES)
    part, shown, marks = what_word_shows(tmp_path / "副本.docx")
    assert part == "word/comments.xml"
    assert sorted(shown.values()) == ["第一条", "第二条"] and sorted(marks) == sorted(shown)


def test_an_unnamed_comments_part_is_not_written_into(tmp_path: Path) -> None:
    # a comments.xml no relationship names: Word ignores it, so the comments go where it looks
    source = made(tmp_path / "孤立批注.docx", {"word/comments.xml": existing_comment(0)})
    comments.annotate(source, tmp_path / "副本.docx", NOTES)
    part, shown, marks = what_word_shows(tmp_path / "副本.docx")
    assert part != "word/comments.xml"
    assert sorted(shown.values()) == ["第一条", "第二条"] and sorted(marks) == sorted(shown)


def test_comments_go_into_the_part_the_relationships_name(tmp_path: Path) -> None:
    marks = '<w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
    source = made(tmp_path / "批注在1.docx", {"word/comments1.xml": existing_comment(0)}, "comments1.xml", marks)
    comments.annotate(source, tmp_path / "副本.docx", NOTES)
    part, shown, refs = what_word_shows(tmp_path / "副本.docx")
    assert part == "word/comments1.xml"
    assert sorted(shown.values()) == ["原有批注", "第一条", "第二条"]
    assert len(shown) == 3 and sorted(refs) == sorted(shown)  # ids unique, each comment anchored
    with zipfile.ZipFile(tmp_path / "副本.docx") as archive:
        assert "word/comments.xml" not in archive.namelist()


def test_new_ids_stay_within_32_bits(tmp_path: Path) -> None:
    top = 2**31 - 1
    marks = f'<w:commentRangeStart w:id="{top}"/><w:commentRangeEnd w:id="{top}"/><w:r><w:commentReference w:id="{top}"/></w:r>'
    source = made(tmp_path / "大编号.docx", {"word/comments.xml": existing_comment(top)}, "comments.xml", marks)
    comments.annotate(source, tmp_path / "副本.docx", NOTES)
    _, shown, refs = what_word_shows(tmp_path / "副本.docx")
    assert len(shown) == 3 and all(0 <= i <= top for i in shown)
    assert sorted(refs) == sorted(shown)
