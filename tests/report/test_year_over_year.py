"""同比: the wording and its rounding, which file is the previous year, and what gets a
percentage — in a community's report and in a roll-up's sums and 附表."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path
from typing import Any

import pytest

import reference
from conftest import markdown_of as markdown
from tzreport.data.models import Report
from tzreport.errors import DataError
from tzreport.render.templating import render_markdown
from tzreport.report import gather, year_over_year
from tzreport.report.figures import Figure


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("now", "before", "said"),
    [
        (1200, 1000, "比上年增长20%"),
        (600, 800, "比上年下降25%"),
        (900, 800, "比上年增长13%"),  # 12.5% rounds half up
        (700, 800, "比上年下降13%"),
        (10, 10, "与上年持平"),
        (1004, 1000, "比上年增长不足1%"),  # 0.4%
        (1005, 1000, "比上年增长1%"),  # 0.5%
        (0, 500, "比上年减少500次"),  # a percentage only between two figures of 100 or more
        (12, 10, "比上年增加2次"),  # both under 100: the difference, not 20%
        (0, 5, "比上年减少5次"),
        (5, 0, None),  # nothing to divide by: no comparison
    ],
)
def test_wording_and_rounding(now: int, before: int, said: str | None) -> None:
    assert year_over_year.change(Figure(now), Figure(before)) == said


def test_rounding_agrees_with_an_independent_computation() -> None:
    for before in list(range(0, 41)) + list(range(90, 131)):
        for now in list(range(0, 121)) + list(range(950, 1060)):
            for approx in (False, True):
                for period in ("全年", "上半年"):
                    assert year_over_year.change(Figure(now, approx), Figure(before), "人次", period) == reference.change(
                        now, before, "人次", approx, period == "全年"
                    )


LAST_YEAR = """
    单位: 甲社区
    年度: 2023
    概况: [{项目: 华侨, 数量: 2}]
    思想引领:
      工作:
        - 标题: 学习
          统计:
            - {项目: 开展学习活动, 数量: 10}
            - {项目: 参与群众, 数量: 200, 单位: 人次}
    民族工作:
      工作:
        - 标题: 团结
          统计:
            - {项目: 开展载体活动, 数量: 8}
    宗教工作:
      工作:
        - 标题: 排查
          统计: [{项目: 开展排查, 数量: 4}]
    """

THIS_YEAR = """
    单位: 甲社区
    年度: 2024
    概况: [{项目: 华侨, 数量: 3}]
    思想引领:
      工作:
        - 标题: 学习
          统计:
            - {项目: 开展学习活动, 数量: 12}
            - {项目: 参与群众, 数量: 200余, 单位: 人次}
    民族工作:
      工作:
        - 标题: 团结
          统计:
            - {项目: 开展载体活动, 数量: 6}
            - {项目: 发放宣传手册, 数量: 100, 单位: 份}
    宗教工作:
      工作:
        - 标题: 排查
          统计: [{项目: 开展排查, 数量: 2}]
        - 标题: 复查
          统计: [{项目: 开展排查, 数量: 3}]
    """


def test_each_stat_in_both_years_gets_its_change(tmp_path: Path) -> None:
    write(tmp_path, "甲社区/2023.yaml", LAST_YEAR)
    text = markdown(write(tmp_path, "甲社区/2024.yaml", THIS_YEAR))
    # small counts by their difference; one comparison in an item: “200余” against 200 says nothing
    assert "开展学习活动12次，比上年增加2次；参与群众200余人次。" in text
    # a stat new this year gets no comparison
    assert "开展载体活动6次，比上年减少2次；发放宣传手册100份。" in text
    # a 项目 written twice: neither figure is the one compared, so neither gets one
    assert "**（一）排查**。开展排查2次。" in text and "**（二）复查**。开展排查3次。" in text
    # 概况 states how things are, not work done
    assert "甲社区现有华侨3名。" in text


@pytest.mark.parametrize(
    "copied",
    [lambda r: r.model_copy(deep=True), copy.deepcopy, lambda r: Report.model_validate(r.model_dump())],
    ids=["model_copy", "deepcopy", "dumped-and-read"],
)
def test_a_copy_of_the_report_keeps_its_change(tmp_path: Path, copied: Any) -> None:
    # 同比 is keyed by what identifies a figure (section, 项目, 单位), not by the stat object
    write(tmp_path, "甲社区/2023.yaml", LAST_YEAR)
    gathered = gather.gather(write(tmp_path, "甲社区/2024.yaml", THIS_YEAR))
    text = render_markdown(copied(gathered.report), extra=gathered.extra)
    assert text == markdown(tmp_path / "甲社区/2024.yaml")
    assert "开展学习活动12次，比上年增加2次；参与群众200余人次。" in text
    assert "**（一）排查**。开展排查2次。" in text and "**（二）复查**。开展排查3次。" in text


def test_a_copy_of_a_rollup_keeps_the_change_of_its_sums(tmp_path: Path) -> None:
    gathered = gather.gather(street(tmp_path, True, ("甲社区", "乙社区")))
    text = render_markdown(gathered.report.model_copy(deep=True), extra=copy.deepcopy(gathered.extra))
    assert "所辖2个社区开展学习活动42次，比上年增加22次；参与群众400余人次。" in text


def test_without_a_previous_year_nothing_changes(tmp_path: Path) -> None:
    text = markdown(write(tmp_path, "甲社区/2024.yaml", THIS_YEAR))
    assert "同比" not in text and "比上年" not in text and "持平" not in text


@pytest.mark.parametrize(
    ("name", "changed"),
    [
        ("2023民族工作.yaml", "类型: 民族工作\n"),  # another kind of report
        ("2023上半年.yaml", "期间: 上半年\n"),  # another period
        ("2022.yaml", None),  # two years back
        ("乙社区2023.yaml", None),  # another unit
    ],
)
def test_only_the_same_unit_period_and_kind_a_year_earlier_is_found(
    tmp_path: Path, name: str, changed: str | None
) -> None:
    text = LAST_YEAR + (changed or "")
    if name == "2022.yaml":
        text = text.replace("年度: 2023", "年度: 2022")
    if name.startswith("乙"):
        text = text.replace("单位: 甲社区", "单位: 乙社区")
    write(tmp_path, f"甲社区/{name}", text)
    text = markdown(write(tmp_path, "甲社区/2024.yaml", THIS_YEAR))
    assert "同比" not in text and "比上年" not in text and "持平" not in text


def test_half_year_compares_with_the_same_half(tmp_path: Path) -> None:
    write(tmp_path, "2023上半年.yaml", LAST_YEAR + "期间: 上半年\n")
    text = markdown(write(tmp_path, "2024上半年.yaml", THIS_YEAR + "期间: 上半年\n"))
    assert "开展学习活动12次，同比增加2次" in text  # a half-year: against the same half, 同比


def test_previous_named_by_the_data_file(tmp_path: Path) -> None:
    write(tmp_path, "旧数据/甲.yaml", LAST_YEAR.replace("数量: 10}", "数量: 4}"))
    write(tmp_path, "甲社区/2023.yaml", LAST_YEAR)  # passed over: 上年 says which
    path = write(tmp_path, "甲社区/2024.yaml", THIS_YEAR + "上年: ../旧数据/甲.yaml\n")
    assert "开展学习活动12次，比上年增加8次" in markdown(path, anywhere=True)  # --allow-outside
    with pytest.raises(DataError, match="在本文件所在的文件夹以外，出于安全考虑不读取"):
        markdown(path)


def test_previous_named_but_missing_or_of_the_wrong_year(tmp_path: Path) -> None:
    path = write(tmp_path, "2024.yaml", THIS_YEAR + "上年: 2023.yaml\n")
    with pytest.raises(DataError) as info:
        gather.gather(path)
    assert info.value.lines() == [f"{path}:22:5: 错误 上年: 找不到上年的数据文件“2023.yaml”"]
    write(tmp_path, "2023.yaml", LAST_YEAR.replace("年度: 2023", "年度: 2021"))
    with pytest.raises(DataError) as info:
        gather.gather(path)
    assert info.value.lines() == [
        f"{path}:22:5: 错误 上年: 上年的数据文件“{tmp_path / '2023.yaml'}”是2021年的，应为2023年的"
    ]


def test_two_previous_years_beside_it_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "2023.yaml", LAST_YEAR)
    write(tmp_path, "2023副本.yaml", LAST_YEAR)
    path = write(tmp_path, "2024.yaml", THIS_YEAR)
    with pytest.raises(DataError) as info:
        gather.gather(path)
    assert info.value.lines() == [
        f"{path}:2:5: 错误 年度: 同一文件夹中有2个上年的数据文件：“2023.yaml”、“2023副本.yaml”；请用“上年”写明用哪一个"
    ]


def test_a_broken_previous_year_fails_with_its_own_errors(tmp_path: Path) -> None:
    last = write(tmp_path, "2023.yaml", LAST_YEAR.replace("数量: 8}", "数量: 八}"))
    path = write(tmp_path, "2024.yaml", THIS_YEAR)
    with pytest.raises(DataError) as info:
        gather.gather(path)
    assert info.value.lines() == [
        f"{last}:14:28: 错误 民族工作.工作[0].统计[0].数量: 应为非负整数，或“150余”“3万”“1.2万余”这样的约数，实际为“八”",
        f"{path}:2:5: 错误 年度: 上年的数据文件“{last}”有错误，无法写同比",
    ]


# ---------------------------------------------------------------- roll-ups


def street(tmp_path: Path, previous_street: bool, previous_members: tuple[str, ...]) -> Path:
    for unit, figure in (("甲社区", 12), ("乙社区", 30)):
        write(tmp_path, f"{unit}/2024.yaml", THIS_YEAR.replace("甲社区", unit).replace("数量: 12}", f"数量: {figure}}}"))
        if unit in previous_members:
            write(tmp_path, f"{unit}/2023.yaml", LAST_YEAR.replace("甲社区", unit))
    if previous_street:
        write(tmp_path, "2023.yaml", '单位: 新城街道\n年度: 2023\n汇总: ["*/2023.yaml"]\n')
    return write(tmp_path, "2024.yaml", '单位: 新城街道\n年度: 2024\n汇总: ["*/2024.yaml"]\n')


def test_rollup_compares_its_sums_with_the_previous_rollup(tmp_path: Path) -> None:
    path = street(tmp_path, True, ("甲社区", "乙社区"))
    text = markdown(path)
    now = reference.sums([path, *sorted(tmp_path.glob("*/2024.yaml"))])
    before = reference.sums([tmp_path / "2023.yaml", *sorted(tmp_path.glob("*/2023.yaml"))])
    # both members: one clause, without 共计 (one kind of work)
    assert f"新城街道所辖2个社区{reference.sentence('思想引领', now, before)}。" in text
    assert "所辖2个社区开展学习活动42次，比上年增加22次；参与群众400余人次。" in text
    # the 附表 shows both years; 概况 too, though the prose gives it no percentage; last year's
    # figure only where there is one to compare with (not "100（—）")
    assert "| 甲社区 | 3（2） | 12（10） | 200余（200） | 6（8） | 100 |" in text
    assert "| **合计** | **6（4）** | **42（20）** | **400余（400）** | **12（16）** | **200** |" in text
    assert "注：括号内为上年数，仅列两年报送单位相同的数据。" in text


def test_without_a_previous_rollup_its_members_previous_years_are_added(tmp_path: Path) -> None:
    text = markdown(street(tmp_path, False, ("甲社区", "乙社区")))
    assert "所辖2个社区开展学习活动42次，比上年增加22次；参与群众400余人次。" in text
    assert "| **合计** | **6（4）** | **42（20）** | **400余（400）** | **12（16）** | **200** |" in text


def test_no_change_for_a_rollup_when_a_member_has_no_previous_year(tmp_path: Path) -> None:
    text = markdown(street(tmp_path, False, ("甲社区",)))
    assert "所辖2个社区开展学习活动42次，参与群众400余人次。" in text  # part of a sum is no sum
    # the sums are not compared (乙社区 is new), nor is 乙社区: no bracket at all there
    assert "| 乙社区 | 3 | 30 | 200余 | 6 | 100 |" in text
    assert "| **合计** | **6** | **42** | **400余** | **12** | **200** |" in text


@pytest.mark.parametrize(("now", "then", "said"), [
    (Figure(12), Figure(10, True), "与上年基本持平"),  # “10余” may be 12: no increase is proved
    (Figure(66, True), Figure(62, True), "与上年基本持平"),  # both print as “60余”
    (Figure(36), Figure(30, True), "与上年基本持平"),
    (Figure(40, True), Figure(35), "比上年有所增加"),  # “40余” is more than 35 whatever it is
    (Figure(1100, True), Figure(900, True), "比上年有所增加"),
    (Figure(12000, True), Figure(15000, True), "比上年有所减少"),  # 1.2万余 against 1.5万余
])
def test_an_approximate_change_says_only_what_the_printed_figures_prove(now: Figure, then: Figure, said: str) -> None:
    assert year_over_year.change(now, then) == said


# ---------------------------------------------------------------- which figures a report compares


@pytest.mark.parametrize(("now", "then", "worth"), [
    (Figure(28), Figure(25), True),  # three more on 25: a tenth or more
    (Figure(6), Figure(4), True),
    (Figure(24), Figure(25), False),  # one less: says nothing
    (Figure(8), Figure(7), False),
    (Figure(46), Figure(43), False),  # three, but under a tenth
    (Figure(2), Figure(2), False),  # 持平 on a small count
    (Figure(200), Figure(200), False),  # 持平 is not news a summary reports unasked
    (Figure(200, True), Figure(200), False),  # “200余” against 200
    (Figure(12), Figure(10, True), False),  # “10余” may be 12: nothing proved either way
    (Figure(36), Figure(30, True), False),
    (Figure(20, True), Figure(20, True), False),
    (Figure(40, True), Figure(30, True), True),  # “40余” is more than any “30余”
    (Figure(30, True), Figure(40, True), True),
    (Figure(5), Figure(0), False),  # nothing to compare with
])
def test_a_change_is_worth_saying_only_when_it_tells_something(now: Figure, then: Figure, worth: bool) -> None:
    assert year_over_year.worth_saying(now, then) is worth


def test_one_report_says_its_changes_one_way() -> None:
    # 350 against 280 alone would be “增长25%”; beside a small count it is a difference too
    assert year_over_year.change(Figure(350), Figure(280), "人次") == "比上年增长25%"
    assert year_over_year.change(Figure(350), Figure(280), "人次", percent=False) == "比上年增加70人次"
    assert not year_over_year.uses_percent([(Figure(350), Figure(280)), (Figure(9), Figure(8))])
    assert year_over_year.uses_percent([(Figure(350), Figure(280)), (Figure(1200), Figure(1000))])
    # approximate figures get no percentage and do not decide
    assert year_over_year.uses_percent([(Figure(350), Figure(280)), (Figure(30, True), Figure(40))])


def chapters(year: int, carriers: int, people: int, publicity: int, aid: int, charity: int,
             volunteers: int) -> str:
    """甲社区's report of YEAR with these counts: three 要点 in one chapter, two 工作事项 in another."""
    return f"""
    单位: 甲社区
    年度: {year}
    民族工作:
      要点:
        - 内容: 载体活动有特色
          统计:
            - {{项目: 开展载体活动, 数量: {carriers}, 单位: 场次}}
            - {{项目: 参与群众, 数量: {people}, 单位: 人次}}
        - 内容: 宣传教育有力度
          统计:
            - {{项目: 组织宣传教育, 数量: {publicity}}}
        - 内容: 关爱帮扶有温度
          统计:
            - {{项目: 开展帮扶活动, 数量: {aid}}}
    其他工作:
      - 标题: 群团工作
        工作:
          - 标题: 妇女儿童
            统计: [{{项目: 开展公益活动, 数量: {charity}, 单位: 场次}}]
          - 标题: 青年
            统计: [{{项目: 开展志愿服务, 数量: {volunteers}}}]
    """


