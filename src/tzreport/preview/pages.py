"""The pages of the preview: a report in a page-like view, a data error, a folder's index; and
what the preview holds of each data file (View) and of its folder (Site), which they show.

Everything is rendered here, on the server: the pages read without JavaScript. Their one small
script listens to the event stream and reloads the page when its file has changed. The report
itself is the HTML writer's (inline styles); around it a <style> sets the A4 sheets (type area,
margins), and a red line marks where each page of the type area's lines (22 in GB/T 9704) ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from tzreport.errors import ERROR, Diagnostic
from tzreport.preview.core import TOKEN
from tzreport.render.document import Document
from tzreport.text import display_width
from tzreport.writers import html
from tzreport.writers.layout import Layout


@dataclass(frozen=True)
class Site:
    """What is previewed: the folder the pages name files under, and whether it is one data
    file (no index of the folder's reports to go back to)."""

    folder: Path
    single: bool = False


@dataclass
class View:
    """What the preview shows of one data file."""

    source: Path
    key: str  # its path under the preview's folder, as in URLs
    version: int = 0
    page: str = ""  # the report, or the page of its errors
    good: str = ""  # the last report that could be made
    status: str = ""  # for the index: 正常, N 个警告, N 个错误, 数据有误
    ok: bool = False
    folders: set[Path] = field(default_factory=set)  # where its files are


def lines_per_page(layout: Layout) -> int:
    """How many lines the type area holds: 22 with GB/T 9704's margins and 28.95 pt lines."""
    height_pt = (layout.page_height_mm - layout.margin_top_mm - layout.margin_bottom_mm) / 25.4 * 72
    return max(1, int(height_pt / layout.line_pitch_pt + 0.01))


def _css(layout: Layout) -> str:
    page = lines_per_page(layout) * layout.line_pitch_pt
    return f"""
body {{ margin: 0; background: #e8e8e8; font-family: sans-serif; color: #222; }}
.bar {{ position: sticky; top: 0; z-index: 2; background: #2b2b2b; color: #fff;
  padding: 6px 14px; font-size: 14px; display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }}
.bar a {{ color: #ffd479; }}
.status-bad {{ color: #ff8080; font-weight: bold; }}
.panel {{ max-width: 210mm; margin: 12px auto; background: #fff; padding: 10px 16px;
  font-size: 14px; border-left: 4px solid #d93; }}
.panel.error {{ border-left-color: #c00; }}
.panel ol {{ margin: 4px 0; padding-left: 22px; }}
.panel code {{ font-family: monospace; }}
.panel pre {{ background: #f6f6f6; padding: 6px; overflow-x: auto; }}
.sheet {{ box-sizing: content-box; width: {layout.page_width_mm - layout.margin_left_mm - layout.margin_right_mm}mm;
  min-height: {layout.page_height_mm - layout.margin_top_mm - layout.margin_bottom_mm}mm;
  padding: {layout.margin_top_mm}mm {layout.margin_right_mm}mm {layout.margin_bottom_mm}mm {layout.margin_left_mm}mm;
  margin: 16px auto; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  background-image: repeating-linear-gradient(to bottom, transparent 0,
    transparent calc({page:.2f}pt - 1px), #e33 calc({page:.2f}pt - 1px), #e33 {page:.2f}pt),
    linear-gradient(#fff, #fff);
  background-origin: content-box, border-box; background-clip: content-box, border-box; }}
.legend {{ max-width: 210mm; margin: 0 auto; font-size: 12px; color: #666; }}
mark {{ background: #ffe28a; }}
mark.error {{ background: #ffb3b3; }}
mark a {{ color: inherit; text-decoration: none; }}
"""


# Stands in a page for its version; the server puts the current one in as it sends the page, so
# that a page is compared with the previous one without it.
VERSION = "__TZREPORT_VERSION__"

# Reloads the page when its file changes; the server sends one event when the version it was
# given is no longer current (the page was made from an older file, or by an earlier server).
_SCRIPT = """<script>
(function () {{
  var events = new EventSource("/events?page={key}&v={version}");
  events.onmessage = function () {{ events.close(); location.reload(); }};
}})();
</script>"""


def _shell(key: str, title: str, bar: str, content: str,
           layout: Layout | None = None, embedded: bool = False) -> str:
    from tzreport.writers.layout import DEFAULT

    script = _SCRIPT.format(key=quote(key, safe=""), version=VERSION)
    if embedded:  # beside the editor's form, which updates it: no bar, no reloading of its own
        bar = script = ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} · tzreport 预览</title>\n"
        f"<style>{_css(layout or DEFAULT)}</style>\n</head>\n<body>\n"
        f'<div class="bar">{bar}</div>\n{content}\n{script}\n</body>\n</html>\n'
    )


