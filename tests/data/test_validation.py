"""Validation of data files: every kind of mistake a user can make gets one exact, located,
Chinese message (`PATH:LINE:COL: 错误 FIELD: message`), and all of a file's mistakes are
reported at once, in file order."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from tzreport.data.loader import load, read
from tzreport.data.models import Report
from tzreport.errors import DataError, Diagnostic


def write(tmp_path: Path, text: str, name: str = "data.yaml") -> Path:
    """Write a data file (dedented, so the YAML can be indented in the test) and return it."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(path: Path) -> list[Diagnostic]:
    with pytest.raises(DataError) as info:
        load(path)
    return info.value.diagnostics


def only_problem(path: Path) -> Diagnostic:
    found = problems(path)
    assert len(found) == 1, [str(d) for d in found]
    return found[0]


# ---------------------------------------------------------------- unknown and misspelt keys


def test_misspelt_top_level_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单为: 京汉新城社区
        年度: 2024
    """)
    # one mistake, one message: no second "缺少必填项“单位”" for the same line
    d = only_problem(path)
    assert str(d) == f"{path}:1:1: 错误 单为: 未知的键“单为”，是否想写“单位”？"
    assert (d.line, d.column, d.field) == (1, 1, "单为")


def test_misspelt_key_in_an_item_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标提: 注重学习
              内容: 一年来……
    """)
    d = only_problem(path)
    assert str(d) == f"{path}:5:7: 错误 思想引领.工作[0].标提: 未知的键“标提”，是否想写“标题”？"
    assert (d.line, d.column) == (5, 7)


def test_unknown_key_is_suggested_by_its_meaning_not_a_key_already_there(tmp_path: Path) -> None:
    # "主送单位" is spelt as much like 单位 as like 主送; 单位 is written already, and 主送单位
    # is what 主送 means
    path = write(tmp_path, """
        单位: 幸福里社区
        年度: 2025
        主送单位: 街道党工委
        思想引领:
          工作:
            - 标题: 注重学习
              工作内容: 开展学习。
              活动:
                - {活动名称: 读书会, 参加人数: 20, 活动地点: 社区活动室}
        落款:
          落款单位: 幸福里社区党委
          成文日期: 2025-12-28
    """)
    assert [str(d) for d in problems(path)] == [
        f"{path}:3:1: 错误 主送单位: 未知的键“主送单位”，是否想写“主送”？",
        f"{path}:7:7: 错误 思想引领.工作[0].工作内容: 未知的键“工作内容”，是否想写“内容”？",
        f"{path}:9:12: 错误 思想引领.工作[0].活动[0].活动名称: 未知的键“活动名称”，是否想写“名称”？",
        f"{path}:9:23: 错误 思想引领.工作[0].活动[0].参加人数: 未知的键“参加人数”，是否想写“人数”？",
        f"{path}:9:33: 错误 思想引领.工作[0].活动[0].活动地点: 未知的键“活动地点”，是否想写“地点”？",
        f"{path}:11:3: 错误 落款.落款单位: 未知的键“落款单位”，是否想写“署名”？",
        f"{path}:12:3: 错误 落款.成文日期: 未知的键“成文日期”，是否想写“日期”？",
    ]


@pytest.mark.parametrize("written", ["二〇二五", "二零二五", "二○二五年", "2025年", "２０２５"])
def test_a_year_in_chinese_numerals_says_how_to_write_it(tmp_path: Path, written: str) -> None:
    path = write(tmp_path, f"""
        单位: 幸福里社区
        年度: {written}
    """)
    assert str(only_problem(path)) == f"{path}:2:5: 错误 年度: 应写成 2025（只写阿拉伯数字），实际为“{written}”"


def test_a_key_already_written_is_never_suggested(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 幸福里社区
        年度: 2025
        主送: 街道党工委
        主送单位: 区委统战部
    """)
    # 主送 and 单位 are both there: no guess, and neither offered again
    assert [str(d) for d in problems(path)] == [
        f"{path}:4:1: 错误 主送单位: 未知的键“主送单位”；“单位”已经写了，这里还可以写：期间、类型、文种、标题、副标题、导语、"
        "概况、思想引领、民族工作、宗教工作、其他工作、存在问题、下一步计划、结语、落款、汇总、上年",
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        落款:
          署名: 京汉新城社区党委
          电话: 12345678
    """)
    d = only_problem(path)
    assert str(d) == f"{path}:5:3: 错误 落款.电话: 未知的键“电话”；这里可以写：署名、日期"
    assert (d.line, d.column) == (5, 3)


