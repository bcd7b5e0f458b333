"""How the report words its figures (docs/数据格式.md): each rule with the exact sentence it
produces — a count folded into the clause of the events it counts, the period lead at most once
a chapter, a figure's 口径 said as written, lists of one unnumbered, an honest 同比, a roll-up
that says who — and, over every shipped example, the two patterns a reviewer found wrong."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES, markdown_of
from tzreport.commands import new_year
from tzreport.data import loader, schema
from tzreport.data.models import Event, Stat
from tzreport.render import phrases
from tzreport.report.figures import Figure
from tzreport.report.gather import Clause
from tzreport.report.year_over_year import change

HEAD = "单位: 甲社区\n年度: 2024\n"


def md(write_yaml, body: str, head: str = HEAD) -> str:
    return markdown_of(write_yaml(head + body))


def stat(label: str, value: int | str, unit: str = "次", **more: object) -> Stat:
    return Stat.model_validate({"项目": label, "数量": value, "单位": unit, **more})


def events(*names: str) -> list[Event]:
    return [Event(名称=n) for n in names]


def chapters(report: str) -> list[str]:
    """The report's chapters (## sections), each with its heading."""
    return re.split(r"^(?=## )", report, flags=re.M)[1:]


# ------------------------------------------------------------------ every shipped example


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_no_shipped_example_says_kaizhan_twice_or_leads_twice(path: Path) -> None:
    """The reviewer's two findings, over every shipped example: “开展甲、乙等活动，全年共计开展……”
    (开展 twice, a lead nobody wrote), and the period lead more than once in a chapter."""
    report = markdown_of(path)
    assert not re.search(r"开展[^，。；]*，(全年|上半年|下半年)共计开展", report)
    for chapter in chapters(report):
        for lead in ("全年共计", "上半年共计", "下半年共计"):
            assert chapter.count(lead) <= 1, chapter


def test_the_seed_003_stock_figures_say_their_basis() -> None:
    """京汉新城社区2024: the seed's “截至目前” figures are said as the seed says them."""
    report = markdown_of(Path(__file__).parents[2] / "examples" / "新城街道" / "京汉新城社区" / "2024民族工作.yaml")
    assert "截至目前，设置宣传图板12个，张贴宣传画10余份，发放民族团结宣传手册200余份。" in report
    assert "截至目前，已评选2户“最美石榴籽家庭”，" in report
    assert "全年共计评选" not in report


# ------------------------------------------------------------------ a count folds into its clause


@pytest.mark.parametrize(
    ("names", "stats", "said"),
    [
        # the 项目's noun heads the “等…”, 开展 said once; further counts follow
        (("甲", "乙"), [stat("开展载体活动", "12余"), stat("参与群众", "200余", "人次")],
         "开展甲、乙等载体活动12余次，参与群众200余人次"),
        (("帮扶慰问空巢老人", "走访服务"), [stat("开展关爱活动", 5)], "开展帮扶慰问空巢老人、走访服务等关爱活动5次"),
        (("“石榴籽心连心”", "“感恩奋进跟党走”"), [stat("开展载体活动", 32, "场次")],
         "开展“石榴籽心连心”“感恩奋进跟党走”等载体活动32场次"),
        # a count that sums kinds, or of plain 活动, says 共计
        (("甲", "入户政策宣传"), [stat("开展活动", "10余")], "开展甲、入户政策宣传等活动共计10余次"),
        (("甲", "乙"), [stat("开展各项活动", 10)], "开展甲、乙等各项活动共计10次"),
        # another verb lends its own: 举办……等活动
        (("“聆听红色故事 追寻百年征程”",), [stat("举办活动", "40余", "场次")],
         "举办“聆听红色故事 追寻百年征程”等活动40余场次"),
        # another verb or another kind: a clause of its own, without a lead
        (("甲", "乙"), [stat("组织网格员入户宣传", 6)], "开展甲、乙等活动，组织网格员入户宣传6次"),
        (("甲", "乙"), [stat("发放宣传手册", "350余", "份")], "开展甲、乙等活动，发放宣传手册350余份"),
        (("甲", "乙"), [stat("开展民族宗教政策宣传、风险排查等工作", 20)],
         "开展甲、乙等活动，开展民族宗教政策宣传、风险排查等工作20次"),
    ],
)
def test_a_count_folds_into_the_clause_of_its_events(names, stats, said) -> None:
    assert phrases.activity(events(*names), stats, "全年") == said


