"""The hardened core the preview's and the editor's local web servers share.

The standard library's HTTP server, bound to 127.0.0.1, with the limits a server on the user's
machine needs against a slow or hostile client and against other web pages the user visits:
  - a bounded pool of handler threads (MAX_THREADS): a connection beyond it is answered 503 at
    once by the accepting thread and closed, instead of starting one more thread;
  - a read timeout (READ_TIMEOUT seconds) on every connection, so a half-sent request or an idle
    keep-alive connection gives its thread back;
  - a cap on open event streams (MAX_STREAMS), which hold their thread for as long as a page is
    open, so that they can never take the whole pool;
  - Host checked on every request (DNS rebinding), and requests that build or write ("guarded")
    refused unless they carry the server's token and come from its own pages: a browser says
    where a request comes from in Sec-Fetch-Site (and Origin); a request from another site is
    refused whatever it carries. The token is random, made at start, and put in the pages'
    links by the server (TOKEN in a page's text), so no other page can know it.
"""

from __future__ import annotations

import errno
import hmac
import secrets
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tzreport.errors import TzreportError

HOST = "127.0.0.1"
MAX_THREADS = 32  # handler threads at once; a browser opens six connections to a host
MAX_STREAMS = 12  # open event streams (pages left open in tabs) among them
READ_TIMEOUT = 10.0  # seconds a client may take to send a request (or stay idle between two)
TOKEN = "__TZREPORT_TOKEN__"  # stands in a page for the server's token, put in as it is sent
_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
         b"Content-Length: 27\r\nConnection: close\r\n\r\n" + "服务器正忙，请稍后再试。".encode())
_OWN_SITE = {"same-origin", "none"}  # "none": typed in the address bar, opened by the command


class Server(ThreadingHTTPServer):
    """The server: its pool, its stream count and its token."""

    daemon_threads = True  # open event streams do not hold up Ctrl+C
    stopping = False
    max_threads = MAX_THREADS
    max_streams = MAX_STREAMS
    read_timeout = READ_TIMEOUT
    request_queue_size = 128  # connections waiting to be accepted (or refused) at once

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.token = secrets.token_urlsafe(24)
        self._slots = threading.BoundedSemaphore(self.max_threads)
        self._streams = 0
        self._count = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        thread = threading.Thread(target=self._work, args=(request, client_address),
                                  daemon=True, name="tzreport-http")
        try:
            thread.start()
        except RuntimeError:  # the system would start no thread
            self._slots.release()
            self.shutdown_request(request)

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that went away between two requests (a reload, a closed tab, a client
        closing a keep-alive connection with a reset) is no error: no traceback on the
        console of the person writing the report. Anything else as socketserver reports it."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)

    def open_stream(self) -> bool:
        """Count an event stream in, or say there are too many open."""
        with self._count:
            if self._streams >= self.max_streams:
                return False
            self._streams += 1
            return True

    def close_stream(self) -> None:
        with self._count:
            self._streams -= 1

    def streams(self) -> int:
        with self._count:
            return self._streams

    def token_matches(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.token.encode())


def _refuse_busy(request: socket.socket) -> None:
    try:
        request.settimeout(0.2)
        request.sendall(_BUSY)
    except OSError:
        pass


def bind(server_class: type[Server], handler: type[BaseHTTPRequestHandler], port: int,
         what: str, command: str) -> Server:
    """A server bound to 127.0.0.1 (never another address). Raises TzreportError when the port
    is taken, naming a free one."""
    try:
        return server_class((HOST, port), handler)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise TzreportError(
                f"错误 端口 {port} 已被占用（或不允许使用）；请换一个端口，"
                f"例如：tzreport {command} … --port {free_port()}"
            ) from None
        raise TzreportError(f"错误 无法在 {HOST}:{port} 启动{what}：{exc.strerror}") from None


def free_port() -> int:
    """A port nothing listens on at this moment."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def host_allowed(header: str | None, port: int) -> bool:
    if not header:
        return False
    allowed = {"localhost", "127.0.0.1"}
    return header.lower() in allowed | {f"{h}:{port}" for h in allowed}


class Handler(BaseHTTPRequestHandler):
    """What both servers' handlers share: quiet, timed out, Host, origin and token checks."""

    server: Server
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        # set on the connection by StreamRequestHandler.setup, before anything is read
        self.__dict__["timeout"] = self.server.read_timeout
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a request log is of no use to the person writing the report."""

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # a slow client, or one that went away

    def host_ok(self) -> bool:
        if host_allowed(self.headers.get("Host"), self.server.port):
            return True
        self.send_text(HTTPStatus.FORBIDDEN, "拒绝：只接受 localhost 或 127.0.0.1 的访问。")
        return False

    def own_origin(self) -> bool:
        """Whether the browser says the request comes from this server's own pages (or from
        the address bar). Sec-Fetch-Site is sent by every current browser; Origin by older
        ones on a POST; a request with neither is no browser's cross-site request."""
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site.lower() not in _OWN_SITE:
            return False
        origin = self.headers.get("Origin")
        if origin is not None:
            port = self.server.port
            return origin.lower() in {f"http://127.0.0.1:{port}", f"http://localhost:{port}"}
        return True

    def query_token(self) -> str | None:
        return parse_qs(urlsplit(self.path).query).get("t", [None])[0]

    def guarded_ok(self, token: str | None = None) -> bool:
        """A request that builds or writes: from our own pages, with the token. Answers 403
        itself when it is not."""
        if self.own_origin() and self.server.token_matches(token or self.query_token()):
            return True
        self.send_text(HTTPStatus.FORBIDDEN, "拒绝：这个请求不是从本机的页面发出的。")
        return False

    def stream_headers(self) -> bool:
        """Start an event stream, or answer 503 when too many are open (the caller must call
        server.close_stream() when it returns True)."""
        if not self.server.open_stream():
            self.close_connection = True  # a refused stream keeps no thread waiting on it
            self.send_text(HTTPStatus.SERVICE_UNAVAILABLE, "打开的页面太多，请关闭一些再刷新。",
                           headers={"Connection": "close"})
            return False
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        return True

    def send_text(self, status: HTTPStatus, text: str, kind: str = "text/plain; charset=utf-8",
                  head: bool = False, headers: dict[str, str] | None = None) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def send_page(self, text: str, head: bool = False,
                  headers: dict[str, str] | None = None) -> None:
        """An HTML page of ours, the token put in its links."""
        self.send_text(HTTPStatus.OK, text.replace(TOKEN, self.server.token),
                       "text/html; charset=utf-8", head, headers)
