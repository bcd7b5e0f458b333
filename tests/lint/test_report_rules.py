"""The data rules of `tzreport check` (dates, counts, 约数, empty sections, headings and
points), each with a failing and a passing case, checked at the line and column of the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tzreport.data import loader
from tzreport.errors import Diagnostic
from tzreport.lint import check_data, report_rules

HEAD = "单位: 甲社区\n年度: 2024\n"


@pytest.fixture
def findings(write_yaml: Callable[..., Path]) -> Callable[..., list[Diagnostic]]:
    """The findings of one rule in a data file made of HEAD and the given text."""

    def run(body: str, code: str, head: str = HEAD) -> list[Diagnostic]:
        path = write_yaml(head + body.strip("\n") + "\n")
        return [d for d in check_data.lint(loader.read(path)) if d.code == code]

    return run


def where(found: list[Diagnostic]) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.column, d.field, d.message) for d in found]


# ---------------------------------------------------------------- TZ401 dates


EVENTS = """
民族工作:
  工作:
    - 标题: 开展宣传
      活动:
        - {名称: 元宵节主题活动, 日期: 2024-02-24}
        - {名称: 国庆文艺演出, 日期: 2024-09-30}
        - {名称: 元旦文艺演出, 日期: 2025-01-01}
"""


def test_event_dates_outside_a_year_are_found(findings) -> None:
    assert where(findings(EVENTS, "TZ401")) == [
        (9, 28, "民族工作.工作[0].活动[2].日期", "活动日期2025年1月1日不在报告期（2024年1月1日至2024年12月31日）内"),
    ]


def test_event_dates_outside_a_half_year_are_found(findings) -> None:
    found = findings(EVENTS, "TZ401", HEAD + "期间: 上半年\n")
    assert [(d.line, d.message) for d in found] == [
        (9, "活动日期2024年9月30日不在报告期（2024年1月1日至2024年6月30日）内"),
        (10, "活动日期2025年1月1日不在报告期（2024年1月1日至2024年6月30日）内"),
    ]


def test_signature_dates_before_or_long_after_the_period_are_found(findings) -> None:
    early = findings("落款:\n  日期: 2023-12-30\n", "TZ401")
    assert where(early) == [(4, 7, "落款.日期", "落款日期2023年12月30日早于报告期（2024年1月1日至2024年12月31日）")]
    late = findings("落款:\n  日期: 2025-12-30\n", "TZ401")
    assert [d.message for d in late] == [
        "落款日期2025年12月30日在报告期（2024年1月1日至2024年12月31日）结束半年以后，请核对年份"
    ]


def test_dates_in_the_period_and_a_report_signed_next_spring_pass(findings) -> None:
    assert findings(EVENTS.replace("2025-01-01", "2024-12-31") + "落款: {日期: 2025-03-01}\n", "TZ401") == []


# ---------------------------------------------------------------- TZ402 counts against events

ITEM = """
思想引领:
  工作:
    - 标题: 加强学习
      活动: [专题学习会, 政策宣讲, 知识讲座, 入户宣传, 主题党日]
      统计:
        - {项目: 开展各项活动, 数量: %s}
        - {项目: 参与群众, 数量: 3, 单位: 人次}
