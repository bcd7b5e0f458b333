"""Roll-up files (汇总): sums per (section, 项目, 单位) held against an independent computation
(tests/reference.py), the 附表 read back from the .docx, member order, members' errors,
cycles, roll-ups of roll-ups, and a 街道 of 40 communities built with one command."""

from __future__ import annotations

import io
import random
import re
import textwrap
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

import reference
from conftest import ROOT
from conftest import markdown_of as markdown
from tzreport.cli.main import app
from tzreport.commands import build
from tzreport.errors import DataError
from tzreport.render.templating import render_markdown
from tzreport.report import gather
from tzreport.writers import unbroken

runner = CliRunner()

STREET = {
    "街道/2024.yaml": """
        单位: 新城街道
        年度: 2024
        汇总:
          - 甲社区/2024.yaml
          - 乙社区/2024.yaml
          - 丙社区/2024.yaml
        思想引领:
          工作:
            - 标题: 加强街道统战工作领导
              统计:
                - {项目: 开展学习活动, 数量: 4}
        宗教工作:
          工作:
            - 标题: 依法取缔非法聚会点
              统计:
                - {项目: 取缔非法聚会点, 数量: 1, 单位: 处}
        """,
    "街道/甲社区/2024.yaml": """
        单位: 甲社区
        年度: 2024
        概况:
          - {项目: 华侨, 数量: 1}
        思想引领:
          工作:
            - 标题: 学习
              活动:
                - {名称: 统战知识讲座, 人数: 60}
              统计:
                - {项目: 开展学习活动, 数量: 12}
                - {项目: 参与群众, 数量: 200余, 单位: 人次}
            - 标题: 宣传
              统计:
                - {项目: 开展学习活动, 数量: 3}
        民族工作:
          工作:
            - 标题: 载体活动
              活动:
                - {名称: 石榴籽文艺汇演, 人数: 180}
              统计:
                - {项目: 开展载体活动, 数量: 9}
        """,
    "街道/乙社区/2024.yaml": """
        单位: 乙社区
        年度: 2024
        概况:
          - {项目: 华侨, 数量: 2}
          - {项目: 信教群众, 数量: 10, 单位: 人}
        思想引领:
          工作:
            - 标题: 学习
              活动:
                - 入户宣传
              统计:
                - {项目: 开展学习活动, 数量: 15, 约数: true}
        其他工作:
          - 标题: 群团工作
            工作:
              - 标题: 志愿服务
                工作:
                  - 标题: 青年志愿服务
                    统计:
                      - {项目: 开展志愿服务活动, 数量: 36}
        """,
    "街道/丙社区/2024.yaml": """
        单位: 丙社区
        年度: 2024
        民族工作:
          工作:
            - 标题: 宣传
              活动:
                - {名称: 民族政策宣讲, 人数: 90}
              统计:
                - {项目: 开展载体活动, 数量: 5}
                - {项目: 发放宣传手册, 数量: 500余, 单位: 份}
        """,
}


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")



def section_block(text: str, title: str) -> str:
    """The Markdown of one numbered section, from its heading to the next."""
    m = re.search(rf"^## [一二三四五六七八九十]+、{re.escape(title)}\n(.*?)(?=^## |^附表|\Z)", text, re.M | re.S)
    assert m, f"no section “{title}” in:\n{text}"
    return m.group(1)


def summed(block: str) -> str:
    """A section's sums sentences (its first paragraph: a sentence for each group of members
    after the section's own text), their counts unfolded from the events clause (“开展甲、乙等
    学习活动30余次” → “开展学习活动30余次”) and without 共计, so that each figure reads as its
    clause."""
    paragraph = block.strip().split("\n\n")[0]
    assert paragraph.endswith("。"), block
    return re.sub(r"开展[^，；。]*等", "开展", paragraph).replace("共计", "")


def says_each(block: str, section: str, now: reference.Sums, before: reference.Sums | None) -> bool:
    """Every figure of the section, with its change, is in the section's sums sentence."""
    said = summed(block)
    missing = [c for c in reference.clauses(section, now, before) if c not in said]
    assert not missing, (missing, said)
    return True


def docx_tables(path: Path, anywhere: bool = False) -> list[list[list[str]]]:
    options = build.BuildOptions(("docx",), anywhere=anywhere)
    rendered = dict((t.suffix, data) for t, data in build.prepare(path, options).files)
    doc = Document(io.BytesIO(rendered[".docx"]))
    # (a header cell's lines, broken between words, read as one)
    return [[[unbroken.strip(c.text).replace("\n", "") for c in row.cells] for row in table.rows]
            for table in doc.tables]


@pytest.fixture
def street(tmp_path: Path) -> Path:
    write_tree(tmp_path, STREET)
    return tmp_path / "街道" / "2024.yaml"