CHAPTERS_LAST_YEAR = chapters(2023, carriers=8, people=280, publicity=8, aid=4, charity=15, volunteers=25)
CHAPTERS_THIS_YEAR = chapters(2024, carriers=9, people=350, publicity=12, aid=4, charity=16, volunteers=28)


def test_a_chapter_or_item_says_one_change_the_first_worth_saying(tmp_path: Path) -> None:
    write(tmp_path, "甲社区/2023.yaml", CHAPTERS_LAST_YEAR)
    text = markdown(write(tmp_path, "甲社区/2024.yaml", CHAPTERS_THIS_YEAR))
    # 9 against 8 says nothing; 350 against 280 does, as a difference (the report has small
    # counts); 12 against 8 is the chapter's second change worth saying: left to the figures
    assert ("一是载体活动有特色，开展载体活动9场次，参与群众350人次，比上年增加70人次；"
            "二是宣传教育有力度，组织宣传教育12次；三是关爱帮扶有温度，开展帮扶活动4次。") in text
    # each 工作事项 its own: 16 against 15 nothing, 28 against 25 its one
    assert "**（一）妇女儿童**。开展公益活动16场次。" in text
    assert "**（二）青年**。开展志愿服务28次，比上年增加3次。" in text
    assert text.count("上年") == 2 and "持平" not in text and "%" not in text