"""


def test_a_count_smaller_than_the_events_listed_is_found(findings) -> None:
    assert where(findings(ITEM % "3", "TZ402")) == [
        (8, 28, "思想引领.工作[0].统计[0].数量", "统计“开展各项活动3次”少于本项“活动”中列出的5项活动，请核对数字"),
    ]


@pytest.mark.parametrize("count", ["5", "12", "10余"])
def test_counts_that_cover_the_events_pass(findings, count: str) -> None:
    # "10余" may be anything from 10 to 19; the 3 人次 are people, not activities
    assert findings(ITEM % count, "TZ402") == []


def test_an_approximate_count_is_compared_by_the_most_it_can_mean(findings) -> None:
    many = ITEM.replace("[专题学习会, 政策宣讲, 知识讲座, 入户宣传, 主题党日]", str([f"活动{i}" for i in range(25)]))
    many = many.replace("'", "")
    assert [d.message for d in findings(many % "10余", "TZ402")] == [
        "统计“开展各项活动10余次”少于本项“活动”中列出的25项活动，请核对数字"
    ]
    assert findings(many % "20余", "TZ402") == []


def test_a_label_with_digits_is_compared_by_its_figure_not_by_its_text(findings) -> None:
    # the numbers come from the model: “2023年度”, “3”, “万” in the 项目 are never read as the figure
    labelled = ITEM.replace("开展各项活动", "开展2023年度“3万人”宣讲1.2万")
    assert [d.message for d in findings(labelled % "3", "TZ402")] == [
        "统计“开展2023年度“3万人”宣讲1.2万3次”少于本项“活动”中列出的5项活动，请核对数字"
    ]
    assert findings(labelled % "1万余", "TZ402") == findings(labelled % "5", "TZ402") == []
    assert [d.message for d in findings(labelled % "4", "TZ402")] == [
        "统计“开展2023年度“3万人”宣讲1.2万4次”少于本项“活动”中列出的5项活动，请核对数字"
    ]


def test_the_count_rule_reads_no_figure_back_from_text() -> None:
    # the most a 约数 can mean is the model's (Stat.highest): the rules hold no pattern for figures
    source = Path(report_rules.__file__).read_text(encoding="utf-8")
    assert "余" not in "".join(line for line in source.splitlines() if "re.compile" in line)
    assert "def highest" not in source


# ---------------------------------------------------------------- TZ403 约数 under 10


def test_approx_on_a_figure_under_10_is_found(findings) -> None:
    body = "概况:\n  - {项目: 华侨, 数量: 4, 约数: true}\n" + (ITEM % "8余")
    assert where(findings(body, "TZ403")) == [
        (4, 18, "概况[0].数量", "不满10的数不用约数：报告中照写“4”，不加“余”；请写实际数字"),
        (11, 28, "思想引领.工作[0].统计[0].数量", "不满10的数不用约数：报告中照写“8”，不加“余”；请写实际数字"),
    ]


def test_approx_on_10_or_more_and_exact_small_figures_pass(findings) -> None:
    assert findings("概况:\n  - {项目: 华侨, 数量: 4}\n" + (ITEM % "10余"), "TZ403") == []


# ---------------------------------------------------------------- TZ501 empty sections


def test_empty_sections_are_found_at_their_key(findings) -> None:
    body = "宗教工作:\n思想引领:\n  标题: 强化思想引领\n其他工作:\n  - 标题: 工作特色\n存在问题: [认识不到位]\n"
    assert where(findings(body, "TZ501")) == [
        (3, 1, "宗教工作", "章节“宗教工作”没有内容（内容、要点、工作都没写），报告中不会出现"),
        (4, 1, "思想引领", "章节“思想引领”没有内容（内容、要点、工作都没写），报告中不会出现"),
        (7, 5, "其他工作[0]", "章节“工作特色”没有内容（内容、要点、工作都没写），报告中不会出现"),
    ]


def test_sections_with_content_and_sections_not_written_pass(findings) -> None:
    assert findings("思想引领:\n  内容: 加强学习。\n存在问题: [认识不到位]\n", "TZ501") == []


# ---------------------------------------------------------------- TZ502 要点 with 一是


def test_points_that_begin_with_yishi_are_found_with_the_fix(findings) -> None:
    found = findings("存在问题:\n  - 一是宣传不够\n  - 二是参与不多\n", "TZ502")
    assert [(d.line, d.column, d.end_column, d.field, d.fix) for d in found] == [
        (4, 5, 7, "存在问题[0]", ""), (5, 5, 7, "存在问题[1]", ""),
    ]
    assert found[0].message == "要点不用写“一是”：报告会自动加上“一是、二是……”，写了会重复"


def test_points_without_yishi_pass(findings) -> None:
    assert findings("存在问题:\n  - 宣传不够\n  - 是非观念淡薄\n", "TZ502") == []


# ---------------------------------------------------------------- TZ503 a heading ending in 。


def test_headings_that_end_in_a_mark_are_found(findings) -> None:
    body = "标题: 甲社区工作总结。\n思想引领:\n  标题: 强化思想引领：\n  工作:\n    - 标题: 加强学习。\n      内容: 好。\n"
    found = findings(body, "TZ503")
    assert [(d.line, d.column, d.field, d.fix) for d in found] == [
        (3, 12, "标题", ""), (5, 13, "思想引领.标题", ""), (7, 15, "思想引领.工作[0].标题", ""),
    ]
    assert found[0].message == "标题末尾不加“。”：单独成行的标题不加标点，接正文的小标题由报告加“。”"


def test_headings_without_a_final_mark_pass(findings) -> None:
    assert findings("思想引领:\n  工作:\n    - 标题: 加强学习\n      内容: 好。\n", "TZ503") == []


# ---------------------------------------------------------------- TZ504 numbers written by hand


def test_numbers_written_into_headings_and_points_are_found(findings) -> None:
    body = "思想引领:\n  标题: 二、强化思想引领\n  工作:\n    - 标题: （一）加强学习\n    - 标题: 1.注重宣传\n存在问题:\n  - 1、宣传不够\n"
    found = findings(body, "TZ504")
    assert [(d.line, d.field, d.message) for d in found] == [
        (4, "思想引领.标题", "标题不用写编号“二、”：编号由报告自动生成"),
        (6, "思想引领.工作[0].标题", "标题不用写编号“（一）”：编号由报告自动生成"),
        (7, "思想引领.工作[1].标题", "标题不用写编号“1.”：编号由报告自动生成"),
        (9, "存在问题[0]", "要点不用写编号“1、”：报告把要点写成“一是……；二是……”"),
    ]


def test_headings_that_begin_with_a_figure_pass(findings) -> None:
    body = "思想引领:\n  工作:\n    - 标题: 1.5万人次参与的学习活动\n    - 标题: 二十大精神宣讲\n"
    assert findings(body, "TZ504") == []


# ---------------------------------------------------------------- TZ407 counts left in text

LOOSE = """
民族工作:
  工作:
    - 标题: 载体活动
      内容: 开展“石榴籽”邻里节等活动，全年共计开展民族团结载体活动18次；走访少数民族家庭35户。
    - 标题: 宣讲
      要点: [组织政策宣讲, 走访信教群众26户]