def files_of(rollup: Path) -> list[Path]:
    data = reference.read(rollup)
    return [rollup] + [rollup.parent / m for m in data["汇总"]]


def test_section_sums_equal_an_independent_sum(street: Path) -> None:
    text = markdown(street)
    expected = reference.sums(files_of(street))
    # 约数 in any part makes the sum approximate, written by the 约数 rule: 4 + 12 + 3 + 15(约) = 34 → 30余
    assert expected[("思想引领", "开展学习活动", "次")] [:2] == (34, True)
    for section, title in [("思想引领", reference.DEFAULT_TITLES["思想引领"]),
                           ("民族工作", reference.DEFAULT_TITLES["民族工作"]),
                           ("宗教工作", reference.DEFAULT_TITLES["宗教工作"]),
                           ("群团工作", "群团工作")]:
        block = section_block(text, title)
        if section == "宗教工作":  # no member writes a stat there: nothing to add up
            assert "共计取缔" not in block.split("**")[0]
            continue
        assert says_each(block, section, expected, None), section
    overview = "、".join(f"{k[1]}{reference.about(*f)}{k[2]}" for k, f in expected.items() if k[0] == "概况")
    assert f"新城街道现有{overview}。" in text
    assert overview == "华侨3名、信教群众10人"


def test_wording_of_the_sums_sentence(street: Path) -> None:
    text = markdown(street)
    # the roll-up and two of its three members count 学习活动 (“及” for its own), only 甲社区 参与群众
    assert "全年，新城街道及甲社区、乙社区开展统战知识讲座、入户宣传等学习活动30余次。甲社区参与群众200余人次。" in text
    # the most attended events of the members come first; 乙社区 writes no 民族工作: not “所辖3个社区”;
    # the period was said once, in the first chapter: the others open with who
    assert "\n甲社区、丙社区开展石榴籽文艺汇演、民族政策宣讲等载体活动14次。丙社区发放宣传手册500余份。\n" in text
    assert "\n乙社区开展志愿服务活动36次。\n" in text
    assert text.count("全年，") == 1


def test_sections_only_members_write_in_are_added_and_numbered(street: Path) -> None:
    headings = re.findall(r"^## (.+)$", markdown(street), re.M)
    assert headings == [
        "一、强化思想引领，凝聚统战共识",
        "二、加强民族团结，扎实推进民族工作",  # only members write 民族工作
        "三、依法管理宗教事务，维护社会和谐稳定",
        "四、群团工作",  # a member's 其他工作 section, known by its title
    ]


def test_the_rollups_own_sections_render_as_usual(street: Path) -> None:
    block = section_block(markdown(street), reference.DEFAULT_TITLES["宗教工作"])
    assert "\n依法取缔非法聚会点。取缔非法聚会点1处。\n" in block  # its only item: no （一）


def test_annex_rows_and_totals_read_back_from_the_docx(street: Path) -> None:
    tables = docx_tables(street)
    members = ["甲社区", "乙社区", "丙社区"]
    every = reference.sums(files_of(street))
    own = reference.sums([street])
    each = {m: reference.sums([street.parent / m / "2024.yaml"]) for m in members}
    seen = set()
    for table in tables:
        header, rows = table[0], table[1:]
        assert header[0] == "单位"
        units = [r[0] for r in rows]
        assert units[:3] == members and units[-1] == "合计"
        for column, title in enumerate(header[1:], 1):
            key = next(k for k in every if title == f"{k[1]}（{k[2]}）")
            seen.add(key)
            for row in rows:
                source = every if row[0] == "合计" else own if row[0] == "新城街道本级" else each[row[0]]
                assert row[column] == reference.cell(source, None, key), (row[0], key)
    assert seen == set(every)  # every figure has its column
    assert [r[0] for r in tables[0][1:]] == ["甲社区", "乙社区", "丙社区", "新城街道本级", "合计"]


def test_annex_title_and_the_annex_note_in_the_body(street: Path) -> None:
    text = markdown(street)
    # GB/T 9704 7.3.4: the attachment is named under the body, before the 落款
    assert text.count("附表：") == 1
    # one blank line above it in every format (the Document's ::: 附件说明); the table has the
    # 新城街道本级 row, which “各社区……” would leave out: the title names the 街道 and its year
    assert "\n\n::: 附件说明\n附表：新城街道2024年统战工作主要数据统计表\n:::\n\n::: 附表\n" in text  # no 落款
    assert "::: 附表\n附表\n\n新城街道2024年统战工作主要数据统计表\n\n| 单位 |" in text
    assert "注：“—”表示没有该项数据。\n:::" in text
    assert "各社区" not in text


