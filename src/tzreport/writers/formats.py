"""The writers by format name: each takes the parsed document and the layout profile and gives
the file's bytes. A format's writer (and its heavy library: python-docx, typst) is imported only
when that format is asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tzreport.render.document import Document
from tzreport.writers.layout import Layout


@dataclass(frozen=True)
class Written:
    """A file's contents, and what its writer has to say once per build (the PDF's fonts)."""

    data: bytes
    note: str = ""


def _docx(doc: Document, layout: Layout, reference: Path | None) -> Written:
    from tzreport.writers.docx import writer

    return Written(writer.to_docx(doc, layout, reference))


def _pdf(doc: Document, layout: Layout, reference: Path | None) -> Written:
    from tzreport.writers.pdf import typst

    typeset = typst.to_pdf(doc, layout)
    return Written(typeset.pdf, typeset.font_note)


def _html(doc: Document, layout: Layout, reference: Path | None) -> Written:
    from tzreport.writers import html

    return Written(html.page(doc, layout).encode("utf-8"))


Writer = Callable[[Document, Layout, Path | None], Written]

# reference: a unit's reference .docx, whose styles the Word writer takes (the others ignore it)
WRITERS: dict[str, Writer] = {"docx": _docx, "pdf": _pdf, "html": _html}


def write(fmt: str, doc: Document, layout: Layout, reference: Path | None = None) -> Written:
    """The document in one format (a key of WRITERS)."""
    return WRITERS[fmt](doc, layout, reference)
