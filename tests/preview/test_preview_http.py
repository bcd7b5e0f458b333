"""tzreport preview over plain HTTP: what it shows, what it refuses, and how it stops."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest

from conftest import ROOT, serve_in_thread, served
from tzreport.commands import preview
from tzreport.errors import TzreportError
from tzreport.preview import server

EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"
STREET = ROOT / "examples" / "新城街道"


class Running:
    def __init__(self, path: Path) -> None:
        self.preview = preview.Preview(path)
        self.server = server.start(self.preview, 0)
        self.port = self.server.server_address[1]
        self.stop = serve_in_thread(self.server)

    def get(self, path: str, host: str | None = None, method: str = "GET",
            body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is None:
            host = f"localhost:{self.port}"
        if host:
            connection.putheader("Host", host)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), data

    def text(self, path: str) -> str:
        status, _, data = self.get(path)
        assert status == 200, (path, status, data[:300])
        return data.decode("utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with a file beside it (outside) that must never be served."""
    shutil.copytree(STREET, tmp_path / "data")
    shutil.copy(EXAMPLE, tmp_path / "data" / "京汉.yaml")
    (tmp_path / "secret.yaml").write_text("单位: 秘密社区\n年度: 2024\n", encoding="utf-8")
    return tmp_path / "data"


@pytest.fixture
def running(folder: Path) -> Iterator[Running]:
    live = Running(folder)
    yield live
    live.stop()


def test_bound_to_127_0_0_1_only(running: Running) -> None:
    assert running.server.server_address[0] == "127.0.0.1"
    # not reachable on another address of this machine
    other = socket.gethostbyname(socket.gethostname())
    if not other.startswith("127."):
        with pytest.raises(OSError), socket.create_connection((other, running.port), timeout=2):
            pass


def test_a_client_resetting_its_connection_prints_no_traceback(running: Running,
                                                                 capfd: pytest.CaptureFixture[str]) -> None:
    """A browser closing a keep-alive connection with a reset (a reload, a closed tab) while the
    server waits for its next request: nothing on the console of the person writing."""
    import struct

    client = socket.create_connection(("127.0.0.1", running.port), timeout=5)
    client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert client.recv(64).startswith(b"HTTP/1.1 200")
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
    client.close()
    time.sleep(0.5)
    assert "Traceback" not in capfd.readouterr().err


def test_folder_index_lists_reports_with_status(folder: Path) -> None:
    (folder / "坏.yaml").write_text("单位: 坏社区\n年度: 二〇二四\n", encoding="utf-8")
    (folder / "稿.yaml").write_text("单位: 稿社区\n年度: 2024\n存在问题: [开展活动X次]\n", encoding="utf-8")
    running = Running(folder)
    try:
        page = running.text("/")
    finally:
        running.stop()
    assert '<a href="/r/2024.yaml">2024.yaml</a> <span>正常</span>' in page
    assert ('<a href="/r/%E5%AF%8C%E5%8A%9B%E6%96%B0%E5%9F%8E%E7%A4%BE%E5%8C%BA/2024.yaml">'
            "富力新城社区/2024.yaml</a> <span>正常</span>") in page
    assert '坏.yaml</a> <span class="status-bad">数据有误</span>' in page
    assert "稿.yaml</a> <span>1 个错误（按征求意见稿显示）</span>" in page
    assert "secret" not in page and "秘密" not in page


def test_hostile_text_in_the_preview_stays_text(folder: Path) -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    (folder / "x.yaml").write_text(f"单位: 甲社区\n年度: 2024\n存在问题: ['{hostile}X']\n",
                                   encoding="utf-8")
    (folder / "y.yaml").write_text(f"单位: 乙社区\n年度: '{hostile}'\n", encoding="utf-8")
    running = Running(folder)
    try:
        pages = [running.text("/r/x.yaml"), running.text("/r/y.yaml"), running.text("/")]
    finally:
        running.stop()
    for page in pages:
        assert page.count("<script") == 1 and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in pages[0]
    assert "&lt;script&gt;alert(1)" in pages[1]


