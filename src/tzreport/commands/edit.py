"""`tzreport edit`: a data file filled in in the browser, a form beside the report as it will print.

The Editor holds the data files of PATH (one file, or every data file of a folder, as the
preview finds them) and does what the page asks: the form of a file (preview/form.py, generated
from the data model), the report of the form's values before they are saved (rendered as the
preview renders a file, from the merged text rather than the disk), saving (the values merged
into the user's YAML by preview/yaml_edit.py, so comments and layout survive; written
atomically, under the file's lock, and refused when the file changed on disk since the form was
loaded), a new file from a shipped example (as init makes it), and downloads of the saved file.
No path from the browser reaches the disk: files are named by their key among those found.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tzreport import file_lock
from tzreport.commands import import_, init
from tzreport.commands.preview import Preview
from tzreport.data import loader
from tzreport.errors import ERROR, DataError, Diagnostic, TzreportError
from tzreport.lint import check_data
from tzreport.output import digest, write_atomic
from tzreport.preview import edit_server, form, pages, yaml_edit
from tzreport.preview.pages import View
from tzreport.report import gather, outline, rollup
from tzreport.writers.layout_lookup import load_layout

_NOT_UTF8 = "错误 这个数据文件不是 UTF-8 编码，不能在表单中编辑：请在记事本中“另存为”，编码选择 UTF-8"


class Editor:
    """The data files being edited, and what the page asks of them."""

    def __init__(self, path: Path) -> None:
        data_name = path.suffix.lower() in (".yaml", ".yml")
        if not path.exists() and (data_name or not path.parent.is_dir()):
            raise TzreportError(f"{path}: 错误 文件或文件夹不存在")
        # a folder not made yet is an empty one: "新建" makes it, as init does
        self.single = path.is_file() or (data_name and not path.is_dir())
        self.path = path
        self.folder = (path.parent if self.single else path).resolve()
        self.lock = threading.Lock()
        self.preview: Preview | None = None  # finds the data files; builds the downloads
        self._find()

    def _find(self) -> None:
        empty = self.single is False and not any(
            p.suffix.lower() in (".yaml", ".yml") for p in self.folder.rglob("*") if p.is_file())
        if not empty:  # an empty folder is where a new report starts
            self.preview = Preview(self.path)

    def keys(self) -> list[str]:
        return self.preview.keys() if self.preview is not None else []

    def _source(self, key: str) -> Path:
        view = self.preview.views.get(key) if self.preview is not None else None
        if view is None:
            raise TzreportError("错误 没有这个数据文件")
        return view.source

    def _text(self, source: Path) -> tuple[bytes, str]:
        try:
            raw = source.read_bytes()
        except OSError as exc:
            raise TzreportError(f"{source}: 错误 无法读取：{exc.strerror}") from None
        try:
            return raw, raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TzreportError(f"{source}: {_NOT_UTF8}") from None

    # ------------------------------------------------------------------ pages

    def index(self, message: str = "") -> str:
        examples = {name: e.summary for name, e in init.EXAMPLES.items()}
        return form.index_page(self.folder.name, self.keys(), examples, dt.date.today().year, message)

    def form(self, key: str) -> str:
        source = self._source(key)
        raw, text = self._text(source)
        values = yaml_edit.form_values(text)
        first = json.dumps(self._report(source, text.lstrip("\ufeff")), ensure_ascii=False)
        return form.edit_page(key, values, digest(raw), first, self.single, pages._pdf_available())

    # ------------------------------------------------------------------ render and save

    def render(self, key: str, values: dict[str, Any]) -> dict[str, Any]:
        source = self._source(key)
        _, text = self._text(source)
        return self._report(source, yaml_edit.merged_text(text, values).lstrip("\ufeff"))

    def save(self, key: str, base: str, values: dict[str, Any]) -> dict[str, Any]:
        source = self._source(key)
        with self.lock, file_lock.locked(source):
            raw, text = self._text(source)
            if digest(raw) != base:
                raise edit_server.Stale(
                    f"{source.name} 在打开表单后已被修改（可能在另一个窗口或编辑器中），没有保存："
                    "请重新载入表单，再做修改。")
            merged = yaml_edit.merged_text(text, values)
            data = merged.encode("utf-8")
            write_atomic(source, data)
        return {**self._report(source, merged.lstrip("\ufeff")), "base": digest(data)}

    def _report(self, source: Path, text: str) -> dict[str, Any]:
        """The report page of a text (None when it cannot be made) and what is wrong with it,
        each with the field it names."""
        text = text.replace("\r\n", "\n")
        view = View(source, source.name)
        try:
            loaded = loader.read(source, text=text)
            found = list(loaded.warnings)
            gathered = gather.gather(source, loaded.data, rollup.Reports())
            found += check_data.lint(loaded)
            drafted = any(d.level == ERROR for d in found)
            report = outline.as_draft(gathered.report) if drafted else gathered.report
            from tzreport.render import document, templating

            doc = document.parse(templating.render_markdown(report, None, gathered.extra))
            site = pages.Site(self.folder, True)
            page = pages.report_page(site, view, doc, load_layout(source, None), found, text,
                                     embedded=True)
            found += _review_marks(source, text)
            return {"page": page, "errors": [], "findings": [_said(d) for d in found]}
        except DataError as exc:
            return {"page": None, "errors": [_said(d, True) for d in exc.diagnostics], "findings": []}
        except TzreportError as exc:
            return {"page": None, "errors": [_said(Diagnostic(source, 0, 0, exc.message), True)],
                    "findings": []}

    # ------------------------------------------------------------------ new files, downloads

    def create(self, example: str, unit: str, year: str) -> str:
        """A new data file in the folder from a shipped example, as init makes it: its key."""
        if self.single:
            raise TzreportError("错误 只有打开文件夹时才能新建数据文件")
        created = init.init(self.folder, unit.strip() or None, year.strip() or None, example)
        if self.preview is None:
            self._find()
        else:
            self.preview.refresh([created.data_file])
        return created.data_file.resolve().relative_to(self.folder).as_posix()

    def import_file(self, key: str | None, suffix: str, data: bytes) -> dict[str, Any]:
        """A Word report or an Excel ledger dropped onto the page, through import's own gates:
        into a new data file in the folder, or (a ledger, `key` given) its events added to
        that file. The upload lies in a private temporary folder while it is read; its name
        (and so any path of the browser's) is never used."""
        suffix = suffix.lower()
        if suffix not in import_.REPORTS + import_.LEDGERS:
            raise TzreportError("错误 只能导入 Word 报告（.docx .doc .txt .md）或 Excel 台账（.xlsx .xls .ods）")
        shown = f"上传的文件{suffix}"
        with tempfile.TemporaryDirectory(prefix="tzreport-") as private:
            upload = Path(private) / shown
            upload.write_bytes(data)
            try:
                return self._import(key, upload)
            except TzreportError as exc:
                raise TzreportError(exc.message.replace(str(upload), shown)) from None

    def _import(self, key: str | None, upload: Path) -> dict[str, Any]:
        if key is not None:
            target = self._source(key)
            with self.lock:
                done = import_.import_into([upload], target)
            said = f"已在 {key} 中添加 {done.added} 项活动" if done.added else f"{key} 中已有这些活动，没有添加"
            return {"message": said, "reload": True}
        if self.single:
            raise TzreportError("错误 打开的是一个数据文件：只能把 Excel 台账中的活动添加到它里面；"
                                "要从 Word 报告新建数据文件，请用 tzreport edit 打开它所在的文件夹")
        files, _ = import_.plan([upload], self.folder)
        with self.lock:
            for path in files:
                if path.exists():
                    raise TzreportError(f"错误 {path.name} 已存在，不会覆盖：请打开它修改，或先把它改名")
            for path, content in files.items():
                init.write_new(path, content)
        made = next(iter(files))
        if self.preview is None:
            self._find()
        else:
            self.preview.refresh([made])
        return {"go": "/edit/" + quote(made.resolve().relative_to(self.folder).as_posix())}

    def download(self, key: str, fmt: str) -> tuple[str, bytes]:
        self._source(key)  # one of the files found, or refused
        assert self.preview is not None
        return self.preview.download(key, fmt)


def _said(diagnostic: Diagnostic, error: bool = False) -> dict[str, Any]:
    message = f"{diagnostic.code} {diagnostic.message}".strip() if diagnostic.code else diagnostic.message
    return {"field": diagnostic.field, "message": message,
            "error": error or diagnostic.level == ERROR, "line": diagnostic.line}


def _review_marks(source: Path, text: str) -> list[Diagnostic]:
    """import's “# 请核对” marks, each as a finding at the field on its line."""
    from tzreport.ingest.data_text import REVIEW

    mark = f"# {REVIEW}"
    if mark not in text:
        return []
    from tzreport.data.values import TooLarge, Values
    from tzreport.data.yaml_nodes import compose, top

    build = Values(source, text)
    try:
        build.value(top(source, text, compose(source, text)), "")
    except (TzreportError, TooLarge):
        return []
    found, start = [], 0
    for number, line in enumerate(text.split("\n"), 1):
        at = line.find(mark)
        if at > 0 and line[:at].strip() and not line.lstrip().startswith("#"):  # a value's mark
            why = line[at + len(mark):].lstrip("：: ").strip()
            field = build.field_at(start + len(line[:at].rstrip()) - 1)
            found.append(Diagnostic(source, number, at + 1, f"{REVIEW}：{why}" if why else REVIEW,
                                    field=field, level="提示"))
        start += len(line) + 1
    return found


def start(path: Path, port: int = edit_server.DEFAULT_PORT) -> tuple[edit_server.Server, str]:
    """The editor's server for PATH and the address to open (with its token)."""
    editor = Editor(path)
    server = edit_server.start(editor, port)
    return server, f"http://127.0.0.1:{server.port}/?t={server.token}"