"""


def test_a_count_of_the_periods_work_left_in_text_is_named_with_its_line_and_field(findings) -> None:
    assert where(findings(LOOSE, "TZ407")) == [
        (6, 39, "民族工作.工作[0].内容", "这里的“开展……18次”没有写进统计，汇总时不会相加（这段文字中还有1处）"),
        (8, 26, "民族工作.工作[1].要点[1]", "这里的“走访信教群众26户”没有写进统计，汇总时不会相加"),
    ]


@pytest.mark.parametrize("said", [
    "社区现有少数民族群众300余人。",  # a stock, not work done
    "全年计划开展学习活动20次。",  # a target
    "开展政策宣讲8次，比上年增加2次。",  # the change is no count of its own …
    "社区开展培训4次，提升了干部的业务能力。",  # … and a count inside a sentence that goes on is narrative
    "2024年3月开展专题学习，第3次会议通过了方案。",  # dates and ordinals
])
def test_what_is_not_a_count_left_out_of_the_sums(findings, said: str) -> None:
    found = findings(f"民族工作:\n  内容: {said}\n", "TZ407")
    assert [d.message for d in found] == (["这里的“开展政策宣讲8次”没有写进统计，汇总时不会相加"] if "宣讲8次" in said else [])


def test_plans_and_problems_hold_no_work_done_and_stats_are_summed(findings) -> None:
    assert findings("存在问题: [全年只开展活动3次]\n下一步计划: [开展学习活动20次]\n", "TZ407") == []
    assert findings("民族工作:\n  统计:\n    - {项目: 开展载体活动, 数量: 18}\n", "TZ407") == []


def test_an_ignore_comment_keeps_a_count_in_text_on_purpose(findings) -> None:
    said = "民族工作:\n  内容: 街道联合民宗局开展培训4次。  # tzreport: ignore TZ407 街道本级做的事\n"
    assert findings(said, "TZ407") == []
    assert len(findings(said.split("  #")[0], "TZ407")) == 1


# ---------------------------------------------------------------- TZ408 文中已写: the figure is in the text

STATED = """
民族工作:
  工作:
    - 标题: 载体活动
      内容: 开展“石榴籽”邻里节等载体活动12余次，走访少数民族家庭35户。
      统计:
        - {项目: 开展民族团结载体活动, 数量: 12余, 文中已写: true}
        - {项目: 走访少数民族家庭, 数量: 35, 单位: 户, 文中已写: true}
    - 标题: 宣讲
      要点:
        - 内容: 组织政策宣讲8次
          统计:
            - {项目: 组织政策宣讲, 数量: 8, 文中已写: true}
