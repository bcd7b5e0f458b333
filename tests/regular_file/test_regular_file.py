"""Only regular files are read: a FIFO (which would hang the read), a device (which never
ends), a socket and a folder are refused at once, with the user's word for what they are."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from tzreport.regular_file import NotRegularFile, read_regular

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs, devices and sockets as POSIX has them")


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(NotRegularFile) as caught:
        read_regular(fifo, 100)
    assert caught.value.strerror == "这是命名管道（FIFO），不是普通文件，不能读取"
    assert time.monotonic() - started < 1


def test_a_device_a_socket_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile, match="这是设备文件"):
        read_regular(Path("/dev/zero"), 100)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.sock"))
        with pytest.raises(NotRegularFile, match="这是套接字"):
            read_regular(tmp_path / "s.sock", 100)
    with pytest.raises(NotRegularFile, match="这是文件夹"):
        read_regular(tmp_path, 100)


def test_a_regular_file_is_read_to_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 50)
    assert read_regular(path, 10) == b"x" * 11
    assert read_regular(path, 100) == b"x" * 50
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "none", 10)


def test_a_file_is_read_where_there_is_no_nonblocking_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as on Windows: no O_NONBLOCK, and an os.set_blocking that fails on anything but a pipe
    monkeypatch.delattr(os, "O_NONBLOCK", raising=False)

    def only_pipes(fd: int, blocking: bool) -> None:
        raise OSError(1, "无效的函数")

    monkeypatch.setattr(os, "set_blocking", only_pipes)
    (tmp_path / "2024.yaml").write_text("单位: 甲社区\n", encoding="utf-8")
    assert read_regular(tmp_path / "2024.yaml", 100) == "单位: 甲社区\n".encode()