def test_a_plan_says_targets_without_gongji() -> None:
    """In 下一步计划 counts are targets: “计划开展……”, no 共计, no past."""
    assert phrases.activity(events("甲", "乙"), [stat("开展各类学习活动", 40, "场次")], phrases.PLAN) == (
        "计划开展甲、乙等各类学习活动40场次"
    )
    assert phrases.activity([], [stat("开展各类学习活动", 40, "场次")], phrases.PLAN) == "计划开展各类学习活动40场次"


def test_a_folded_count_keeps_its_change_and_its_parts() -> None:
    carried = stat("开展载体活动", 9)
    people = stat("参与群众", 350, "人次")
    said = phrases.activity(events("甲", "乙"), [carried, people], "全年", {id(carried): "比上年增加3次"})
    assert said == "开展甲、乙等载体活动9次，比上年增加3次；参与群众350人次"


def test_a_sentence_of_several_clauses_joins_all_its_figures_by_one_mark() -> None:
    """The activities filter (a user's template may join a roll-up's groups into one sentence
    with it): a 同比 at the end of one clause still makes every figure of the sentence end at a
    “；”, never a mixed “甲27次，乙14次，比上年增加3次；丙110余处”, which import could not say
    back. The built-in template says each group as a sentence of its own (phrases.sums)."""
    learn, check, clean = stat("组织宗教知识学习", 27), stat("开展风险隐患排查", 14), stat("清除宣传标语", "110余", "处")
    changes = {id(check): "比上年增加3次"}
    group = [Clause([], [learn, check])]
    mark = phrases.joint([learn, check, clean], changes)
    assert mark == "；"
    assert phrases.activities(group, "", changes, mark=mark) == "组织宗教知识学习27次；开展风险隐患排查14次，比上年增加3次"
    # on its own the clause's last figure ends the sentence: nothing else follows its comma
    assert phrases.activities(group, "", changes) == "组织宗教知识学习27次，开展风险隐患排查14次，比上年增加3次"
    # clauses of one group: the figures inside the first follow the mark its 同比 asks for
    assert phrases.activities([Clause([], [learn, check]), Clause([], [clean])], "", changes) == (
        "组织宗教知识学习27次；开展风险隐患排查14次，比上年增加3次；清除宣传标语110余处"
    )


# ------------------------------------------------------------------ the period lead


def test_the_period_lead_only_once_a_chapter_and_only_for_kinds(write_yaml) -> None:
    out = md(write_yaml, """\
思想引领:
  工作:
    - 标题: 第一项
      内容: 社区组织学习。
      统计: [{项目: 开展各项学习宣传活动, 数量: 12}]
    - 标题: 第二项
      内容: 社区开展宣传。
      统计: [{项目: 开展各类宣传活动, 数量: 8}]
    - 标题: 第三项
      内容: 社区组织志愿服务。
      统计: [{项目: 开展志愿服务活动, 数量: 35}]
""")
    assert "**（一）第一项**。社区组织学习。全年共计开展各项学习宣传活动12次。" in out
    assert "**（二）第二项**。社区开展宣传。开展各类宣传活动8次。" in out
    assert "**（三）第三项**。社区组织志愿服务。开展志愿服务活动35次。" in out  # one kind: no lead


def test_a_half_year_report_leads_with_its_half(write_yaml) -> None:
    out = md(write_yaml, "期间: 上半年\n民族工作:\n  内容: 社区开展宣传。\n  统计: [{项目: 开展各项活动, 数量: 22}]\n")
    assert "社区开展宣传。上半年共计开展各项活动22次。" in out


# ------------------------------------------------------------------ 口径: a figure's basis


