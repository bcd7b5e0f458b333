"""A sample activity ledger (台账) as the import tests and the README's import example need one:
an .xlsx with a title row over the header, merged cells, three forms of dates and a 合计 row;
and an .ods made from its rows' XML, as LibreOffice writes one."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl


def _save_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the saved result Excel would write (openpyxl saves none)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                for cell, value in values.items():
                    start = text.index(f'r="{cell}"')
                    end = text.index("</c>", start)
                    text = text[:start] + text[start:end].replace("<v></v>", "").replace("<v />", "") + f"<v>{value}</v>" + text[end:]
                data = text.encode("utf-8")
            new.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def ledger(path: Path, saved: bool = True, formula_row: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "活动台账"
    sheet.append(["京汉新城社区2024年统战活动台账"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(["序号", "活动名称", "活动时间", "地点", "参与人数", "类别", "备注", "经费（元）"])
    sheet.append([1, "“石榴籽”民族团结故事会", dt.datetime(2024, 5, 3), "社区活动室", 45, "民族工作", "", 300])
    sheet.append([2, "宗教政策法规宣讲", "2024年6月12日", "居民广场", 30, "宗教工作", "", 0])
    sheet.append([3, "统战理论专题学习", 45500, "会议室", "=10+10" if formula_row else 20, "思想引领", "党委", 0])
    sheet.append([4, "入户政策宣传", "2024.7.1", "各小区", 60, None, "", 0])
    sheet.merge_cells("F6:F7")  # 类别 "思想引领" covers rows 6 and 7
    sheet.append(["合计", "", "", "", "=SUM(E4:E7)", "", "", ""])
    book.save(path)
    if saved:
        _save_values(path, {"E8": "155", **({"E6": "20"} if formula_row else {})})
    return path


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>")


def ods(path: Path, rows: str) -> Path:
    """An .ods whose one sheet, 台账, holds these <table:table-row>s."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="台账">{rows}'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", MANIFEST)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path