def test_report_page_rendered_on_the_server(running: Running) -> None:
    page = running.text("/r/2024.yaml")
    assert "新城街道2024年统战工作总结" in page
    assert '<div class="sheet">' in page and "width: 156.0mm" in page
    assert page.count('<div class="sheet">') == 1 + page.count(">附表<")
    assert "font-family:'黑体','SimHei'" in page  # the writer's inline styles
    assert f'href="/download/2024.yaml.docx?t={running.server.token}"' in page
    assert "new EventSource(" in page and "__TZREPORT_VERSION__" not in page


@pytest.mark.parametrize("path", [
    "/r/../secret.yaml", "/r/..%2fsecret.yaml", "/r/..%2Fsecret.yaml", "/r/%2e%2e/secret.yaml",
    "/r/%2e%2e%2fsecret.yaml", "/good/..%2fsecret.yaml", "/r//etc/passwd", "/r/%2Fetc%2Fpasswd",
    "/download/..%2fsecret.yaml.docx", "/download/%2e%2e%2fsecret.yaml.html",
    "/../secret.yaml", "/secret.yaml", "/2024.yaml", "/r/..\\secret.yaml", "/r/2024.yaml%00.docx",
    "/events/../../secret.yaml", "/r/%252e%252e%252fsecret.yaml",
])
def test_no_path_traversal(running: Running, path: str) -> None:
    if path.startswith("/download/"):  # with the token: refused for the path, not for want of it
        path += f"?t={running.server.token}"
    status, _, body = running.get(path)
    assert status == 404, (path, status)
    assert "秘密社区".encode() not in body and b"root:" not in body


def test_host_header_other_than_localhost_refused(running: Running) -> None:
    for host in ("evil.example", f"evil.example:{running.port}", "127.0.0.1.nip.io",
                 f"localhost.evil.example:{running.port}", f"192.168.1.2:{running.port}", ""):
        status, _, body = running.get("/r/2024.yaml", host=host)
        assert status == 403, host
        assert "新城街道".encode() not in body
        assert "拒绝" in body.decode()
    for host in (f"localhost:{running.port}", f"127.0.0.1:{running.port}", "LOCALHOST"):
        assert running.get("/r/2024.yaml", host=host)[0] == 200, host


def test_no_write_endpoint(running: Running, folder: Path) -> None:
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/", "/r/2024.yaml", "/download/2024.yaml.docx", "/2024.yaml"):
            status, headers, _ = running.get(path, method=method, body=b"x: 1\n")
            assert status == 405, (method, path)
            assert headers["Allow"] == "GET, HEAD"
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before


def test_downloads_built_in_memory_not_in_the_folder(running: Running, folder: Path) -> None:
    before = sorted(folder.rglob("*"))
    status, headers, data = running.get(f"/download/2024.yaml.docx?t={running.server.token}")
    assert status == 200
    assert "filename*=UTF-8''%E6%96%B0%E5%9F%8E%E8%A1%97%E9%81%93" in headers["Content-Disposition"]
    with zipfile.ZipFile(BytesIO(data)) as docx:
        assert "新城街道2024年统战工作总结" in docx.read("word/document.xml").decode()
    status, _, page = running.get(f"/download/2024.yaml.html?t={running.server.token}")
    assert status == 200 and page.startswith(b"<!DOCTYPE html>") and b"<script" not in page
    assert sorted(folder.rglob("*")) == before