def test_a_basis_is_said_once_for_a_run_of_counts() -> None:
    said = phrases.counts([
        stat("设置宣传图板", 12, "个", 口径="截至目前"), stat("张贴宣传画", "10余", "份", 口径="截至目前"),
        stat("开展帮扶慰问", 5, 口径="累计"), stat("参与群众", 200, "人次"),
    ])
    assert said == "截至目前，设置宣传图板12个，张贴宣传画10余份，累计开展帮扶慰问5次，参与群众200人次"


@pytest.mark.parametrize(
    ("basis", "said"),
    [("截至目前", "截至目前，已评选“最美石榴籽家庭”2户"), ("累计", "累计已评选“最美石榴籽家庭”2户"),
     ("上半年", "上半年，已评选“最美石榴籽家庭”2户"), ("全年共计", "全年共计已评选“最美石榴籽家庭”2户"),
     ("截至11月底", "截至11月底，已评选“最美石榴籽家庭”2户")],
)
def test_a_basis_is_said_as_written(write_yaml, basis: str, said: str) -> None:
    out = md(write_yaml, f"""\
民族工作:
  工作:
    - 标题: 打造“最美石榴籽家庭”
      内容: 社区通过入户宣传、居民代表推荐评选“最美石榴籽家庭”。
      统计: [{{项目: 已评选“最美石榴籽家庭”, 数量: 2, 单位: 户, 口径: {basis}}}]
    - 标题: 第二项
      内容: 社区开展宣传。
""")
    assert f"社区通过入户宣传、居民代表推荐评选“最美石榴籽家庭”。{said}。" in out


def test_a_basis_is_in_the_schema_under_both_names() -> None:
    written = schema.schema()
    stat_schema = next(v for k, v in written["$defs"].items() if k.startswith("Stat"))
    assert "口径" in stat_schema["properties"]
    assert stat("甲", 1, basis="累计").basis == "累计"


@pytest.mark.parametrize(
    ("basis", "period", "carried"),
    [("截至目前", "全年", "截至目前"), ("累计", "全年", "累计"), ("上半年共计", "下半年", "下半年共计"),
     ("下半年", "全年", "全年"), ("全年", "全年", "全年")],
)
def test_new_year_carries_a_basis(basis: str, period: str, carried: str) -> None:
    """A stock's basis stays; one that names the period names the new one."""
    assert new_year.next_basis(basis, period) == carried


def test_new_year_writes_the_basis_beside_the_emptied_count(write_yaml) -> None:
    path = write_yaml(HEAD + "期间: 上半年\n民族工作:\n  统计:\n"
                      "    - {项目: 设置宣传图板, 数量: 12, 单位: 个, 口径: 截至目前}\n"
                      "    - {项目: 开展各项活动, 数量: 22, 口径: 上半年共计}\n")
    written = new_year.new_year(path).read_text(encoding="utf-8")
    assert "# - {项目: 设置宣传图板, 数量: , 单位: 个, 口径: 截至目前}  # 上期：12个" in written
    assert "# - {项目: 开展各项活动, 数量: , 口径: 下半年共计}  # 上期：22次" in written
    assert loader.load(path).ethnic is not None


# ------------------------------------------------------------------ lists of one


def test_a_chapter_with_one_item_has_no_number(write_yaml) -> None:
    out = md(write_yaml, """\
宗教工作:
  工作:
    - 标题: 防范化解宗教领域风险隐患
      内容: 社区网格员每月开展排查。
      统计: [{项目: 开展宗教领域风险排查, 数量: 12}]
""")
    assert "## 一、依法管理宗教事务，维护社会和谐稳定\n\n防范化解宗教领域风险隐患。社区网格员每月开展排查。开展宗教领域风险排查12次。\n" in out
    assert "（一）" not in out


def test_one_point_has_no_yishi(write_yaml) -> None:
    out = md(write_yaml, "存在问题:\n  - 统战工作宣传形式还不够丰富\n下一步计划:\n  - 创新宣传载体\n  - 吸引更多青年参与\n")
    assert "## 一、存在的问题\n\n统战工作宣传形式还不够丰富。\n" in out
    assert "一是创新宣传载体；二是吸引更多青年参与。" in out