def test_top_level_unknown_key_lists_every_top_level_key(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        xyz: 1
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:3:1: 错误 xyz: 未知的键“xyz”；这里可以写：单位、年度、期间、类型、文种、标题、副标题、主送、导语、"
        "概况、思想引领、民族工作、宗教工作、其他工作、存在问题、下一步计划、结语、落款、汇总、上年"
    )


def test_chinese_and_english_name_of_one_field_together(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        unit: 京汉新城社区
        年度: 2024
    """)
    d = only_problem(path)
    assert str(d) == f"{path}:2:1: 错误 unit: “unit”与“单位”是同一项，只能写一个"
    assert (d.line, d.column) == (2, 1)


# ---------------------------------------------------------------- required and ranged values


def test_missing_unit_and_year_are_both_reported(tmp_path: Path) -> None:
    path = write(tmp_path, """
        # 只写了期间
        期间: 全年
    """)
    assert [str(d) for d in problems(path)] == [
        f"{path}:2:1: 错误 单位: 缺少必填项“单位”",
        f"{path}:2:1: 错误 年度: 缺少必填项“年度”",
    ]


def test_empty_required_text(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位:
        年度: 2024
    """)
    d = only_problem(path)
    assert str(d) == f"{path}:1:4: 错误 单位: 不能为空"


@pytest.mark.parametrize(
    ("year", "message"),
    [("1999", "不能小于2000，实际为“1999”"), ("2101", "不能大于2100，实际为“2101”")],
)
def test_year_out_of_range(tmp_path: Path, year: str, message: str) -> None:
    path = write(tmp_path, f"单位: 京汉新城社区\n年度: {year}\n")
    d = only_problem(path)
    assert str(d) == f"{path}:2:5: 错误 年度: {message}"
    assert (d.line, d.column, d.field) == (2, 5, "年度")


def test_year_not_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 今年
    """)
    assert str(only_problem(path)) == f"{path}:2:5: 错误 年度: 应为整数，实际为“今年”"


def test_period_must_be_one_of_three(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        期间: 第一季度
    """)
    d = only_problem(path)
    assert str(d) == f"{path}:3:5: 错误 期间: 应为“全年”“上半年”“下半年”之一，实际为“第一季度”"
    assert (d.line, d.column) == (3, 5)


# ---------------------------------------------------------------- counts


def test_count_in_chinese_numerals_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              统计:
                - {项目: 开展各项活动, 数量: 十}
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:7:28: 错误 思想引领.工作[0].统计[0].数量: 应为非负整数，或“150余”“3万”“1.2万余”这样的约数，实际为“十”"
    )
    assert (d.line, d.column) == (7, 28)


def test_negative_count_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              统计:
                - 项目: 开展各项活动
                  数量: -3
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:8:15: 错误 思想引领.工作[0].统计[0].数量: 应为非负整数，或“150余”“3万”“1.2万余”这样的约数，实际为“-3”"
    )


def test_count_left_empty(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              统计:
                - 项目: 开展各项活动
                  数量:
    """)
    assert str(only_problem(path)) == f"{path}:8:14: 错误 思想引领.工作[0].统计[0].数量: 不能为空"


def test_about_figure_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              统计:
                - {项目: 参与群众, 数量: 200余, 单位: 人次}
                - {项目: 开展活动, 数量: 12}
    """)
    report = load(path)
    assert report.ideology is not None
    about, exact = report.ideology.items[0].stats
    assert (about.value, about.approx, about.unit) == (200, True, "人次")
    assert (exact.value, exact.approx, exact.unit) == (12, False, "次")


# ---------------------------------------------------------------- dates


def test_invalid_date_is_located_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        落款:
          署名: 京汉新城社区党委
          日期: 2024-13-40
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:5:7: 错误 落款.日期: 应为有效日期（如 2023-12-28 或 2023年12月28日），或只写到月（如 2024-03 或 2024年3月），"
        "实际为“2024-13-40”"
    )
    assert (d.line, d.column, d.field) == (5, 7, "落款.日期")