def test_error_page_then_report_back(running: Running, folder: Path) -> None:
    data = folder / "京汉.yaml"
    good = data.read_text(encoding="utf-8")
    first = running.text("/r/%E4%BA%AC%E6%B1%89.yaml")
    assert "京汉新城社区2023年统战工作总结" in first
    version = running.preview.version("京汉.yaml")
    data.write_text(good.replace("年度: 2023", "年度: 二零二三"), encoding="utf-8")
    running.preview.refresh({data})
    assert running.preview.version("京汉.yaml") != version
    page = running.text("/r/%E4%BA%AC%E6%B1%89.yaml")
    line = good.splitlines().index("年度: 2023") + 1
    assert f"京汉.yaml:{line}:5</code>: 错误" in page
    assert "年度: 二零二三" in page  # the line itself, under the message
    assert 'href="/good/%E4%BA%AC%E6%B1%89.yaml"' in page
    last_good = running.text("/good/%E4%BA%AC%E6%B1%89.yaml")
    assert "京汉新城社区2023年统战工作总结" in last_good and "上次能生成时的报告" in last_good
    data.write_text(good.replace("十", "拾"), encoding="utf-8")
    running.preview.refresh({data})
    assert "京汉新城社区2023年统战工作总结" in running.text("/r/%E4%BA%AC%E6%B1%89.yaml")


def test_findings_listed_and_marked_in_place(running: Running, folder: Path) -> None:
    data = folder / "京汉.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("一年来，我社区始终", "一年来,我社区开展X场次活动，始终"), encoding="utf-8")
    running.preview.refresh({data})
    page = running.text("/r/%E4%BA%AC%E6%B1%89.yaml")
    line = next(n for n, t in enumerate(data.read_text(encoding="utf-8").splitlines(), 1) if "X场次" in t)
    assert f"<code>京汉.yaml:{line}:" in page and "TZ101" in page and "TZ201" in page
    assert '<mark class="error" id="m' in page and '<a href="#f' in page
    assert ">X</a></mark>场次" in page and '<mark class="warning"' in page
    assert "（征求意见稿）" in page  # an unfilled placeholder: shown as a draft


def test_event_stream_answers_when_the_page_is_out_of_date(running: Running, folder: Path) -> None:
    version = running.preview.version("2024.yaml")
    status, headers, body = running.get(f"/events?page=2024.yaml&v=old-{version}")
    assert status == 200 and headers["Content-Type"].startswith("text/event-stream")
    assert f"data: {version}".encode() in body