def test_annex_of_the_members_alone_is_titled_by_them(tmp_path: Path) -> None:
    """Without a row of the roll-up's own, every row is a 社区's: “各社区……统计表”."""
    write_tree(tmp_path, {
        "甲社区/2024.yaml": "单位: 甲社区\n年度: 2024\n概况: [{项目: 华侨, 数量: 1}]\n",
        "乙社区/2024.yaml": "单位: 乙社区\n年度: 2024\n概况: [{项目: 华侨, 数量: 2}]\n",
        "2024.yaml": '单位: 新城街道\n年度: 2024\n汇总: ["*/2024.yaml"]\n',
    })
    text = markdown(tmp_path / "2024.yaml")
    assert "::: 附件说明\n附表：各社区统战工作主要数据统计表\n:::" in text
    assert "::: 附表\n附表\n\n各社区统战工作主要数据统计表\n\n| 单位 | 华侨（名） |" in text
    assert "本级" not in text


def test_members_in_the_order_named_then_path_order_within_a_glob(tmp_path: Path) -> None:
    files = {f"{name}/2024.yaml": f"单位: {name}\n年度: 2024\n概况:\n  - {{项目: 华侨, 数量: {n}}}\n"
             for n, name in enumerate(["b社区", "a社区", "c社区", "d社区"], 1)}
    files["2024.yaml"] = """
        单位: 新城街道
        年度: 2024
        汇总:
          - c社区/2024.yaml
          - "*/2024.yaml"
          - b社区/2024.yaml
        """
    write_tree(tmp_path, files)
    rows = [r[0] for r in docx_tables(tmp_path / "2024.yaml")[0][1:]]
    # c first as named; then the glob's matches in path order; c and b only once; the roll-up
    # itself (matched by nothing here) and its own folder are not members
    assert rows == ["c社区", "a社区", "b社区", "d社区", "合计"]


def test_a_glob_passes_over_the_rollup_itself_and_yaml_that_is_not_data(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "甲社区.yaml": "单位: 甲社区\n年度: 2024\n概况: [{项目: 华侨, 数量: 2}]\n",
        "layout.yaml": "页边距: 28\n字体: 仿宋\n",
        "街道.yaml": '单位: 新城街道\n年度: 2024\n汇总: ["*.yaml"]\n',
    })
    text = markdown(tmp_path / "街道.yaml")
    assert "新城街道现有华侨2名。" in text


def test_failing_member_fails_the_rollup_naming_its_file_and_line(street: Path) -> None:
    member = street.parent / "乙社区" / "2024.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace("数量: 10,", "数量: 十,"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        gather.gather(street)
    assert info.value.lines() == [
        f"{street}:5:5: 错误 汇总[1]: 成员“{member}”有错误，本汇总无法生成",
        f"{member}:5:20: 错误 概况[1].数量: 应为非负整数，或“150余”“3万”“1.2万余”这样的约数，实际为“十”",
    ]


def test_cli_build_of_a_rollup_with_a_bad_member_writes_nothing(street: Path, tmp_path: Path) -> None:
    member = street.parent / "丙社区" / "2024.yaml"
    member.write_text("单位: 丙社区\n年度: 2024\n民族工作: {标提: x}\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(street), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{member}:3:8: 错误 民族工作.标提: 未知的键“标提”，是否想写“标题”？" in result.stderr
    assert not (tmp_path / "out").exists()
    check = runner.invoke(app, ["check", str(street)])
    assert check.exit_code == 1 and f"{street}:6:5: 错误 汇总[2]" in check.stderr


def test_a_cycle_is_an_error_naming_the_chain(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "区/2024.yaml": "单位: 新城区\n年度: 2024\n汇总: [../街道/2024.yaml]\n",
        "街道/2024.yaml": "单位: 新城街道\n年度: 2024\n汇总:\n  - 社区/2024.yaml\n  - ../区/2024.yaml\n",
        "街道/社区/2024.yaml": "单位: 甲社区\n年度: 2024\n",
    })
    area, street = tmp_path / "区" / "2024.yaml", tmp_path / "街道" / "2024.yaml"
    with pytest.raises(DataError) as info:
        gather.gather(area, anywhere=True)  # members beside its folder: --allow-outside
    assert info.value.lines() == [
        f"{area}:3:6: 错误 汇总[0]: 成员“{street}”有错误，本汇总无法生成",
        f"{street}:5:5: 错误 汇总[1]: 循环汇总：{area} → {street} → {area}",
    ]