@pytest.mark.parametrize("written", ["2023年12月28日", "2023-12-28", "2023/12/28", "2023.12.28"])
def test_signature_date_forms_are_accepted(tmp_path: Path, written: str) -> None:
    path = write(tmp_path, f"单位: 京汉新城社区\n年度: 2023\n落款:\n  日期: {written}\n")
    report = load(path)
    assert report.signature is not None
    assert report.signature.date == dt.date(2023, 12, 28)


def test_event_date_in_chinese_form_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2023
        思想引领:
          工作:
            - 标题: 注重学习
              活动:
                - {名称: 统战知识讲座, 日期: 2023年6月15日, 人数: 45}
    """)
    report = load(path)
    assert report.ideology is not None
    event = report.ideology.items[0].events[0]
    assert (event.date, event.people) == (dt.date(2023, 6, 15), 45)


def test_a_bare_number_is_not_a_date(tmp_path: Path) -> None:
    # pydantic alone would read 1703721600 as a Unix timestamp, i.e. 2023-12-28
    path = write(tmp_path, "单位: 京汉新城社区\n年度: 2023\n落款:\n  日期: 1703721600\n")
    assert str(only_problem(path)) == (
        f"{path}:4:7: 错误 落款.日期: 应为有效日期（如 2023-12-28 或 2023年12月28日），或只写到月（如 2024-03 或 2024年3月），"
        "实际为“1703721600”"
    )


# ---------------------------------------------------------------- YAML-level problems


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        单位: 新城街道
    """)
    d = only_problem(path)
    assert str(d) == f"{path}:3:1: 错误 单位: 重复的键“单位”：第1行和第3行都写了，只能保留一个"
    assert (d.line, d.column) == (3, 1)


def test_unclosed_bracket_is_reported_where_it_opens(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: [2024
        期间: 全年
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:2:5: 错误 YAML 格式错误：“[”没有对应的“]”：请补上“]”；"
        "若是以“[”开头的文字，请把整段文字用引号括起来"
    )
    assert (d.line, d.column) == (2, 5)


def test_missing_colon_is_reported_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度 2024
        期间: 全年
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:2:1: 错误 YAML 格式错误：这一行缺少冒号：键后面要写半角冒号和空格，如“年度: 2024”"
    )


