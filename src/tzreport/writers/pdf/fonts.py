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

# GB/T 9704's faces first, then what Windows, macOS and Debian ship. Only faces drawn for
# simplified Chinese: a report set in traditional glyph forms (眞 for 真) cannot be sent out.
TITLE = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "方正小标宋_GBK",
         "华文中宋", "STZhongsong", "宋体", "SimSun", "Songti SC", "STSong",
         "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Noto Serif SC",
         "AR PL SungtiL GB")
FANGSONG = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong",
            "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Noto Serif SC",
            "AR PL SungtiL GB")
HEITI = ("黑体", "SimHei", "Heiti SC", "STHeiti", "微软雅黑", "Microsoft YaHei",
         "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
         "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
# LXGW WenKai (Debian: fonts-lxgw-wenkai) and AR PL KaitiM GB (fonts-arphic-gkai00mp) are free
# 楷体 drawn for simplified Chinese; without any 楷体 a simplified 宋体 is better than UKai.
KAITI = ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti", "Kaiti SC",
         "LXGW WenKai", "霞鹜文楷", "AR PL KaitiM GB", "文鼎ＰＬ简中楷",
         "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Noto Serif SC",
         "AR PL SungtiL GB")
SONGTI = ("宋体", "SimSun", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC",
          "Source Han Serif CN", "Noto Serif SC", "AR PL SungtiL GB")
# Arphic's UKai and UMing draw traditional forms even in their CN faces (眞 for 真) and centre
# 。，、 in the cell: used only when no face above is installed, and then with a warning.
UKAI = ("AR PL UKai CN", "AR PL UKai")
UMING = ("AR PL UMing CN", "AR PL UMing")
_TRADITIONAL = ("ar pl ukai", "ar pl uming")

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
    "macOS 自带宋体-简、黑体-简；Debian/Ubuntu 请运行 apt-get install fonts-noto-cjk fonts-lxgw-wenkai；"
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
    OutputError when no Chinese face of any list is installed. The note says which face serves
    each role, and warns (naming the roles and what to install) when a face drawn in traditional
    forms had to be used."""
    installed = {name.casefold(): name for name in families}

    def first(wanted: Sequence[str]) -> str | None:
        return next((installed[w.casefold()] for w in wanted if w.casefold() in installed), None)

    simplified = first(ANY_CJK)
    fallback = simplified or first(UKAI + UMING)
    if fallback is None:
        raise OutputError(INSTALL_HINT)
    chosen: dict[str, list[Any]] = {}
    roles_of: dict[str, list[str]] = {}
    missing: list[str] = []
    traditional: dict[str, list[str]] = {}  # face → the roles it had to serve
    kai_only: dict[str, bool] = {}  # face → whether each of those roles wants a 楷体
    for role, name in ROLE_NAMES.items():
        font = getattr(layout, role)
        kai = font.east_asia in KAITI or font.east_asia.casefold().startswith("ar pl ukai")
        last_resort = UKAI + UMING if kai else UMING + UKAI
        face = (first((font.east_asia, *_BY_FACE.get(font.east_asia, ()))) or simplified
                or first(last_resort) or fallback)
        latin = first((font.latin,)) if font.latin else None
        chosen[role] = [{"name": latin, "covers": "latin-in-cjk"}, face] if latin else [face]
        roles_of.setdefault(face + (f"（数字、西文 {latin}）" if latin else ""), []).append(name)
        if face.casefold() != font.east_asia.casefold():
            missing.append(font.east_asia)
        if face.casefold().startswith(_TRADITIONAL):
            traditional.setdefault(face, []).append(name)
            kai_only[face] = kai_only.get(face, True) and kai
    note = "提示 PDF 字体：" + "；".join(f"{'、'.join(r)}用 {f}" for f, r in roles_of.items())
    if missing:
        note += f"（本机没有 {'、'.join(dict.fromkeys(missing))}）"
    for face, roles in traditional.items():
        note += "\n" + traditional_warning(face, roles, kai_only[face])
    bold = {role: getattr(layout, role).bold for role in ROLE_NAMES}
    return Chosen(chosen, bold, note)


def traditional_warning(face: str, roles: Sequence[str], kai_only: bool) -> str:
    """The warning for roles (their Chinese names) set in a face drawn in traditional forms, with
    what to install: a 楷体 when only 楷体 roles are concerned, any simplified face otherwise."""
    wanted = ("简体楷体（Debian/Ubuntu 请运行 apt-get install fonts-lxgw-wenkai fonts-arphic-gkai00mp；"
              "Windows 自带楷体）" if kai_only else
              "简体中文字体（Debian/Ubuntu 请运行 apt-get install fonts-noto-cjk fonts-lxgw-wenkai；"
              "Windows 自带仿宋、黑体、楷体、宋体）")
    return (f"警告 PDF 字体：{'、'.join(roles)}用的是 {face}，它按繁体字形书写（如“真”写作“眞”，"
            f"“。，、”居中），不宜用于正式文件；请安装{wanted}，"
            "或在 版式.yaml 的“字体目录”中写上存放字体文件的文件夹")
