"""A commented copy of a .docx: a real Word comment (the comments part, anchored with
commentRangeStart/End on the characters a finding is about) for each finding, by "tzreport".

Paragraphs and characters are counted by the Office layer's walk (office.paragraph_walk), the
one `check` reads with, so that a finding at 第N段, character k, lands on the characters it
names; the file is opened and every part read through the same gate (office.zip_gate). A run that a finding starts or ends inside is split in
two, each half keeping the run's properties, so nothing in the text or its look changes.
The original file is only read.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from tzreport.errors import InputError
from tzreport.office import paragraph_walk
from tzreport.office.names import CONTENT_TYPES_NS, PKG_REL_NS, W_NS, XML_SPACE, W
from tzreport.office.paragraph_walk import (
    CHARACTERS,
    TooManyParagraphs,
    body_paragraphs,
    paragraph_runs,
    run_text,
)
from tzreport.office.zip_gate import DAMAGED, TOO_DEEP, TOO_MANY, open_docx, read_member, read_part
from tzreport.output import write_atomic

COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
AUTHOR = "tzreport"
# Word shows a comment's date; the same for every comment of a run, to the second, in UTC.
STAMP = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Comment:
    """A comment on the characters start..end (0-based, end excluded) of paragraph `index`
    (0-based); start == end puts it on the whole paragraph."""

    index: int
    start: int
    end: int
    text: str


def _xml(source: Path, archive: zipfile.ZipFile, name: str) -> Any | None:
    data = read_part(source, archive, name)
    if data is None:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise InputError(f"{source}: {DAMAGED}") from None


def _keep(run: Any, lo: int, hi: int) -> None:
    """Keep only the characters lo..hi of a run's text (and what stands among them)."""
    pos = 0
    for child in list(run):
        if child.tag == f"{W}rPr":
            continue
        if child.tag in CHARACTERS:  # a tab: one character, as the walk counts it
            if not lo <= pos < hi:
                run.remove(child)
            pos += 1
        elif child.tag == f"{W}t":
            # positions count the text as read (paragraph_walk.reading); a no-width non break
            # goes with the character after it
            text = child.text or ""
            unread = paragraph_walk.unread(text)
            kept = ""
            for at, char in enumerate(text):
                if lo <= pos < hi:
                    kept += char
                pos += at not in unread
            if kept:
                child.text = kept
                child.set(XML_SPACE, "preserve")
            else:
                run.remove(child)
        elif not lo <= pos < hi and not (pos == hi == lo):
            run.remove(child)


def _split(run: Any, at: int) -> None:
    """Split a run at a character of its text, when `at` falls inside it."""
    length = len(run_text(run))
    if not 0 < at < length:
        return
    second = copy.deepcopy(run)
    _keep(run, 0, at)
    _keep(second, at, length)
    run.addnext(second)


def _anchor(p: Any, comment_id: int, start: int, end: int) -> None:
    for cut in (start, end):  # split the runs where the comment starts and where it ends
        pos = 0
        for run in paragraph_runs(p):
            length = len(run_text(run))
            if pos < cut < pos + length:
                _split(run, cut - pos)
                break
            pos += length
    covered, pos = [], 0
    for run in paragraph_runs(p):
        length = len(run_text(run))
        if start <= pos and pos + length <= end and length:
            covered.append(run)
        pos += length
    begin = etree.Element(f"{W}commentRangeStart", {f"{W}id": str(comment_id)})
    finish = etree.Element(f"{W}commentRangeEnd", {f"{W}id": str(comment_id)})
    reference = etree.Element(f"{W}r")
    etree.SubElement(reference, f"{W}commentReference", {f"{W}id": str(comment_id)})
    if covered:
        covered[0].addprevious(begin)
        covered[-1].addnext(finish)
    else:
        ppr = p.find(f"{W}pPr")
        if ppr is not None:
            ppr.addnext(begin)
        else:
            p.insert(0, begin)
        p.append(finish)
    finish.addnext(reference)


def _comment_xml(comment_id: int, text: str) -> str:
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.split("\n")
    )
    return (f'<w:comment w:id="{comment_id}" w:author="{AUTHOR}" w:date="{STAMP}" w:initials="tz">'
            f"{paragraphs}</w:comment>")


