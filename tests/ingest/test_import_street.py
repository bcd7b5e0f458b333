"""The 街道 workflow measured: 40 community reports made by tzreport (.docx), imported back in
one command, give the same figures, and roll up into the 街道's report without a number typed."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import markdown_of
from tzreport.cli.main import app
from tzreport.commands.build import render
from tzreport.data import loader
from tzreport.report import figures, gather, places, rollup

runner = CliRunner()
EVENTS = ["“铸牢中华民族共同体意识”专题学习会", "民族团结进步宣传月活动", "“石榴籽”志愿服务",
          "入户政策宣传", "宗教政策法规宣讲", "“迎中秋 庆国庆”联欢会", "少数民族困难家庭走访慰问"]
NAMES = ["幸福里", "石榴籽", "同心", "和谐", "京汉新城", "希望", "河畔花园", "金源", "富力", "团结"]


def community(i: int, rng: random.Random) -> str:
    def items(n: int) -> str:
        out = []
        for k in range(n):
            people = rng.choice([str(rng.randint(20, 90)), f"{rng.randint(1, 9) * 100}余"])
            out.append(
                f"    - 标题: 第{k + 1}项重点工作扎实推进\n"
                f"      内容: 社区结合实际认真落实上级部署，工作取得积极成效。\n"
                f"      活动: [{', '.join(rng.sample(EVENTS, rng.randint(2, 3)))}]\n"
                f"      统计:\n"
                f"        - {{项目: 开展各项活动, 数量: {rng.randint(2, 60)}}}\n"
                f"        - {{项目: 参与群众, 数量: {people}, 单位: 人次}}\n"
            )
        return "".join(out)

    return (
        f"单位: {NAMES[i % 10]}第{i}社区\n年度: 2024\n主送: 新城街道党工委\n"
        f"概况:\n  - {{项目: 少数民族群众, 数量: {rng.randint(20, 400)}}}\n"
        f"思想引领:\n  工作:\n{items(2)}"
        f"民族工作:\n  工作:\n{items(2)}"
        f"宗教工作:\n  工作:\n{items(1)}"
        "存在问题: [宣传覆盖面不够广, 专业力量不足]\n"
        "下一步计划: [加强理论学习, 办好“石榴籽”品牌活动]\n"
        f"落款: {{署名: {NAMES[i % 10]}第{i}社区党委, 日期: 2024-12-2{i % 9}}}\n"
    )


def printed(found: figures.Figures) -> dict[figures.Key, str]:
    return {key: str(figure) for key, figure in found.items()}


@pytest.mark.slow
def test_forty_community_reports_round_trip_and_roll_up(tmp_path: Path) -> None:
    rng = random.Random(14)
    originals = {}
    (tmp_path / "data").mkdir()
    (tmp_path / "各社区").mkdir()
    for i in range(1, 41):
        data = tmp_path / "data" / f"{i}.yaml"
        data.write_text(community(i, rng), encoding="utf-8")
        report = loader.load(data)
        originals[report.unit] = report
        (tmp_path / "各社区" / f"{report.unit}.docx").write_bytes(render(report, "docx"))
    sources = sorted(str(p) for p in (tmp_path / "各社区").glob("*.docx"))
    result = runner.invoke(app, ["import", *sources, "-o", str(tmp_path / "数据")])
    assert result.exit_code == 0, result.output
    imported = {r.unit: r for r in map(loader.load, sorted((tmp_path / "数据").glob("*.yaml")))}
    assert imported.keys() == originals.keys()
    for unit, original in originals.items():
        assert printed(figures.of_report(imported[unit])) == printed(figures.of_report(original)), unit
        assert [e.name for it in places.items(imported[unit]) for e in it.events] == [
            e.name for it in places.items(original) for e in it.events]
    street = tmp_path / "数据" / "街道.yaml"
    street.write_text("单位: 新城街道\n年度: 2024\n汇总: ['*.yaml']\n", encoding="utf-8")
    built = runner.invoke(app, ["build", str(street), "-f", "md", "-o", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    (report_md,) = (tmp_path / "out").glob("*.md")
    total = figures.add([figures.of_report(r) for r in originals.values()])
    text = report_md.read_text(encoding="utf-8")
    ethnic_events = next(v for k, v in total.items() if k.section == "ethnic" and k.label == "开展各项活动")
    # the sum folds into the clause of the members' events: “……等各项活动共计2314次”
    assert f"等各项活动共计{ethnic_events}次" in text
    # the same roll-up over the original data files says the same: the same sums, the same
    # rows of the 附表 (the members come in the order of their file names, and the events a
    # sum names are the first of its members', which differ with that order)
    (tmp_path / "data" / "街道.yaml").write_text(street.read_text(encoding="utf-8"), encoding="utf-8")
    again = runner.invoke(app, ["build", str(tmp_path / "data" / "街道.yaml"), "-f", "md", "-o", str(tmp_path / "原")])
    assert again.exit_code == 0, again.output
    (original_md,) = (tmp_path / "原").glob("*.md")
    assert _unordered(text) == _unordered(original_md.read_text(encoding="utf-8"))


def _unordered(markdown: str) -> list[str]:
    """A roll-up's lines in order, with the events its sums name left out, and its 附表 rows sorted."""
    lines = [re.sub(r"(所辖\d+个社区|各社区|上述\d+个社区)开展.*?等", r"\1开展……等", line)
             for line in markdown.split("\n")]
    rows = sorted(line for line in lines if line.startswith("| ") and "第" in line)
    return [line for line in lines if line not in rows] + rows


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHIPPED_ROLLUPS = sorted(p for p in EXAMPLES.rglob("*.yaml") if loader.load(p).rollup)