def test_one_third_level_item_has_no_number(write_yaml) -> None:
    out = md(write_yaml, """\
民族工作:
  工作:
    - 标题: 广泛宣传
      内容: 社区多渠道开展宣传。
      工作:
        - 标题: 线下宣传
          内容: 社区工作人员走街入户。
    - 标题: 关爱帮扶
      内容: 社区走访慰问。
""")
    assert "**（一）广泛宣传**。社区多渠道开展宣传。\n\n线下宣传。社区工作人员走街入户。\n\n**（二）关爱帮扶**。" in out
    assert "1." not in out


# ------------------------------------------------------------------ 同比


@pytest.mark.parametrize(
    ("now", "before", "unit", "period", "said"),
    [
        (Figure(1200), Figure(1000), "人次", "全年", "比上年增长20%"),  # two exact figures
        (Figure(950), Figure(1000), "人次", "全年", "比上年下降5%"),
        (Figure(1004), Figure(1000), "人次", "全年", "比上年增长不足1%"),
        (Figure(40, True), Figure(35), "次", "全年", "比上年有所增加"),  # 余 on one side: no percentage
        (Figure(1100, True), Figure(900, True), "人次", "全年", "比上年有所增加"),
        (Figure(120, True), Figure(150, True), "处", "全年", "比上年有所减少"),
        (Figure(200, True), Figure(200), "人次", "全年", "与上年基本持平"),  # the same lower bound
        (Figure(200), Figure(200), "人次", "全年", "与上年持平"),
        (Figure(60), Figure(30), "次", "全年", "比上年增加30次"),  # small counts: the difference
        (Figure(5), Figure(6), "次", "全年", "比上年减少1次"),
        (Figure(60), Figure(30), "次", "上半年", "同比增加30次"),  # a half-year: 同比
        (Figure(1200), Figure(1000), "人次", "下半年", "同比增长20%"),
        (Figure(40, True), Figure(35), "次", "上半年", "同比有所增加"),
        (Figure(200, True), Figure(200), "人次", "上半年", "与上年同期基本持平"),
    ],
)
def test_a_change_is_honest(now: Figure, before: Figure, unit: str, period: str, said: str) -> None:
    assert change(now, before, unit, period) == said


def test_a_change_is_said_in_the_report(write_yaml) -> None:
    write_yaml(HEAD.replace("2024", "2023") + "民族工作:\n  内容: 社区开展宣传。\n  统计:\n"
               "    - {项目: 开展载体活动, 数量: 30}\n    - {项目: 参与群众, 数量: 200, 单位: 人次}\n", "2023.yaml")
    out = md(write_yaml, "民族工作:\n  内容: 社区开展宣传。\n  活动: [甲, 乙]\n  统计:\n"
             "    - {项目: 开展载体活动, 数量: 60}\n    - {项目: 参与群众, 数量: 200余, 单位: 人次}\n")
    # one comparison in a paragraph: the first worth saying; 200余 against 200 says nothing
    assert "开展甲、乙等载体活动60次，比上年增加30次；参与群众200余人次。" in out


# ------------------------------------------------------------------ a roll-up says who


def rollup(write_yaml, members: dict[str, str], own: str = "") -> str:
    """The Markdown of 新城街道's roll-up of the given members (社区 name → its sections), plus
    what the 街道 writes itself."""
    for name, body in members.items():
        write_yaml(f"单位: {name}\n年度: 2024\n{body}", f"{name}/2024.yaml")
    listed = ", ".join(f"{name}/2024.yaml" for name in members)
    return md(write_yaml, f"汇总: [{listed}]\n{own}", head="单位: 新城街道\n年度: 2024\n")


def national(*counts: str) -> str:
    return "民族工作:\n  统计:\n" + "".join(f"    - {c}\n" for c in counts)


CARRIER = "{项目: 开展民族团结载体活动, 数量: 5}"


def test_a_rollup_names_the_members_that_added_to_a_figure(write_yaml) -> None:
    """Two of four members write 志愿服务: the sentence names them, not “所辖4个社区”; no 共计
    before a count of one kind."""
    out = rollup(write_yaml, {f"{name}社区": national(CARRIER, *(["{项目: 开展志愿服务活动, 数量: 10}"] if n < 2 else []))
                              for n, name in enumerate("甲乙丙丁")})
    assert "全年，新城街道所辖4个社区开展民族团结载体活动20次。甲社区、乙社区开展志愿服务活动20次。" in out
    assert "所辖4个社区开展志愿服务活动" not in out


