"""Which layout profile a data file is built with: the file named by --layout, else a 版式.yaml
beside the data file, else GB/T 9704 (layout.DEFAULT)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tzreport import regular_file
from tzreport.data import loader
from tzreport.errors import InputError
from tzreport.writers.layout import DEFAULT, LAYOUT_FILE, Layout


def load_layout(source: Path, layout_file: Path | None = None) -> Layout:
    """The layout for a data file: the file named by --layout, else a 版式.yaml beside the
    data file, else GB/T 9704. Raises InputError when the named file does not exist, and the
    loader's DataError when it is not a valid layout file."""
    path = layout_file
    if path is None and (source.parent / LAYOUT_FILE).is_file():
        path = source.parent / LAYOUT_FILE
    if path is None:
        return DEFAULT
    try:
        regular_file.check(path)  # a pipe or device would hang the read: said at once
    except regular_file.NotRegularFile as exc:
        raise InputError(f"{path}: 错误 {exc.strerror}") from None
    if not path.is_file():
        raise InputError(f"{path}: 错误 版式文件不存在")
    # its models only when a layout file is used
    from tzreport.writers.layout_file import LayoutFile

    layout = loader.load_as(path, LayoutFile).apply(DEFAULT)
    # font folders are written relative to the layout file, and stay inside its folder with
    # links followed (the model has refused absolute paths and "..")
    home = path.parent.resolve()
    folders = []
    for written in layout.font_dirs:
        try:
            folder = (path.parent / written).resolve()
        except (OSError, RuntimeError):  # a link loop
            folder = home.parent
        if not folder.is_relative_to(home):
            raise InputError(f"{path}: 错误 字体目录“{written[:60]}”指向版式文件所在的文件夹以外，出于安全考虑不读取")
        folders.append(str(folder))
    return replace(layout, font_dirs=tuple(folders))