def test_the_data_asks_for_a_change_or_suppresses_one(tmp_path: Path) -> None:
    write(tmp_path, "甲社区/2023.yaml", CHAPTERS_LAST_YEAR)
    asked = (CHAPTERS_THIS_YEAR
             .replace("{项目: 开展帮扶活动, 数量: 4}", "{项目: 开展帮扶活动, 数量: 4, 同比: true}")
             .replace("{项目: 开展公益活动, 数量: 16, 单位: 场次}", "{项目: 开展公益活动, 数量: 16, 单位: 场次, 同比: true}")
             .replace("{项目: 开展志愿服务, 数量: 28}", "{项目: 开展志愿服务, 数量: 28, 同比: false}"))
    text = markdown(write(tmp_path, "甲社区/2024.yaml", asked))
    # asked for, a figure is compared whatever the change, and the chapter picks no other
    assert "参与群众350人次；" in text and "开展帮扶活动4次，与上年持平。" in text
    assert "**（一）妇女儿童**。开展公益活动16场次，比上年增加1场次。" in text
    assert "**（二）青年**。开展志愿服务28次。" in text  # suppressed


def test_a_change_across_approximate_figures_that_proves_nothing_is_not_said(tmp_path: Path) -> None:
    write(tmp_path, "甲社区/2023.yaml", LAST_YEAR.replace("数量: 10}", "数量: 10余}"))
    text = markdown(write(tmp_path, "甲社区/2024.yaml", THIS_YEAR))
    # 12 against “10余”: neither 基本持平 nor 有所增加 is proved; 200余 against 200 says nothing
    assert "开展学习活动12次，参与群众200余人次。" in text
    asked = THIS_YEAR.replace("数量: 200余, 单位: 人次}", "数量: 200余, 单位: 人次, 同比: true}")
    text = markdown(write(tmp_path, "甲社区/2024.yaml", asked))
    assert "开展学习活动12次，参与群众200余人次，与上年基本持平。" in text


