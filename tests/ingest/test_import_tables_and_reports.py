"""Import of reports written by hand, not by tzreport: a count left in text is marked and named
by check; a Word table of 项目/数量 becomes 统计; a file of several reports becomes one data file
per report; a roll-up's own report is recognised and never rolled up with its members."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT
from handmade import Para, Report, build
from tzreport.cli.main import app
from tzreport.data import loader

runner = CliRunner()
CORPUS = ROOT / "tests" / "corpus"
SEED_004 = ROOT / "tests" / "seeds" / "004_92da38d838d82740.txt"


def imported(tmp_path: Path, *sources: Path) -> dict[str, str]:
    out = tmp_path / "数据"
    result = runner.invoke(app, ["import", *map(str, sources), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.yaml"))}


# ---------------------------------------------------------------- a count left in text


def test_a_count_left_in_text_is_marked_by_import_and_named_by_check(tmp_path: Path) -> None:
    source = tmp_path / "幸福里社区.txt"
    source.write_bytes((CORPUS / "幸福里社区2024.txt").read_text(encoding="utf-8").encode("gbk"))
    (text,) = imported(tmp_path, source).values()
    said = "开展“石榴籽”邻里节等活动，全年共计开展民族团结载体活动18次；走访少数民族家庭35户。"
    line = next(n for n, line in enumerate(text.split("\n"), 1) if said in line)
    assert text.split("\n")[line - 1].split(said)[1].startswith("  # 请核对：")
    # never a 项目 that begins with 一是, never “共计二是”: the point keeps its words, marked
    assert "项目: 一是" not in text and "项目: 二是" not in text
    assert "- 走访辖区党外知识分子26人  # 请核对：" in text
    checked = runner.invoke(app, ["check", str(tmp_path / "数据" / "幸福里社区2024.yaml")])
    assert (f"幸福里社区2024.yaml:{line}:39: 警告 TZ407 民族工作.工作[1].内容: "
            "这里的“开展……18次”没有写进统计，汇总时不会相加（这段文字中还有1处）") in checked.output
    assert "思想引领.工作[1].要点[0]: 这里的“走访……26人”没有写进统计，汇总时不会相加" in checked.output


def test_a_count_that_says_its_period_takes_no_second_lead(tmp_path: Path) -> None:
    source = tmp_path / "光明里社区.txt"
    source.write_text((CORPUS / "光明里社区2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    imported(tmp_path, source)
    built = runner.invoke(app, ["build", str(tmp_path / "数据" / "光明里社区2024.yaml"), "-f", "md", "-o", str(tmp_path / "md")])
    assert built.exit_code == 0, built.output
    (markdown,) = (tmp_path / "md").glob("*.md")
    report = markdown.read_text(encoding="utf-8")
    assert "开展统战政策进楼栋活动。全年开展各类学习活动24次，参与群众600余人次。" in report
    assert "全年共计全年" not in report


def test_chapters_of_a_report_without_numbers_are_found_by_their_look(tmp_path: Path) -> None:
    source = tmp_path / "光明里社区.txt"
    source.write_text((CORPUS / "光明里社区2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    imported(tmp_path, source)
    report = loader.load(tmp_path / "数据" / "光明里社区2024.yaml")
    assert report.intro == "今年以来，光明里社区坚持以铸牢中华民族共同体意识为主线，团结引导辖区各族群众，较好地完成了各项任务。"
    assert report.ethnic is not None and report.ethnic.title == "加强民族团结，促进交往交流交融"
    assert report.problems is not None and report.problems.text == "社区统战工作力量仍然薄弱，活动形式还不够丰富。"
    assert report.plans is not None and report.plans.title == "下一步工作计划"
    assert report.closing is None  # the plan's text is no closing


# ---------------------------------------------------------------- tables


def test_a_word_table_of_items_and_figures_becomes_stats(tmp_path: Path) -> None:
    source = build(Report([
        Para("光明里社区2024年统战工作总结"),
        Para("一、加强民族团结"),
        Para("社区开展民族团结进步创建活动。"),
        Para("", table=[["项目", "数量（次）"], ["开展民族团结宣讲", "6"], ["走访少数民族家庭", "35户"],
                        ["其中：困难家庭", "8户"]]),
        Para("二、做好宗教工作"),
        Para("", table=[["开展宗教政策宣传", "10余场次"], ["排查宗教活动场所", "2处"]]),
        Para("", table=[["姓名", "职务"], ["张三", "主任"]]),
        Para("光明里社区党支部"),
        Para("2024年12月25日"),
    ]), tmp_path / "光明里社区.docx")
    out = tmp_path / "数据"
    result = runner.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "原文中的1个表格没有导入" in result.output  # the table of names is no 统计 table
    report = loader.load(out / "光明里社区2024.yaml")
    assert report.ethnic is not None and report.religion is not None
    assert [(s.label, s.printed, s.unit, [(p.label, p.printed, p.unit) for p in s.of]) for s in report.ethnic.stats] == [
        ("开展民族团结宣讲", "6", "次", []), ("走访少数民族家庭", "35", "户", [("困难家庭", "8", "户")])]
    assert [(s.label, s.printed, s.unit) for s in report.religion.stats] == [
        ("开展宗教政策宣传", "10余", "场次"), ("排查宗教活动场所", "2", "处")]
    text = (out / "光明里社区2024.yaml").read_text(encoding="utf-8")
    assert "- {项目: 开展民族团结宣讲, 数量: 6}  # 请核对：取自原文的表格" in text


# ---------------------------------------------------------------- several reports in one file


def test_a_page_of_several_reports_becomes_one_data_file_each(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(SEED_004), "-o", str(tmp_path / "数据")])
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "数据").glob("*.yaml"))
    assert len(written) == 5
    assert "文件中有5份报告，分别导入为" in result.output
    titles = []
    for n, path in enumerate(sorted(written, key=lambda p: result.output.index(p.name)), 1):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# 由 tzreport import 从“{SEED_004.name}”（其中的第{n}份报告）导入")
        titles.append(loader.load(path).title or "")
    assert "2021年上半年统战工作总结" in titles[0] and "上半年统战工作总结范文" in titles[1]
    # the site's page header before every report is no report, and is said to be left out
    first = written[0].read_text(encoding="utf-8")
    assert "2022上半年统战工作总结" not in first.split("\n单位:")[1]


def test_two_reports_in_one_gbk_text_become_two_files(tmp_path: Path) -> None:
    source = tmp_path / "各社区报告.txt"
    source.write_bytes("\n".join((CORPUS / name).read_text(encoding="utf-8")
                                 for name in ("幸福里社区2024.txt", "光明里社区2024.txt")).encode("gbk"))
    files = imported(tmp_path, source)
    assert sorted(files) == ["光明里社区2024.yaml", "幸福里社区2024.yaml"]
    assert loader.load(tmp_path / "数据" / "光明里社区2024.yaml").signature.name == "光明里社区党支部"  # type: ignore[union-attr]
    assert loader.load(tmp_path / "数据" / "幸福里社区2024.yaml").signature.name == "幸福里社区党委"  # type: ignore[union-attr]


def test_without_o_the_reports_of_a_file_are_written_beside_it(tmp_path: Path) -> None:
    source = tmp_path / "各社区报告.txt"
    source.write_text("\n".join((CORPUS / name).read_text(encoding="utf-8")
                                for name in ("幸福里社区2024.txt", "光明里社区2024.txt")), encoding="utf-8")
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.yaml")) == ["光明里社区2024.yaml", "幸福里社区2024.yaml"]


def test_a_chapter_named_like_a_report_splits_nothing(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    source.write_text("幸福里社区2024年上半年统战工作总结及下半年工作打算\n上半年工作总结\n一、学习\n社区组织学习。\n"
                      "下半年工作打算\n一、宣传\n社区做好宣传。\n", encoding="utf-8")
    assert list(imported(tmp_path, source)) == ["幸福里社区2024上半年.yaml"]


# ---------------------------------------------------------------- a roll-up's own report


def _street_and_member(tmp_path: Path) -> tuple[Path, Path]:
    from tzreport.commands.build import render
    from tzreport.report import gather

    made = gather.gather(ROOT / "examples" / "新城街道" / "2024.yaml")
    street = tmp_path / "街道.docx"
    street.write_bytes(render(made.report, "docx", extra=made.extra))
    member = gather.gather(ROOT / "examples" / "新城街道" / "河畔花园社区" / "2024.yaml")
    community = tmp_path / "河畔花园社区.docx"
    community.write_bytes(render(member.report, "docx", extra=member.extra))
    return street, community


def test_a_rollups_own_report_is_recognised_and_marked(tmp_path: Path) -> None:
    street, _ = _street_and_member(tmp_path)
    text = imported(tmp_path, street)["新城街道2024.yaml"]
    assert ("# 原文是新城街道的汇总报告：其中的数字是所辖5个社区之和"
            "（河畔花园社区、希望新城社区、金源郦都社区、富力新城社区、京汉新城社区）。\n") in text
    assert "单位: 新城街道  # 请核对：原文是汇总报告，数字是所辖5个社区之和：不要与所辖社区的文件一起汇总\n" in text
    # a later chapter says who once said (“上述4个社区”): marked as the 街道's own subject too
    assert ("- {项目: 上述4个社区开展“培育良好家风，建设文明家庭”“小手拉大手，牵手共阅读”等公益主题活动, 数量: 60余, "
            "单位: 场次, 口径: 全年}  # 请核对：“项目”以“上述4个社区”开头") in text


def test_a_rollups_sums_sentence_whose_change_the_data_cannot_say_stays_as_text(tmp_path: Path) -> None:
    """The 街道's 2024 宗教 sums end “河畔花园社区、金源郦都社区、富力新城社区清除宗教宣传标语110余处，
    比上年有所减少”: a 项目 naming who, which no file of last year holds (there the subject stood
    before another figure), so the data could not say the 同比 again. The sentence stays in the
    text, word for word and marked; the figures of other chapters are still read as 统计."""
    street, _ = _street_and_member(tmp_path)
    text = imported(tmp_path, street)["新城街道2024.yaml"]
    assert ("开展宗教领域风险隐患排查14次。河畔花园社区、金源郦都社区、富力新城社区清除宗教宣传标语110余处，比上年有所减少。"
            "  # 请核对：句末的数字没有写进“统计”") in text
    assert "原文的同比" not in text
    assert "- {项目: 开展青年志愿服务活动, 数量: 110, 口径: 全年}" in text


def test_a_rollups_annex_is_left_out_without_a_signature(tmp_path: Path) -> None:
    """A roll-up's report with no 落款: its 附表 follows the “附表：……” line itself, and is left
    out as after a 落款 (it ran into the last chapter's text: “……6次。附表：……统计表附表……注：……”)."""
    from tzreport.commands.build import render
    from tzreport.report import gather

    for name in "甲乙":
        member = tmp_path / "街道" / f"{name}社区" / "2024.yaml"
        member.parent.mkdir(parents=True)
        member.write_text(f"单位: {name}社区\n年度: 2024\n民族工作:\n  统计:\n    - {{项目: 开展帮扶各族群众活动, 数量: 3}}\n",
                          encoding="utf-8")
    street = tmp_path / "街道" / "2024.yaml"
    street.write_text("单位: 新城街道\n年度: 2024\n汇总: [甲社区/2024.yaml, 乙社区/2024.yaml]\n", encoding="utf-8")
    made = gather.gather(street)
    source = tmp_path / "街道.docx"
    source.write_bytes(render(made.report, "docx", extra=made.extra))
    text = imported(tmp_path, source)["新城街道2024.yaml"]
    assert "原文的附表由汇总时重新算出，没有导入。" in text
    assert "新城街道所辖2个社区开展帮扶各族群众活动" in text
    assert "统计表" not in text.split("\n单位:")[1]
    assert "注：" not in text


def test_a_rollups_report_and_its_member_are_never_put_in_one_folder(tmp_path: Path) -> None:
    street, community = _street_and_member(tmp_path)
    out = tmp_path / "数据"
    together = runner.invoke(app, ["import", str(street), str(community), "-o", str(out)])
    assert together.exit_code == 1
    assert ("新城街道2024.yaml: 错误 这是新城街道的汇总报告，其中的数字已含河畔花园社区的；河畔花园社区的数据文件"
            "（河畔花园社区2024.yaml）在同一文件夹中") in together.output
    assert not out.exists() or not list(out.iterdir())  # nothing written
    # one after the other, either way round
    assert runner.invoke(app, ["import", str(community), "-o", str(out)]).exit_code == 0
    later = runner.invoke(app, ["import", str(street), "-o", str(out)])
    assert later.exit_code == 1 and "会相加两次" in later.output
    other = tmp_path / "区"
    assert runner.invoke(app, ["import", str(street), "-o", str(other)]).exit_code == 0
    again = runner.invoke(app, ["import", str(community), "-o", str(other)])
    assert again.exit_code == 1 and "会相加两次" in again.output
    assert sorted(p.name for p in other.glob("*.yaml")) == ["新城街道2024.yaml"]


def test_a_chapter_that_sums_up_a_year_splits_nothing(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    source.write_text("幸福里社区2024年统战工作总结及2025年工作打算\n今年以来，社区扎实推进统战工作。\n"
                      "社区坚持以铸牢中华民族共同体意识为主线。\n现将有关情况总结如下。\n2024年工作总结\n一、学习\n社区组织学习。\n二、宣传\n社区做好宣传。\n", encoding="utf-8")
    assert list(imported(tmp_path, source)) == ["幸福里社区2024.yaml"]