def test_a_file_that_names_itself_is_a_cycle(write_yaml) -> None:
    path = write_yaml("单位: 新城街道\n年度: 2024\n汇总: [2024.yaml]\n", "2024.yaml")
    with pytest.raises(DataError) as info:
        gather.gather(path)
    assert info.value.lines() == [f"{path}:3:6: 错误 汇总[0]: 循环汇总：{path} → {path}"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("无此社区/2024.yaml", "找不到成员文件“无此社区/2024.yaml”"),
        ('"*/2030.yaml"', "没有与“*/2030.yaml”匹配的数据文件"),
        ("甲社区", "“甲社区”是文件夹：请写出其中的数据文件，如“甲社区/*.yaml”"),
    ],
)
def test_members_that_cannot_be_found(street: Path, entry: str, message: str) -> None:
    street.write_text(f"单位: 新城街道\n年度: 2024\n汇总:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        gather.gather(street)
    assert info.value.lines() == [f"{street}:4:5: 错误 汇总[0]: {message}"]


def test_members_of_another_year_or_period_or_the_same_unit_twice(street: Path) -> None:
    other = street.parent / "丁社区" / "2023.yaml"
    write_tree(street.parent, {"丁社区/2023.yaml": "单位: 丁社区\n年度: 2023\n",
                               "戊社区/2024.yaml": "单位: 甲社区\n年度: 2024\n",
                               "己社区/2024.yaml": "单位: 己社区\n年度: 2024\n期间: 上半年\n"})
    street.write_text(
        "单位: 新城街道\n年度: 2024\n汇总:\n  - 甲社区/2024.yaml\n  - 丁社区/2023.yaml\n"
        "  - 戊社区/2024.yaml\n  - 己社区/2024.yaml\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        gather.gather(street)
    first = street.parent / "甲社区" / "2024.yaml"
    assert info.value.lines() == [
        f"{street}:5:5: 错误 汇总[1]: 成员“{other}”是2023年的数据，本文件是2024年的",
        f"{street}:6:5: 错误 汇总[2]: 成员“{street.parent / '戊社区' / '2024.yaml'}”与“{first}”"
        "的单位都是“甲社区”：一个单位只能汇总一次",
        f"{street}:7:5: 错误 汇总[3]: 成员“{street.parent / '己社区' / '2024.yaml'}”的期间是“上半年”，本文件是“全年”",
    ]


def test_rollup_of_rollups(street: Path, tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "东街道/2024.yaml": '单位: 东城街道\n年度: 2024\n汇总: ["*/2024.yaml"]\n',
        "东街道/丁社区/2024.yaml": """
            单位: 丁社区
            年度: 2024
            概况: [{项目: 华侨, 数量: 5}]
            思想引领:
              工作:
                - 标题: 学习
                  统计: [{项目: 开展学习活动, 数量: 7}]
            """,
        "区/2024.yaml": "单位: 新城区\n年度: 2024\n汇总: [../街道/2024.yaml, ../东街道/2024.yaml]\n",
    })
    area = tmp_path / "区" / "2024.yaml"
    text = markdown(area, anywhere=True)  # its streets are beside its folder: --allow-outside
    leaves = files_of(street) + [tmp_path / "东街道" / "2024.yaml", tmp_path / "东街道" / "丁社区" / "2024.yaml"]
    expected = reference.sums(leaves)
    block = section_block(text, reference.DEFAULT_TITLES["思想引领"])
    assert says_each(block, "思想引领", expected, None)
    # only one street's communities counted 参与群众: the sentence says whose it is
    assert "全年，新城区所辖2个街道开展统战知识讲座、入户宣传等学习活动40余次。新城街道参与群众200余人次。" in block
    tables = docx_tables(area, anywhere=True)
    assert tables[0][0][:2] == ["单位", "华侨（名）"]
    assert [r[:2] for r in tables[0][1:]] == [["新城街道", "3"], ["东城街道", "5"], ["合计", "8"]]


def test_a_shared_label_in_two_sections_names_the_section_in_the_annex(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "甲/2024.yaml": """
            单位: 甲社区
            年度: 2024
            思想引领: {工作: [{标题: 学习, 统计: [{项目: 开展活动, 数量: 2}]}]}
            民族工作: {工作: [{标题: 团结, 统计: [{项目: 开展活动, 数量: 3}]}]}
            """,
        "2024.yaml": '单位: 新城街道\n年度: 2024\n汇总: ["*/2024.yaml"]\n',
    })
    header = docx_tables(tmp_path / "2024.yaml")[0][0]
    assert header == ["单位", "开展活动（思想引领，次）", "开展活动（民族工作，次）"]


# ---------------------------------------------------------------- 40 communities


