"""The font folders a layout file names (字体目录), looked through before Typst searches them.

Typst's font search (fontdb) walks a folder with no bound: every file, links to folders
followed, and for a collection (.ttc) every face its header claims, whatever the file holds.
A 4 KB .ttc claiming 2³¹ faces cost 57–89 s of every PDF build. So the folders are walked
here first, within caps and a time bound, and Typst is handed them only when they pass:
links to folders and links out of the folder are refused, as is anything not a regular file
named like a font, and a collection whose header claims more faces than it could hold.
"""

from __future__ import annotations

import os
import stat
import struct
import time
from pathlib import Path

from tzreport.errors import OutputError, os_reason, shown

MAX_ENTRIES = 10_000  # files and folders looked at in all the font folders of a layout
MAX_FONT_FILES = 500  # font files among them (Windows ships some 300)
MAX_FACES = 256  # faces of one collection (Source Han's biggest .ttc has 70)
MAX_SECONDS = 5.0  # the whole look
# what Typst's search reads as a font file: these endings exactly, as it matches them
FONT_ENDINGS = ("ttf", "ttc", "otf", "otc", "TTF", "TTC", "OTF", "OTC")


def _refuse(folder: Path, why: str) -> OutputError:
    return OutputError(f"{shown(folder)}: 错误 字体目录{why}，出于安全考虑不读取其中的字体")


def check_folders(folders: tuple[str, ...]) -> None:
    """Raise OutputError naming the folder and why, when a font folder holds more than the
    caps allow, a link to a folder or out of it, something that is not a regular file where
    a font file is looked for, or a collection claiming more faces than MAX_FACES or than it
    has room for; or when the look takes more than MAX_SECONDS."""
    deadline = time.monotonic() + MAX_SECONDS
    seen = fonts = 0
    for written in folders:
        top = Path(written)
        if not top.is_dir():
            continue  # a folder not there: nothing to search, as before
        pending = [top]
        while pending:
            folder = pending.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError as exc:
                raise _refuse(folder, f"无法读取（{os_reason(exc)}）") from None
            for entry in entries:
                seen += 1
                if seen > MAX_ENTRIES:
                    raise _refuse(top, f"中的文件和文件夹超过 {MAX_ENTRIES:,} 个")
                if time.monotonic() > deadline:
                    raise _refuse(top, f"查找字体用时超过 {MAX_SECONDS:g} 秒")
                path = Path(entry.path)
                if entry.is_symlink():
                    target = path.resolve()
                    if target.is_dir():
                        raise _refuse(path, "中有指向文件夹的链接")
                    if not target.is_relative_to(top.resolve()):
                        raise _refuse(path, "中有指向别处的链接")
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif path.suffix[1:] in FONT_ENDINGS:
                    fonts += 1
                    if fonts > MAX_FONT_FILES:
                        raise _refuse(top, f"中的字体文件超过 {MAX_FONT_FILES} 个")
                    _check_font(path)


def _check_font(path: Path) -> None:
    """A font file: a regular file; a collection's face count within MAX_FACES and within
    what its size can hold (12 bytes of header, then 4 for each face's offset)."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(path, "中有不是普通文件的字体文件（如命名管道）")
        with path.open("rb") as handle:
            head = handle.read(12)
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise _refuse(path, f"中的字体文件无法读取（{os_reason(exc)}）") from None
    if head[:4] != b"ttcf" or len(head) < 12:
        return
    (faces,) = struct.unpack(">I", head[8:12])
    if faces > MAX_FACES or 12 + 4 * faces > size:
        raise _refuse(path, f"中的字体集声称含有 {faces:,} 种字体，不是正常的字体文件")