def _bar(site: Site, view: View, status: str, bad: bool, downloads: bool = True) -> str:
    key = quote(view.key)
    parts = []
    if not site.single:
        parts.append('<a href="/">← 全部报告</a>')
    parts.append(f"<strong>{escape(view.key)}</strong>")
    parts.append(f'<span class="{"status-bad" if bad else "status"}">{escape(status)}</span>')
    if not downloads:
        return " ".join(parts)
    parts.append(f'<a href="/download/{key}.docx?t={TOKEN}">下载 Word</a>')
    if _pdf_available():
        parts.append(f'<a href="/download/{key}.pdf?t={TOKEN}">下载 PDF</a>')
    parts.append(f'<a href="/download/{key}.html?t={TOKEN}">下载公众号网页</a>')
    return " ".join(parts)


def _pdf_available() -> bool:
    from tzreport.writers.pdf import libreoffice

    return libreoffice.soffice() is not None


def where(site: Site, diagnostic: Diagnostic) -> str:
    """file:line:col of a finding, the file named under the preview's folder."""
    path = diagnostic.path.resolve()
    shown = path.relative_to(site.folder).as_posix() if path.is_relative_to(site.folder) \
        else str(diagnostic.path)
    return f"{shown}:{diagnostic.line}:{diagnostic.column}" if diagnostic.line else shown


def _what(diagnostic: Diagnostic) -> str:
    level = f"{diagnostic.level} {diagnostic.code}".strip()
    field = f"{diagnostic.field}: " if diagnostic.field else ""
    return f"{level} {field}{diagnostic.message}"


def _snippet(text: str, diagnostic: Diagnostic) -> str:
    """The text a finding points at, from its start up to its end (or its line's end)."""
    lines = text.splitlines()
    if not diagnostic.line or diagnostic.line > len(lines) or not diagnostic.end_column:
        return ""
    line = lines[diagnostic.line - 1]
    end = diagnostic.end_column - 1 if diagnostic.end_line == diagnostic.line else len(line)
    return line[diagnostic.column - 1:end].strip().strip("\"'").strip()