def test_a_rollup_names_three_of_four_members_never_其中(write_yaml) -> None:
    """帮扶慰问 is not a part of the 载体活动 before it: “其中3个社区” would say it is. Three of
    four members (all but one) are named."""
    out = rollup(write_yaml, {f"{name}社区": national(CARRIER, *(["{项目: 开展帮扶慰问, 数量: 2}"] if n < 3 else []))
                              for n, name in enumerate("甲乙丙丁")})
    assert "全年，新城街道所辖4个社区开展民族团结载体活动20次。甲社区、乙社区、丙社区开展帮扶慰问6次。" in out
    assert "其中" not in out


def test_a_rollup_says_how_many_of_many_members(write_yaml) -> None:
    """Six of seven members are too many names for a sentence: how many of them, still no 其中."""
    out = rollup(write_yaml, {f"{n}社区": national(CARRIER, *(["{项目: 开展帮扶慰问, 数量: 2}"] if n < 7 else []))
                              for n in range(1, 8)})
    assert "全年，新城街道所辖7个社区开展民族团结载体活动35次。新城街道所辖7个社区中的6个开展帮扶慰问12次。" in out
    assert "其中" not in out


def test_a_rollup_says_each_group_of_members_as_a_sentence_with_its_subject(write_yaml) -> None:
    """No run of clauses without a subject: a group's figures after who, joined by “，”; a
    figure with a 同比 set off by “；”, the figures after it still the same members' work; the
    next group a sentence of its own (DESIGN §3, as the 街道's own seed says its communities')."""
    def year(y: int, carried: int) -> Path:
        for n, name in enumerate("甲乙丙"):
            write_yaml(f"单位: {name}社区\n年度: {y}\n" + national(
                f"{{项目: 开展民族团结载体活动, 数量: {carried}}}", "{项目: 参与群众, 数量: 100, 单位: 人次}",
                "{项目: 开展帮扶各族群众活动, 数量: 4}", *(["{项目: 发放宣传手册, 数量: 50, 单位: 份}"] if n else [])),
                f"{name}社区/{y}.yaml")
        listed = ", ".join(f"{name}社区/{y}.yaml" for name in "甲乙丙")
        return write_yaml(f"单位: 新城街道\n年度: {y}\n汇总: [{listed}]\n", f"{y}.yaml")
    year(2023, 5)
    out = markdown_of(year(2024, 7))
    assert ("\n全年，新城街道所辖3个社区开展民族团结载体活动21次，比上年增加6次；参与群众300人次，开展帮扶各族群众活动12次。"
            "乙社区、丙社区发放宣传手册100份。\n") in out


def test_a_figure_with_its_own_comma_is_set_off_by_semicolons_in_a_sums_sentence() -> None:
    learn, check, clean = stat("组织宗教知识学习", 27), stat("开展风险隐患排查", 14), stat("清除宣传标语", "110余", "处")
    changes = {id(check): "比上年增加3次"}
    assert phrases.sums([Clause([], [learn, check, clean])], "", changes) == (
        "组织宗教知识学习27次；开展风险隐患排查14次，比上年增加3次；清除宣传标语110余处")
    assert phrases.sums([Clause([], [learn, check, clean])], "", {}) == (
        "组织宗教知识学习27次，开展风险隐患排查14次，清除宣传标语110余处")
    # the events stay with the figure that counts them, its 同比 after it
    carried, people = stat("开展载体活动", 36, "场次"), stat("参与群众", "1100余", "人次")
    said = phrases.sums([Clause(events("甲", "乙"), [carried, people]), Clause([], [learn])], "",
                        {id(carried): "比上年增加4场次"})
    assert said == "开展甲、乙等载体活动36场次，比上年增加4场次；参与群众1100余人次，组织宗教知识学习27次"