def test_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: "京汉新城社区
        年度: 2024
    """)
    d = only_problem(path)
    assert str(d) == f"{path}:1:5: 错误 YAML 格式错误：引号没有配对：从这里开始的引号直到文件末尾都没有结束"


def test_tab_indentation(tmp_path: Path) -> None:
    path = write(tmp_path, "单位: 京汉新城社区\n年度: 2024\n思想引领:\n\t标题: 学习\n")
    d = only_problem(path)
    assert str(d) == f"{path}:4:1: 错误 YAML 格式错误：不能用 Tab 键缩进或分隔，请改用空格"
    assert (d.line, d.column) == (4, 1)


@pytest.mark.parametrize(
    ("value", "column", "message"),
    [
        ("|第一行", 5, "“|”“>”表示下面几行是一段多行文字，同一行后面不能再写文字：以“|”或“>”开头的文字，请把整段文字用引号括起来"),
        ("!重要 事项", 5, "以“!”开头的文字，请把整段文字用引号括起来"),
        (", 以及其他", 5, "以“,”开头的文字，请把整段文字用引号括起来"),
        ("] 注", 5, "以“]”开头的文字，请把整段文字用引号括起来"),
    ],
)
def test_text_starting_with_a_yaml_mark_asks_for_quotes(
    tmp_path: Path, value: str, column: int, message: str
) -> None:
    path = write(tmp_path, f"单位: 京汉新城社区\n年度: 2024\n结语: {value}\n")
    assert str(only_problem(path)) == f"{path}:3:{column}: 错误 YAML 格式错误：{message}"


def test_percent_at_the_start_of_a_line_asks_for_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, "%百分比\n单位: 京汉新城社区\n")
    assert str(only_problem(path)) == f"{path}:1:1: 错误 YAML 格式错误：以“%”开头的文字，请把整段文字用引号括起来"


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        ---
        单位: 新城街道
    """)
    assert str(only_problem(path)) == (
        f"{path}:3:1: 错误 YAML 格式错误：一个文件只能写一份数据：这里的“---”后面又开始了一份，"
        "请删除或分成两个文件"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# 还没写\n", "---\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    d = only_problem(path)
    assert str(d) == f"{path}:1:1: 错误 文件是空的：至少要写“单位”和“年度”"


def test_a_list_is_not_a_report(tmp_path: Path) -> None:
    path = write(tmp_path, """
        - 单位: 京汉新城社区
        - 年度: 2024
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:1:1: 错误 文件最外层应是“键: 值”的形式，如“单位: 京汉新城社区”，不能是以“- ”开头的列表"
    )


def test_python_tag_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        结语: !!python/object/apply:os.system ["echo hacked"]
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:3:5: 错误 结语: 不能使用 YAML 标签“!!python/object/apply:os.system”："
        "数据文件里只能写文字、列表和“键: 值”"
    )
    assert (d.line, d.column) == (3, 5)


def test_control_character_is_removed_with_a_located_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "单位: 京汉新城社区\n年度: 2024\n结语: 此致\x07敬礼\n")
    loaded = read(path)
    assert loaded.report.closing == "此致敬礼"
    assert [str(w) for w in loaded.warnings] == [
        f"{path}:3:7: 警告 结语: 已删除不可见字符（U+0007），它可能是从 Word 或网页复制来的"
    ]


# ---------------------------------------------------------------- a key with the wrong colon


def test_chinese_colon_is_reported_at_its_own_line(tmp_path: Path) -> None:
    # YAML reads "内容：……" as more text of 标题 on the line above; the title would silently
    # become "注重学习 内容：一年来……"
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              内容：一年来，社区始终……
    """)
    d = only_problem(path)
    assert str(d) == f"{path}:6:7: 错误 “内容”后面是中文冒号“：”，应改为半角冒号加空格，如“内容: ……”"


def test_chinese_colons_at_top_level_are_all_reported(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位：京汉新城社区
        年度：2024
    """)
    assert [str(d) for d in problems(path)] == [
        f"{path}:1:1: 错误 “单位”后面是中文冒号“：”，应改为半角冒号加空格，如“单位: ……”",
        f"{path}:2:1: 错误 “年度”后面是中文冒号“：”，应改为半角冒号加空格，如“年度: ……”",
    ]


def test_colon_without_space(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        落款:
          日期:2023-12-28
    """)
    assert str(only_problem(path)) == f"{path}:4:3: 错误 “日期:”后面缺少空格，应写成“日期: ……”"


def test_chinese_colon_inside_text_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        结语: 内容：丰富多彩
        导语: 一年来，
          主要有：学习、宣传
    """)
    report = load(path)
    assert report.closing == "内容：丰富多彩"
    assert report.intro == "一年来，主要有：学习、宣传"  # the line fold adds no space

def test_chinese_colon_in_a_one_line_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              统计:
                - {项目：开展各项活动, 数量: 10}
    """)
    # not also "缺少必填项“项目”": it is the same mistake
    assert str(only_problem(path)) == (
        f"{path}:7:12: 错误 “项目”后面是中文冒号“：”，应改为半角冒号加空格，如“项目: ……”"
    )


def test_chinese_colon_before_a_syntax_error_is_the_reported_cause(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              统计:
                - 项目：开展各项活动
                  数量: 10
    """)
    # YAML itself complains about the "数量: 10" line below
    assert str(only_problem(path)) == (
        f"{path}:7:11: 错误 “项目”后面是中文冒号“：”，应改为半角冒号加空格，如“项目: ……”"
    )


# ---------------------------------------------------------------- values stay what was typed


def test_yaml_1_1_surprises_stay_text(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: no
        年度: 2024
        结语: 9:30
        存在问题:
          - yes
          - off
          - 2024
          - 1.10
    """)
    report = load(path)
    assert report.unit == "no"
    assert report.closing == "9:30"
    assert report.problems is not None
    assert [p.text for p in report.problems.points] == ["yes", "off", "2024", "1.10"]