def community(number: int, year: int) -> str:
    """A community's data file: figures drawn from a seeded generator, some approximate, some
    missing, one 项目 written twice in some files, 群团工作 in every third."""
    rng = random.Random(number * 10_000 + year)

    def stats(labels: list[tuple[str, str]]) -> str:
        lines = []
        for label, unit in labels:
            if rng.random() < 0.2:
                continue  # this community does not report it
            value = rng.randint(0, 400)
            figure = f"{value}余" if rng.random() < 0.15 else str(value)
            lines.append(f"            - {{项目: {label}, 数量: {figure}, 单位: {unit}}}")
        return "\n".join(lines) or "            []"

    twice = "\n    - 标题: 再学习\n      统计:\n" + stats([("开展学习活动", "次")]) if number % 4 == 0 else ""
    group = (
        "其他工作:\n  - 标题: 群团工作\n    工作:\n      - 标题: 志愿服务\n        统计:\n"
        + stats([("开展志愿服务活动", "次")]).replace("            ", "          ")
        if number % 3 == 0 else ""
    )
    return f"""单位: 幸福{number:02d}社区
年度: {year}
概况:
{stats([("华侨", "名"), ("信教群众", "人")]).replace("            ", "  ")}
思想引领:
  工作:
    - 标题: 学习
      活动:
        - {{名称: 第{number}场统战讲座, 人数: {rng.randint(10, 300)}}}
      统计:
{stats([("开展学习活动", "次"), ("参与群众", "人次")]).replace("            ", "        ")}{twice.replace("            ", "        ")}
民族工作:
  工作:
    - 标题: 团结
      统计:
{stats([("开展载体活动", "次"), ("开展帮扶慰问", "次"), ("发放宣传手册", "份")]).replace("            ", "        ")}
宗教工作:
  工作:
    - 标题: 排查
      统计:
{stats([("开展风险排查", "次"), ("清除非法宣传品", "处")]).replace("            ", "        ")}
{group}
"""


@pytest.mark.slow
def test_forty_communities_and_their_rollup_with_one_command_each(tmp_path: Path) -> None:
    folder = tmp_path / "新城街道"
    for n in range(1, 41):
        (folder / f"幸福{n:02d}社区").mkdir(parents=True)
        (folder / f"幸福{n:02d}社区" / "2024.yaml").write_text(community(n, 2024), encoding="utf-8")
        if n != 7:  # one community is new this year: no 2023 file
            (folder / f"幸福{n:02d}社区" / "2023.yaml").write_text(community(n, 2023), encoding="utf-8")
    own = "思想引领:\n  工作:\n    - 标题: 街道\n      统计: [{项目: 开展学习活动, 数量: 5}]\n"
    (folder / "2024.yaml").write_text(
        f'单位: 新城街道\n年度: 2024\n汇总: ["*/2024.yaml"]\n{own}', encoding="utf-8")
    (folder / "2023.yaml").write_text(
        f'单位: 新城街道\n年度: 2023\n汇总: ["*/2023.yaml"]\n{own}', encoding="utf-8")

    communities = runner.invoke(app, ["build", str(folder), "-o", str(tmp_path / "社区"), "-j", "2"])
    assert communities.exit_code == 0, communities.output
    assert "完成：81 个成功，0 个失败，0 个跳过" in communities.stdout
    result = runner.invoke(app, ["build", str(folder / "2024.yaml"), "-o", str(tmp_path / "街道")])
    assert result.exit_code == 0, result.output

    members = sorted(folder.glob("*/2024.yaml"))
    now = reference.sums([folder / "2024.yaml", *members])
    last_year = [folder / "2023.yaml", *sorted(folder.glob("*/2023.yaml"))]
    before = reference.sums(last_year)
    # the prose compares a sum only where the same units added to it both years
    compared = reference.same_units(before, [folder / "2024.yaml", *members], last_year)
    text = (tmp_path / "街道" / "新城街道2024年统战工作总结.md").read_text(encoding="utf-8")
    titles = {"思想引领": reference.DEFAULT_TITLES["思想引领"], "民族工作": reference.DEFAULT_TITLES["民族工作"],
              "宗教工作": reference.DEFAULT_TITLES["宗教工作"], "群团工作": "群团工作"}
    for section, title in titles.items():
        assert says_each(section_block(text, title), section, now, compared), section
    overview = "、".join(f"{k[1]}{reference.about(*f)}{k[2]}" for k, f in now.items() if k[0] == "概况")
    assert f"新城街道现有{overview}。" in text

    doc = Document(str(tmp_path / "街道" / "新城街道2024年统战工作总结.docx"))
    each = {reference.read(m)["单位"]: m for m in members}
    seen = set()
    for table in doc.tables:
        rows = [[unbroken.strip(c.text).replace("\n", "") for c in row.cells] for row in table.rows]
        assert [r[0] for r in rows[1:41]] == [f"幸福{n:02d}社区" for n in range(1, 41)]
        for column, title in enumerate(rows[0][1:], 1):
            key = next(k for k in now if title == f"{k[1]}（{k[2]}）")
            seen.add(key)
            for row in rows[1:]:
                # last year's figure where it counts the same thing: a unit's own where it had
                # the figure both years, the total's where the same units added to it
                if row[0] == "合计":
                    want = reference.cell(now, reference.compared(before, [folder / "2024.yaml", *members],
                                                                  last_year), key)
                elif row[0] == "新城街道本级":
                    want = reference.cell(reference.sums([folder / "2024.yaml"]),
                                          reference.sums([folder / "2023.yaml"]), key)
                else:
                    path = each[row[0]]
                    last = path.with_name("2023.yaml")
                    want = reference.cell(reference.sums([path]),
                                          reference.sums([last]) if last.exists() else None, key)
                assert row[column] == want, (row[0], key)
    assert seen == set(now)