def basis_year(year: int, boards: int, basis: str = "", period: str = "全年") -> str:
    lead = f", 口径: {basis}" if basis else ""
    return (f"单位: 甲社区\n年度: {year}\n期间: {period}\n民族工作:\n  统计:\n"
            f"    - {{项目: 设置宣传图板, 数量: {boards}, 单位: 个{lead}, 同比: true}}\n")


@pytest.mark.parametrize(("before", "now", "said"), [
    # a stock against last year's work of the same 项目, and the other way round: not the same
    # thing counted, so nothing is compared even where the data asks for it
    ("", "截至目前", None),
    ("截至目前", "", None),
    # stock against stock, work against work: compared
    ("截至目前", "截至目前", "设置宣传图板30个，比上年增加20个"),
    ("", "", "设置宣传图板30个，比上年增加20个"),
    # a lead of the report's own period is this year's work, as no 口径 is
    ("全年共计", "", "设置宣传图板30个，比上年增加20个"),
])
def test_a_change_only_between_figures_of_the_same_basis(tmp_path: Path, before: str, now: str, said: str | None) -> None:
    write(tmp_path, "甲社区/2023.yaml", basis_year(2023, 10, before))
    text = markdown(write(tmp_path, "甲社区/2024.yaml", basis_year(2024, 30, now)))
    if said is None:  # though its 同比 asks for one
        assert "设置宣传图板30个。" in text and "上年" not in text
    else:
        assert said in text


