"""A unit's own layout file (版式.yaml beside its data, or `--layout FILE`): the few figures of
the layout profile a unit may change, with Chinese keys, validated like a data file.

Kept apart from layout.py so that a build without a layout file does not pay for these models.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PureWindowsPath
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from tzreport.data.field_types import Model, key
from tzreport.writers.layout import Font, Layout

MAX_FONT_DIRS = 20


def _inside(folder: str) -> str:
    # A 版式.yaml travels with data someone sent: its font folders stay beside it, as 汇总's
    # paths do (a folder named "/" or "/proc/self" had every PDF build read it).
    windows = PureWindowsPath(folder)
    if not folder.strip() or Path(folder).is_absolute() or windows.anchor or ".." in Path(folder).parts \
            or ".." in windows.parts:
        raise PydanticCustomError("font_dir", "应为版式文件所在文件夹中的子文件夹（如“字体”），不能是绝对路径，不能有“..”")
    return folder


FontDir = Annotated[str, AfterValidator(_inside)]


class Margins(Model):
    """页边距，单位毫米。"""

    top: float = key("上", "top", default=37.0, gt=0, lt=100, description="上边距（毫米），默认37")
    bottom: float = key("下", "bottom", default=35.0, gt=0, lt=100, description="下边距（毫米），默认35")
    left: float = key("左", "left", default=28.0, gt=0, lt=100, description="左边距（毫米），默认28")
    right: float = key("右", "right", default=26.0, gt=0, lt=100, description="右边距（毫米），默认26")


class LayoutFile(Model):
    """版式文件（版式.yaml）：只写要改的项，其余按 GB/T 9704。"""

    title_font: str | None = key("标题字体", "title_font", default=None, description="默认“方正小标宋简体”")
    body_font: str | None = key("正文字体", "body_font", default=None, description="默认“仿宋_GB2312”，可改为“仿宋”")
    heading1_font: str | None = key("一级标题字体", "heading1_font", default=None, description="“一、”标题，默认“黑体”")
    heading2_font: str | None = key("二级标题字体", "heading2_font", default=None, description="“（一）”标题，默认“楷体_GB2312”")
    heading3_font: str | None = key("三级标题字体", "heading3_font", default=None, description="“1.”标题，默认同正文")
    heading4_font: str | None = key("四级标题字体", "heading4_font", default=None, description="“（1）”标题，默认同正文")
    heading3_bold: bool = key("三级标题加粗", "heading3_bold", default=False, description="“1.”标题加粗")
    page_number_font: str | None = key("页码字体", "page_number_font", default=None, description="默认“宋体”")
    latin_font: str | None = key("数字字体", "latin_font", default=None, description="数字和西文字母的字体，如“Times New Roman”；默认与中文相同")
    line_pitch: float | None = key("行距", "line_pitch", default=None, ge=12, le=60, description="固定行距（磅），默认28.95（每页22行）")
    char_spacing: float | None = key("字距", "char_spacing", default=None, ge=-3, le=3, description="字符间距（磅），默认-0.25（每行28字）")
    margins: Margins | None = key("页边距", "margins", default=None, description="页边距（毫米）")
    font_dirs: list[FontDir] = key("字体目录", "font_dirs", default_factory=list, max_length=MAX_FONT_DIRS,
                               description="PDF 另外查找字体的文件夹（版式文件所在文件夹之内，相对于版式文件），如 [字体]")

    def apply(self, base: Layout) -> Layout:
        """The base layout with this file's changes."""

        def font(old: Font, face: str | None, **more: object) -> Font:
            changes: dict[str, object] = {"latin": self.latin_font or old.latin, **more}
            if face:
                changes["east_asia"] = face
            if self.char_spacing is not None and old.spacing:
                changes["spacing"] = self.char_spacing
            return replace(old, **changes)  # type: ignore[arg-type]

        margins = self.margins or Margins()
        given = self.margins.model_fields_set if self.margins else set()
        return replace(
            base,
            title=font(base.title, self.title_font),
            body=font(base.body, self.body_font),
            heading1=font(base.heading1, self.heading1_font),
            heading2=font(base.heading2, self.heading2_font),
            heading3=font(base.heading3, self.heading3_font or self.body_font,
                          bold=self.heading3_bold),
            heading4=font(base.heading4, self.heading4_font or self.body_font),
            page_number=font(base.page_number, self.page_number_font),
            line_pitch_pt=self.line_pitch or base.line_pitch_pt,
            margin_top_mm=margins.top if "top" in given else base.margin_top_mm,
            margin_bottom_mm=margins.bottom if "bottom" in given else base.margin_bottom_mm,
            margin_left_mm=margins.left if "left" in given else base.margin_left_mm,
            margin_right_mm=margins.right if "right" in given else base.margin_right_mm,
            font_dirs=(*base.font_dirs, *self.font_dirs),
        )
