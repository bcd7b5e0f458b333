"""A file holding several reports one after another → each report's paragraphs (docs/命令.md,
“一个文件里有几份报告”): a template site's page of several units' reports, a 汇编."""

from __future__ import annotations

import re

from tzreport.ingest.source_text import Paragraph
from tzreport.ingest.structure import Levels, tree

# A whole report's title, not a chapter's: what it is (总结, 汇报 …) at its end, and a unit, the
# work it sums up or a template site's 范文 in it (an unnumbered “2024年工作总结” or “上半年工作总结”
# inside a report is a chapter).
_REPORT_TITLE = re.compile(r"(?:总结|汇报|发言材料|述职报告)(?:范文)?$|总结及.{2,20}(?:计划|打算)$")
_WHOLE_REPORT = re.compile(r"统战|民族|宗教|范文|社区|街道|乡|镇|村|区|县|市|局|委|学校|团")


def _report_title(para: Paragraph) -> bool:
    words = re.sub(r"\s+", "", para.text)
    return (len(words) <= 45 and not re.search(r"[。，；：]", words) and bool(_REPORT_TITLE.search(words))
            and bool(_WHOLE_REPORT.search(words)) and Levels().heading(Paragraph(words)) is None)


def _has_body(paras: list[Paragraph]) -> bool:
    """A report's title with a body under it: a numbered heading, or (a report written without
    numbers) two paragraphs at least."""
    return len(paras) >= 3 or len(tree(paras)[1]) > 0


def reports(paras: list[Paragraph]) -> tuple[list[list[Paragraph]], list[str]]:
    """A file holding several reports one after another (a template site's page, a 汇编 of
    several units' reports) → each report's paragraphs, its title first; and the paragraphs
    left out: a title repeated right before another (a site's page header) and anything before
    the first report. One report: the paragraphs as they are.

    A report begins at a whole report's title (_REPORT_TITLE: its kind at its end, a year or a
    unit in it) with a body under it; a chapter's own words (“上半年工作总结”) split nothing."""
    starts: list[int] = []
    i = 0
    while i < len(paras):
        if not _report_title(paras[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(paras) and _report_title(paras[j + 1]):
            j += 1  # a run of titles: the last is the report's, those before it a page's header
        starts.append(j)
        i = j + 1
    if len(starts) < 2:
        return [paras], []
    bounds = [*starts, len(paras)]
    parts = [paras[bounds[k]:bounds[k + 1]] for k in range(len(starts))]
    if not all(_has_body(part[1:]) for part in parts):
        return [paras], []
    dropped = [p.text for p in paras[:starts[0]]]
    # a page header repeated before each title, at the end of the report before it
    for k in range(len(parts) - 1):
        while parts[k] and _report_title(parts[k][-1]) and len(parts[k]) > 1:
            dropped.append(parts[k].pop().text)
    return parts, dropped