def test_members_events_are_there_for_templates(street: Path, tmp_path: Path) -> None:
    templates = tmp_path / "模板"
    templates.mkdir()
    (templates / "report.md.j2").write_text(
        '{% extends "builtin/report.md.j2" %}\n{% block closing %}\n'
        "{% for e in rollup.most_attended(2) %}{{ e.unit }}：{{ e.event.name | md }}（{{ e.event.people }}人）\n\n"
        "{% endfor %}\n共{{ rollup.events | length }}项活动，{{ rollup.members | length }}个成员。\n{% endblock %}\n",
        encoding="utf-8",
    )
    gathered = gather.gather(street)
    text = render_markdown(gathered.report, templates, gathered.extra)
    assert "甲社区：石榴籽文艺汇演（180人）\n\n丙社区：民族政策宣讲（90人）\n\n共4项活动，3个成员。" in text


def counting(year: int, own: tuple[str, object], members: dict[str, tuple[str, object]]) -> dict[str, str]:
    """新城街道's roll-up of YEAR over the communities in its folder, each file (the 街道's too)
    with one 思想引领 count: (项目, 数量)."""
    def data(unit: str, count: tuple[str, object], rollup: str = "") -> str:
        return (f"单位: {unit}\n年度: {year}\n{rollup}"
                f"思想引领:\n  统计:\n    - {{项目: {count[0]}, 数量: {count[1]}}}\n")
    return {f"街道/{year}.yaml": data("新城街道", own, f'汇总: ["*/{year}.yaml"]\n')} | {
        f"街道/{unit}/{year}.yaml": data(unit, count) for unit, count in members.items()}


def test_an_approximate_sum_is_written_by_the_approximate_rule(tmp_path: Path) -> None:
    """10余 + 27 is “30余”, by the rule of every 约数 (DESIGN §3: 30余 + 120余 → 150余), as a
    街道 writes its sums (seed 002: 共学习30余次); “37余” would claim a precision its 10余 does
    not have. Compared with last year by what the sum can mean: 37 to 46."""
    learning = "组织党员群众集中学习"
    # last year 10余 + 21 + 6: 37 to 46
    write_tree(tmp_path, counting(2023, (learning, 6), {"甲社区": (learning, "10余"), "乙社区": (learning, 21)}))
    # this year 12 + 28 + 0 = 40: within last year's 37 to 46
    write_tree(tmp_path, counting(2024, (learning, 0), {"甲社区": (learning, 12), "乙社区": (learning, 28)}))
    last = markdown(tmp_path / "街道" / "2023.yaml")
    assert "组织党员群众集中学习30余次。" in last
    assert "| **合计** | **30余** |" in last
    assert "37余" not in last
    now = markdown(tmp_path / "街道" / "2024.yaml")
    # 40 lies within last year's 30余 (30 to 46 from its parts): nothing is proved, so nothing is said
    assert "组织党员群众集中学习40次。" in now and "上年" not in now.split("附表")[0]
    assert "| **合计** | **40（30余）** |" in now


def test_members_events_go_with_the_count_that_counts_them(tmp_path: Path) -> None:
    """An event is named with the sum its member's own report folds it into (the first count
    of its item), not with the first count of the chapter."""
    member = """
        单位: {unit}
        年度: 2024
        思想引领:
          工作:
            - 标题: 学习
              统计:
                - {{项目: 开展学习活动, 数量: 5}}
            - 标题: 宣讲
              活动:
                - {{名称: 统战政策宣讲, 人数: {people}}}
              统计:
                - {{项目: 开展宣讲活动, 数量: 3}}
                - {{项目: 参与群众, 数量: {people}, 单位: 人次}}
        """
    write_tree(tmp_path, {
        "街道/2024.yaml": "单位: 新城街道\n年度: 2024\n汇总: [\"*/2024.yaml\"]\n",
        "街道/甲社区/2024.yaml": member.format(unit="甲社区", people=80),
        "街道/乙社区/2024.yaml": member.format(unit="乙社区", people=60),
    })
    text = markdown(tmp_path / "街道" / "2024.yaml")
    assert "新城街道所辖2个社区开展学习活动10次，开展统战政策宣讲等宣讲活动6次，参与群众140人次。" in text
    assert "统战政策宣讲等学习活动" not in text


