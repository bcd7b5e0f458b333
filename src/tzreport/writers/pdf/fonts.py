"""Fonts for the Typst PDF: for each role (title, body, headings, page number, tables) the first
face of a fallback list that is installed, among the system's fonts and the folders a layout
file names (字体目录; the PDF writer searches them).

Typst knows a font by the family name in the font file, which for the fonts Windows ships is
the English one (FangSong, SimHei); the Chinese names Word shows (仿宋, 黑体) are tried too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tzreport.errors import OutputError
from tzreport.writers.layout import Layout

# DESIGN §4: GB/T 9704's faces first, then what Windows, macOS and Debian ship.
TITLE = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "方正小标宋_GBK",
         "华文中宋", "STZhongsong", "宋体", "SimSun", "Songti SC", "STSong",
         "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC")
FANGSONG = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong",
            "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", "AR PL UMing CN")
HEITI = ("黑体", "SimHei", "Heiti SC", "STHeiti", "微软雅黑", "Microsoft YaHei",
         "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei",
         "WenQuanYi Micro Hei")
KAITI = ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti", "Kaiti SC",
         "AR PL UKai CN", "AR PL UKai", "Noto Serif CJK SC", "Source Han Serif SC")
SONGTI = ("宋体", "SimSun", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC",
          "Noto Serif SC", "AR PL UMing CN")

# Roles → (Chinese name for the note, fallback list by default face).
ROLE_NAMES = {
    "title": "标题", "subtitle": "副标题", "body": "正文", "heading1": "一级标题", "heading2": "二级标题",
    "heading3": "三级标题", "heading4": "四级标题", "page_number": "页码",
    "annex_label": "附表标识", "table": "表格", "table_header": "表头",
}
_BY_FACE = {
    "方正小标宋简体": TITLE, "仿宋_GB2312": FANGSONG, "仿宋": FANGSONG, "黑体": HEITI,
    "楷体_GB2312": KAITI, "楷体": KAITI, "宋体": SONGTI,
}
ANY_CJK = tuple(dict.fromkeys(TITLE + FANGSONG + HEITI + KAITI + SONGTI))

INSTALL_HINT = (
    "错误 没有找到可用于 PDF 的中文字体。Windows 自带仿宋、黑体、楷体、宋体（请确认未被删除）；"
    "macOS 自带宋体-简、黑体-简；Debian/Ubuntu 请运行 apt-get install fonts-noto-cjk；"
    "Fedora 请运行 dnf install google-noto-serif-cjk-fonts google-noto-sans-cjk-fonts；"
    "也可在 版式.yaml 的“字体目录”中写上存放字体文件的文件夹"
)


@dataclass(frozen=True)
class Chosen:
    """The family Typst is to use for each role, and what a build says about it."""

    # role → [the Chinese face], with a face for digits and Latin letters first when the layout
    # names one (only for those: quotes and dashes stay in the Chinese face, as w:hint does)
    families: dict[str, list[Any]]
    bold: dict[str, bool]
    note: str


def choose(layout: Layout, families: Iterable[str]) -> Chosen:
    """The family per role among the installed families (as Typst names them). Raises
    OutputError when no Chinese face of any list is installed."""
    installed = {name.casefold(): name for name in families}

    def first(wanted: Sequence[str]) -> str | None:
        return next((installed[w.casefold()] for w in wanted if w.casefold() in installed), None)

    fallback = first(ANY_CJK)
    if fallback is None:
        raise OutputError(INSTALL_HINT)
    chosen: dict[str, list[Any]] = {}
    roles_of: dict[str, list[str]] = {}
    missing: list[str] = []
    for role, name in ROLE_NAMES.items():
        font = getattr(layout, role)
        face = first((font.east_asia, *_BY_FACE.get(font.east_asia, ()))) or fallback
        latin = first((font.latin,)) if font.latin else None
        chosen[role] = [{"name": latin, "covers": "latin-in-cjk"}, face] if latin else [face]
        roles_of.setdefault(face + (f"（数字、西文 {latin}）" if latin else ""), []).append(name)
        if face.casefold() != font.east_asia.casefold():
            missing.append(font.east_asia)
    note = "提示 PDF 字体：" + "；".join(f"{'、'.join(r)}用 {f}" for f, r in roles_of.items())
    if missing:
        note += f"（本机没有 {'、'.join(dict.fromkeys(missing))}）"
    bold = {role: getattr(layout, role).bold for role in ROLE_NAMES}
    return Chosen(chosen, bold, note)