@pytest.mark.parametrize("shipped", SHIPPED_ROLLUPS, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_the_readme_street_workflow_on_every_shipped_rollup(tmp_path: Path, shipped: Path) -> None:
    """README “街道：汇总各社区的报告”: each member's report built to Word, the folder imported
    with `tzreport import 各社区/ -o 数据/`, rolled up with `汇总: ["*.yaml"]`: every sum and
    every cell of the 附表 is the roll-up's over the original data files — the figures their
    reports print. A figure a report states only in its text (文中已写 in the original file) comes
    back as that text, marked for review: the 项目 it was summed under is in no report."""
    members = rollup.load_tree(shipped, rollup.Reports()).members
    assert len(members) >= 2
    (tmp_path / "各社区").mkdir()
    (tmp_path / "原").mkdir()
    for member in members:
        made = gather.gather(member.path)
        (tmp_path / "各社区" / f"{member.report.unit}.docx").write_bytes(render(made.report, "docx", extra=made.extra))
        (tmp_path / "原" / f"{member.report.unit}.yaml").write_text(_printed_only(member.path), encoding="utf-8")
    result = runner.invoke(app, ["import", str(tmp_path / "各社区"), "-o", str(tmp_path / "数据")])
    assert result.exit_code == 0, result.output
    street = f"单位: {loader.load(shipped).unit}\n年度: {loader.load(shipped).year}\n汇总: [\"*.yaml\"]\n"
    built = {}
    for folder in ("数据", "原"):
        (tmp_path / folder / "街道.yaml").write_text(street, encoding="utf-8")
        node = rollup.load_tree(tmp_path / folder / "街道.yaml", rollup.Reports())
        assert sorted(m.report.unit for m in node.members) == sorted(m.report.unit for m in members)
        built[folder] = (printed(node.totals), [printed(m.totals) for m in node.members], _annex(markdown_of(node.path)))
    assert built["数据"][0] == built["原"][0]  # every sum
    assert built["数据"][1] == built["原"][1]  # every member's figures
    assert built["数据"][2] == built["原"][2] and len(built["原"][2]) >= len(members) + 2  # every 附表 cell
    checked = runner.invoke(app, ["check", str(tmp_path / "数据")])
    assert checked.exit_code == 0, checked.output


def _printed_only(path: Path) -> str:
    """A data file without its 文中已写 统计: the figures its report prints."""
    def drop(node: object) -> object:
        if isinstance(node, dict):
            return {k: [drop(s) for s in v if not (isinstance(s, dict) and s.get("文中已写"))]
                    if k == "统计" and isinstance(v, list) else drop(v) for k, v in node.items()}
        if isinstance(node, list):
            return [drop(v) for v in node]
        return node
    data = drop(yaml.safe_load(path.read_text(encoding="utf-8")))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _annex(markdown: str) -> list[str]:
    """The 附表's rows (header, members, 合计) as printed."""
    return [line for line in markdown.split("\n") if line.startswith("| ") and not line.startswith("| ---")]
