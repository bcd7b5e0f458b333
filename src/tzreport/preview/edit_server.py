"""The editor's web server, on the hardened core the preview shares (core.py). It writes to the
user's files, so every request must prove it comes from the page the command opened:
  - the command opens /?t=<token>; the token is then kept in a SameSite=Strict, HttpOnly cookie
    (a page of another site never sends it), and a request without it is refused;
  - Host is checked (DNS rebinding), and Sec-Fetch-Site/Origin must name this server;
  - bodies are JSON of at most MAX_BODY bytes; a data file is named by its key among those found
    in the folder, never by a path from the browser.
Paths:
  GET  /                   the folder's data files (or the one file's form)
  GET  /edit/<key>         a data file's form beside its report
  POST /render/<key>       {values} → the report as it would print, and the errors by field
  POST /save/<key>         {base, values} → saved (409 when the file changed since `base`)
  POST /new                example, unit, year (a form post) → a new data file, as init makes it
  POST /import[/<key>]     a dropped Word report or Excel ledger (the body, at most MAX_UPLOAD
                           bytes; its kind in X-File-Suffix) → a new data file, or its events
                           added to <key>
  GET  /download/<key>.docx|.pdf  the saved file's report, built in memory
"""

from __future__ import annotations

import json
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tzreport.errors import TzreportError
from tzreport.preview import core
from tzreport.preview.server import send_download

MAX_BODY = 2 * 1024 * 1024  # a form's values as JSON: a large report's data is under 200 KB
MAX_UPLOAD = 20 * 1024 * 1024  # a dropped file: import's own caps on a .docx and a ledger
DEFAULT_PORT = 8100


class Stale(TzreportError):
    """The file changed on disk after the form was loaded."""


class Editor(Protocol):
    """What the server asks of the editor (commands/edit.Editor)."""

    single: bool

    def keys(self) -> list[str]: ...

    def index(self, message: str = "") -> str: ...

    def form(self, key: str) -> str: ...

    def render(self, key: str, values: dict[str, Any]) -> dict[str, Any]: ...

    def save(self, key: str, base: str, values: dict[str, Any]) -> dict[str, Any]: ...

    def create(self, example: str, unit: str, year: str) -> str: ...

    def import_file(self, key: str | None, suffix: str, data: bytes) -> dict[str, Any]: ...

    def download(self, key: str, fmt: str) -> tuple[str, bytes]: ...


class Server(core.Server):
    editor: Editor

    @property
    def cookie(self) -> str:
        return f"tzreport_edit_{self.port}"  # cookies are per host, not per port


def start(editor: Editor, port: int = DEFAULT_PORT) -> Server:
    server = core.bind(Server, Handler, port, "填写页面", "edit")
    assert isinstance(server, Server)
    server.editor = editor
    return server


class Handler(core.Handler):
    server: Server
    server_version = "tzreport-edit"

    def _cookie_token(self) -> str | None:
        try:
            jar = SimpleCookie(self.headers.get("Cookie", ""))
        except CookieError:
            return None
        morsel = jar.get(self.server.cookie)
        return morsel.value if morsel is not None else None

    def _allowed(self) -> bool:
        if not self.host_ok():
            return False
        return self.guarded_ok(self._cookie_token() or self.query_token())

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == "/" and self.server.token_matches(parse_qs(url.query).get("t", [None])[0]) \
                and self.host_ok() and self.own_origin():
            self._enter()
            return
        if not self._allowed():
            return
        editor = self.server.editor
        try:
            if path == "/":
                keys = editor.keys()
                if editor.single and keys:
                    self._redirect(f"/edit/{quote(keys[0])}")
                else:
                    self.send_page(editor.index())
            elif path.startswith("/edit/") and path[6:] in editor.keys():
                self.send_page(editor.form(path[6:]))
            elif path.startswith("/download/"):
                key, _, fmt = path[len("/download/"):].rpartition(".")
                if fmt not in ("docx", "pdf") or key not in editor.keys():
                    self.send_text(HTTPStatus.NOT_FOUND, "没有这个页面。")
                    return
                name, data = editor.download(key, fmt)
                send_download(self, name, data, fmt, head=False)
            else:
                self.send_text(HTTPStatus.NOT_FOUND, "没有这个页面。")
        except TzreportError as exc:
            self.send_text(HTTPStatus.CONFLICT, exc.message)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True

    def _enter(self) -> None:
        """The address the command opened: keep its token in a cookie, and go on without it
        in the address bar."""
        cookie = (f"{self.server.cookie}={self.server.token}; Path=/; HttpOnly; SameSite=Strict")
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Set-Cookie", cookie)
        self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _redirect(self, where: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _body(self, cap: int = MAX_BODY) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.close_connection = True
            self.send_text(HTTPStatus.LENGTH_REQUIRED, "缺少请求长度。")
            return None
        if not 0 <= length <= cap:
            self.close_connection = True
            self.send_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                           f"提交的内容太大（不能超过 {cap // (1024 * 1024)} MB）。")
            return None
        return self.rfile.read(length)

    def _json(self, status: HTTPStatus, value: dict[str, Any]) -> None:
        self.send_text(status, json.dumps(value, ensure_ascii=False), "application/json; charset=utf-8")

    def do_POST(self) -> None:
        if not self._allowed():
            return
        path = unquote(urlsplit(self.path).path)
        editor = self.server.editor
        if path == "/import" or path.startswith("/import/"):
            self._import(path[len("/import/"):] or None)
            return
        body = self._body()
        if body is None:
            return
        if path == "/new":
            fields = parse_qs(body.decode("utf-8", "replace"))
            got = {k: fields.get(k, [""])[0] for k in ("example", "unit", "year")}
            try:
                key = editor.create(got["example"], got["unit"], got["year"])
            except TzreportError as exc:
                self.send_page(editor.index(exc.message))
                return
            self._redirect(f"/edit/{quote(key)}")
            return
        what, _, key = path.lstrip("/").partition("/")
        if what not in ("render", "save") or key not in editor.keys():
            self.send_text(HTTPStatus.NOT_FOUND, "没有这个页面。")
            return
        try:
            sent = json.loads(body)
            values = sent.get("values") if isinstance(sent, dict) else None
            if not isinstance(values, dict):
                raise ValueError
        except (ValueError, RecursionError):
            self._json(HTTPStatus.BAD_REQUEST, {"message": "提交的内容不是表单的数据。"})
            return
        try:
            if what == "render":
                self._json(HTTPStatus.OK, editor.render(key, values))
            else:
                self._json(HTTPStatus.OK, editor.save(key, str(sent.get("base", "")), values))
        except Stale as exc:
            self._json(HTTPStatus.CONFLICT, {"message": exc.message})
        except TzreportError as exc:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"message": exc.message})

    def _import(self, key: str | None) -> None:
        editor = self.server.editor
        if key is not None and key not in editor.keys():
            self.send_text(HTTPStatus.NOT_FOUND, "没有这个页面。")
            return
        body = self._body(MAX_UPLOAD)
        if body is None:
            return
        try:
            done = editor.import_file(key, self.headers.get("X-File-Suffix", ""), body)
        except TzreportError as exc:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"message": exc.message})
            return
        self._json(HTTPStatus.OK, done)

    def _refuse_method(self) -> None:
        self.send_text(HTTPStatus.METHOD_NOT_ALLOWED, "不支持这种请求。",
                       headers={"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _refuse_method