def test_polling_follows_a_save(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZREPORT_PREVIEW_POLL", "1")
    live = preview.Preview(folder / "京汉.yaml")
    live.view("京汉.yaml")
    version = live.version("京汉.yaml")
    stop = threading.Event()
    try:
        assert preview.watch(live, stop) == "poll"
        time.sleep(0.3)
        path = folder / "京汉.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("200余,", "210余,"), encoding="utf-8")
        assert live.wait("京汉.yaml", version, 5) != version
    finally:
        stop.set()


def test_port_in_use_names_a_free_port(folder: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(TzreportError) as caught:
            server.start(preview.Preview(folder), port)
    message = caught.value.message
    assert f"端口 {port} 已被占用" in message and "--port " in message
    suggested = int(message.rsplit("--port ", 1)[1])
    assert suggested != port and 0 < suggested < 65536


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from tzreport.cli.main import main; main()", *args]


@pytest.mark.slow
def test_ctrl_c_stops_with_exit_0_and_no_traceback(folder: Path) -> None:
    with served("preview", folder / "2024.yaml", "预览地址：") as preview:
        assert preview.url.startswith("http://127.0.0.1:")
        port = int(preview.url.rsplit(":", 1)[1].strip(" /"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/")
        status = connection.getresponse().status
        connection.close()
        assert status == 200
    assert "预览已停止" in preview.out  # exit 0 and no traceback: served() says so


@pytest.mark.slow
def test_port_in_use_from_the_command_line(folder: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(_cli("preview", str(folder), "--no-open", "--port", str(port)),
                              capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert f"错误 端口 {port} 已被占用" in done.stderr and "Traceback" not in done.stderr


def _follows(live: preview.Preview, key: str, change: Callable[[], None]) -> str:
    """Change a file while the preview watches (by polling, the slower way): the new page."""
    live.page(key)
    version = live.version(key)
    stop = threading.Event()
    try:
        preview.watch(live, stop)
        time.sleep(0.3)
        change()
        assert live.wait(key, version, 5) != version
    finally:
        stop.set()
    return live.page(key) or ""


def _text(page: str) -> str:
    """A page's text without its tags."""
    return re.sub(r"<[^>]+>", "", page)


def test_a_members_save_renders_the_rollup_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZREPORT_PREVIEW_POLL", "1")
    live = preview.Preview(folder / "2024.yaml")
    member = folder / "富力新城社区" / "2024.yaml"
    before = live.page("2024.yaml") or ""
    page = _follows(live, "2024.yaml", lambda: member.write_text(
        member.read_text(encoding="utf-8").replace("{项目: 留学生, 数量: 3}", "{项目: 留学生, 数量: 503}"),
        encoding="utf-8"))
    # (in the page's text: a figure and its measure word stand in a span of their own)
    assert "留学生520名" not in _text(before) and "留学生520名" in _text(page)  # 20 − 3 + 503


def test_a_templates_save_renders_again(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZREPORT_PREVIEW_POLL", "1")
    templates = tmp_path / "模板"
    templates.mkdir()
    (templates / "report.md.j2").write_text(
        '{% extends "builtin/report.md.j2" %}{% block closing %}{{ super() }}\n\n特此报告。{% endblock %}',
        encoding="utf-8")
    live = preview.Preview(folder / "京汉.yaml", templates)
    assert "特此报告。" in (live.page("京汉.yaml") or "")
    page = _follows(live, "京汉.yaml", lambda: (templates / "report.md.j2").write_text(
        '{% extends "builtin/report.md.j2" %}{% block closing %}{{ super() }}\n\n此致。{% endblock %}',
        encoding="utf-8"))
    assert "此致。" in page and "特此报告。" not in page


def test_watchfiles_failing_falls_back_to_polling(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        @staticmethod
        def watch(*args: object, **kwargs: object) -> Iterator[set[tuple[int, str]]]:
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setitem(sys.modules, "watchfiles", Broken)
    live = preview.Preview(folder / "京汉.yaml")
    path = folder / "京汉.yaml"
    page = _follows(live, "京汉.yaml", lambda: path.write_text(
        path.read_text(encoding="utf-8").replace("数量: 200余,", "数量: 23,", 1), encoding="utf-8"))
    assert "参与人数23人" in _text(page)


def test_layout_file_beside_the_data_file(folder: Path) -> None:
    (folder / "版式.yaml").write_text(
        "正文字体: \"仿宋';}</p><script>alert(1)</script>\"\n行距: 30\n", encoding="utf-8")
    live = preview.Preview(folder / "京汉.yaml")
    page = live.page("京汉.yaml") or ""
    assert "line-height:30pt" in page and "每页 21 行" in page  # 225 mm hold 21 lines of 30 pt
    assert "font-family:'仿宋pscriptalert1script','仿宋','FangSong'" in page
    assert page.count("<script") == 1


@pytest.mark.slow
def test_pdf_download_when_libreoffice_is_installed(running: Running, folder: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    before = sorted(folder.rglob("*"))
    assert f'href="/download/2024.yaml.pdf?t={running.server.token}"' in running.text("/r/2024.yaml")
    status, headers, data = running.get(f"/download/2024.yaml.pdf?t={running.server.token}")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert data.startswith(b"%PDF")
    assert sorted(folder.rglob("*")) == before


def test_a_large_folders_index_shows_at_once_and_fills_in(tmp_path: Path) -> None:
    for n in range(preview.INDEX_AT_ONCE + 5):
        (tmp_path / f"{n:02d}.yaml").write_text(
            f"单位: 第{n}社区\n年度: 2024\n存在问题: [宣传不够]\n", encoding="utf-8")
    live = preview.Preview(tmp_path)
    version = live.version("")
    first = live.page("") or ""
    assert "检查中…" in first and first.count("<li>") == preview.INDEX_AT_ONCE + 5
    assert live.wait("", version, 30) != version
    filled = live.page("") or ""
    assert "检查中…" not in filled and filled.count("<span>正常</span>") == preview.INDEX_AT_ONCE + 5
