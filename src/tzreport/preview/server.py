"""The preview's web server, on the hardened core the editor shares (core.py).

One user on one machine needs no web framework: the pages are rendered by the preview command
(commands/preview.py, with pages.py) and sent whole; reloads go out as Server-Sent Events (one long GET per open page), which the
browser reconnects by itself. The server only ever answers GET (and HEAD) for these paths:
  /                 the report (one data file) or the folder's index
  /r/<file>         a data file's report     /good/<file>  its last good report
  /events?page=<file>&v=<version>           one event when that page is out of date
  /download/<file>.docx|.pdf|.html?t=<token> the report built on demand, in memory
Nothing is read from the disk by URL: a path is looked up among the data files found at the
start, so no `..` (however encoded) can reach another file. A request whose Host header is not
localhost or 127.0.0.1 is refused: a web page elsewhere cannot use a DNS name pointing at
127.0.0.1 to read the reports (DNS rebinding). A download makes the machine typeset: it is
refused unless it carries the token of the pages' links and comes from those pages.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tzreport.errors import TzreportError
from tzreport.preview import core

HOST = core.HOST
DEFAULT_PORT = 8000
HEARTBEAT_SECONDS = 15.0
DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


class Preview(Protocol):
    """What the server asks of the preview (commands/preview.Preview)."""

    def keys(self) -> list[str]:
        """The data files' keys (their paths under the folder, as in URLs)."""

    def page(self, key: str, good: bool = False) -> str | None:
        """A page to send (key "": the index), None when there is none."""

    def wait(self, key: str, seen: str, timeout: float) -> str:
        """The page's version once it is no longer `seen` (or after the timeout)."""

    def download(self, key: str, fmt: str) -> tuple[str, bytes]:
        """A report built in memory: file name and bytes; raises TzreportError."""


class Server(core.Server):
    preview: Preview


def start(preview: Preview, port: int = DEFAULT_PORT) -> Server:
    """The server, bound to 127.0.0.1 (never another address). Raises TzreportError when the
    port is taken, naming a free one."""
    server = core.bind(Server, Handler, port, "预览", "preview")
    assert isinstance(server, Server)
    server.preview = preview
    return server


free_port = core.free_port


def send_download(handler: core.Handler, name: str, data: bytes, fmt: str, head: bool) -> None:
    """A built report as an attachment."""
    handler.send_response(HTTPStatus.OK)
    handler.send_header("Content-Type", DOWNLOADS[fmt])
    handler.send_header("Content-Length", str(len(data)))
    handler.send_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(name)}")
    handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    if not head:
        handler.wfile.write(data)


def stream_events(handler: core.Handler, wait: object, key: str, seen: str) -> None:
    """One event as soon as the page's version is not `seen`; a heartbeat meanwhile. The
    stream is counted against the server's cap while it is open."""
    if not handler.stream_headers():
        return
    try:
        handler.wfile.write(b"retry: 500\n\n")  # after a restart, back within half a second
        handler.wfile.flush()
        while not handler.server.stopping:
            now = wait(key, seen, HEARTBEAT_SECONDS)  # type: ignore[operator]
            if now != seen:
                handler.wfile.write(f"data: {now}\n\n".encode())
                handler.wfile.flush()
                return
            handler.wfile.write(b": still here\n\n")  # finds a closed tab, keeps proxies open
            handler.wfile.flush()
    finally:
        handler.server.close_stream()


class Handler(core.Handler):
    server: Server
    server_version = "tzreport-preview"

    # Only reading: every other method is refused, whatever the path.
    def _refuse_method(self) -> None:
        self.send_text(HTTPStatus.METHOD_NOT_ALLOWED, "预览只能查看，不能修改文件。",
                       headers={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        if not self.host_ok():
            return
        url = urlsplit(self.path)
        path = unquote(url.path)
        preview = self.server.preview
        try:
            if path == "/events":
                if head:  # a stream has no length to announce
                    self._not_found()
                else:
                    self._events(parse_qs(url.query))
            elif path == "/":
                self._page(preview.page(""), head)
            elif path.startswith("/r/"):
                self._page(preview.page(path[3:]) if path[3:] else None, head)
            elif path.startswith("/good/"):
                self._page(preview.page(path[6:], good=True) if path[6:] else None, head)
            elif path.startswith("/download/"):
                if self.guarded_ok():
                    self._download(path[len("/download/"):], head)
            else:
                self._not_found()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the browser went away (a reload, a closed tab)

    def _not_found(self) -> None:
        self.send_text(HTTPStatus.NOT_FOUND, "没有这个页面。")

    def _page(self, text: str | None, head: bool) -> None:
        if text is None:
            self._not_found()
            return
        self.send_page(text, head)

    def _download(self, name: str, head: bool) -> None:
        key, _, fmt = name.rpartition(".")
        if fmt not in DOWNLOADS or key not in self.server.preview.keys():
            self._not_found()
            return
        try:
            filename, data = self.server.preview.download(key, fmt)
        except TzreportError as exc:
            self.send_text(HTTPStatus.CONFLICT, f"无法生成：\n{exc.message}")
            return
        send_download(self, filename, data, fmt, head)

    def _events(self, query: dict[str, list[str]]) -> None:
        key = query.get("page", [""])[0]
        seen = query.get("v", [""])[0]
        preview = self.server.preview
        if key and key not in preview.keys():
            self._not_found()
            return
        stream_events(self, preview.wait, key, seen)
