"""The 公文 layout profile (GB/T 9704-2012): every figure of the Word output lives here.

A unit with a house style changes these figures, not the writer. Sizes are in points, lengths
in millimetres; the conversion to Word's units (twips, half-points) is done here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Chinese font sizes (字号) in points.
ERHAO = 22.0  # 二号: the title
SANHAO = 16.0  # 三号: body and headings
SIHAO = 14.0  # 四号: page numbers
XIAOSI = 12.0  # 小四: tables (附表)

# 28 characters a line: 156 mm (442.2 pt) holds 27.6 三号 characters, so each 三号 character
# is set 0.25 pt closer (28 × 15.75 pt = 441 pt). Run spacing does this alike in Word, WPS and
# LibreOffice; a docGrid charSpace does not (LibreOffice gives a character wider than its grid
# cell two cells, which halves the line).
TIGHT = -0.25


def twips(points: float) -> int:
    """Points → twentieths of a point, Word's unit for spacing and indents."""
    return round(points * 20)


def mm_twips(mm: float) -> int:
    """Millimetres → twips (1 inch = 25.4 mm = 1440 twips)."""
    return round(mm / 25.4 * 1440)


@dataclass(frozen=True)
class Font:
    """A font slot: the East Asian face (w:eastAsia), the face for digits and Latin letters,
    the size in points, and bold."""

    east_asia: str
    size: float = SANHAO
    latin: str | None = None  # None: the same face as east_asia
    bold: bool = False
    spacing: float = 0.0  # character spacing in points (w:spacing), negative is closer

    @property
    def ascii(self) -> str:
        return self.latin or self.east_asia

    @property
    def half_points(self) -> int:
        return round(self.size * 2)


@dataclass(frozen=True)
class Layout:
    """All figures of the Word output. Defaults are GB/T 9704-2012."""

    page_width_mm: float = 210.0  # A4
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0  # type area 156 × 225 mm
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    # 22 lines a page: 225 mm / 22 = 28.95 pt. Exact spacing keeps the grid whatever the font.
    line_pitch_pt: float = 28.95
    title: Font = field(default_factory=lambda: Font("方正小标宋简体", ERHAO))
    body: Font = field(default_factory=lambda: Font("仿宋_GB2312", spacing=TIGHT))
    subtitle: Font = field(default_factory=lambda: Font("楷体_GB2312"))  # 副标题, a speech's date
    heading1: Font = field(default_factory=lambda: Font("黑体", spacing=TIGHT))
    heading2: Font = field(default_factory=lambda: Font("楷体_GB2312", spacing=TIGHT))
    heading3: Font = field(default_factory=lambda: Font("仿宋_GB2312", spacing=TIGHT))
    heading4: Font = field(default_factory=lambda: Font("仿宋_GB2312", spacing=TIGHT))
    page_number: Font = field(default_factory=lambda: Font("宋体", SIHAO))
    # GB/T 9704 7.5: the em dash of "— 1 —" stands 7 mm under the type area; the number is one
    # character in from the outer edge (odd pages right, even pages left).
    page_number_gap_mm: float = 7.0
    page_number_inset_chars: int = 1
    first_line_chars: int = 2  # body and headings start two characters in
    signature_right_chars: int = 2  # 落款 署名 ends two characters from the right margin
    signature_date_shift_chars: int = 2  # the date starts two characters right of the 署名
    language: str = "zh-CN"
    # The language of digits and Latin letters (w:lang w:val; Chinese text has w:eastAsia, the
    # language above). en-US, as in Word's own Chinese template: tagged zh-CN, a number is
    # line-broken by LibreOffice's Chinese rules, which break between any two characters
    # ("202|5年", "1|7%"); tagged en-US it is one word, as Word and the PDF keep it.
    latin_language: str = "en-US"
    # 附表 (GB/T 9704 7.5: an attachment starts a new page; its label 黑体 三号 at the top left,
    # its title centred like the document's). Tables: full type-area width, 仿宋 小四, header row
    # in 黑体; the first column as wide as its longest entry, up to a share of the width.
    annex_label: Font = field(default_factory=lambda: Font("黑体"))
    table: Font = field(default_factory=lambda: Font("仿宋_GB2312", XIAOSI))
    table_header: Font = field(default_factory=lambda: Font("黑体", XIAOSI))
    table_line_pt: float = 18.0  # exact line height in a cell: 小四 with room, off the page grid
    table_border_pt: float = 0.5
    table_cell_margin_mm: float = 1.5  # left and right inside each cell
    table_first_column_max: float = 0.35  # of the table width
    # Folders of font files the PDF writer searches besides the system's (a layout file's 字体目录).
    font_dirs: tuple[str, ...] = ()

    def heading(self, level: int) -> Font:
        """The font of a numbered heading: 1 一、 2 （一） 3 1. 4 （1）."""
        return (self.heading1, self.heading2, self.heading3, self.heading4)[level - 1]

    @property
    def line_twips(self) -> int:
        return twips(self.line_pitch_pt)

    @property
    def indent_twips(self) -> int:
        return twips(self.body.size * self.first_line_chars)

    @property
    def title_chars_per_line(self) -> float:
        """How many title characters fit a line of the type area (20 for 二号 on A4)."""
        return self.type_width_twips / 20 // self.title.size

    @property
    def footer_twips(self) -> int:
        """Footer distance from the page edge that puts the page number's middle (where its
        em dashes are) page_number_gap_mm under the type area."""
        number_mm = self.page_number.size / 72 * 25.4
        return mm_twips(self.margin_bottom_mm - self.page_number_gap_mm - number_mm / 2)

    @property
    def type_width_twips(self) -> int:
        """The width of the type area (版心): 156 mm for A4 with GB/T 9704 margins."""
        return mm_twips(self.page_width_mm - self.margin_left_mm - self.margin_right_mm)


DEFAULT = Layout()


LAYOUT_FILE = "版式.yaml"  # a unit's own layout file (layout_file.py), found beside a data file
