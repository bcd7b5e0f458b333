"""An independent computation of what a roll-up and 同比 must say, written from the data format
(DESIGN §3) and the README's rules, not from tzreport's code: the tests hold tzreport's output
against it. It reads the YAML with PyYAML directly and uses nothing of tzreport."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SECTIONS = ("思想引领", "民族工作", "宗教工作")
DEFAULT_TITLES = {
    "思想引领": "强化思想引领，凝聚统战共识",
    "民族工作": "加强民族团结，扎实推进民族工作",
    "宗教工作": "依法管理宗教事务，维护社会和谐稳定",
}

Key = tuple[str, str, str]  # (section: 概况 / 思想引领 … / a 其他工作 title, 项目, 单位)
# key → (value, 约数, the figure as typed or "", for a sum: the most its parts as printed can mean)
Sums = dict[Key, tuple[int, bool, str, int | None]]


def read(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _stat(raw: dict[str, Any], default_unit: str) -> tuple[str, str, int, bool, str]:
    value = raw["数量"]
    approx = bool(raw.get("约数", False))
    written = ""
    if isinstance(value, str) and value.endswith("余"):  # "N余" is printed as typed
        written = value if raw.get("约数", True) and int(value[:-1]) >= 10 else ""
        value, approx = int(value[:-1]), raw.get("约数", True)
    return raw["项目"], raw.get("单位", default_unit), int(value), bool(approx), written


def _items(items: list[dict[str, Any]] | None):
    for item in items or []:
        yield item
        yield from _items(item.get("工作"))


def stats(data: dict[str, Any]) -> list[tuple[Key, int, bool, str]]:
    """Every stat of one file with its key, in file order: 概况 first, then the sections."""
    found = []
    for raw in data.get("概况") or []:
        label, unit, value, approx, written = _stat(raw, "名")
        found.append((("概况", label, unit), value, approx, written))
    sections = [(name, data.get(name)) for name in SECTIONS]
    sections += [(s["标题"], s) for s in data.get("其他工作") or []]
    for name, section in sections:
        if not isinstance(section, dict):
            continue
        for item in _items(section.get("工作")):
            for raw in item.get("统计") or []:
                label, unit, value, approx, written = _stat(raw, "次")
                found.append(((name, label, unit), value, approx, written))
    return found


def contributors(files: list[Path]) -> dict[Key, frozenset[str]]:
    """The units (单位) whose files hold each key."""
    found: dict[Key, set[str]] = {}
    for path in files:
        data = read(path)
        for key, *_ in stats(data):
            found.setdefault(key, set()).add(data["单位"])
    return {key: frozenset(units) for key, units in found.items()}


def same_units(before: Sums, now_files: list[Path], before_files: list[Path]) -> Sums:
    """Last year's sums that a roll-up compares with: only those the same units added to both
    years (a unit that leaves a figure out one year would read as the whole going up or down)."""
    now, then = contributors(now_files), contributors(before_files)
    return {key: figure for key, figure in before.items() if key[0] == "概况" or now.get(key) == then.get(key)}


def add(into: Sums, key: Key, value: int, approx: bool, written: str = "") -> None:
    """A figure added in; a sum is no longer any one figure as typed, and reaches as far as its
    parts together."""
    if key not in into:
        into[key] = (value, approx, written, None)
        return
    old = into[key]
    into[key] = (old[0] + value, old[1] or approx, "", _reach(*old)[1] + _reach(value, approx, written)[1])


def sums(files: list[Path]) -> Sums:
    """The figures of several files added up per key, in order of first appearance."""
    total: Sums = {}
    for path in files:
        for key, value, approx, written in stats(read(path)):
            add(total, key, value, approx, written)
    return total


def about(value: int, approx: bool, written: str = "", high: int | None = None) -> str:
    """How a figure is written: as typed; with 约数, its first two digits (under 100, its first),
    the rest 0, then 余; from 10000 on in 万, with a decimal where the second digit is not 0.
    A sum (high given) with a 约数 part is written by the same rule (10余 + 27 → 30余)."""
    if written:
        return written
    if not approx or value < 10:
        return str(value)
    digits = str(value)
    kept = 1 if value < 100 else 2
    shown = int(digits[:kept] + "0" * (len(digits) - kept))
    if shown >= 10000:
        wan = shown / 10000
        return f"{wan:g}万余"
    return f"{shown}余"


def _reach(value: int, approx: bool, written: str = "", high: int | None = None) -> tuple[int, int]:
    """The least and most a printed figure can mean: “10余” is 10 to 19, “1100余” 1100 to 1199,
    “12余” as typed 12; a sum from its lower bound to its parts' most added up."""
    if high is not None:  # a sum: what its parts can add up to and what it says as printed
        low, most = _reach(value, approx)
        return min(low, value), max(most, high)
    shown = about(value, approx, written)
    if not shown.endswith("余"):
        return value, value
    number = shown[:-1]
    low = int(float(number[:-1]) * 10000) if number.endswith("万") else int(number)
    step = 1
    while low % (step * 10) == 0 and step * 10 <= low:
        step *= 10
    return low, low + step - 1


