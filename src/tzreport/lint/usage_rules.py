"""Rules of usage on one text: GB/T 15834 marks (顿号 between quoted or titled items and
before 等, a colon after 一是), GB/T 15835 numbers (counts in Arabic, 概数 without 顿号, years
written in full, no 余 under ten), repeated words around 等 and 开展, and personal data that
must not be sent on (ID card and mobile numbers). Pure functions of the text, like text_rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from tzreport.lint.rules import Hit

_CN_DIGIT = "一二三四五六七八九"
_CLAUSE = re.compile(r"[^，。；！？：,;!?:|]+")  # "|" parts a Markdown table's cells

# ---------------------------------------------------------------- TZ205, TZ206 marks

_QUOTED_COMMA = re.compile(r"(?<=[》”])、(?=[《“])")
_PAIRED = {"》": "《", "”": "“"}
_REACH = 120
_ITEM_END = "、，。；：,;:等和及与）)"
_VERBS = ("学习", "开展", "组织", "宣传", "观看", "阅读", "贯彻", "落实", "研读", "印发", "传达", "举办")
_COMMA_BEFORE_DENG = re.compile(r"、(?=等)")


def marks(text: str) -> Iterator[Hit]:
    """TZ205: 《甲》、《乙》 and “甲”、“乙” (GB/T 15834 4.5.3.5), 甲、乙、等; TZ206: 一是："""
    if "、" in text:
        for m in _QUOTED_COMMA.finditer(text):
            if not _wholly_quoted(text, m.start()):
                continue
            message = "并列的书名号或引号之间不用顿号：删去“、”"
            yield Hit("TZ205", message, m.span(), text, "")
        for m in _COMMA_BEFORE_DENG.finditer(text):
            yield Hit("TZ205", "“等”前面不用顿号：删去“、”", m.span(), text, "")
    if "是" in text:
        for m in re.finditer(f"(?<![{_CN_DIGIT}十])([{_CN_DIGIT}十]是)[：:]", text):
            at = m.end() - 1
            yield Hit("TZ206", f"“{m[1]}”后面不用冒号：删去“{text[at]}”，或改用逗号", (at, at + 1), text, "")


def _wholly_quoted(text: str, comma: int) -> bool:
    """Whether the items on both sides of a 顿号 are whole quoted or titled items (《甲》、《乙》),
    not items that only end or begin with one (同绘“同心圆”、“邻里情”大比拼). A short verb
    before the first (学习《甲》、《乙》) governs them all."""
    reach = max(comma - _REACH, 0)  # an item is a title or a quotation, not a chapter
    opening = text.rfind(_PAIRED[text[comma - 1]], reach, comma - 1)
    start = max(text.rfind(c, reach, max(opening, 0)) for c in "、，。；：,;:（(")
    lead = text[start + 1 : max(opening, 0)]
    if opening < 0 or (len(lead) > 4 and not lead.endswith(_VERBS)):
        return False
    closing = {"《": "》", "“": "”"}[text[comma + 1]]
    end = text.find(closing, comma + 2, comma + _REACH)
    return end > 0 and (end + 1 == len(text) or text[end + 1] in _ITEM_END)


# ---------------------------------------------------------------- TZ303, TZ304 repeated words

_DENG_AGAIN = re.compile(r"(活动|工作|形式|讲座|宣传)等(?:各[类项种]|多种|系列|一系列)?\1")


def repeated_words(text: str) -> Iterator[Hit]:
    """TZ303: 宣传活动等活动; TZ304: 开展 twice in one clause (not 开展甲、开展乙)."""
    if "等" in text:
        for m in _DENG_AGAIN.finditer(text):
            at = m.end() - len(m[1])
            yield Hit("TZ303", f"“{m[1]}等{m[1]}”重复：删去“等”后面的“{m[1]}”，或删去前面的",
                      (at, m.end()), text)
    if text.count("开展") < 2:
        return
    for clause in _CLAUSE.finditer(text):
        found = [m.start() for m in re.finditer("开展", clause[0])]
        for first, second in zip(found, found[1:], strict=False):
            if "、" in clause[0][first:second]:
                continue  # 开展宣传、开展走访: a list of its own
            at = clause.start() + second
            yield Hit("TZ304", "一个分句里“开展”用了两次：删去一个", (at, at + 2), text)


# ---------------------------------------------------------------- TZ305–TZ308 numbers

_UNITS = "次场户人名个期篇份项家座所位"
_CN_COUNT = re.compile(
    f"(?<![第几多数{_CN_DIGIT}十百千万两])((?:[{_CN_DIGIT}]?十[{_CN_DIGIT}]?|[{_CN_DIGIT}]百(?:零?[{_CN_DIGIT}]十?)*[{_CN_DIGIT}]?))"
    f"(?=人次|[{_UNITS}])"
)
_APPROX_COMMA = re.compile(f"(?<!第)[{_CN_DIGIT}]、[{_CN_DIGIT}十][十百千万]?(?=[{_UNITS}天年月日周岁种人])")
_SHORT_YEAR = re.compile(r"[’'‘](\d{2})年|(?<![\d.])(\d{2})年(?=\d{1,2}月|度)")


@functools.cache
def _small_about() -> re.Pattern[str]:  # compiled when first used: a Han class costs milliseconds
    return re.compile(r"(?<![\d.])([1-9])余(?=[\u3400-\u9fff])")



def numbers(text: str) -> Iterator[Hit]:
    """TZ305 十二次 → 12次; TZ306 三、五天 → 三五天; TZ307 23年 → 2023年; TZ308 8余次."""
    for m in _CN_COUNT.finditer(text):
        if text[m.end() : m.end() + 1] in "余多几来" or len(m[1]) < 2:
            continue  # 十余次 and 十来人 are 概数, written in Chinese
        yield Hit("TZ305", f"计数“{m[1]}”应使用阿拉伯数字", m.span(1), text)
    for m in _APPROX_COMMA.finditer(text):
        if m.start() == 0:
            continue  # 一、 at the start of a paragraph is its number
        yield Hit("TZ306", f"概数“{m[0]}”中间不用顿号：写作“{m[0].replace('、', '')}”", m.span(), text,
                  m[0].replace("、", ""))
    for m in _SHORT_YEAR.finditer(text):
        yield Hit("TZ307", f"年份不能简写：“{m[0]}”应写全，如“20{m[1] or m[2]}年”", m.span(), text)
    for m in _small_about().finditer(text):
        yield Hit("TZ308", f"“{m[0]}”：不满10的数不用“余”，请写准确的数", m.span(), text, m[1])


# ---------------------------------------------------------------- TZ405, TZ406 personal data

_ID = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])")
_MOBILE = re.compile(r"(?<![\d\-])(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d\-])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(number: str) -> bool:
    """Whether 18 characters are a resident ID number: a plausible birth date and the check
    character of GB 11643-1999."""
    if not (1900 <= int(number[6:10]) <= 2100 and 1 <= int(number[10:12]) <= 12 and 1 <= int(number[12:14]) <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def personal(text: str) -> Iterator[Hit]:
    """TZ405 an ID card number; TZ406 a mobile number: to be removed before a report is sent."""
    if sum(c.isdigit() for c in text) < 11:
        return
    for m in _ID.finditer(text):
        if id_number(m[1]):
            yield Hit("TZ405", "这是身份证号码：报送或公开前请删去，或隐去部分号码", m.span(), text)
    for m in _MOBILE.finditer(text):
        yield Hit("TZ406", "这是手机号码：报送或公开前请删去，或隐去中间四位", m.span(), text)


# Each rule with the codes it can give: a rule none of whose codes is wanted does not run.
RULES = (
    (("TZ205", "TZ206"), marks),
    (("TZ303", "TZ304"), repeated_words),
    (("TZ305", "TZ306", "TZ307", "TZ308"), numbers),
    (("TZ405", "TZ406"), personal),
)
