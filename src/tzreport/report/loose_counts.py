"""Counts of the period's work written inside a text instead of as a 统计 (docs/数据格式.md,
“数字写在哪里”): “开展……载体活动18次” in a 内容, a 要点 or a 标题. A roll-up adds up 统计, never
text, so such a count is lost to the 街道's sums and 附表; `check` warns about it (TZ407) and
import marks it for review. Both ask here, so they never disagree.

A count phrase is a figure with its measure word (次, 场次, 人次, 户, 份, 条 …). It is the
period's work when its clause does something: a measure word of events (次, 场次, 人次 …) or a
verb of work (开展, 走访, 发放 …) before the figure. A stock (“现有华侨4名”), a target (“计划开展
20次”), a change on last year (“比上年增加2次”), an ordinal (“第3次”) and a date are not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Measure words a count is written with (ingest's count grammar reads these).
UNITS = (
    "平方米 人次 场次 家次 户次 课时 小时 余人 "
    "次 场 人 名 个 份 户 处 条 期 家 起 项 篇 件 元 平 本 幅 块 张 支 批 轮 天 所 座 间 位 组 套 台 辆 棵 封 首 部 盏"
).split()
NUMBER = r"\d+(?:\.\d+)?万余?|\d+余?"
# Measure words that count events or attendances: a count in them is work done whatever the verb.
EVENT_UNITS = frozenset({"次", "场次", "人次", "场", "期", "户次", "家次", "轮", "批", "课时"})
WORK_VERBS = (
    "开展", "组织", "举办", "召开", "举行", "走访", "慰问", "发放", "收集", "征集", "张贴", "设置", "悬挂",
    "培训", "宣讲", "接待", "调解", "化解", "帮扶", "帮助", "解决", "排查", "清除", "清理", "制作", "印发",
    "发布", "推送", "建立", "成立", "评选", "表彰", "开设", "上门", "入户", "资助", "捐赠", "捐助", "办理",
    "受理", "采纳", "参与", "参加", "覆盖", "惠及", "服务", "录制", "编印", "出动", "投入", "新建", "打造",
    "发展", "吸纳", "联系", "对接", "实施", "落实", "提供", "提出", "反映", "答复", "协调", "签订", "完成",
)
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_NOT_WORK = re.compile(r"计划|力争|预计|拟|争取|目标|比上年|较上年|同比|比去年|增加|减少|增长|下降|现有|共有|辖区有|其中")


@dataclass(frozen=True)
class Loose:
    """A count phrase of the period's work found in a text: where it stands (start, end of
    the figure and its measure word) and how a message quotes it (“开展……18次”)."""

    start: int
    end: int
    quoted: str

    def message(self) -> str:
        return f"这里的“{self.quoted}”没有写进统计，汇总时不会相加"


_SENTENCE = re.compile(r"[^。；！？;!?]+")
_CLAUSE = re.compile(r"[^，,、：:\n]+")
# A figure and its measure word ending a clause, not the end of a longer number or an ordinal.
_COUNT_AT_END = re.compile(rf"(?<![\d.第前近约])(?P<num>{NUMBER})(?P<unit>{_UNIT})$")


def find(text: str) -> Iterator[Loose]:
    """Each count of the period's work closing a sentence of the text, in order: in the
    clauses that end a sentence, each ending with a figure and its measure word (“……等活动18次；”,
    “……18次，参与群众200余人次。”), where a 统计 says it. A count inside a sentence that goes on
    is narrative, which a 统计 could not say in its place; a 其中 part, a target, a stock and a
    change on last year are not counts of work done. One pass over the text: a hostile one of
    thousands of clauses costs no more than its length."""
    for sentence in _SENTENCE.finditer(text):
        clauses = list(_CLAUSE.finditer(text, sentence.start(), sentence.end()))
        closing: list[tuple[re.Match[str], re.Match[str]]] = []
        for clause in reversed(clauses):  # the run of count clauses at the sentence's end
            m = _COUNT_AT_END.search(clause.group())
            if m is None:
                break
            closing.append((clause, m))
        for clause, m in reversed(closing):
            said = clause.group()[: m.start()]
            if _NOT_WORK.search(said) or not re.search(r"[\u4e00-\u9fff]", said):
                continue
            verb = next((v for v in WORK_VERBS if v in said), None)
            if verb is None and m["unit"] not in EVENT_UNITS:
                continue
            figure = m["num"] + m["unit"]
            if verb is not None:
                words = said[said.index(verb):]
                quoted = words + figure if len(words) <= 6 else f"{verb}……{figure}"
            else:
                quoted = said + figure if len(said) <= 6 else f"……{said[-4:]}{figure}"
            at = clause.start() + m.start()
            yield Loose(at, at + len(figure), quoted)


_FIGURE = re.compile(r"(?<![\d.第])(?:\d+(?:\.\d+)?(?:万余|万|余)?|上千|上万)")


def stated(figures: Iterable[tuple[str, str]], text: str) -> Counter[tuple[str, str]]:
    """How often each figure, (number as printed, measure word) as in (“10余”, “次”), stands in
    a text as a whole figure: not the end of a longer number (“110余次”), not an ordinal (“第10
    次”), not the start of a longer one (“10余次” is no “10次”). One pass over the text, each
    number looked up: thousands of figures in a long text cost no more than its length."""
    units: dict[str, set[str]] = {}
    for number, unit in figures:
        units.setdefault(number, set()).add(unit)
    found: Counter[tuple[str, str]] = Counter()
    for m in _FIGURE.finditer(text):
        for unit in units.get(m[0], ()):
            if text.startswith(unit, m.end()):
                found[(m[0], unit)] += 1
    return found


def uncovered(text: str, figures: Iterable[str]) -> list[Loose]:
    """The counts of find() in a text less those a 统计 marked 文中已写 says (its figure with its
    measure word, as printed: “10余次”), each figure covering one count."""
    left = Counter(figures)
    found = []
    for loose in find(text):
        said = text[loose.start:loose.end]
        if left[said] > 0:
            left[said] -= 1
        else:
            found.append(loose)
    return found


def first(text: str) -> Loose | None:
    """The first count of the period's work in a text, or None."""
    return next(find(text), None)