def test_empty_list_key_means_none(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          标题: 坚持统一思想引领
          要点:
          工作:
    """)
    report = load(path)
    assert report.ideology is not None
    assert (report.ideology.points, report.ideology.items) == ([], [])


# ---------------------------------------------------------------- field paths


def test_field_path_has_list_indexes_in_the_users_keys(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
            - 标题: 加强对外联络
              统计:
                - {项目: 发放宣传手册, 数量: 许多}
    """)
    d = only_problem(path)
    assert d.field == "思想引领.工作[1].统计[0].数量"
    assert str(d) == (
        f"{path}:8:28: 错误 思想引领.工作[1].统计[0].数量: 应为非负整数，或“150余”“3万”“1.2万余”这样的约数，实际为“许多”"
    )


def test_english_keys_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, """
        unit: 京汉新城社区
        year: 2024
        period: 上半年
        ideology:
          items:
            - title: 注重学习
              stats:
                - {label: 开展各项活动, value: 10}
        signature:
          name: 京汉新城社区党委
          date: 2024-06-28
    """)
    report = load(path)
    assert (report.unit, report.year, report.period) == ("京汉新城社区", 2024, "上半年")
    assert report.ideology is not None
    assert report.ideology.items[0].stats[0].value == 10
    assert report.signature is not None
    assert report.signature.date == dt.date(2024, 6, 28)


def test_error_paths_show_the_english_keys_the_user_wrote(tmp_path: Path) -> None:
    path = write(tmp_path, """
        unit: 京汉新城社区
        year: 2024
        ideology:
          items:
            - title: 注重学习
              stats:
                - {label: 开展各项活动, value: 十}
              tittle: x
    """)
    assert [str(d) for d in problems(path)] == [
        f"{path}:7:34: 错误 ideology.items[0].stats[0].value: 应为非负整数，或“150余”“3万”“1.2万余”这样的约数，实际为“十”",
        # the 标题 it is spelt like is there already: a twin, not a slip for another key
        f"{path}:8:7: 错误 ideology.items[0].tittle: 未知的键“tittle”；“title”已经写了，这里还可以写：内容、要点、要点分段、活动、单项编号、工作",
    ]


# ---------------------------------------------------------------- shorthands


def test_shorthands_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              活动:
                - 《统一战线工作条例》专题学习
                - {名称: 统战知识讲座, 人数: 45}
        存在问题:
          - 宣传形式单一
          - 参与面不广
    """)
    report = load(path)
    assert report.problems is not None
    assert [p.text for p in report.problems.points] == ["宣传形式单一", "参与面不广"]
    assert report.ideology is not None
    assert [e.name for e in report.ideology.items[0].events] == ["《统一战线工作条例》专题学习", "统战知识讲座"]


def test_error_inside_a_points_shorthand_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        存在问题:
          - 宣传形式单一
          - {问题: 参与面不广}
          - [参与面不广]
    """)
    # a 要点 may be a mapping now (内容, 活动, 统计): its keys are checked like any mapping's
    assert [str(d) for d in problems(path)] == [
        f"{path}:5:5: 错误 存在问题[1].内容: 缺少必填项“内容”",
        f"{path}:5:6: 错误 存在问题[1].问题: 未知的键“问题”；这里可以写：内容、活动、统计",
        f"{path}:6:5: 错误 存在问题[2]: 应为一段文字，或一组“键: 值”（内容、活动、统计），实际为一个列表",
    ]


def test_error_inside_an_event_shorthand_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 注重学习
              活动:
                - 专题学习
                - [专题讲座, 入户宣传]
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:8:11: 错误 思想引领.工作[0].活动[1]: "
        "应为活动名称，或一组“键: 值”（名称、日期、人数等），实际为一个列表"
    )


def test_a_section_written_as_one_line_of_text(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        民族工作: 开展民族团结活动
    """)
    assert str(only_problem(path)) == (
        f"{path}:3:7: 错误 民族工作: 应为一组“键: 值”，或以“- ”开头的一串要点，实际为“开展民族团结活动”"
    )


# ---------------------------------------------------------------- nesting


def test_four_levels_are_allowed_a_fifth_is_not(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 2024
        思想引领:
          工作:
            - 标题: 第二级
              工作:
                - 标题: 第三级
                  工作:
                    - 标题: 第四级
                      工作:
                        - 标题: 第五级
    """)
    d = only_problem(path)
    assert str(d) == (
        f"{path}:10:15: 错误 思想引领.工作[0].工作[0].工作[0].工作: "
        "层级过深：工作事项最多分四级（一、（一）1.（1）），第四级下不能再写“工作”"
    )
    assert (d.line, d.column) == (10, 15)


