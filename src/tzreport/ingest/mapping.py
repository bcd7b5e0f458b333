"""A report's paragraphs → the data of one data file (docs/命令.md, “导入已有的材料”): title words, sections by
their words, items, counts, 概况, 结语 and 落款."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tzreport.data.models import DEFAULT_TITLES, Stat
from tzreport.ingest import count_grammar
from tzreport.ingest.review import Review, reviewed
from tzreport.ingest.source_text import Paragraph
from tzreport.ingest.structure import (
    DATE,
    MAX_LEVEL,
    Node,
    body,
    first_sentence,
    head,
    item,
    lone_items,
    stat,
    table_stats,
    tail,
    tree,
)
from tzreport.render import phrases
from tzreport.report import loose_counts
from tzreport.report.figures import SHARE_UNITS

# Section words, most telling first: a heading about problems or plans may also name 民族 or 学习.
_SECTION_WORDS = (
    ("存在问题", re.compile(r"问题|不足|短板")),
    ("下一步计划", re.compile(r"计划|打算|下一步|思路|今后")),
)
_TOPIC_WORDS = {"思想引领": ("思想", "理论", "学习"), "民族工作": ("民族",), "宗教工作": ("宗教",)}
_KEYS = {"思想引领": "ideology", "民族工作": "ethnic", "宗教工作": "religion", "存在问题": "problems"}
_TITLE = re.compile(
    r"^(?P<unit>.*?)(?P<year>20\d\d)\s*年?度?(?P<period>上半年|下半年|全年)?(?P<kind>.*?)"
    r"(?P<genre>工作总结|总结|情况汇报|工作汇报|汇报|发言材料)(?P<tail>.*)$"
)
_UNIT = re.compile(
    r"(?:^|[，。；])((?![全各本我该])(?!推动|加强|开展|推进|促进|做好|服务|建设|打造|深入)[\u4e00-\u9fff]{2,12}?"
    r"(?:社区|街道|镇|乡|村))(?=始终|坚持|把|在|以|按照|紧紧|认真|积极|结合|围绕|现|高度|立足|聚焦|紧扣)"
)
_OVERVIEW = re.compile(r"^(?P<unit>.*?)现有(?P<counts>[^。，；]+)。?$")
ORDER = ("思想引领", "民族工作", "宗教工作", "其他工作", "存在问题", "下一步计划")
_RANK = {key: rank for rank, key in enumerate(ORDER)}


def section_key(title: str, taken: set[str], after: int = 0) -> str:
    """Which section a level-1 heading is, by its words; "其他工作" when none fits, when the
    fitting one is taken already, or when it would come before a section already found
    (`after`: the rank of the last one in ORDER), so the report keeps its order."""
    key = _section_key(title, taken)
    if _RANK[key] < after and _RANK["其他工作"] >= after:
        return "其他工作"
    return key


def _section_key(title: str, taken: set[str]) -> str:
    for key, words in _SECTION_WORDS:
        if words.search(title) and key not in taken:
            return key
    hits = []
    for key, topic in _TOPIC_WORDS.items():
        at = [title.find(w) for w in topic if w in title]
        if at and key not in taken:
            hits.append((min(at), key))
    return min(hits)[1] if hits else "其他工作"


def _title_parts(title: str) -> dict[str, Any]:
    """单位, 年度, 期间, 类型 and 文种 from a title such as “京汉新城社区2024年民族工作总结及2025年工作计划”."""
    m = _TITLE.match(title)
    if not m:
        return {}
    out: dict[str, Any] = {"年度": int(m["year"])}
    if re.search(r"[\u4e00-\u9fff]", m["unit"]):  # not a scraped page's stray “0 ”
        out["单位"] = m["unit"].strip()
    if m["period"] and m["period"] != "全年":
        out["期间"] = m["period"]
    kind = (m["kind"] or "").strip()
    genre = m["genre"]
    if genre.startswith("工作"):
        kind, genre = kind + "工作", genre[2:]
    if kind and kind.endswith("工作") and len(kind) <= 12:
        out["类型"] = kind
    if "发言材料" in genre:
        out["文种"] = "发言材料"
    elif "汇报" in genre:
        out["文种"] = "汇报"
    return out


def generated_title(data: dict[str, Any]) -> str:
    """The title tzreport would give these keys (outline.title), to tell whether 标题 is needed."""
    unit = _plain(data.get("单位"))
    period = "" if data.get("期间", "全年") == "全年" else data["期间"]
    kind = data.get("类型", "统战工作")
    year = _plain(data.get("年度"))
    base = f"{unit}{year}年{period}{kind}总结"
    plans = data.get("下一步计划")
    if plans and not (isinstance(plans, dict) and "标题" in plans):
        nxt = "下半年工作打算" if data.get("期间") == "上半年" else f"{int(year) + 1}年工作计划"
        return f"{base}及{nxt}"
    return base


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Review) else value


def _section(node: Node, key: str, data: dict[str, Any]) -> dict[str, Any] | list[Any]:
    title, rest, _ = _split_title(node.title)
    out: dict[str, Any] = {}
    default = _default_title(key, data)
    if key == "其他工作" or title != default:
        out["标题"] = title or "（无标题）"
    plan = key == "下一步计划"
    paragraphs = [rest, *node.lines] if rest else node.lines
    chain = None if node.children else _lone(paragraphs, key, plan)
    if chain is None:
        out.update(body(paragraphs, plan))
    else:
        out.update(body(paragraphs[:1], plan) if chain[0] else {})
        out["工作"] = [chain[1]]
    if node.children:
        # a lone item the source numbers (seed 001's “（一）”, the rest hidden) keeps its number
        out.update({"单项编号": True} if len(node.children) == 1 else {})
        out["工作"] = [item(child, plan) for child in node.children]
    table_stats(out, node)
    if node.unsure:
        out["标题"] = Review(out.get("标题", title), node.unsure)
    if key in ("存在问题", "下一步计划") and list(out) == ["要点"] and all(isinstance(p, str) for p in out["要点"]):
        return list(out["要点"])
    return out


def _lone(paragraphs: list[str], key: str, plan: bool) -> tuple[bool, dict[str, Any]] | None:
    """A chapter without numbered items whose paragraphs the report prints for a lone item
    (and its lone sub-items): (whether the first paragraph is the chapter's own text, the
    item). A single paragraph is the chapter's own text in 存在问题 and 下一步计划, and when
    its first sentence is no title."""
    if not paragraphs or (len(paragraphs) == 1 and key in ("存在问题", "下一步计划")):
        return None
    titled = first_sentence(paragraphs[0]) is not None
    for own in (False, True) if titled else (True,):
        rest = paragraphs[1:] if own else paragraphs
        chain = lone_items(rest, MAX_LEVEL - 1, plan)
        if chain is not None:
            return own, chain
    return None


def _split_title(text: str) -> tuple[str, str, bool]:
    """A level-1 heading: its words up to "：" or "。", and any text run into it."""
    m = re.search(r"[。：]", text)
    if m is None:
        return text.rstrip("；，"), "", True
    return text[: m.start()].strip(), text[m.end():].strip(), True


def _default_title(key: str, data: dict[str, Any]) -> str:
    if key == "下一步计划":
        year = _plain(data.get("年度"))
        return "下半年工作打算" if data.get("期间") == "上半年" else f"{int(year or 0) + 1}年工作计划"
    english = _KEYS.get(key)
    return DEFAULT_TITLES.get(english, "") if english else ""


def _places(place: dict[str, Any]) -> Iterator[tuple[dict[str, Any], bool]]:
    """The places of a section that hold counts, in the order the report prints them, each
    with whether its counts stand as a sentence of their own (phrases.period_leads)."""
    yield place, True
    for point in place.get("要点", []):
        if isinstance(point, dict):
            yield point, str(point.get("内容", "")).rstrip().endswith(("。", "！", "？"))
    for sub in place.get("工作", []):
        yield from _places(_plain(sub))


def period_lead(section: dict[str, Any], period: str) -> None:
    """Leave the period's lead (全年共计) to the report where it says it itself: the 口径 of the
    count phrases.period_leads picks in the chapter is dropped when it is that lead; a count
    the report will lead though the source did not is marked for review. Other counts keep
    the lead they were written with as their 口径, so the report says it again word for word."""
    for place, alone in _places(section):
        stats = place.get("统计")
        if not alone or not stats or place.get("活动"):
            continue
        first = _plain(stats[0])
        basis = first.get("口径")
        if basis not in (None, f"{period}共计") or first.get("单位") in SHARE_UNITS:
            continue
        said = Stat.model_validate(first)
        if not phrases.sums_kinds(said) or phrases.says_its_period(said):
            continue
        if basis is None:
            stats[0] = reviewed(stats[0], f"生成的报告在这里写“{period}共计”，原文没有")
        else:
            del first["口径"]
        return


def mark_loose(place: Any) -> Any:
    """A section (or item, or 要点) with each text that keeps a count of the period's work
    marked for review (the words of check's TZ407: report.loose_counts), unless marked
    already: a roll-up adds up 统计, never text."""
    if isinstance(place, Review):
        if isinstance(place.value, str):
            return place  # marked already, with its own reason
        return Review(mark_loose(place.value), place.why, place.change)
    if isinstance(place, str):
        found = loose_counts.first(place)
        return Review(place, f"{found.message()}：需要汇总时，请把它写成一项统计") if found else place
    if isinstance(place, list):
        return [mark_loose(entry) for entry in place]
    if isinstance(place, dict):
        return {key: mark_loose(value) if key in ("标题", "内容", "要点", "工作") else value
                for key, value in place.items()}
    return place


def _overview(intro: list[str], unit: str) -> tuple[list[str], list[dict[str, Any]]]:
    """概况: the sentence "{单位}现有华侨4名、归侨2名。" after the intro, as tzreport writes it."""
    for i, text in enumerate(intro):
        m = _OVERVIEW.match(text)
        if not m or (unit and m["unit"] and m["unit"] != unit):
            continue
        found = count_grammar.counts(m["counts"].split("、"))
        if found and all(not c.parts for c in found):
            items = [{**stat(c), "单位": c.unit} for c in found]
            return intro[:i] + intro[i + 1:], items
    return intro, []


_HEADING_LIKE = re.compile(r"^[^。！？；：:]{2,30}$")


def unnumbered_headings(paras: list[Paragraph]) -> list[Paragraph]:
    """A report written without numbers: each short line without a sentence mark, after the
    title and before a paragraph of text, is a chapter's heading (level 1)."""
    out = list(paras)
    for i in range(1, len(out) - 1):
        here, after = out[i].text, out[i + 1].text
        if _HEADING_LIKE.match(here) and not _HEADING_LIKE.match(after) and not DATE.match(here):
            out[i] = Paragraph(here, 1)
    return out


def from_paragraphs(
    paras: list[Paragraph], unit: str | None = None, year: int | None = None
) -> dict[str, Any]:
    """The data of one report from its cleaned paragraphs."""
    rest, closing, signer, date = tail(paras)
    lead_stats: list[dict[str, Any]] = []
    lead, roots = tree(rest, lead_stats)
    if not roots:
        # no numbers: headings by their look; the last chapter's text is no closing (“下一步工作计划”
        # then “继续深化……再上新台阶。”)
        marked = unnumbered_headings(rest + [Paragraph(closing)] if closing else rest)
        if closing and len(marked) > 1 and marked[-2].level == 1:
            closing = ""
        lead_stats.clear()
        lead, roots = tree(marked if not closing else marked[:-1], lead_stats)
    top = head(lead)
    data: dict[str, Any] = {}
    parts = _title_parts(top.title) if top.title else {}
    text_all = "".join(top.intro) + top.title
    if unit:
        data["单位"] = unit
    elif "单位" in parts:
        data["单位"] = parts["单位"]
    elif found := _UNIT.search("。" + "".join(top.intro)):
        data["单位"] = Review(found[1], "单位是从导语中找到的")
    else:
        data["单位"] = Review("XX单位", "原文没有写单位名称，请填写（或导入时加 --unit）")
    if year:
        data["年度"] = year
    elif "年度" in parts:
        data["年度"] = parts["年度"]
    elif found := re.search(r"(20\d\d)\s*年", text_all + "".join(n.title for n in roots)):
        data["年度"] = Review(int(found[1]), "年度是从正文中找到的")
    else:
        data["年度"] = Review(2000, "原文没有写年度，请填写（或导入时加 --year）")
    for key in ("期间", "类型", "文种"):
        if key in parts:
            data[key] = parts[key]
    if "期间" not in data and re.search(r"上半年", top.title + "".join(top.intro[:1])):
        data["期间"] = "上半年"
    sections: dict[str, Any] = {}
    taken: set[str] = set()
    last = 0
    for node in roots:
        key = section_key(node.title, taken, last)
        if _RANK[key] < last:
            node.unsure = node.unsure or "生成的报告中这一章的位置与原文不同"
        last = max(last, _RANK[key])
        value = _section(node, key, data)
        if key == "其他工作":
            sections.setdefault(key, []).append(value)
        else:
            taken.add(key)
            sections[key] = value
    period = data.get("期间", "全年")
    for key in ORDER:
        if key in sections:
            data[key] = sections[key]
            for section in sections[key] if key == "其他工作" else [sections[key]]:
                if key != "下一步计划" and isinstance(_plain(section), dict):
                    period_lead(_plain(section), period)
            if key not in ("下一步计划", "存在问题"):
                data[key] = mark_loose(data[key])
    if top.title and top.title != generated_title(data):
        data["标题"] = top.title
    if top.subtitle:
        data["副标题"] = top.subtitle
    if top.addressee:
        data["主送"] = top.addressee
    intro, overview_read = _overview(top.intro, str(_plain(data["单位"])))
    overview: list[Any] = [*overview_read]
    if intro:
        data["导语"] = "".join(intro)
    if lead_stats:  # a table before the first chapter: the unit's figures at a glance
        overview += [Review(lead_stats[0], "取自原文第一章之前的表格，作为“概况”：请核对"), *lead_stats[1:]]
    if overview:
        data["概况"] = overview
    if closing:
        data["结语"] = closing
    when = date or top.date
    if signer or when:
        sign: dict[str, Any] = {}
        if signer:
            sign["署名"] = signer
        if when:
            m = DATE.match(when)
            sign["日期"] = f"{m[1]}年{m[2]}月{m[3]}日" if m and m[3] else f"{m[1]}年{m[2]}月" if m else when
        data["落款"] = sign
    return _ordered(data)


_TOP_ORDER = (
    "单位", "年度", "期间", "类型", "文种", "标题", "副标题", "主送", "导语", "概况",
    *ORDER, "结语", "落款",
)


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in _TOP_ORDER if k in data}