def test_a_rollups_stock_is_compared_only_with_last_years_stock(tmp_path: Path) -> None:
    """A roll-up whose member counted its boards as this year's work last year and as a stock
    this year: neither the sums sentence nor the 附表 sets the one beside the other."""
    for year, basis in ((2023, ""), (2024, "截至目前")):
        write(tmp_path, f"街道/{year}.yaml", f'单位: 新城街道\n年度: {year}\n汇总: ["*/{year}.yaml"]\n')
        write(tmp_path, f"街道/甲社区/{year}.yaml", basis_year(year, (year - 2022) * 10, basis))
        write(tmp_path, f"街道/乙社区/{year}.yaml", basis_year(year, 5).replace("甲社区", "乙社区"))
    text = markdown(tmp_path / "街道" / "2024.yaml")
    assert "截至目前，甲社区设置宣传图板20个。" in text
    assert "乙社区设置宣传图板5个" in text and "25个" not in text
    annex = text.split("::: 附表")[1]
    # 乙社区's this-year boards beside its own last year's; 甲社区's stock beside nothing
    assert "| 单位 | 设置宣传图板（个） | 设置宣传图板（截至目前，个） |" in annex
    assert "| 甲社区 | — | 20 |" in annex and "| 乙社区 | 5（5） | — |" in annex
    assert "| **合计** | **5** | **20** |" in annex