def test_the_streets_own_part_of_a_sum_comes_after_the_whole(write_yaml) -> None:
    """The 街道's own figures that are part of the sums: the whole first, then “其中，街道本级……”;
    a figure only the 街道 writes stays its own sentence, before the sums, without 其中."""
    members = {f"{name}社区": "思想引领:\n  统计:\n    - {项目: 开展学习活动, 数量: 10}\n" for name in "甲乙"}
    own = "思想引领:\n  统计:\n    - {项目: 开展学习活动, 数量: 3}\n"
    out = rollup(write_yaml, members, own)
    assert "\n全年，新城街道及所辖2个社区开展学习活动23次。其中，街道本级开展学习活动3次。\n" in out
    alone = rollup(write_yaml, members, own + "    - {项目: 开展专项排查, 数量: 4}\n")
    assert "\n全年，新城街道及所辖2个社区开展学习活动23次。街道本级开展学习活动3次，开展专项排查4次。\n" in alone
    theirs = rollup(write_yaml, members, "思想引领:\n  统计:\n    - {项目: 开展专项排查, 数量: 4}\n")
    assert "\n开展专项排查4次。全年，新城街道所辖2个社区开展学习活动20次。\n" in theirs


def test_a_chapter_whose_own_part_follows_its_sums_opens_with_the_period(write_yaml) -> None:
    """The period is said once, where a chapter's paragraph opens with its sums: the 街道's own
    part now follows them, so the first chapter opens with them and says “全年，”."""
    members = {f"{name}社区": "思想引领:\n  统计:\n    - {项目: 开展学习活动, 数量: 10}\n" + national(CARRIER)
               for name in "甲乙"}
    out = rollup(write_yaml, members, "思想引领:\n  统计:\n    - {项目: 开展学习活动, 数量: 3}\n")
    assert "\n全年，新城街道及所辖2个社区开展学习活动23次。其中，街道本级开展学习活动3次。\n" in out
    assert "\n各社区开展民族团结载体活动10次。\n" in out
    assert out.count("全年，") == 1


def test_a_sum_of_stock_figures_says_their_basis_before_who(write_yaml) -> None:
    """截至目前 figures (a stock) of every part: said before who, never as this year's work; a
    stock is never added to this year's work of the same 项目 (6 + 6 boards standing, 2 put up
    this year: not “14个”), each is said apart."""
    board = "{项目: 设置宣传图板, 数量: 6, 单位: 个, 口径: 截至目前}"
    out = rollup(write_yaml, {"甲社区": national(CARRIER, board), "乙社区": national(CARRIER, board),
                              "丙社区": national(CARRIER, "{项目: 设置宣传图板, 数量: 2, 单位: 个}")})
    assert "14个" not in out
    assert "丙社区设置宣传图板2个。截至目前，甲社区、乙社区设置宣传图板12个。\n" in out
    out = rollup(write_yaml, {"甲社区": national(CARRIER), "乙社区": national(CARRIER, board)})
    assert "\n全年，新城街道所辖2个社区开展民族团结载体活动10次。截至目前，乙社区设置宣传图板6个。\n" in out


def test_a_rollup_says_共计_before_a_sum_of_kinds_only(write_yaml) -> None:
    out = rollup(write_yaml, {f"{name}社区": national("{项目: 开展各项民族团结活动, 数量: 3}") for name in "甲乙"})
    assert "全年，新城街道所辖2个社区共计开展各项民族团结活动6次。" in out


def test_a_rollup_says_the_period_once(write_yaml) -> None:
    """Not “全年，” before the sums of every chapter: once a report, in the first chapter whose
    paragraph opens with its sums; the others open with who."""
    member = ("思想引领:\n  统计: [{项目: 开展学习活动, 数量: 4}]\n" + national(CARRIER)
              + "宗教工作:\n  统计: [{项目: 开展风险排查, 数量: 2}]\n")
    # the 街道's own text opens 思想引领: its paragraph opens with that, not with the sums
    out = rollup(write_yaml, {f"{name}社区": member for name in "甲乙"}, "思想引领:\n  内容: 街道坚持学习。\n")
    assert out.count("全年，") == 1
    assert "\n街道坚持学习。新城街道所辖2个社区开展学习活动8次。\n" in out
    # who is said once: after “新城街道所辖2个社区”, “各社区” (DESIGN §3, a roll-up says who)
    assert "\n全年，各社区开展民族团结载体活动10次。\n" in out
    assert "\n各社区开展风险排查4次。\n" in out