# ---------------------------------------------------------------- files and encodings


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_bytes("单位: 京汉新城社区\n年度: 2024\n".encode("utf-8-sig"))
    report = load(path)
    assert isinstance(report, Report)
    assert report.unit == "京汉新城社区"  # not "\ufeff单位" as an unknown key


def test_gbk_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_bytes("单位: 京汉新城社区\n年度: 2024\n".encode("gbk"))
    loaded = read(path)
    assert loaded.report.unit == "京汉新城社区"
    assert [str(w) for w in loaded.warnings] == [
        f"{path}:1:1: 警告 文件是 GBK 编码（记事本中的“ANSI”），已按 GBK 读取；"
        "建议在记事本中“另存为”，编码选择 UTF-8"
    ]


def test_gbk_text_pasted_into_a_utf8_file_is_refused_where_it_is(tmp_path: Path) -> None:
    # reading the whole file as GBK would garble the UTF-8 text around it
    path = tmp_path / "data.yaml"
    path.write_bytes("单位: 京汉新城社区\n年度: 2024\n结语: ".encode() + "此致".encode("gbk"))
    d = only_problem(path)
    assert str(d) == (
        f"{path}:3:5: 错误 这里的文字不是 UTF-8 编码（可能是从别处粘贴的 GBK 编码文字）："
        "请删除后重新输入，或在记事本中“另存为”，编码选择 UTF-8"
    )


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "没有这个文件.yaml"
    d = only_problem(path)
    assert str(d) == f"{path}: 错误 文件不存在"
    assert (d.line, d.column) == (0, 0)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    d = only_problem(tmp_path)
    assert str(d) == f"{tmp_path}: 错误 这是一个文件夹，不是数据文件"


# ---------------------------------------------------------------- all at once, in order


def test_all_errors_of_a_file_are_reported_at_once_in_file_order(tmp_path: Path) -> None:
    path = write(tmp_path, """
        单位: 京汉新城社区
        年度: 1999
        期间: 全年度
        思想引领:
          标提: 坚持统一思想引领
          工作:
            - 标题: 注重学习
              统计:
                - {项目: 开展各项活动, 数量: 十}
        单位: 新城街道
        落款:
          日期: 2024-13-40
    """)
    assert [str(d) for d in problems(path)] == [
        f"{path}:2:5: 错误 年度: 不能小于2000，实际为“1999”",
        f"{path}:3:5: 错误 期间: 应为“全年”“上半年”“下半年”之一，实际为“全年度”",
        f"{path}:5:3: 错误 思想引领.标提: 未知的键“标提”，是否想写“标题”？",
        f"{path}:9:28: 错误 思想引领.工作[0].统计[0].数量: 应为非负整数，或“150余”“3万”“1.2万余”这样的约数，实际为“十”",
        f"{path}:10:1: 错误 单位: 重复的键“单位”：第1行和第10行都写了，只能保留一个",
        f"{path}:12:7: 错误 落款.日期: 应为有效日期（如 2023-12-28 或 2023年12月28日），或只写到月（如 2024-03 或 2024年3月），实际为“2024-13-40”",
    ]



def test_a_model_made_in_code_keeps_of_a_text_what_a_file_would() -> None:
    """The characters the loader removes from a file (control characters, zero-width space …)
    are removed from a text given to the model too: the space one shielded is stripped, and a
    required text of nothing else is as empty as it would be in a file."""
    report = Report.model_validate({"单位": "甲社区\u200b", "年度": 2024, "概况": [
        {"项目": "\x07华侨", "数量": 4, "单位": "\x1f 名"}]})
    assert (report.unit, report.overview[0].label, report.overview[0].unit) == ("甲社区", "华侨", "名")
    with pytest.raises(ValueError, match="at least 1 character"):
        Report.model_validate({"单位": "\x01\x1f", "年度": 2024})