def test_a_count_only_the_rollup_writes_is_said_once(tmp_path: Path) -> None:
    """The 街道's own 统计 is said by its own sentence; the sums sentence does not say it again
    (“新城街道组织统战干部培训4次” twice), and its 同比 goes with the one sentence that says it."""
    for year, trainings in ((2023, 3), (2024, 5)):
        write_tree(tmp_path, counting(year, ("组织统战干部培训", trainings),
                                      {"甲社区": ("开展学习活动", (year - 2020) * 5)}))
    text = markdown(tmp_path / "街道" / "2024.yaml")
    assert text.count("组织统战干部培训5次") == 1, text
    # the 街道's own sentence and the sums sentence each say their one comparison
    assert "组织统战干部培训5次，比上年增加2次" in text
    assert "新城街道所辖1个社区开展学习活动20次，比上年增加5次。" in text

def test_a_sum_is_compared_with_last_year_only_over_the_same_units(tmp_path: Path) -> None:
    """乙社区 wrote 帮扶 last year and not this year (its file this year is a special report):
    the 街道's 帮扶 fell only because one unit left it out, so no 比上年; 学习, added by both
    both years, is compared. The 附表 follows the same rule: 乙社区's 学习 beside last year's
    (last year's roll-up added it up for it, though its file this year has no previous of its
    own), not its 帮扶 ("—（6）"), nor the total 帮扶 (4 against 甲社区's and 乙社区's 10)."""
    def files(year: int, kind: str, helped: str) -> dict[str, str]:
        return {
            f"街道/{year}.yaml": f'单位: 新城街道\n年度: {year}\n汇总: ["*/{year}*.yaml"]\n',
            f"街道/甲社区/{year}.yaml": f"""
                单位: 甲社区
                年度: {year}
                民族工作:
                  统计:
                    - {{项目: 组织学习, 数量: {(year - 2020) * 10}}}
                    - {{项目: 开展帮扶, 数量: 4}}
                """,
            f"街道/乙社区/{year}{kind}.yaml": f"""
                单位: 乙社区
                年度: {year}
                类型: {kind or "统战工作"}
                民族工作:
                  统计:
                    - {{项目: 组织学习, 数量: 5}}
                    {helped}
                """,
        }
    write_tree(tmp_path, files(2023, "", "- {项目: 开展帮扶, 数量: 6}"))
    write_tree(tmp_path, files(2024, "民族工作", ""))
    now = markdown(tmp_path / "街道" / "2024.yaml")
    assert "新城街道所辖2个社区组织学习45次，比上年增加10次。甲社区开展帮扶4次。" in now
    assert "| 乙社区 | 5（5） | — |" in now
    assert "| **合计** | **45（35）** | **4** |" in now
    assert "注：括号内为上年数，仅列两年报送单位相同的数据；“—”表示没有该项数据。" in now


@pytest.mark.parametrize(("year", "said"), [
    (2023, ["新城街道及所辖5个社区开展", "京汉新城社区开展民族团结载体活动12余次，参与人数200余人。",
            # one column for 载体活动 in 场次 and in 次, each cell with its unit; 京汉's 参与人数
            # (人), which no other community counts, in the note
            "| 京汉新城社区 | — | — | — | — | 18 | — | 12余次 | — | 10余 | 5 | — | 10余 | — |",
            "| **合计** | **4** | **2** | **18** | **57** | **39** | **30余** | **20场次、12余次** |",
            "注：京汉新城社区另有参与人数200余人；“—”表示没有该项数据。"]),
    # 京汉's 宣传手册 are a stock (截至目前): said apart from 金源's of this year, never 700余
    (2024, ["新城街道及所辖5个社区组织党员群众集中学习50余次", "金源郦都社区发放民族团结宣传手册500余份。",
            "截至目前，京汉新城社区设置宣传图板12个，张贴宣传画10余份，发放民族团结宣传手册200余份。",
            # 京汉's file is a 民族工作 special this year: no figure beside its 统战 report's of
            # 2023 ("—（18）"), nor a sum 京汉 added to one year only beside the other's
            # nor its stock of 宣传手册 in the column of 金源's of this year (left to the note)
            "| 京汉新城社区 | — | — | — | — | — | 10余 | — | — | — | — | — |",
            "| **合计** | **4（4）** | **3** | **20（18）** | **58（57）** | **28** | **50余** | **36（20）** |",
            "注：金源郦都社区另有发放民族团结宣传手册500余份；京汉新城社区另有设置宣传图板12个、张贴宣传画10余份、"
            "发放民族团结宣传手册200余份（均为截至目前）；括号内为上年数，仅列两年报送单位相同的数据；"]),
])
def test_the_shipped_street_sums_every_community(year: int, said: list[str]) -> None:
    """新城街道's roll-ups take in what 京汉新城社区's reports state word for word (文中已写): its
    row of the 附表 holds them, the sums add them, its 参与人数 stands with the 载体活动 it
    counts, and the four other communities are named once, not at the head of every chapter."""
    text = markdown(ROOT / "examples" / "新城街道" / f"{year}.yaml")
    for sentence in said:
        assert sentence in text
    assert "700余" not in text
    assert text.count("河畔花园社区、希望新城社区、金源郦都社区、富力新城社区") == 1
    assert "京汉新城社区参与人数" not in text
    # the 附表 compares nothing with nothing: no "—（18）", no "500余（—）"
    annex = text.split("::: 附表")[1]
    assert "—（" not in annex and "（—）" not in annex


