"""Import reads the third-round wording back: each form as an exact source sentence, the data
it becomes, and the report built from that data saying the same sentence again."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzreport.cli.main import app
from tzreport.data import loader
from tzreport.data.models import Report
from tzreport.ingest.structure import UNMAPPED

runner = CliRunner()
TITLE = "# 幸福里社区2024年统战工作总结\n\n一年来，幸福里社区扎实推进统战工作，取得了积极成效。\n\n"


def round_trip(tmp_path: Path, chapters: str, previous: str | None = None) -> tuple[str, Report, str]:
    """Import a report of these chapters (with last year's data file beside it when given);
    the data file's text, the report it loads as, and the Markdown built from it."""
    source = tmp_path / "报告.md"
    source.write_text(TITLE + chapters, encoding="utf-8")
    out = tmp_path / "数据"
    if previous is not None:
        out.mkdir()
        (out / "幸福里社区2023.yaml").write_text(previous, encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = out / "幸福里社区2024.yaml"
    built = runner.invoke(app, ["build", str(written), "-f", "md", "-o", str(tmp_path / "md")])
    assert built.exit_code == 0, built.output
    (markdown,) = (tmp_path / "md").glob("*.md")
    return written.read_text(encoding="utf-8"), loader.load(written), markdown.read_text(encoding="utf-8")


def test_a_count_folded_into_its_events_clause_with_further_counts(tmp_path: Path) -> None:
    said = "开展“石榴籽”宣讲、入户政策宣传等各项活动共计12次，参与群众200余人次。"
    text, report, rebuilt = round_trip(tmp_path, f"## 一、民族工作\n\n**（一）抓好宣传**。社区广泛开展宣传。{said}\n\n"
                                                 "**（二）抓好服务**。社区认真做好服务。\n")
    item = report.ethnic.items[0]  # type: ignore[union-attr]
    assert [e.name for e in item.events] == ["“石榴籽”宣讲", "入户政策宣传"]
    assert "- {项目: 开展各项活动, 数量: 12}\n" in text
    assert "- {项目: 参与群众, 数量: 200余, 单位: 人次}\n" in text
    assert item.text == "社区广泛开展宣传"
    assert f"**（一）抓好宣传**。社区广泛开展宣传。{said}\n" in rebuilt


def test_a_folded_count_of_one_kind_has_no_gongji(tmp_path: Path) -> None:
    said = "开展“迎中秋 庆国庆”联欢会、民族团结进步宣传月集中宣讲等载体活动10余次，开展帮扶慰问5次，参与群众400余人次。"
    text, report, rebuilt = round_trip(tmp_path, f"## 一、民族工作\n\n**（一）打造示范点**。社区推动各民族全方位嵌入。{said}\n\n"
                                                 "**（二）抓好服务**。社区认真做好服务。\n")
    assert [e.name for e in report.ethnic.items[0].events] == ["“迎中秋 庆国庆”联欢会", "民族团结进步宣传月集中宣讲"]  # type: ignore[union-attr]
    assert "- {项目: 开展载体活动, 数量: 10余}\n" in text
    assert "- {项目: 开展帮扶慰问, 数量: 5}\n" in text
    assert "请核对：" not in text.split("\n", 3)[3]
    assert said in rebuilt


def test_a_basis_said_before_its_count_is_kept_as_written(tmp_path: Path) -> None:
    stock = "截至目前，已评选“最美石榴籽家庭”2户。"
    signs = "截至目前，设置宣传图板12个，张贴宣传画10余份。"
    total = "累计开展帮扶慰问辖区少数民族空巢老人、少数民族流动人口走访服务等关爱活动5次。"
    own = "全年共开展政策宣讲8次。"
    text, _, rebuilt = round_trip(tmp_path, (
        f"## 一、民族工作\n\n**（一）评选最美家庭**。社区开展评选。{stock}\n\n**（二）宣传**。社区走街入户宣传。{signs}\n\n"
        f"**（三）关爱帮扶**。社区联系辖区单位开展帮扶。{total}\n\n**（四）宣讲**。社区组织宣讲。{own}\n"))
    assert "- {项目: 已评选“最美石榴籽家庭”, 数量: 2, 单位: 户, 口径: 截至目前}\n" in text
    assert "- {项目: 设置宣传图板, 数量: 12, 单位: 个, 口径: 截至目前}\n" in text
    assert "- {项目: 张贴宣传画, 数量: 10余, 单位: 份, 口径: 截至目前}\n" in text
    assert "- {项目: 开展关爱活动, 数量: 5, 口径: 累计}\n" in text
    assert "- {项目: 开展政策宣讲, 数量: 8, 口径: 全年共}\n" in text
    for sentence in (stock, signs, total, own):
        assert sentence in rebuilt


def test_the_period_lead_is_left_to_the_report_where_it_says_it_itself(tmp_path: Path) -> None:
    first = "全年共计开展各项活动10次。"
    second = "全年共计开展各项活动6次。"  # the report leads only the first of a chapter: here a 口径
    plain = "全年开展政策宣讲8次。"  # no 共计: not the report's lead, kept in the 项目
    text, _, rebuilt = round_trip(tmp_path, (
        f"## 一、民族工作\n\n**（一）学习**。社区组织学习。{first}\n\n**（二）宣传**。社区组织宣传。{second}\n\n"
        f"**（三）宣讲**。社区组织宣讲。{plain}\n"))
    assert "- {项目: 开展各项活动, 数量: 10}\n" in text
    assert "- {项目: 开展各项活动, 数量: 6, 口径: 全年共计}\n" in text
    assert "- {项目: 全年开展政策宣讲, 数量: 8}\n" in text
    for sentence in (first, second, plain):
        assert sentence in rebuilt


def test_a_count_the_report_would_lead_is_marked(tmp_path: Path) -> None:
    text, _, rebuilt = round_trip(tmp_path, "## 一、民族工作\n\n**（一）学习**。社区组织学习。开展各项活动10次。\n\n"
                                            "**（二）宣传**。社区组织宣传。\n")
    assert "- {项目: 开展各项活动, 数量: 10}  # 请核对：生成的报告在这里写“全年共计”，原文没有\n" in text
    assert "社区组织学习。全年共计开展各项活动10次。" in rebuilt


PREVIOUS = """单位: 幸福里社区
年度: 2023
民族工作:
  工作:
    - 标题: 宣讲
      统计:
        - {项目: 开展政策宣讲, 数量: 10}
        - {项目: 参与群众, 数量: 200, 单位: 人次}
"""
CHANGES = "**（一）宣讲**。社区组织宣讲。开展政策宣讲12次，比上年增加2次；参与群众200余人次，与上年基本持平。\n\n**（二）服务**。社区认真做好服务。\n"


def test_a_change_on_last_year_is_no_data_and_comes_back_from_last_years_file(tmp_path: Path) -> None:
    text, report, rebuilt = round_trip(tmp_path, "## 一、民族工作\n\n" + CHANGES, previous=PREVIOUS)
    # the wording is worked out from last year's file; the figures the source compared keep
    # their comparison (同比: true), though the report's own rule would say only one, the first
    assert "- {项目: 开展政策宣讲, 数量: 12, 同比: true}\n" in text
    assert "- {项目: 参与群众, 数量: 200余, 单位: 人次, 同比: true}\n" in text
    assert "比上年" not in text and "持平" not in text and "请核对：" not in text.split("\n", 3)[3]
    assert "社区组织宣讲。开展政策宣讲12次，比上年增加2次；参与群众200余人次，与上年基本持平。" in rebuilt



def test_a_change_is_not_settled_from_last_years_stock(tmp_path: Path) -> None:
    """Last year's file counts 政策宣讲 截至目前 (a stock): the report compares this year's work
    with none of it, so the source's 同比 cannot come back from that file and stays to review."""
    stock = PREVIOUS.replace("{项目: 开展政策宣讲, 数量: 10}", "{项目: 开展政策宣讲, 数量: 10, 口径: 截至目前}")
    text, _, rebuilt = round_trip(tmp_path, "## 一、民族工作\n\n" + CHANGES, previous=stock)
    assert "- {项目: 开展政策宣讲, 数量: 12}  # 请核对：原文的同比“比上年增加2次”没有导入" in text
    assert "开展政策宣讲12次，比上年" not in rebuilt

def test_a_change_without_last_years_file_is_marked(tmp_path: Path) -> None:
    text, _, rebuilt = round_trip(tmp_path, "## 一、民族工作\n\n" + CHANGES.replace("，比上年增加2次；", "，同比增长20%；"))
    note = "同比由上年的数据文件算出，请把上年的数据文件放在本文件旁边"
    assert f"- {{项目: 开展政策宣讲, 数量: 12}}  # 请核对：原文的同比“同比增长20%”没有导入：{note}\n" in text
    assert f"- {{项目: 参与群众, 数量: 200余, 单位: 人次}}  # 请核对：原文的同比“与上年基本持平”没有导入：{note}\n" in text
    assert "社区组织宣讲。开展政策宣讲12次，参与群众200余人次。" in rebuilt


def test_a_lone_item_is_a_plain_paragraph_of_its_chapter(tmp_path: Path) -> None:
    lone = "加强宗教领域安全稳定工作。社区依法管理宗教事务。开展宗教政策宣传、入户走访等排查宣传活动10余次。"
    text, report, rebuilt = round_trip(tmp_path, f"## 一、宗教工作\n\n{lone}\n")
    (item,) = report.religion.items  # type: ignore[union-attr]
    assert item.title == "加强宗教领域安全稳定工作" and item.text == "社区依法管理宗教事务"
    assert [e.name for e in item.events] == ["宗教政策宣传", "入户走访"]
    assert "- {项目: 开展排查宣传活动, 数量: 10余}\n" in text
    assert f"## 一、宗教工作\n\n{lone}\n" in rebuilt and "（一）" not in rebuilt


def test_a_chapter_text_then_lone_items_one_paragraph_each(tmp_path: Path) -> None:
    paragraphs = ["过去一年，我们始终将社区统战工作作为一项重要的政治任务，不断提升社区统战工作的科学化、规范化、制度化水平。",
                  "强化思想引领，凝聚统战共识。",
                  "深化理论学习。一是完善学习制度。全年共计开展各类学习活动48场次。二是丰富学习形式，拓宽学习渠道。"]
    _, report, rebuilt = round_trip(tmp_path, "## 一、统战工作回顾\n\n" + "\n\n".join(paragraphs) + "\n")
    (section,) = report.other
    assert section.text == paragraphs[0]
    (item,) = section.items
    assert item.title == "强化思想引领，凝聚统战共识"
    assert item.items[0].title == "深化理论学习" and len(item.items[0].points) == 2
    assert "\n\n".join(paragraphs) in rebuilt


def test_one_point_has_no_yi_shi(tmp_path: Path) -> None:
    said = "社区健全辖区信教群众台账，确保摸排结果底数清、情况明。"
    _, report, rebuilt = round_trip(tmp_path, f"## 一、宗教工作\n\n**（一）完善制度**。{said}\n\n**（二）排查**。社区定期排查。\n")
    assert report.religion.items[0].text == said  # type: ignore[union-attr]
    assert f"**（一）完善制度**。{said}" in rebuilt and "一是" not in rebuilt


def test_a_plan_stays_a_target(tmp_path: Path) -> None:
    said = "计划开展“统战知识进万家”“民族团结一家亲”等各类学习活动40场次。"
    text, report, rebuilt = round_trip(tmp_path, (
        "## 一、民族工作\n\n**（一）宣讲**。社区组织宣讲。\n\n**（二）服务**。社区做好服务。\n\n"
        f"## 二、2025年工作计划\n\n**（一）加强学习**。持续深入学习。{said}\n\n**（二）做好服务**。做好服务。\n"))
    plan = report.plans.items[0]  # type: ignore[union-attr]
    assert [e.name for e in plan.events] == ["“统战知识进万家”", "“民族团结一家亲”"]
    assert "- {项目: 开展各类学习活动, 数量: 40, 单位: 场次}\n" in text
    assert f"**（一）加强学习**。持续深入学习。{said}" in rebuilt


def test_a_whole_with_its_parts(tmp_path: Path) -> None:
    said = "开展“学习心得分享会”“统战成员建言献策”等活动，收集各类意见建议52条，其中被社区采纳并实施17条。"
    text, _, rebuilt = round_trip(tmp_path, f"## 一、民族工作\n\n**（一）建言献策**。引导统战成员畅谈体会。{said}\n\n"
                                            "**（二）服务**。社区做好服务。\n")
    assert "其中:\n" in text and "- {项目: 被社区采纳并实施, 数量: 17, 单位: 条}\n" in text
    assert said in rebuilt


def test_a_count_that_cannot_be_mapped_stays_in_the_text_marked(tmp_path: Path) -> None:
    said = "社区统计辖区侨胞和留学生的数量，其中华侨4名、归侨2名、留学生18名。"
    text, report, rebuilt = round_trip(tmp_path, f"## 一、民族工作\n\n**（一）摸底**。{said}\n\n**（二）服务**。社区做好服务。\n")
    assert report.ethnic.items[0].text == said  # type: ignore[union-attr]
    assert f"内容: {said}  # 请核对：{UNMAPPED}\n" in text
    assert said in rebuilt


def test_a_wording_the_report_says_otherwise_stays_text_marked(tmp_path: Path) -> None:
    said = "开展“石榴籽”宣讲、入户走访等活动10次。"  # the report says 共计 before a count of several events
    text, report, rebuilt = round_trip(tmp_path, f"## 一、民族工作\n\n**（一）宣讲**。社区组织宣讲。{said}\n\n**（二）服务**。社区做好服务。\n")
    assert f"内容: 社区组织宣讲。{said}  # 请核对：{UNMAPPED}\n" in text
    assert not report.ethnic.items[0].stats  # type: ignore[union-attr]
    assert f"**（一）宣讲**。社区组织宣讲。{said}\n" in rebuilt


# Sentences of the seeds whose counts import once read and the report said otherwise: each
# comes back word for word, its figures in its text.
SAID_AGAIN = [
    # 共计 is not what the report says before a count of one kind (关爱活动)
    "为少数民族群众办实事、做好事。累计开展帮扶慰问辖区少数民族空巢老人、开展少数民族流动人口走访服务等关爱活动共计5次。",
    # counts after a “，” would be said as a sentence of their own (“深入人心。截至目前”)
    "使“三个离不开”“五个认同”等重要思想更加深入人心，截至目前，设置宣传图板12个，张贴宣传画10余份，发放民族团结宣传手册200余份。",
    # a part said figure first (“其中17条被……”) would be said label first
    "社区坚持问需于民。全年共收集到各类意见建议52条，其中17条被社区采纳并实施。",
    # “一是……。二是……。” with the counts after it would be said “一是……；二是……。”
    "一是对辖区海外统战人士进行摸底调查，为做好统战工作打下坚实基础。二是加强同台侨眷属的联系，尽量在最短时间内帮助他们解决问题。"
    "并通过社区宣传栏、社区公众号、社区网格群等不同形式开展宣传活动共计8次。",
]


@pytest.mark.parametrize("said", SAID_AGAIN)
def test_a_sentence_the_report_would_say_otherwise_comes_back_word_for_word(tmp_path: Path, said: str) -> None:
    text, report, rebuilt = round_trip(tmp_path, f"## 一、民族工作\n\n**（一）服务**。{said}\n\n**（二）宣讲**。社区做好宣讲。\n")
    assert f"**（一）服务**。{said}\n" in rebuilt
    item = report.ethnic.items[0]  # type: ignore[union-attr]
    assert not item.stats and not item.events and not any(p.stats or p.events for p in item.points)
    last = said.rsplit("。", 2)[-2]  # the sentence that holds the counts, kept and marked
    assert any(last in line and line.endswith(f"  # 请核对：{UNMAPPED}") for line in text.splitlines())


def test_a_plan_that_says_its_period_first_is_not_said_with_a_second_plan(tmp_path: Path) -> None:
    said = "全年计划开展宗教活动场所安全检查12次，举办宗教政策法规培训4场次。"
    text, report, rebuilt = round_trip(tmp_path, f"## 一、民族工作\n\n社区做好服务。\n\n## 二、2025年工作计划\n\n"
                                                 f"**（一）宗教工作**。{said}\n\n**（二）民族工作**。持续做好服务。\n")
    assert f"**（一）宗教工作**。{said}\n" in rebuilt and "计划全年计划" not in rebuilt
    assert report.plans.items[0].text == said  # type: ignore[union-attr]
    assert f"内容: {said}\n" in text  # a target, not the period's work: nothing to sum, no mark


def test_import_takes_a_count_only_when_the_passage_comes_back_word_for_word() -> None:
    from tzreport.ingest.structure import body

    # taken: the report says the passage again as written
    said = "社区广泛开展宣传。开展“石榴籽”宣讲、入户政策宣传等各项活动共计12次，参与群众200余人次。"
    assert body([said]) == {"内容": "社区广泛开展宣传", "活动": ["“石榴籽”宣讲", "入户政策宣传"],
                            "统计": [{"项目": "开展各项活动", "数量": 12}, {"项目": "参与群众", "数量": "200余", "单位": "人次"}]}
    # kept: “……深入人心，截至目前，……” would come back as “……深入人心。截至目前，……”
    kept = "社区广泛宣传，使各民族团结思想深入人心，截至目前，设置宣传图板12个，发放宣传手册200余份。"
    assert body([kept])["内容"].value == kept


def test_a_part_in_another_unit_than_its_whole_keeps_its_unit() -> None:
    from tzreport.ingest.count_phrases import take

    taken = take("社区组织宣讲。参与群众900余人次，其中开展帮扶慰问12次。")
    assert [c.mapping() for c in taken.counts] == [
        {"项目": "参与群众", "数量": "900余", "单位": "人次", "其中": [{"项目": "开展帮扶慰问", "数量": 12, "单位": "次"}]}]
    assert not taken.said  # the report says it again as written


def test_a_roll_ups_annex_after_its_signature_is_left_to_the_roll_up(tmp_path: Path) -> None:
    from tzreport.commands.build import render
    from tzreport.report.gather import gather

    street = gather(Path(__file__).resolve().parents[2] / "examples" / "新城街道" / "2023.yaml")
    source = tmp_path / "街道.docx"
    source.write_bytes(render(street.report, "docx", extra=street.extra))
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "数据")])
    assert result.exit_code == 0, result.output
    report = loader.load(tmp_path / "数据" / "新城街道2023.yaml")
    assert report.signature and report.signature.name == "中共新城街道工作委员会"
    assert str(report.signature.date) == "2023-12-28"
    data = (tmp_path / "数据" / "新城街道2023.yaml").read_text(encoding="utf-8")
    assert "附表" not in data[data.index("\n单位:"):]
    assert "# 区（上级）汇总时，把本文件作为一个成员；不要同时汇总所辖社区的数据文件，否则这些数字会相加两次。" \
           "原文的附表由汇总时重新算出，没有导入。\n" in data


