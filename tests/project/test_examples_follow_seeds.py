"""Every seed-derived example says what its seed says, and nothing more.

Each example built from a real report in tests/seeds (named in its header comment) lists, in that
comment, the seed's own defects that it does not copy, one a line:

    #   「原文的写法」→「本例的写法」：tzreport check 的说法

The seed is normalised (half-width punctuation to full width, spaces dropped: a class of defect the
header names once, not per place), those corrections are applied, and the result is split into
sentences at 。！？； and line ends (and at ：, where a seed's run-in heading “（一）统战工作：一是……”
ends with ： and the report's with 。). Every sentence must be in the built report, and every sentence
of the report's body (the title, 主送 and 落款 aside) must be in the corrected seed: nothing dropped,
nothing added. A correction must find its text in the seed, so the list holds only real defects.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, markdown_of

SEEDS = ROOT / "tests" / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

# example → (seed file, the part of it that is the example's report: from, to (exclusive))
EXAMPLES = {
    "新城街道/京汉新城社区/2023.yaml": ("000_e3f797dae08557b5.txt", None, None),
    "新城街道/京汉新城社区/2024民族工作.yaml": ("003_596be4d28df9f435.txt", None, None),
    "新城街道发言材料/2024年度会议发言.yaml": ("002_410a9947b0420ca1.txt", None, None),
    "城南区/2025.yaml": ("001_2ccbe18df7545dc1.txt", None, None),
    # 004 is a scraped page of several reports: the first one, 出头岭镇's
    "出头岭镇/2021上半年.yaml": ("004_92da38d838d82740.txt", "2021年上半年统战工作总结", "2022上半年统战工作总结"),
}

_HALF_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
_CORRECTION = re.compile(r"^#\s*「(.*?)」→「(.*?)」：(.+)$")
_SPLIT = re.compile(r"[。！？；：\n]")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def normalise(text: str) -> str:
    """Full-width punctuation, no spaces (the scraped seeds put them around numbers and inside
    quotes), no Markdown markup."""
    text = text.translate(_HALF_WIDTH)
    text = re.sub(r"[ \t\u3000\xa0]+", "", text)
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown's escapes
    return text.replace("**", "")


def sentences(text: str) -> list[str]:
    """The sentences of a normalised text: cut at 。！？；： and line ends, two characters at least."""
    return [s for s in (part.strip("，、：") for part in _SPLIT.split(text)) if len(s) >= 2]


def corrections(example: Path) -> list[tuple[str, str, str]]:
    """The seed's defects that the example's header comment lists: (as the seed has it, as the
    example writes it, what check says of it)."""
    header = []
    for line in example.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    return [m.groups() for m in map(_CORRECTION.match, header) if m]  # type: ignore[misc]


def seed_text(name: str) -> str:
    file, start, end = EXAMPLES[name]
    text = normalise((SEEDS / file).read_text(encoding="utf-8"))
    if start is not None:
        text = text[text.index(start):]
    if end is not None:
        text = text[:text.index(end)]
    return text


def corrected_seed(name: str) -> str:
    text = seed_text(name)
    for wrong, right, _said in corrections(ROOT / "examples" / name):
        text = text.replace(wrong, right)
    return text


def body(markdown: str) -> str:
    """The report's text without its title, 主送 and 落款 (the parts a build adds: the unit's name
    in the title, the addressee, the signature and date), its block markers gone."""
    lines = markdown.splitlines()
    lines = lines[1:]  # the title
    out, block = [], ""
    for line in lines:
        if line.startswith(":::"):
            block = line[3:].strip()
            continue
        if block in ("主送", "落款", "副标题"):
            continue
        out.append(re.sub(r"^#+\s*", "", line))
    return normalise("\n".join(out))


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_repository_seed_is_the_shared_one(name: str) -> None:
    file = EXAMPLES[name][0]
    if not (SHARED_SEEDS / file).exists():
        pytest.skip("the shared seeds are not beside this checkout")
    assert (SEEDS / file).read_bytes() == (SHARED_SEEDS / file).read_bytes()


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_listed_defect_is_in_the_seed(name: str) -> None:
    listed = corrections(ROOT / "examples" / name)
    assert listed, "the header comment lists the seed's defects"
    seed = seed_text(name)
    assert [wrong for wrong, _right, _said in listed if wrong not in seed] == []
    # each says what check says of it, or that check does not see it
    assert all(re.search(r"TZ\d{3}|check 不报", said) for _w, _r, said in listed)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_sentence_of_the_seed_is_in_the_report(name: str) -> None:
    report = normalise(markdown_of(ROOT / "examples" / name))
    flat = report.replace("\n", "")
    missing = [s for s in sentences(corrected_seed(name)) if s not in flat]
    assert missing == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_nothing_in_the_report_that_the_seed_does_not_say(name: str) -> None:
    seed = corrected_seed(name).replace("\n", "")
    text = body(markdown_of(ROOT / "examples" / name))
    added = [s for s in sentences(text) if s not in seed]
    assert added == []
    figures = set(_FIGURE.findall(seed))
    assert [f for f in _FIGURE.findall(text) if f not in figures] == []


_POINT_LINE = re.compile(r"^[一二三四五六七八九十]是")


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_point_the_seed_starts_on_a_line_of_its_own_starts_a_paragraph(name: str) -> None:
    """Seed 003's 工作特色 writes its five points “一是……”“二是……” a paragraph each: the report
    does too (要点分段), not one run-on paragraph."""
    seed_lines = [line for line in corrected_seed(name).splitlines() if _POINT_LINE.match(line)]
    paragraphs = [normalise(p) for p in markdown_of(ROOT / "examples" / name).split("\n\n")]
    assert [line[:10] for line in seed_lines if not any(p.startswith(line[:10]) for p in paragraphs)] == []


_HAN_SPACE = re.compile(r"[\u4e00-\u9fff]{1,4} (?=[\u4e00-\u9fff])")


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_space_the_seed_puts_between_words_stays(name: str) -> None:
    """“迎中秋 庆国庆 民族团结心连心”: a space between two Chinese words is the seed's own (the
    scraping spaces stand beside digits and punctuation), and the report keeps it."""
    file, start, end = EXAMPLES[name]
    raw = (SEEDS / file).read_text(encoding="utf-8")
    raw = raw[raw.index(start.replace("2021", "2021 ")) if start else 0:]
    raw = raw[:raw.index(end)] if end else raw
    report = markdown_of(ROOT / "examples" / name)
    spaced = [m[0] + raw[m.end():m.end() + 3] for m in _HAN_SPACE.finditer(raw)]
    assert [s for s in spaced if s not in report] == []


def _blocks(markdown: str, kind: str) -> list[str]:
    """The lines of a report's `::: kind` block (主送, 落款)."""
    found = re.search(rf"^::: {kind}\n(.*?)^:::$", markdown, re.M | re.S)
    return [] if found is None else [line for line in found[1].splitlines() if line.strip()]


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_addressee_signature_or_date_the_seed_does_not_have(name: str) -> None:
    """主送, 署名 and 成文日期 print like real ones: an example has them only where its seed does
    (a faithful report never invents a 收文机关, a signer or a date)."""
    seed = seed_text(name).replace("\n", "")
    report = markdown_of(ROOT / "examples" / name)
    lines = _blocks(report, "主送") + _blocks(report, "落款")
    assert [line for line in lines if normalise(line).rstrip("：") not in seed] == []


