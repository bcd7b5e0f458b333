"""The 附表 of a roll-up: a 项目 in two units one column whose cells carry their unit (never one
figure of both), a wide table's one-unit 项目 in its note, last year's figure in brackets only
where it counts the same thing."""

from __future__ import annotations

from pathlib import Path

from tzreport.report import annex_table, gather

# nine 项目 every community has: a table wider than a landscape page
COMMON = [f"开展第{n}项活动" for n in "一二三四五六七八九"]


def community(folder: Path, name: str, year: int, extra: str = "", carriers: str = "- {项目: 开展载体活动, 数量: 8, 单位: 场次}") -> None:
    stats = "\n".join(f"          - {{项目: {label}, 数量: {n + year - 2020}}}" for n, label in enumerate(COMMON, 1))
    (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / name / f"{year}.yaml").write_text(
        f"单位: {name}\n年度: {year}\n思想引领:\n  工作:\n    - 标题: 学习\n      统计:\n{stats}\n"
        f"民族工作:\n  工作:\n    - 标题: 载体\n      统计:\n        {carriers}\n{extra}",
        encoding="utf-8")


def rollup(folder: Path, year: int) -> annex_table.Table:
    path = folder / f"{year}.yaml"
    path.write_text(f'单位: 新城街道\n年度: {year}\n汇总: ["*/{year}.yaml"]\n', encoding="utf-8")
    return gather.gather(path).extra["rollup"].table


def column(table: annex_table.Table, header: str) -> dict[str, str]:
    at = [c.header for c in table.columns].index(header)
    return {row.unit: row.cells[at] for row in table.rows}


def test_a_project_in_two_units_is_one_column_each_cell_with_its_unit(tmp_path: Path) -> None:
    for name in ("甲社区", "乙社区"):
        community(tmp_path, name, 2024)
    community(tmp_path, "丙社区", 2024, carriers="- {项目: 开展载体活动, 数量: 12余, 单位: 次}")
    table = rollup(tmp_path, 2024)
    headers = [c.header for c in table.columns]
    assert "开展载体活动" in headers and "开展载体活动（场次）" not in headers
    # the total adds each unit's figures apart: never 28 of both
    assert column(table, "开展载体活动") == {"甲社区": "8场次", "乙社区": "8场次", "丙社区": "12余次",
                                            "合计": "12余次、16场次"}  # units as first met
    # one unit: the header says it
    assert column(table, "开展第一项活动（次）") == {"甲社区": "5", "乙社区": "5", "丙社区": "5", "合计": "15"}


def test_a_wide_tables_project_of_one_unit_goes_to_its_note(tmp_path: Path) -> None:
    community(tmp_path, "甲社区", 2024)
    community(tmp_path, "乙社区", 2024, "其他工作:\n  - 标题: 宣传\n    统计:\n"
                                       "      - {项目: 设置宣传图板, 数量: 12, 单位: 个}\n"
                                       "      - {项目: 张贴宣传画, 数量: 10余, 单位: 份}\n")
    community(tmp_path, "丙社区", 2024)
    table = rollup(tmp_path, 2024)
    assert len(table.columns) == 10  # the nine and 载体活动: no column of two “—” and one figure
    assert not any("宣传" in c.header for c in table.columns)
    assert table.note == "乙社区另有设置宣传图板12个、张贴宣传画10余份。"


def test_last_years_figure_only_where_the_same_units_had_it(tmp_path: Path) -> None:
    for year in (2023, 2024):
        community(tmp_path, "甲社区", year)
        community(tmp_path, "乙社区", year)
    # 丙社区 counted 载体活动 last year only (this year its file leaves it out)
    community(tmp_path, "丙社区", 2023)
    community(tmp_path, "丙社区", 2024, carriers="[]")
    rollup(tmp_path, 2023)
    table = rollup(tmp_path, 2024)
    # each community's own, where it had the figure both years; 丙社区's none ("—（8）" compared
    # nothing with something); the total's not: two communities' 16 against three's 24
    assert column(table, "开展载体活动（场次）") == {"甲社区": "8（8）", "乙社区": "8（8）", "丙社区": "—", "合计": "16"}
    assert column(table, "开展第一项活动（次）") == {"甲社区": "5（4）", "乙社区": "5（4）", "丙社区": "5（4）",
                                               "合计": "15（12）"}
    assert table.note == "括号内为上年数，仅列两年报送单位相同的数据；“—”表示没有该项数据。"


def test_a_stock_is_a_column_of_its_own_whose_header_says_its_basis(tmp_path: Path) -> None:
    """丙社区's and 丁社区's 载体活动 are 累计 (since whenever), 甲社区's and 乙社区's this year's:
    a column of its own, whose header says 累计, and a 合计 of its own; never 44 of both."""
    for name in ("甲社区", "乙社区"):
        community(tmp_path, name, 2024)
    for name in ("丙社区", "丁社区"):
        community(tmp_path, name, 2024, carriers="- {项目: 开展载体活动, 数量: 14, 单位: 场次, 口径: 累计}")
    table = rollup(tmp_path, 2024)
    assert column(table, "开展载体活动（场次）") == {
        "甲社区": "8", "乙社区": "8", "丙社区": "—", "丁社区": "—", "合计": "16"}
    assert column(table, "开展载体活动（累计，场次）") == {
        "甲社区": "—", "乙社区": "—", "丙社区": "14", "丁社区": "14", "合计": "28"}


def test_a_wide_tables_stock_of_one_unit_goes_to_its_note_with_its_basis(tmp_path: Path) -> None:
    community(tmp_path, "甲社区", 2024, "其他工作:\n  - 标题: 宣传\n    统计:\n"
                                       "      - {项目: 发放宣传手册, 数量: 500余, 单位: 份}\n")
    community(tmp_path, "乙社区", 2024, "其他工作:\n  - 标题: 宣传\n    统计:\n"
                                       "      - {项目: 设置宣传图板, 数量: 12, 单位: 个, 口径: 截至目前}\n"
                                       "      - {项目: 发放宣传手册, 数量: 200余, 单位: 份, 口径: 截至目前}\n")
    table = rollup(tmp_path, 2024)
    assert not any("宣传" in c.header for c in table.columns)
    assert table.note == ("乙社区另有设置宣传图板12个、发放宣传手册200余份（均为截至目前）；"
                          "甲社区另有发放宣传手册500余份。")