def change(now: int, before: int, unit: str = "次", approx: bool = False, annual: bool = True,
           before_approx: bool = False, now_reach: tuple[int, int] | None = None,
           before_reach: tuple[int, int] | None = None, percent: bool = True) -> str | None:
    """同比 wording: 比上年 (同比 for a half-year); the difference when either is under 100 (or
    the report says no percentages); the change in whole percent, halves rounded up, otherwise;
    when either figure is approximate (approx: this year's, before_approx: last year's) only a
    direction the printed figures prove."""
    if before == 0:
        return None
    than, same = ("比上年", "与上年") if annual else ("同比", "与上年同期")
    if approx or before_approx:
        (low, high) = now_reach or _reach(now, approx)
        (then_low, then_high) = before_reach or _reach(before, before_approx)
        if low > then_high or high < then_low:
            return f"{than}有所{'增加' if now > before else '减少'}"
        return f"{same}基本持平"
    if now == before:
        return f"{same}持平"
    if min(now, before) < 100 or not percent:
        return f"{than}{'增加' if now > before else '减少'}{abs(now - before)}{unit}"
    word = "增长" if now > before else "下降"
    # round(x) with halves up, in integers: floor((200·|Δ| + before) / (2·before))
    percent = (200 * abs(now - before) + before) // (2 * before)
    return f"{than}{word}不足1%" if percent == 0 else f"{than}{word}{percent}%"


def worth(figure: tuple[int, bool, str, int | None], earlier: tuple[int, bool, str, int | None]) -> bool:
    """A change a report says unasked: two or more and a tenth or more of last year's; with a
    约数 on either side, only a direction the printed ranges prove; never 持平."""
    if earlier[0] == 0:
        return False
    if figure[1] or earlier[1]:
        (low, high), (then_low, then_high) = _reach(*figure), _reach(*earlier)
        return low > then_high or high < then_low
    gap = abs(figure[0] - earlier[0])
    return gap >= 2 and 10 * gap >= earlier[0]


def percent(now: Sums, before: Sums | None) -> bool:
    """Whether a report says its changes in percent: every exact pair compared is of 100 or more."""
    pairs = [(f, before[k]) for k, f in now.items() if before and k in before and k[0] != "概况"]
    return all(f[0] >= 100 and b[0] >= 100 for f, b in pairs if not f[1] and not b[1] and b[0])


def said(section: str, now: Sums, before: Sums | None) -> Key | None:
    """The one figure of a roll-up section's sums sentence that gets its change: the first worth saying."""
    return next((k for k, f in now.items() if k[0] == section and len(k) == 3 and before and k in before
                 and worth(f, before[k])), None)


def clause(key: Key, figure: tuple[int, bool, str, int | None], before: Sums | None,
           compared: bool = True, in_percent: bool = True) -> str:
    """“开展活动12次，比上年增加2次” (compared: the figure gets its change)."""
    said = f"{key[1]}{about(*figure)}{key[2]}"
    if compared and before is not None and key in before:
        wording = change(figure[0], before[key][0], key[2], figure[1], before_approx=before[key][1],
                         now_reach=_reach(*figure), before_reach=_reach(*before[key]), percent=in_percent)
        if wording:
            said += "，" + wording
    return said


def clauses(section: str, now: Sums, before: Sums | None) -> list[str]:
    """Each figure of a roll-up section's sums sentence, the one worth saying with its change:
    “开展活动12次，比上年增加2次”."""
    chosen, form = said(section, now, before), percent(now, before)
    return [clause(k, f, before, k == chosen, form) for k, f in now.items() if k[0] == section and len(k) == 3]


def sentence(section: str, now: Sums, before: Sums | None) -> str:
    """What follows “共计” in a roll-up section's sums sentence, up to its full stop."""
    chosen, form = said(section, now, before), percent(now, before)
    parts = [clause(k, f, before, k == chosen, form) for k, f in now.items() if k[0] == section]
    joined = "；" if any("，" in p for p in parts[:-1]) else "，"
    return joined.join(parts)


def cell(now: Sums | None, before: Sums | None, key: Key) -> str:
    """A 附表 cell: the figure, and in brackets last year's where there is one that counts the
    same thing (before: only such figures; None for no previous year); “—” for none."""
    current = about(*now[key]) if now and key in now else "—"
    if current == "—" or not before or key not in before:
        return current
    return f"{current}（{about(*before[key])}）"


def compared(before: Sums, now_files: list[Path], before_files: list[Path]) -> Sums:
    """Last year's sums a roll-up's 附表 shows beside this year's: those the same units added to
    both years, 概况 included (a table of five communities' 华侨 beside last year's four is no
    comparison either)."""
    now, then = contributors(now_files), contributors(before_files)
    return {key: figure for key, figure in before.items() if now.get(key) == then.get(key)}