def test_a_rollup_says_the_period_after_text_when_no_chapter_opens_with_sums(write_yaml) -> None:
    member = "思想引领:\n  统计: [{项目: 开展学习活动, 数量: 4}]\n" + national(CARRIER)
    own = "思想引领:\n  内容: 街道坚持学习。\n民族工作:\n  内容: 街道推进创建。\n"
    out = rollup(write_yaml, {f"{name}社区": member for name in "甲乙"}, own)
    assert "\n街道坚持学习。全年，新城街道所辖2个社区开展学习活动8次。\n" in out
    assert "\n街道推进创建。各社区开展民族团结载体活动10次。\n" in out


# ---------------------------------------------------------------- 文中已写: a figure its text states


def test_a_figure_its_text_states_is_not_said_again(write_yaml) -> None:
    """文中已写: the text keeps the seed's own sentence; the 统计 is there for the roll-up."""
    out = md(write_yaml, textwrap.dedent("""
        民族工作:
          工作:
            - 标题: 开展形式多样的活动
              内容: 组织群众开展“习语金句大家写”等载体活动12余次。
              活动: [“习语金句大家写”, 参观“统战之家”]
              统计:
                - {项目: 开展民族团结载体活动, 数量: 12余, 文中已写: true}
                - {项目: 参与人数, 数量: 200余, 单位: 人}
        """).lstrip())
    assert "等载体活动12余次。开展“习语金句大家写”、参观“统战之家”等活动，参与人数200余人。" in out
    assert out.count("12余") == 1 and "民族团结载体活动" not in out
    # its events are listed without a count of their own (no “等活动2次”: the text says 12余)
    alone = md(write_yaml, textwrap.dedent("""
        民族工作:
          内容: 组织群众开展载体活动12余次。
          活动: [“习语金句大家写”, 参观“统战之家”]
          统计:
            - {项目: 开展民族团结载体活动, 数量: 12余, 文中已写: true}
        """).lstrip())
    assert "组织群众开展载体活动12余次。开展“习语金句大家写”、参观“统战之家”等活动。" in alone


def test_a_rollup_adds_what_its_members_texts_state(write_yaml) -> None:
    stated = ("民族工作:\n  内容: 发放民族团结宣传手册200余份。\n  统计:\n"
              "    - {项目: 发放民族团结宣传手册, 数量: 200余, 单位: 份, 文中已写: true}\n")
    printed = national("{项目: 发放民族团结宣传手册, 数量: 500余, 单位: 份}")
    out = rollup(write_yaml, {"甲社区": printed, "乙社区": stated})
    assert "全年，新城街道所辖2个社区发放民族团结宣传手册700余份。" in out
    assert "| 乙社区 | 200余 |" in out and "| **合计** | **700余** |" in out


def test_a_rollup_says_who_once(write_yaml) -> None:
    """All the members named once (“所辖3个社区”), then “各社区”; a few named once, then
    “上述2个社区” (DESIGN §3: a roll-up says who)."""
    member = ("思想引领:\n  统计: [{项目: 开展学习活动, 数量: 4}]\n"
              "民族工作:\n  统计: [{项目: 开展民族团结载体活动, 数量: 5}]\n")
    few = "宗教工作:\n  统计: [{项目: 开展风险排查, 数量: 2}]\n其他工作:\n  - 标题: 群团工作\n    统计: [{项目: 开展志愿服务, 数量: 3}]\n"
    out = rollup(write_yaml, {"甲社区": member + few, "乙社区": member + few, "丙社区": member})
    assert "全年，新城街道所辖3个社区开展学习活动12次。" in out
    assert "\n各社区开展民族团结载体活动15次。\n" in out
    assert "\n甲社区、乙社区开展风险排查4次。\n" in out
    assert "\n上述2个社区开展志愿服务6次。\n" in out
    assert out.count("甲社区、乙社区") == 1
