"""Word segmentation (jieba) for the doubled-character rule: "学学习" is a word written with
its first character twice, "工作作风" is two words that meet, "天天" is a word of its own.

Only a doubled character that no list explains needs the segmenter, and jieba's dictionary
takes a second or more to load: it is imported here, and loaded only on the first such text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from tzreport.lint.rules import Hit


@functools.cache
def _pair() -> re.Pattern[str]:
    # A doubled character from U+3400 on, the Han ones kept by _unexplained: this class
    # compiles in a third of the time of a class of the Han ranges, paid at every check.
    # (Compiled when first used: a build never needs it.)
    return re.compile("([^\x00-\u33ff])\\1")


def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# Doubled characters that are words (or parts of AABB words) in reports: no need to segment.
COMMON = frozenset(
    "常常 人人 天天 家家 户户 大大 一一 个个 层层 处处 事事 时时 年年 步步 纷纷 渐渐 紧紧 深深 "
    "切切 实实 扎扎 认认 真真 点点 滴滴 方方 面面 多多 久久 稳稳 牢牢 默默 轻轻 慢慢 好好 "
    "看看 想想 谈谈 说说 试试 聊聊 坐坐 走走 高高 远远 早早 细细 丝丝 声声 心心 代代 世世 "
    "熊熊 滚滚 浩浩 荡荡 堂堂 正正 明明 白白 干干 净净 清清 楚楚 平平 安安 欢欢 喜喜 热热 闹闹 "
    "祖祖 辈辈 仔仔 匆匆 刚刚 偏偏 往往 常常 屡屡 频频 统统 通通 恰恰 仅仅 稍稍 略略 "
    "星星 妈妈 爸爸 奶奶 爷爷 姐姐 哥哥 弟弟 妹妹 叔叔 姑姑 舅舅 婆婆 宝宝 娃娃 "
    "冉冉 蒸蒸 欣欣 井井 津津 历历 彬彬 孜孜 循循 谆谆 殷殷 拳拳 亭亭 岌岌 奄奄 栩栩 "
    "郁郁 葱葱 形形 色色 林林 总总 风风 火火 轰轰 烈烈 实实在在 口口 花花 绿绿 团团 圆圆".split()
)


@functools.cache
def _tokenizer() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


# Doubled characters that the plain doubled-word rule already judges (的的), and how many pairs
# one text may send to the segmenter: hostile text of a million doubled characters stays cheap.
ALREADY = frozenset("的了是和与及被于")
MAX_PAIRS = 500
WINDOW = 5  # characters either side of a pair that the segmenter sees


def _unexplained(text: str) -> Iterator[re.Match[str]]:
    for m in _pair().finditer(text):
        if _han(m[1]) and m[0] not in COMMON and m[1] not in ALREADY:
            yield m


def needs_segmenter(text: str) -> bool:
    """Whether a text has a doubled character that only segmentation can judge."""
    return next(_unexplained(text), None) is not None


def doubled_characters(text: str, reduplications: frozenset[str]) -> Iterator[Hit]:
    """TZ301: a word whose first character is written twice (学学习). A doubled character
    inside a dictionary word (天天向上, 认认真真) or where two words meet (工作|作风) is right.
    The segmenter sees a few characters around each doubled pair, not the whole text."""
    pairs = list(islice(_unexplained(text), MAX_PAIRS))
    if not pairs:
        return
    jieba = _tokenizer()
    freq = jieba.dt.FREQ
    said: set[int] = set()
    for pair in pairs:
        if pair.start() in said or text[pair.start() - 1 : pair.start()] == "一":
            continue  # 一笔笔, 一个个: a measure word doubled after 一
        start = max(pair.start() - WINDOW, 0)
        at = start
        for token in jieba.cut(text[start : pair.end() + WINDOW], HMM=True):
            begin, at = at, at + len(token)
            if not begin <= pair.start() < at or pair.end() > at or len(token) < 3:
                continue
            if any(word in token for word in reduplications):
                break
            inside = pair.start() - begin
            single = token[:inside] + token[inside + 1 :]
            if freq.get(single, 0) >= 50 * max(freq.get(token, 0), 1):
                said.add(pair.start())
                yield Hit("TZ301", f"“{token}”多了一个“{pair[1]}”：应为“{single}”", pair.span(), text, pair[1])
            break
