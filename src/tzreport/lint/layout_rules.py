"""The Word layout of a report written by hand, against the layout profile (GB/T 9704 unless a
unit's 版式 says otherwise): paper, margins, body font, size and line spacing, the title's and
each heading level's font, page numbers. Each kind of difference is reported once, with the
paragraphs it affects ("第5–30、32段正文为宋体小四，应为仿宋_GB2312三号").

The profile reaches this module as `Expected`, plain figures: lint does not know the writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

SIZES = {42.0: "初号", 36.0: "小初", 26.0: "一号", 24.0: "小一", 22.0: "二号", 18.0: "小二", 16.0: "三号",
         15.0: "小三", 14.0: "四号", 12.0: "小四", 10.5: "五号", 9.0: "小五"}
_ALIASES = {"fangsong": "仿宋", "simfang": "仿宋", "kaiti": "楷体", "simkai": "楷体", "simhei": "黑体",
            "simsun": "宋体", "nsimsun": "宋体", "microsoft yahei": "微软雅黑"}


class LookLike(Protocol):
    @property
    def font(self) -> str | None: ...

    @property
    def size(self) -> float | None: ...

    @property
    def bold(self) -> bool: ...


class PageLike(Protocol):
    @property
    def width(self) -> float: ...

    @property
    def height(self) -> float: ...

    @property
    def top(self) -> float: ...

    @property
    def bottom(self) -> float: ...

    @property
    def left(self) -> float: ...

    @property
    def right(self) -> float: ...


@dataclass(frozen=True)
class Expected:
    """What the layout profile asks for (sizes in points, lengths in millimetres)."""

    paper: tuple[float, float] = (210.0, 297.0)
    margins: tuple[float, float, float, float] = (37.0, 35.0, 28.0, 26.0)  # top, bottom, left, right
    body: tuple[str, float] = ("仿宋_GB2312", 16.0)
    title: tuple[str, float] = ("方正小标宋简体", 22.0)
    headings: tuple[str, ...] = ("黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312")
    line_pitch: float = 28.95


@dataclass
class Seen:
    """The paragraphs of one kind of difference."""

    code: str
    what: str
    paragraphs: list[int] = field(default_factory=list)


def face(name: str | None) -> str:
    """A font's family for comparison: 仿宋_GB2312 and 仿宋 and FangSong are one face here, as
    方正小标宋简体 and 方正小标宋_GBK are."""
    if not name:
        return ""
    base = _ALIASES.get(name.strip().lower(), name.strip())
    return re.sub(r"(_GB2312|_GBK|简体|_GB18030|\s)", "", base)


def size_name(points: float | None) -> str:
    if points is None:
        return "未知字号"
    return SIZES.get(points, f"{points:g}磅")


def ranges(numbers: Sequence[int]) -> str:
    """[5, 6, 7, 9] → "5–7、9"."""
    out: list[str] = []
    ordered = sorted(set(numbers))
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return "、".join(out)


def font_differs(look: LookLike, font: str, size: float, with_size: bool = True) -> str | None:
    """How a look differs from a font and size ("宋体小四"), or None when it does not (an
    unknown face or size, as a theme font's, is not judged)."""
    wrong_face = look.font is not None and face(look.font) != face(font)
    wrong_size = with_size and look.size is not None and abs(look.size - size) > 0.25
    if not wrong_face and not wrong_size:
        return None
    return f"{look.font or ''}{size_name(look.size) if with_size else ''}"


def pages(found: Sequence[PageLike], expected: Expected) -> Iterator[tuple[str, str]]:
    """TZ701 paper, TZ702 margins: (code, message), each difference once."""
    said: set[str] = set()
    for page in found:
        size = sorted((page.width, page.height))
        if max(abs(a - b) for a, b in zip(size, sorted(expected.paper), strict=True)) > 1.5:
            message = f"纸张为{page.width:g}×{page.height:g}毫米，应为A4（{expected.paper[0]:g}×{expected.paper[1]:g}毫米）"
            if message not in said:
                said.add(message)
                yield "TZ701", message
        margins = (page.top, page.bottom, page.left, page.right)
        wanted = expected.margins
        if page.width > page.height:  # a landscape page (横排表格): the margins turned with it
            top, bottom, left, right = wanted
            wanted = (left, right, bottom, top)
        if max(abs(a - b) for a, b in zip(margins, wanted, strict=True)) > 1.5:
            shown = "、".join(f"{side}{value:g}" for side, value in zip("上下左右", margins, strict=True))
            want = "、".join(f"{side}{value:g}" for side, value in zip("上下左右", wanted, strict=True))
            message = f"页边距为{shown}毫米，应为{want}毫米"
            if message not in said:
                said.add(message)
                yield "TZ702", message


def line_spacing(rule: str | None, value: float | None, expected: Expected) -> str | None:
    """How a paragraph's line spacing differs from the fixed pitch, or None."""
    if rule is None or value is None:
        return "单倍行距" if rule is None else None
    if rule == "exact" and abs(value - expected.line_pitch) <= 0.6:
        return None
    if rule == "auto":
        return "单倍行距" if abs(value - 1) < 0.01 else f"{value:g}倍行距"
    return f"{'固定值' if rule == 'exact' else '最小值'}{value:g}磅"
