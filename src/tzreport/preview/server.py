"""The preview's web server: the standard library's threading HTTP server on 127.0.0.1.

One user on one machine needs no web framework: the pages are rendered by the preview command
(commands/preview.py, with pages.py) and sent whole; reloads go out as Server-Sent Events (one long GET per open page), which the
browser reconnects by itself. The server only ever answers GET (and HEAD) for these paths:
  /                 the report (one data file) or the folder's index
  /r/<file>         a data file's report     /good/<file>  its last good report
  /events?page=<file>&v=<version>           one event when that page is out of date
  /download/<file>.docx|.pdf|.html          the report built on demand, in memory
Nothing is read from the disk by URL: a path is looked up among the data files found at the
start, so no `..` (however encoded) can reach another file. A request whose Host header is not
localhost or 127.0.0.1 is refused: a web page elsewhere cannot use a DNS name pointing at
127.0.0.1 to read the reports (DNS rebinding).
"""

from __future__ import annotations

import errno
import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tzreport.errors import TzreportError

HOST = "127.0.0.1"
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


class Server(ThreadingHTTPServer):
    daemon_threads = True  # open event streams do not hold up Ctrl+C
    preview: Preview
    stopping = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that went away between two requests (a reload, a closed tab, a client
        closing a keep-alive connection with a reset) is no error: no traceback on the
        console of the person writing the report. Anything else as socketserver reports it."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


def start(preview: Preview, port: int = DEFAULT_PORT) -> Server:
    """The server, bound to 127.0.0.1 (never another address). Raises TzreportError when the
    port is taken, naming a free one."""
    try:
        server = Server((HOST, port), Handler)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise TzreportError(
                f"错误 端口 {port} 已被占用（或不允许使用）；请换一个端口，"
                f"例如：tzreport preview … --port {free_port()}"
            ) from None
        raise TzreportError(f"错误 无法在 {HOST}:{port} 启动预览：{exc.strerror}") from None
    server.preview = preview
    return server


def free_port() -> int:
    """A port nothing listens on at this moment."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _host_allowed(header: str | None, port: int) -> bool:
    if not header:
        return False
    allowed = {"localhost", "127.0.0.1"}
    return header.lower() in allowed | {f"{h}:{port}" for h in allowed}


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"
    server_version = "tzreport-preview"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a request log is of no use to the person writing the report."""

    # Only reading: every other method is refused, whatever the path.
    def _refuse_method(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, "预览只能查看，不能修改文件。", allow="GET, HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        if not _host_allowed(self.headers.get("Host"), self.server.server_address[1]):
            self._send(HTTPStatus.FORBIDDEN, "拒绝：预览只接受 localhost 或 127.0.0.1 的访问。")
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
                self._download(path[len("/download/"):], head)
            else:
                self._not_found()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload, a closed tab)

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, "没有这个页面。")

    def _page(self, text: str | None, head: bool) -> None:
        if text is None:
            self._not_found()
            return
        self._send(HTTPStatus.OK, text, "text/html; charset=utf-8", head=head)

    def _download(self, name: str, head: bool) -> None:
        key, _, fmt = name.rpartition(".")
        if fmt not in DOWNLOADS or key not in self.server.preview.keys():
            self._not_found()
            return
        try:
            filename, data = self.server.preview.download(key, fmt)
        except TzreportError as exc:
            self._send(HTTPStatus.CONFLICT, f"无法生成：\n{exc.message}")
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", DOWNLOADS[fmt])
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(filename)}")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self, query: dict[str, list[str]]) -> None:
        """One event as soon as the page's version is not the one it was made with."""
        key = query.get("page", [""])[0]
        seen = query.get("v", [""])[0]
        preview = self.server.preview
        if key and key not in preview.keys():
            self._not_found()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(b"retry: 500\n\n")  # after a restart, back within half a second
        self.wfile.flush()
        while not self.server.stopping:
            now = preview.wait(key, seen, HEARTBEAT_SECONDS)
            if now != seen:
                self.wfile.write(f"data: {now}\n\n".encode())
                self.wfile.flush()
                return
            self.wfile.write(b": still here\n\n")  # finds a closed tab, keeps proxies open
            self.wfile.flush()

    def _send(self, status: HTTPStatus, text: str, kind: str = "text/plain; charset=utf-8",
              head: bool = False, allow: str | None = None) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        if not head:
            self.wfile.write(body)
