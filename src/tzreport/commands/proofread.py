"""Proofreading one report written by hand: read it (ingest), check it against the rules and
the layout profile (lint), and with --annotate write a copy with a Word comment on each
finding (writers). The glue between the three, which do not know one another."""

from __future__ import annotations

from pathlib import Path

from tzreport.errors import Diagnostic, OutputError
from tzreport.lint import handwritten
from tzreport.lint.layout_rules import Expected
from tzreport.lint.rules import Selection
from tzreport.lint.terms import for_data_file
from tzreport.writers.layout import Layout
from tzreport.writers.layout_lookup import load_layout


def expected(layout: Layout) -> Expected:
    """The layout profile's figures, as the layout rules compare them."""
    return Expected(
        paper=(layout.page_width_mm, layout.page_height_mm),
        margins=(layout.margin_top_mm, layout.margin_bottom_mm, layout.margin_left_mm, layout.margin_right_mm),
        body=(layout.body.east_asia, layout.body.size),
        title=(layout.title.east_asia, layout.title.size),
        headings=tuple(layout.heading(level).east_asia for level in (1, 2, 3, 4)),
        line_pitch=layout.line_pitch_pt,
    )


def annotated_name(source: Path, output_dir: Path | None) -> Path:
    """Where the commented copy goes: "{原名}（校对意见）.docx" beside the report or in -o DIR."""
    folder = output_dir if output_dir is not None else source.parent
    return folder / f"{source.stem}（校对意见）.docx"


def proofread(
    source: Path, selection: Selection, layout_file: Path | None = None, annotate: bool = False,
    output_dir: Path | None = None,
) -> tuple[list[Diagnostic], Path | None]:
    """The findings in one report, and with `annotate` the commented copy written (beside the
    report, or in output_dir). layout_file: the layout profile for a Word report (None: a
    版式.yaml beside it, else GB/T 9704)."""
    word = source.suffix.lower() == ".docx"
    if word:
        from tzreport.office import word_body

        body = word_body.read(source)
    else:
        from tzreport.ingest import plain_body

        body = plain_body.read(source)
    terms = for_data_file(source)
    profile = expected(load_layout(source, layout_file)) if word else None
    found = handwritten.check(source, body, terms, selection, profile)
    if not (word and annotate):
        return found, None
    from tzreport.writers.docx import comments

    target = annotated_name(source, output_dir)
    if target.resolve() == source.resolve():
        raise OutputError(f"{target}: 错误 批注副本不能覆盖原文件")
    notes = [
        comments.Comment(d.line - 1, d.column - 1, max(d.end_column - 1, d.column - 1),
                         f"{d.level} {d.code}：{d.message}" + (f"\n建议改为：{d.fix}" if d.fix else ""))
        for d in found
    ]
    if output_dir is not None:
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{output_dir}: 错误 无法创建文件夹：{exc.strerror}") from None
    comments.annotate(source, target, notes)
    return found, target
