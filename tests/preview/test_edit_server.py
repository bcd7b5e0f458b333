"""The editor's server over plain HTTP: every request needs the page's token (kept in a
SameSite=Strict cookie), Host and origin checked, a stale save refused, files named only by key."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from conftest import ROOT, serve_in_thread, served
from tzreport.commands import edit
from tzreport.preview import yaml_edit

EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"


class Live:
    def __init__(self, path: Path) -> None:
        self.server, self.url = edit.start(path, 0)
        self.port = self.server.port
        self.stop = serve_in_thread(self.server)
        status, headers, _ = self.ask("GET", self.url.split(str(self.port), 1)[1], cookie=False)
        assert status == 303
        self.cookie = headers["Set-Cookie"].split(";")[0]
        assert "SameSite=Strict" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]

    def ask(self, method: str, path: str, body: Any = None, cookie: bool = True,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        sent = {"Host": f"127.0.0.1:{self.port}", "Origin": f"http://127.0.0.1:{self.port}"}
        if cookie:
            sent["Cookie"] = self.cookie
        sent.update(headers or {})
        data = json.dumps(body, ensure_ascii=False).encode() if isinstance(body, dict) else body
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=data, headers={k: v for k, v in sent.items() if v})
        response = connection.getresponse()
        got = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), got


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Live, Path]]:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "2023.yaml")
    (tmp_path / "secret.yaml").write_text("单位: 秘密社区\n年度: 2024\n", encoding="utf-8")
    running = Live(folder)
    yield running, folder / "2023.yaml"
    running.stop()


@pytest.mark.slow
def test_ctrl_c_stops_the_command_with_exit_0_and_no_traceback(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "2023.yaml")
    with served("edit", tmp_path / "2023.yaml", "填写地址：") as editor:
        assert editor.url.startswith("http://127.0.0.1:"), editor.url
        port = int(editor.url.split("127.0.0.1:", 1)[1].split("/", 1)[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/" + editor.url.split("/", 3)[3])
        status = connection.getresponse().status
        connection.close()
        assert status == 303  # the page's token taken into a cookie
    assert editor.out.endswith("已停止。\n")  # exit 0 and no traceback: served() says so


def _values(data: Path) -> dict[str, Any]:
    return yaml_edit.form_values(data.read_text(encoding="utf-8"))


def _base(live: Live) -> str:
    status, _, page = live.ask("GET", "/edit/2023.yaml")
    assert status == 200, page.decode()
    return page.decode().split('data-base="', 1)[1].split('"', 1)[0]


def test_the_form_and_its_report(live: tuple[Live, Path]) -> None:
    running, _ = live
    status, headers, page = running.ask("GET", "/edit/2023.yaml")
    text = page.decode()
    assert status == 200 and "<script src" not in text and "http://" not in text.split("<iframe")[0]
    for key in ("单位", "年度", "期间", "文种", "主送", "导语", "思想引领", "活动", "统计", "其中", "口径",
                "存在问题", "下一步计划", "落款", "署名"):
        assert f'data-key="{key}"' in text, key
    assert '<option selected>全年</option>' in text or "<option>全年</option>" in text
    # the first rendering of the report, in the page (a figure and its measure word kept on one line)
    # (the page carries it as a JSON string, its tags written as \\u003c and \\u003e)
    shown = text.replace("\\u003c", "<").replace("\\u003e", ">")
    assert "参与人数200余人" in re.sub(r"<[^>]*>", "", shown)


@pytest.mark.parametrize("headers", [
    {"Cookie": ""},  # no token
    {"Cookie": "tzreport_edit_1=wrong"},
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # another port of 127.0.0.1: same site, other origin
    {"Host": "evil.example"},
])
def test_requests_not_from_the_page_are_refused(live: tuple[Live, Path], headers: dict[str, str]) -> None:
    running, data = live
    before = data.read_bytes()
    base = _base(running)
    values = {**_values(data), "单位": "被改了"}
    for method, path, body in (("POST", "/save/2023.yaml", {"base": base, "values": values}),
                               ("POST", "/render/2023.yaml", {"values": values}),
                               ("GET", "/edit/2023.yaml", None), ("GET", "/download/2023.yaml.docx", None)):
        status, _, got = running.ask(method, path, body, headers=headers)
        assert status == 403, (method, path, status)
        assert "京汉".encode() not in got
    assert data.read_bytes() == before


def test_save_keeps_the_file_and_refuses_a_stale_form(live: tuple[Live, Path]) -> None:
    running, data = live
    data.write_text(data.read_text(encoding="utf-8").replace("思想引领:", "# 手写的注释\n思想引领:"), encoding="utf-8")
    base = _base(running)
    values = {**_values(data), "单位": "测试社区"}
    status, _, got = running.ask("POST", "/save/2023.yaml", {"base": base, "values": values})
    assert status == 200, got
    saved = data.read_text(encoding="utf-8")
    assert "# 手写的注释\n思想引领:" in saved and "\n单位: 测试社区\n" in saved
    # the same form saved again: its base is the file before the first save
    status, _, got = running.ask("POST", "/save/2023.yaml", {"base": base, "values": {**values, "单位": "乙"}})
    assert status == 409 and "已被修改" in json.loads(got)["message"]
    assert data.read_text(encoding="utf-8") == saved
    assert not list(data.parent.glob("*.lock")) and not list(data.parent.glob(".*tmp*"))


def test_a_wrong_value_is_told_at_its_field(live: tuple[Live, Path]) -> None:
    running, data = live
    values = _values(data)
    values["民族工作"]["工作"][2]["统计"][0]["数量"] = "好多"
    status, _, got = running.ask("POST", "/render/2023.yaml", {"values": values})
    result = json.loads(got)
    assert status == 200 and result["page"] is None
    assert result["errors"][0]["field"] == "民族工作.工作[2].统计[0].数量"
    assert "实际为“好多”" in result["errors"][0]["message"]


@pytest.mark.parametrize("path", ["/save/../secret.yaml", "/save/..%2fsecret.yaml", "/save/%2Fetc%2Fpasswd",
                                  "/save/secret.yaml", "/render/..%2Fsecret.yaml"])
def test_writes_only_to_the_data_files_found(live: tuple[Live, Path], path: str) -> None:
    running, data = live
    secret = data.parent.parent / "secret.yaml"
    status, _, _ = running.ask("POST", path, {"base": "", "values": {"单位": "x"}})
    assert status == 404
    assert secret.read_text(encoding="utf-8") == "单位: 秘密社区\n年度: 2024\n"


def test_a_body_over_the_cap_is_refused(live: tuple[Live, Path]) -> None:
    running, _ = live
    assert _announced(running, "/render/2023.yaml", 3 * 1024 * 1024, "Content-Type: application/json")


def _announced(running: Live, path: str, length: int, header: str) -> bool:
    """A body of `length` bytes announced, a few sent: refused (413) before it is read."""
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{running.port}\r\n"
                      f"Cookie: {running.cookie}\r\n{header}\r\n"
                      f"Content-Length: {length}\r\n\r\nPK").encode())
        return sock.recv(100).startswith(b"HTTP/1.1 413")


def test_a_folder_not_made_yet_starts_empty_and_new_makes_it(tmp_path: Path) -> None:
    running = Live(tmp_path / "幸福里社区")
    try:
        status, _, page = running.ask("GET", "/")
        assert status == 200 and "还没有数据文件" in page.decode()
        form = "example=%E5%B9%B4%E5%BA%A6&unit=%E5%B9%B8%E7%A6%8F%E9%87%8C%E7%A4%BE%E5%8C%BA&year=2025"
        status, headers, _ = running.ask("POST", "/new", form.encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 303 and headers["Location"] == "/edit/2025.yaml"
        assert "单位: 幸福里社区" in (tmp_path / "幸福里社区" / "2025.yaml").read_text(encoding="utf-8")
        status, _, _ = running.ask("POST", "/new", form.encode(),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200  # the index again, saying the file exists: nothing overwritten
    finally:
        running.stop()


def test_a_dropped_ledger_and_report_go_through_import(tmp_path: Path) -> None:
    from ledgers import ledger

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "新城街道" / "京汉新城社区" / "2024民族工作.yaml", folder / "2024.yaml")
    book = ledger(tmp_path / "台账.xlsx")
    running = Live(folder)
    try:
        status, _, got = running.ask("POST", "/import/2024.yaml", book.read_bytes(),
                                     headers={"X-File-Suffix": ".xlsx"})
        assert status == 200, got
        assert json.loads(got) == {"message": "已在 2024.yaml 中添加 4 项活动", "reload": True}
        assert "“石榴籽”民族团结故事会" in (folder / "2024.yaml").read_text(encoding="utf-8")
        report = (ROOT / "tests" / "seeds" / "000_e3f797dae08557b5.txt").read_bytes()
        status, _, got = running.ask("POST", "/import", report, headers={"X-File-Suffix": ".txt"})
        assert status == 200, got
        made = folder / unquote(json.loads(got)["go"].removeprefix("/edit/"))
        text = made.read_text(encoding="utf-8")
        assert "上传的文件.txt" in text and str(tmp_path) not in text and "/tmp" not in text
        status, _, got = running.ask("GET", json.loads(got)["go"])
        assert status == 200
        status, _, got = running.ask("POST", "/import", b"MZ", headers={"X-File-Suffix": ".exe"})
        assert status == 422 and "只能导入" in json.loads(got)["message"]
        assert _announced(running, "/import", 21 * 1024 * 1024, "X-File-Suffix: .docx")
        status, _, _ = running.ask("POST", "/import", report,
                                   headers={"X-File-Suffix": ".txt", "Sec-Fetch-Site": "same-site"})
        assert status == 403
    finally:
        running.stop()


def test_imports_marks_are_findings_at_their_fields(tmp_path: Path) -> None:
    running = Live(tmp_path)
    try:
        report = (ROOT / "tests" / "seeds" / "000_e3f797dae08557b5.txt").read_bytes()
        _, _, got = running.ask("POST", "/import", report, headers={"X-File-Suffix": ".txt"})
        key = unquote(json.loads(got)["go"].removeprefix("/edit/"))
        text = (tmp_path / key).read_text(encoding="utf-8")
        values = yaml_edit.form_values(text)
        _, _, got = running.ask("POST", f"/render/{json.loads(got)['go'].removeprefix('/edit/')}", {"values": values})
        marks = [f for f in json.loads(got)["findings"] if f["message"].startswith("请核对")]
        marked = [line for line in text.splitlines() if "  # 请核对" in line]
        assert len(marks) == len(marked) > 0
        assert {"field": "单位", "message": "请核对：单位是从导语中找到的", "error": False, "line": 4} in marks
    finally:
        running.stop()