def stock_and_work(tmp_path: Path, period: str, bases: dict[str, str]) -> str:
    """The Markdown of 新城街道's roll-up of one 期间 whose communities each hand out 宣传手册
    (甲 200, 乙 300, 丙 400), each by the 口径 given (community → 口径, "" for none)."""
    counts = {"甲社区": 200, "乙社区": 300, "丙社区": 400}
    listed = ", ".join(f"{unit}/2024.yaml" for unit in counts)
    files = {"街道/2024.yaml": f"单位: 新城街道\n年度: 2024\n期间: {period}\n汇总: [{listed}]\n"}
    for unit, count in counts.items():
        basis = f", 口径: {bases[unit]}" if bases.get(unit) else ""
        files[f"街道/{unit}/2024.yaml"] = (f"单位: {unit}\n年度: 2024\n期间: {period}\n民族工作:\n  统计:\n"
                                          f"    - {{项目: 发放宣传手册, 数量: {count}, 单位: 份{basis}}}\n")
    write_tree(tmp_path, files)
    return markdown(tmp_path / "街道" / "2024.yaml")


def test_a_stock_is_never_added_to_this_years_work(tmp_path: Path) -> None:
    """丙社区's 400 are handed out 截至目前 (since whenever), the others' this year: the sums
    sentence says 500 of this year and the stock apart, with its 口径 before who; the 附表
    gives the stock a column of its own whose header says its 口径. Never 900."""
    text = stock_and_work(tmp_path, "全年", {"丙社区": "截至目前"})
    assert "900" not in text
    assert "甲社区、乙社区发放宣传手册500份。截至目前，丙社区发放宣传手册400份。\n" in text
    annex = text.split("::: 附表")[1]
    assert "| 单位 | 发放宣传手册（份） | 发放宣传手册（截至目前，份） |" in annex
    assert "| 丙社区 | — | 400 |" in annex and "| **合计** | **500** | **400** |" in annex


def test_stocks_of_different_bases_are_each_apart(tmp_path: Path) -> None:
    """Each 口径 its own sentence: 累计 glued after who, as the report says it (“累计开展……”),
    a 口径 of its own words before who with its comma."""
    text = stock_and_work(tmp_path, "全年", {"乙社区": "累计", "丙社区": "截至11月底"})
    assert "\n全年，甲社区发放宣传手册200份。乙社区累计发放宣传手册300份。截至11月底，丙社区发放宣传手册400份。\n" in text
    assert "500" not in text and "700" not in text and "900" not in text


@pytest.mark.parametrize(("period", "bases"), [
    ("全年", {"甲社区": "全年", "乙社区": "全年共计，"}),
    ("上半年", {"甲社区": "上半年", "乙社区": "共计"}),
])
def test_a_lead_of_the_reports_own_period_is_this_periods_work(tmp_path: Path, period: str, bases: dict[str, str]) -> None:
    """全年 in an annual report, 上半年 in a 上半年 report, 共计: this period's work, added up
    with the figures that write no 口径."""
    text = stock_and_work(tmp_path, period, bases)
    assert "新城街道所辖3个社区发放宣传手册900份。" in text


def test_another_period_than_the_reports_is_not_its_work(tmp_path: Path) -> None:
    """上半年 in an annual report counts half the year: not added to the year's figures."""
    text = stock_and_work(tmp_path, "全年", {"丙社区": "上半年"})
    assert "900" not in text
    assert "甲社区、乙社区发放宣传手册500份。上半年，丙社区发放宣传手册400份。" in text


def test_the_overview_adds_up_whatever_its_basis(tmp_path: Path) -> None:
    """概况 states how things are (现有……): each figure a stock, whatever 口径 it writes."""
    write_tree(tmp_path, {
        "街道/2024.yaml": '单位: 新城街道\n年度: 2024\n汇总: [甲社区/2024.yaml, 乙社区/2024.yaml]\n',
        "街道/甲社区/2024.yaml": "单位: 甲社区\n年度: 2024\n概况:\n  - {项目: 华侨, 数量: 3, 口径: 截至目前}\n",
        "街道/乙社区/2024.yaml": "单位: 乙社区\n年度: 2024\n概况:\n  - {项目: 华侨, 数量: 2}\n",
    })
    assert "新城街道现有华侨5名。" in markdown(tmp_path / "街道" / "2024.yaml")