class _Marks:
    """Wraps each finding's text, wherever it stands in the report, in a <mark> that links to
    its line in the list at the top."""

    def __init__(self, found: list[Diagnostic], source_text: str) -> None:
        self.by_text: dict[str, tuple[int, Diagnostic]] = {}
        for number, diagnostic in enumerate(found, 1):
            snippet = _snippet(source_text, diagnostic)
            if snippet:
                self.by_text.setdefault(snippet, (number, diagnostic))
        ordered = sorted(self.by_text, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self.placed: set[int] = set()

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return html.escape_text(text)
        out, at = [], 0
        for match in self.pattern.finditer(text):
            number, diagnostic = self.by_text[match.group()]
            anchor = "" if number in self.placed else f' id="m{number}"'
            self.placed.add(number)
            kind = "error" if diagnostic.level == ERROR else "warning"
            out.append(html.escape_text(text[at:match.start()]))
            out.append(f'<mark class="{kind}"{anchor} title="{escape(_what(diagnostic))}">'
                       f'<a href="#f{number}">{html.escape_text(match.group())}</a></mark>')
            at = match.end()
        out.append(html.escape_text(text[at:]))
        return "".join(out)


def report_page(site: Site, view: View, doc: Document, layout: Layout,
                found: list[Diagnostic], source_text: str, last_good: bool = False,
                embedded: bool = False) -> str:
    """A report in A4 sheets, its findings marked in place and listed at the top."""
    marks = _Marks(found, source_text)
    sheets = html.parts(doc, layout, marks)
    listed = []
    for number, diagnostic in enumerate(found, 1):
        jump = f' <a href="#m{number}">在报告中</a>' if number in marks.placed else ""
        listed.append(f'<li id="f{number}"><code>{escape(where(site, diagnostic))}</code> '
                      f"{escape(_what(diagnostic))}{jump}</li>")
    content = []
    if last_good:
        content.append('<div class="panel error">这是数据文件上次能生成时的报告；'
                       f'数据文件现在有错误，<a href="/r/{quote(view.key)}">回到当前状态</a>。</div>')
    if listed:
        content.append(f'<div class="panel"><strong>检查结果（{len(listed)}）</strong>'
                       f"<ol>{''.join(listed)}</ol></div>")
    content.append(f'<div class="legend">红线：按每页 {lines_per_page(layout)} 行估计的分页处'
                   "（以 Word 中为准）。</div>")
    content += [f'<div class="sheet">{sheet}</div>' for sheet in sheets]
    bad = any(d.level == ERROR for d in found)
    status = f"{len(found)} 条检查结果" if found else "检查通过"
    title = doc.title or view.key
    return _shell(view.key, title, _bar(site, view, status, bad), "\n".join(content), layout,
                  embedded)


def error_page(site: Site, view: View, found: list[Diagnostic], embedded: bool = False) -> str:
    """The page of a data file that cannot be read: each error with its place and the line."""
    items = []
    for diagnostic in found:
        shown = f"<code>{escape(where(site, diagnostic))}</code>: {escape(_what(diagnostic))}"
        line = _source_line(diagnostic)
        if line is not None:
            # a Chinese character takes two cells of a monospaced line
            caret = " " * round(2 * display_width(line[:max(diagnostic.column - 1, 0)])) + "^"
            shown += f"<pre>{escape(line)}\n{escape(caret)}</pre>"
        items.append(f"<li>{shown}</li>")
    good = (f'<p><a href="/good/{quote(view.key)}">查看上次正确的报告</a></p>'
            if view.good else "<p>这个数据文件还没有成功生成过报告。</p>")
    content = (f'<div class="panel error"><strong>数据文件有错误，改正并保存后自动刷新</strong>'
               f"<ol>{''.join(items)}</ol>{good}</div>")
    return _shell(view.key, f"错误 {view.key}", _bar(site, view, "数据有误", True, downloads=False),
                  content, embedded=embedded)


def _source_line(diagnostic: Diagnostic) -> str | None:
    if not diagnostic.line:
        return None
    try:
        lines = Path(diagnostic.path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return lines[diagnostic.line - 1] if diagnostic.line <= len(lines) else None


def index_page(site: Site, views: list[View]) -> str:
    """A folder's reports, each with its status (检查中 while it has not been looked at)."""
    rows = []
    for view in views:
        css = "" if view.ok or not view.page else ' class="status-bad"'
        status = view.status if view.page else "检查中…"
        rows.append(f'<li><a href="/r/{quote(view.key)}">{escape(view.key)}</a> '
                    f"<span{css}>{escape(status)}</span></li>")
    body = "".join(rows) or "<li>这个文件夹里没有数据文件。</li>"
    content = (f'<div class="panel"><strong>{escape(str(site.folder.name))} 中的报告'
               f"（{len(rows)}）</strong><ol>{body}</ol></div>")
    return _shell("", "全部报告", "<strong>tzreport 预览</strong>", content)