def annotate(source: Path, target: Path, comments: Sequence[Comment]) -> None:
    """Write to target a copy of source with the comments. InputError when source cannot be
    read as a .docx (the reader has already refused hostile files).

    The comments go into the comments part the document's relationships name (Word shows no
    other), whatever its name; a part is made, and named in the relationships, only when
    there is none. New comment ids are the smallest not used by any annotation of the file,
    so they never collide and stay within the 32 bits Word reads."""
    archive = open_docx(source)
    document = _xml(source, archive, "word/document.xml")
    rels = _xml(source, archive, "word/_rels/document.xml.rels")
    types = _xml(source, archive, "[Content_Types].xml")
    body = document.find(f"{W}body") if document is not None else None
    if body is None or rels is None or types is None:
        raise InputError(f"{source}: {DAMAGED}")
    named = _comments_part(source, rels)
    part = named or _free_name(archive)
    existing = _xml(source, archive, part) if named else None
    try:
        paragraphs = [p for p, _ in body_paragraphs(body)]
    except RecursionError:
        raise InputError(f"{source}: {TOO_DEEP}") from None
    except TooManyParagraphs:
        raise InputError(f"{source}: {TOO_MANY}") from None
    ids = _free_ids(_used_ids(document, existing), len(comments))
    if len(ids) < len(comments):
        raise InputError(f"{source}: {DAMAGED}")  # two billion ids taken: not a real document
    added = []
    # from the end of each paragraph backwards, so that splitting a run leaves the places
    # of the comments still to come unchanged
    for n, comment in sorted(enumerate(comments), key=lambda c: (c[1].index, -c[1].start, -c[0])):
        if not 0 <= comment.index < len(paragraphs):
            continue
        _anchor(paragraphs[comment.index], ids[n], comment.start, comment.end)
        added.append((ids[n], _comment_xml(ids[n], comment.text)))
    added.sort()
    if existing is not None:
        for _, xml in added:
            existing.append(etree.fromstring(f'<w:root xmlns:w="{W_NS}">{xml}</w:root>')[0])
        comments_xml = etree.tostring(existing, xml_declaration=True, encoding="UTF-8", standalone=True)
    else:
        comments_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        f'<w:comments xmlns:w="{W_NS}">{"".join(x for _, x in added)}</w:comments>').encode()
    if named is None:
        _add_relation(rels, part)
    _add_content_type(types, part)
    parts = {
        "word/document.xml": etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True),
        "word/_rels/document.xml.rels": etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True),
        "[Content_Types].xml": etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True),
        part: comments_xml,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy_:
        for info in archive.infolist():
            if info.filename not in parts:
                copy_.writestr(info, read_member(source, archive, info.filename) or b"")
        for name, data in parts.items():
            copy_.writestr(name, data)
    write_atomic(target, out.getvalue())


MAX_ID = 2**31 - 1  # w:id is a signed 32-bit number to Word


def _comments_part(source: Path, rels: Any) -> str | None:
    """The name in the package of the comments part the relationships name (word/comments1.xml),
    or None when they name none."""
    for relation in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if relation.get("Type") != COMMENTS_TYPE or relation.get("TargetMode") == "External":
            continue
        written = relation.get("Target", "")
        name = posixpath.normpath(written.lstrip("/") if written.startswith("/") else posixpath.join("word", written))
        if not written or name.startswith(("..", "/")) or name == ".":
            raise InputError(f"{source}: {DAMAGED}")
        return name
    return None


def _free_name(archive: zipfile.ZipFile) -> str:
    taken = {name.lower() for name in archive.namelist()}
    return next(name for k in range(1, len(taken) + 2)
                if (name := "word/comments.xml" if k == 1 else f"word/comments{k}.xml").lower() not in taken)


def _used_ids(document: Any, existing: Any | None) -> set[int]:
    """Every w:id of the document and its comments: annotations (comments, bookmarks, changes)
    share one space of ids."""
    used: set[int] = set()
    for tree in (document, existing):
        if tree is None:
            continue
        for node in tree.iter():
            value = node.get(f"{W}id") if isinstance(node.tag, str) else None
            if value is not None and value.strip().lstrip("-").isdigit():
                used.add(int(value))
    return used


def _free_ids(used: set[int], count: int) -> list[int]:
    """The `count` smallest ids from 0 up not in used, none past MAX_ID."""
    found: list[int] = []
    candidate = 0
    while len(found) < count and candidate <= MAX_ID:
        if candidate not in used:
            found.append(candidate)
        candidate += 1
    return found


def _add_relation(rels: Any, part: str) -> None:
    ids = {r.get("Id") for r in rels}
    rid = next(f"rIdTz{k}" for k in range(1, len(ids) + 2) if f"rIdTz{k}" not in ids)
    etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship",
                     {"Id": rid, "Type": COMMENTS_TYPE, "Target": part.removeprefix("word/")})


def _add_content_type(types: Any, part: str) -> None:
    if not any(o.get("PartName", "").lower() == f"/{part}".lower() for o in types):
        etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Override", {"PartName": f"/{part}", "ContentType": COMMENTS_CONTENT})