def test_a_passage_is_compared_with_what_the_users_own_items_template_prints(tmp_path: Path) -> None:
    """A template folder whose items.md.j2 joins a text and its counts with “，” (the built-in
    one starts a new sentence): with --templates, import reads the counts off such a passage,
    and the report built with the same templates says it again word for word."""
    builtin = (Path(__file__).resolve().parents[2] / "templates" / "items.md.j2").read_text(encoding="utf-8")
    ours = '{{ joined(it.text | para if it.text else "", '
    theirs = '{{ joined((it.text | strip_end | md) ~ ("，" if it.events or it.stats else "。") if it.text else "", '
    assert ours in builtin
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "items.md.j2").write_text(builtin.replace(ours, theirs), encoding="utf-8")
    said = "社区组织宣讲，开展政策宣讲12次，参与群众300余人次。"
    source = tmp_path / "报告.md"
    source.write_text(TITLE + f"## 一、民族工作\n\n**（一）宣讲**。{said}\n\n**（二）服务**。社区认真做好服务。\n", encoding="utf-8")
    plain = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "内置")])
    assert plain.exit_code == 0, plain.output
    assert f"内容: {said}  # 请核对：" in (tmp_path / "内置" / "幸福里社区2024.yaml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "数据"), "--templates", str(folder)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "数据" / "幸福里社区2024.yaml"
    item = loader.load(written).ethnic.items[0]  # type: ignore[union-attr]
    assert item.text == "社区组织宣讲" and [s.label for s in item.stats] == ["开展政策宣讲", "参与群众"]
    built = runner.invoke(app, ["build", str(written), "-f", "md", "-o", str(tmp_path / "md"), "--templates", str(folder)])
    assert built.exit_code == 0, built.output
    (markdown,) = (tmp_path / "md").glob("*.md")
    assert f"**（一）宣讲**。{said}\n" in markdown.read_text(encoding="utf-8")
    missing = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "x"), "--templates", str(tmp_path / "无")])
    assert missing.exit_code == 1 and "模板文件夹不存在" in missing.output


def test_a_change_last_years_file_would_say_otherwise_is_marked(tmp_path: Path) -> None:
    """Last year's file is there, but holds the figure less exactly than the source's author
    had it (10余, not 10): the report would say another 同比 than the source, and says so."""
    text, _, rebuilt = round_trip(tmp_path, "## 一、民族工作\n\n" + CHANGES, previous=PREVIOUS.replace("数量: 10}", "数量: 10余}"))
    assert ("- {项目: 开展政策宣讲, 数量: 12, 同比: true}  # 请核对：按上年的数据文件，报告会写“与上年基本持平”；"
            "原文的同比“比上年增加2次”没有导入：同比由上年的数据文件算出\n") in text
    assert "- {项目: 参与群众, 数量: 200余, 单位: 人次, 同比: true}\n" in text  # the same 同比 again: nothing to review
    assert "开展政策宣讲12次，与上年基本持平；参与群众200余人次，与上年基本持平。" in rebuilt
