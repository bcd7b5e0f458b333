"""The writers by format name: each takes the parsed document and the layout profile and gives
the file's bytes; the spreadsheet (xlsx) takes the report's figures laid out as tables instead
(report/stat_book), not the document's text. A format's writer (and its heavy library:
python-docx, typst, XlsxWriter) is imported only when that format is asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tzreport.render.document import Document
from tzreport.writers.layout import Layout

if TYPE_CHECKING:
    from tzreport.report.stat_book import Book


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


def _xlsx(book: Book) -> Written:
    from tzreport.writers.xlsx import stat_tables

    return Written(stat_tables.workbook(book))


# Formats written from the report's figures (report/stat_book), not from its document.
FIGURE_WRITERS: dict[str, Callable[[Book], Written]] = {"xlsx": _xlsx}


def write_figures(fmt: str, book: Book) -> Written:
    """The report's figures in one format (a key of FIGURE_WRITERS)."""
    return FIGURE_WRITERS[fmt](book)
