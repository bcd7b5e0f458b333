"""The hardened server core (preview/core.py) under the attacks a local server meets: a flood
of event streams, slow half-sent requests, and another web page making the machine typeset.
Each of these held a thread per connection, or built the report, before the core existed."""

from __future__ import annotations

import http.client
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from tzreport.commands import preview
from tzreport.preview import server

EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"
POOL = 32  # preview/core.py's MAX_THREADS: the figure the tests hold the server to
STREAMS = 12  # its MAX_STREAMS


@pytest.fixture
def running(tmp_path: Path) -> Iterator[server.Server]:
    shutil.copy(EXAMPLE, tmp_path / "2023.yaml")
    shown = preview.Preview(tmp_path / "2023.yaml")
    live = server.start(shown, 0)
    thread = threading.Thread(target=live.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield live
    live.stopping = True
    live.shutdown()
    live.server_close()
    thread.join(5)


def _get(live: server.Server, path: str, headers: dict[str, str] | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", live.server_address[1], timeout=20)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    status = connection.getresponse().status
    connection.close()
    return status


def _threads() -> int:
    return sum(t.name != "tzreport-index" for t in threading.enumerate())


def test_500_event_streams_hold_a_bounded_pool(running: server.Server) -> None:
    version = running.preview.version("2023.yaml")  # type: ignore[attr-defined]
    before = _threads()
    opened: list[socket.socket] = []
    try:
        _streams(running, version, before, opened)
    finally:
        for sock in opened:
            sock.close()


def _streams(running: server.Server, version: str, before: int, opened: list[socket.socket]) -> None:
    answers = []
    for _ in range(500):
        sock = socket.create_connection(running.server_address, timeout=5)
        sock.sendall(f"GET /events?page=2023.yaml&v={version} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        opened.append(sock)
    time.sleep(1.0)
    held = _threads() - before
    for sock in opened:
        try:
            answers.append(sock.recv(64))
        except OSError:
            answers.append(b"")
    streaming = sum(a.startswith(b"HTTP/1.1 200") for a in answers)
    busy = sum(a.startswith(b"HTTP/1.1 503") for a in answers)
    assert held <= POOL, held  # it was 500: a thread per stream
    assert streaming <= STREAMS and streaming + busy == 500, (streaming, busy)
    assert _get(running, "/") == 200  # the pages still answer beside the open streams


def test_300_half_sent_requests_time_out(running: server.Server) -> None:
    running.read_timeout = 1.0  # READ_TIMEOUT, shortened for the test
    before = _threads()
    opened: list[socket.socket] = []
    try:
        _half_sent(running, before, opened)
    finally:
        for sock in opened:
            sock.close()


def _half_sent(running: server.Server, before: int, opened: list[socket.socket]) -> None:
    for _ in range(300):
        sock = socket.create_connection(running.server_address, timeout=5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and never the rest
        opened.append(sock)
    time.sleep(0.5)
    held = _threads() - before
    assert held <= POOL, held  # it was 300, held until each client let go
    time.sleep(2.0)  # past the read timeout: every thread given back
    assert _threads() - before <= 1
    assert _get(running, "/") == 200


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {},  # no token
])
def test_a_download_from_another_page_is_refused(running: server.Server, headers: dict[str, str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    monkeypatch.setattr(running.preview, "download", lambda *a: built.append(a) or ("x.pdf", b"%PDF"))
    # another site's <img src="http://127.0.0.1:8000/download/2023.yaml.pdf">: it cannot know the
    # token, and when it guesses it (an old page's link) the browser still says where it is from
    token = f"?t={getattr(running, 'token', '')}" if headers else ""
    assert _get(running, f"/download/2023.yaml.pdf{token}", headers) == 403
    assert built == []  # nothing was typeset


def test_a_download_from_the_page_itself_is_built(running: server.Server) -> None:
    token = getattr(running, "token", "")
    page = running.preview.page("2023.yaml")  # type: ignore[attr-defined]
    assert "/download/2023.yaml.docx?t=" in page
    for headers in ({"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {}):
        assert _get(running, f"/download/2023.yaml.docx?t={token}", headers) == 200