"""


def test_a_count_a_stated_stat_says_is_no_count_left_in_text(findings) -> None:
    """文中已写: the text's count is the 统计's, which the roll-up sums: nothing left out."""
    assert findings(STATED, "TZ407") == []
    assert findings(STATED, "TZ408") == []
    # one stated figure covers one count: the other is still left out
    one = STATED.replace("        - {项目: 走访少数民族家庭, 数量: 35, 单位: 户, 文中已写: true}\n", "")
    assert [d.message for d in findings(one, "TZ407")] == ["这里的“走访……35户”没有写进统计，汇总时不会相加"]


@pytest.mark.parametrize(("old", "new", "field", "label", "where_", "figure"), [
    ("数量: 12余,", "数量: 13余,", "民族工作.工作[0].统计[0].数量", "开展民族团结载体活动", "本项的小标题和内容", "13余次"),
    ("单位: 户", "单位: 人", "民族工作.工作[0].统计[1].数量", "走访少数民族家庭", "本项的小标题和内容", "35人"),
    ("数量: 8,", "数量: 9,", "民族工作.工作[1].要点[0].统计[0].数量", "组织政策宣讲", "这一条要点的文字", "9次"),
])
def test_a_stated_figure_not_in_its_text_is_an_error(
    findings, old: str, new: str, field: str, label: str, where_: str, figure: str
) -> None:
    """The report does not print a 文中已写 figure: one the text does not hold would make the
    roll-up's sum and the member's own report say two numbers."""
    found = findings(STATED.replace(old, new), "TZ408")
    assert [(d.field, d.level, d.message) for d in found] == [(field, "错误", (
        f"统计“{label}”写了“文中已写”，但{where_}中没有“{figure}”：报告不会另写这个数字，请核对文字和数量、单位是否一致"))]


def test_a_stated_figure_is_found_whole_and_once(findings) -> None:
    # “110余次” does not hold “10余次”; two stated figures need two counts in the text
    body = ("民族工作:\n  内容: 开展宣讲110余次。\n  统计:\n    - {项目: 开展宣讲, 数量: 10余, 文中已写: true}\n")
    assert len(findings(body, "TZ408")) == 1
    twice = ("民族工作:\n  内容: 开展宣讲10次。\n  统计:\n    - {项目: 开展宣讲, 数量: 10, 文中已写: true}\n"
             "    - {项目: 开展走访, 数量: 10, 文中已写: true}\n")
    assert [d.field for d in findings(twice, "TZ408")] == ["民族工作.统计[1].数量"]


def test_a_stated_whole_takes_its_parts_with_it_and_overview_has_no_text(findings) -> None:
    parts = ("民族工作:\n  内容: 收集意见建议52条，其中被采纳17条。\n  统计:\n"
             "    - {项目: 收集意见建议, 数量: 52, 单位: 条, 文中已写: true, 其中: [{项目: 被采纳, 数量: 18}]}\n")
    assert [d.field for d in findings(parts, "TZ408")] == ["民族工作.统计[0].其中[0].数量"]
    assert findings(parts.replace("18", "17"), "TZ408") == []
    overview = findings("概况:\n  - {项目: 华侨, 数量: 4, 文中已写: true}\n", "TZ408")
    assert [(d.field, d.message) for d in overview] == [
        ("概况[0].文中已写", "概况没有自己的文字，不能写“文中已写”：概况的各项由报告写成“现有……”一句")]


def test_thousands_of_stated_figures_in_a_long_text_are_checked_in_one_pass() -> None:
    """A hostile file: 5000 stated figures beside a text of 50 000 counts. Each figure searched
    over the whole text was 5000 passes of 400 000 characters; one pass looks each number up."""
    import time

    from tzreport.data.models import Report

    text = "".join(f"开展活动{i}次，" for i in range(50_000))
    stats = [{"项目": "开展活动", "数量": i * 10, "文中已写": True} for i in range(5_000)]
    report = Report.model_validate({"单位": "甲社区", "年度": 2024, "民族工作": {"内容": text, "统计": stats}})
    started = time.monotonic()
    found = list(report_rules.stated_in_text(report))
    assert time.monotonic() - started < 5
    assert found == []  # 0次, 10次 … 49990次 all stand in the text
    missing = Report.model_validate({"单位": "甲社区", "年度": 2024, "民族工作": {
        "内容": text, "统计": [*stats, {"项目": "开展活动", "数量": 50_000, "文中已写": True}]}})
    assert [loc for loc, _ in report_rules.stated_in_text(missing)] == [("民族工作", "统计", 5_000, "数量")]