def test_the_jiedao_rollups_take_in_every_community_of_the_jiedao() -> None:
    """Seed 002 names 京汉新城社区 as one of 新城街道's communities: each of the 街道's roll-ups
    has every community folder beside it as a member (its file of that year), 京汉新城社区 too."""
    from tzreport.report import rollup

    street = ROOT / "examples" / "新城街道"
    assert "京汉新城社区" in seed_text("新城街道发言材料/2024年度会议发言.yaml")
    folders = sorted(p.name for p in street.iterdir() if p.is_dir())
    assert "京汉新城社区" in folders
    for year in (2023, 2024):
        node = rollup.load_tree(street / f"{year}.yaml", rollup.Reports())
        assert sorted(m.path.parent.name for m in node.members) == folders, year
        assert {m.report.year for m in node.members} == {year}


def test_the_2023_rollup_sums_to_what_the_jiedao_itself_says_in_seed_002() -> None:
    """Seed 002 is 新城街道's speech on 2023's work; its figures are the 街道's and all its
    communities' (京汉新城社区 among them). The 2023 roll-up adds 京汉's figures as its own report
    (seed 000) has them to the four invented communities': where the two count the same thing,
    the sum is the speech's figure."""
    seed = seed_text("新城街道发言材料/2024年度会议发言.yaml")
    report = normalise(markdown_of(ROOT / "examples" / "新城街道" / "2023.yaml")).split("附表")[0]
    for said, summed in [("华侨4名、归侨2名、留学生18名", "华侨4名、归侨2名、留学生18名"),
                         ("信教群众57人", "信教群众57人"), ("共学习30余次", "集中学习30余次"),
                         ("帮扶各族群众活动12次", "帮扶各族群众活动12次"),
                         ("非法宗教活动排查等共计10余次", "宗教领域风险隐患排查10余次"),
                         ("开展宗教知识学习26次", "宗教知识学习26次"), ("清除150余处", "宗教宣传标语150余处"),
                         ("公益主题活动60余场次", "公益主题活动60余场次"),
                         ("青年志愿服务活动100余次", "青年志愿服务活动100余次")]:
        assert said in seed and summed in report, said
    # 载体活动: 32场次 in the speech; the four communities' 场次 and 京汉's “12余次”
    assert "载体活动32场次" in seed
    assert "民族团结载体活动20场次" in report and "京汉新城社区开展民族团结载体活动12余次" in report
    # 民族团结宣传教育: 45次 in the speech; with 京汉's “10余次” the sum can only be approximate,
    # its lower bound the speech's figure
    assert "宣传等45次" in seed and "民族团结宣传教育40余次" in report
