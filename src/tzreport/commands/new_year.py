"""`tzreport new-year`: the next period's data file, written beside last period's.

What carries over is what stays the same from one period to the next: the unit, the kind, the
addressee, the signatory, the sections and the titles of the work items. What is cleared is
what each period has anew: texts, events, counts and the date. Last period's values are kept
as comments under their keys, to reuse or to compare, and last period's 下一步计划 heads the
file as the checklist of what this report has to account for. The file is written as text (see
data/yaml_writer) because comments are the point; it is valid as it stands, so it builds at once, and
nothing of last period reaches the report unless the user takes it out of its comment.

Which period follows: 上半年 → 下半年 of the same year; 全年 and 下半年 → 全年 of the next year
(a 下半年 report's plans are the next year's: its 下一步计划 defaults to “{年度+1}年工作计划”).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from tzreport import text
from tzreport.commands.init import modeline, shift_years, write_new
from tzreport.data import field_types, loader, yaml_nodes
from tzreport.data.models import PERIODS, Event, Period, Point, Report, Section, Stat
from tzreport.data.schema import MODELINE
from tzreport.data.yaml_writer import Lines, flow_mapping, scalar
from tzreport.errors import OptionError, OutputError
from tzreport.render import phrases
from tzreport.report import outline, places


def next_period(year: int, period: str, wanted: str | None = None) -> tuple[int, Period]:
    """The year and period after (year, period); `wanted` chooses the period, and the year is
    then the same one when that period can still follow in it (上半年 → 下半年 or 全年)."""
    if wanted is None:
        wanted = "下半年" if period == "上半年" else "全年"
    if wanted not in PERIODS:
        raise OptionError(f"错误 期间应为“全年”“上半年”“下半年”之一，实际为“{wanted}”")
    same_year = period == "上半年" and wanted in ("下半年", "全年")
    return (year if same_year else year + 1), wanted  # type: ignore[return-value]


def retime(words: str, old: Report, year: int, period: str) -> str:
    """A title of last period made to say this period: its years moved on, and “上半年”
    turned into “下半年” when that is the step."""
    words = shift_years(words, old.year, year)
    if old.period == "上半年" and period == "下半年":
        words = words.replace("上半年", "下半年")
    return words


def _next_path(path: str, old: Report, year: int, period: str) -> str:
    """A member file's path for the next period: its year moved on, 上半年 → 下半年."""
    path = path.replace(str(old.year), str(year))
    if old.period == "上半年" and period == "下半年":
        path = path.replace("上半年", "下半年")
    return path


def target_name(source: Path, old: Report, year: int, period: str) -> str:
    """2023.yaml → 2024.yaml, 2021上半年.yaml → 2021下半年.yaml, 2024民族工作.yaml →
    2025民族工作.yaml, 2024年度会议发言.yaml (a speech on 2023's work) → 2025年度会议发言.yaml;
    a name without the year becomes {年度}{期间}{类型}.yaml."""
    span = "" if period == "全年" else period
    stem = source.stem
    if str(old.year) not in stem and shift_years(stem, old.year, year) == stem:
        kind = "" if old.kind == "统战工作" else old.kind
        return f"{year}{span}{kind}{source.suffix}"
    said = re.search("上半年|下半年|全年", stem)
    if said:  # 2023年上半年 → 2023年下半年: the period word changes where it is
        stem, span = stem[: said.start()] + span + stem[said.end() :], ""
    moved = shift_years(stem, old.year, year)
    if moved != stem and not span:  # years written as years (2024年度) move as a title's do
        return moved + source.suffix
    return stem.replace(str(old.year), f"{year}{span}", 1) + source.suffix


def new_year(source: Path, output: Path | None = None, period: str | None = None) -> Path:
    """Write the period after `source`'s beside it (or to `output`, a file or a folder);
    returns the new file. An existing file is never overwritten."""
    old = loader.load(source)
    year, new_period = next_period(old.year, old.period, period)
    if year > 2100:
        raise OptionError(f"错误 下一期的年度{year}超出了2000至2100的范围")
    name = target_name(source, old, year, new_period)
    if output is None:
        target = source.parent / name
    else:  # a folder gets the file under its usual name
        target = output / name if output.is_dir() else output
    if target.exists():
        raise OutputError(f"{target}: 错误 文件已存在，不会覆盖；要另起文件名，请用 -o 指定")
    first = yaml_nodes.read_text(source).split("\n", 1)[0]
    content = render(old, year, new_period, source.name, _modeline(first, source, target))
    write_new(target, content)
    return target


def _modeline(first_line: str, source: Path, target: Path) -> str | None:
    """The source's schema line, its relative path made right for the new file's folder."""
    if not first_line.startswith(MODELINE):
        return None
    where = first_line.removeprefix(MODELINE).strip()
    if "://" in where or os.path.isabs(where):
        return first_line.rstrip()
    return modeline(target.parent, source.parent / where)


def render(
    old: Report, year: int, period: str, source_name: str, schema_line: str | None = None
) -> str:
    """The text of the next period's data file."""
    out = Lines()
    _header(out, old, year, period, source_name, schema_line)
    given = old.model_fields_set
    out.key(0, "单位", scalar(old.unit))
    out.key(0, "年度", str(year))
    if period != "全年" or "period" in given:
        out.key(0, "期间", period)
    for name in ("kind", "genre", "addressee"):
        if name in given and getattr(old, name):
            out.key(0, field_types.key_of(Report, name), scalar(getattr(old, name)))
    if old.title:
        out.key(0, "标题", scalar(retime(old.title, old, year, period)))
    if old.subtitle:
        out.key(0, "副标题", scalar(old.subtitle))
    if old.rollup:  # a roll-up sums this period's member files: 河畔花园社区/2023.yaml → …/2024.yaml
        out.key(0, "汇总")
        for pattern in old.rollup:
            out.add(1, "- " + scalar(_next_path(pattern, old, year, period)))
    if "previous" in given:  # the file this one was made from is the new one's previous year
        out.key(0, "上年", scalar(source_name))
    _old_text(out, 0, "导语", old.intro)
    if old.overview:
        out.blank()
        out.key(0, "概况")
        counted = old.counted_overview()
        for stat in old.overview:
            if any(stat is c for c in counted):
                _stat(out, 1, stat, period)
            else:  # a roll-up's entry that only sets the order stays as it is
                out.add(1, "- " + flow_mapping([("项目", scalar(stat.label, flow=True))]))
    for name, index, section in old.written_sections():
        if not index:  # a key of its own; 其他工作 is one key over its list
            out.blank()
            out.key(0, field_types.key_of(Report, name))
        if name == "plans":  # last period's plans become this period's checklist, at the top
            title = section.title
            if title and title != old.default_section_title("plans"):
                out.key(1, "标题", scalar(retime(title, old, year, period)))
        else:
            _section(out, 1, section, old, year, period, listed=index is not None)
    _old_text(out, 0, "结语", old.closing, blank=True)
    if old.signature is not None:
        out.blank()
        out.key(0, "落款")
        if old.signature.name:
            out.key(1, "署名", scalar(old.signature.name))
        out.key(1, "日期")
        if old.signature.date:
            day = old.signature.date  # a month-only date (2024年3月) stays a month
            out.comment(2, f"{day:%Y-%m}" if getattr(day, "month_only", False) else day.isoformat())
    return out.text()


def _header(
    out: Lines, old: Report, year: int, period: str, source_name: str, schema_line: str | None
) -> None:
    """What the file is, how to use the comments, and last period's plans as the checklist."""
    if schema_line:
        out.add(0, schema_line)
    new = old.model_copy(update={"year": year, "period": period})
    span = "" if old.period == "全年" else old.period
    out.comment(
        0,
        f"{outline.plain_title(new)}的数据文件，由 tzreport new-year 根据 {source_name} 生成。\n"
        "章节和工作事项的标题沿用上期；内容、活动、统计数量和落款日期已清空，请按本期实际填写。\n"
        f"缩进在某一项下面、以“# ”开头的行是上期（{old.year}年{span}）的内容，只供参考，不会写进报告；\n"
        "要沿用某一行，删去行首的“# ”再修改。统计的数量要重新填写。",
    )
    checklist = plan_lines(old)
    if checklist:
        out.comment(0, "")
        out.comment(0, f"上期（{old.year}年{span}）的工作计划，本期总结要写明落实情况：")
        for n, line in enumerate(checklist, 1):
            out.comment(0, f"  {n}. {line}")
    out.blank()


def plan_lines(report: Report) -> list[str]:
    """Last period's plans as one line each, with their targets: its points, its own counts,
    then each item as “标题：正文”; a target reads “计划开展各类学习活动40场次”."""
    plans = next((place for place in places.sections(report) if place.key == "plans"), None)
    if plans is None:
        return []
    lines: list[str] = []
    for place in places.below(plans):  # a 要点 is said with the section or item that holds it
        holder = place.holder
        if isinstance(holder, Point):
            continue
        target = phrases.activity(holder.events, holder.stats, phrases.PLAN)
        if place.kind == "section":
            lines += [_planned(p.text, p) for p in holder.points]
            lines += [target] if target else []
            continue
        said = [holder.text or "", *(_planned(p.text, p) for p in holder.points), target]
        body = "；".join(text.strip_end(text.one_line(s)) for s in said if s.strip())
        title = text.strip_end(holder.title or "")
        lines.append(f"{title}：{body}" if body else title)
    if not lines and plans.holder.text:
        lines.append(text.strip_end(text.one_line(plans.holder.text)))
    return lines


def _planned(said: str, place: Any) -> str:
    """A plan's text with its targets after it: “深化理论学习，计划开展各类学习活动40场次”."""
    body = text.strip_end(text.one_line(said))
    target = phrases.activity(place.events, place.stats, phrases.PLAN)
    return f"{body}，{target}" if target else body


def _old_text(out: Lines, level: int, key: str, value: str | None, blank: bool = False) -> None:
    """An emptied text field, last period's text in a comment under it."""
    if not value:
        return
    if blank:
        out.blank()
    out.key(level, key)
    out.comment(level + 1, scalar(text.one_line(value)))


def _old_list(out: Lines, level: int, key: str | None, values: list[Point], period: str) -> None:
    """Last period's 要点 as comments; a point with its own events and counts is commented out
    whole, its counts emptied, so that the file stays valid until the user takes it back."""
    if not values:
        return
    if key is not None:
        out.key(level, key)
    inner = level + 1 if key is not None else level
    for value in values:
        if not (value.events or value.stats):
            out.comment(inner, f"- {scalar(text.one_line(value.text))}")
            continue
        out.comment(inner, f"- 内容: {scalar(text.one_line(value.text))}")
        if value.events:
            out.comment(inner + 1, "活动:")
            for event in value.events:
                out.comment(inner + 2, f"- {_event(event)}")
        if value.stats:
            out.comment(inner + 1, "统计:")
            for stat in value.stats:
                out.comment(inner + 2, _stat_line(stat, period))


def _section(
    out: Lines,
    level: int,
    section: Section,
    old: Report,
    year: int,
    period: str,
    listed: bool = False,
) -> None:
    """A section (or, `listed`, an entry of 其他工作) with its titles, its content emptied."""
    given = section.model_fields_set
    if given == {"points"} and not listed:  # written as a bare list: keep that form
        _old_list(out, level, None, section.points, period)
        return
    if listed:
        out.add(level, f"- 标题: {scalar(retime(section.title or '', old, year, period))}")
        level += 1
    elif section.title:
        out.key(level, "标题", scalar(retime(section.title, old, year, period)))
    _emptied(out, level, section, old, year, period)


def _emptied(out: Lines, level: int, place: Any, old: Report, year: int, period: str) -> None:
    """What a section or an item holds below its title, emptied: last period's text, 要点 and
    活动 in comments, the 统计 without counts, and its items with their titles kept."""
    _old_text(out, level, "内容", place.text)
    if place.points_apart:  # a way of writing, like a title: it carries over
        out.key(level, "要点分段", "true")
    _old_list(out, level, "要点", place.points, period)
    _counted(out, level, place, period)
    if place.items:
        out.key(level, "工作")
        for item in place.items:
            out.add(level + 1, f"- 标题: {scalar(retime(item.title, old, year, period))}")
            _emptied(out, level + 2, item, old, year, period)


def _counted(out: Lines, level: int, place: Any, period: str) -> None:
    """A place's 活动 (as comments) and 统计 (their counts emptied)."""
    if place.events:
        out.key(level, "活动")
        for event in place.events:
            out.comment(level + 1, f"- {_event(event)}")
    if place.stats:
        out.key(level, "统计")
        for stat in place.stats:
            _stat(out, level + 1, stat, period)


def _event(event: Event) -> str:
    if event.model_fields_set == {"name"}:
        return scalar(event.name)
    pairs = [("名称", scalar(event.name, flow=True))]
    if event.date:
        pairs.append(("日期", event.date.isoformat()))
    if event.times is not None:
        pairs.append(("次数", str(event.times)))
    if event.people is not None:
        pairs.append(("人数", str(event.people)))
    for name in ("place", "form", "note"):
        value = getattr(event, name)
        if value:
            pairs.append((field_types.key_of(Event, name), scalar(value, flow=True)))
    return flow_mapping(pairs)


def _stat(out: Lines, level: int, stat: Stat, period: str) -> None:
    """A stat with its count emptied (its 其中 too); last period's figures in a comment after it."""
    out.comment(level, _stat_line(stat, period))


def _stat_line(stat: Stat, period: str) -> str:
    pairs = _stat_pairs(stat, period)
    if stat.of:
        parts = ", ".join(flow_mapping(_stat_pairs(p, period)) for p in stat.of)
        pairs.append(("其中", f"[{parts}]"))
    said = [f"{stat.printed}{stat.unit}", *(f"其中{p.label}{p.printed}{p.unit}" for p in stat.of)]
    return f"- {flow_mapping(pairs)}  # 上期：{'，'.join(said)}"


def next_basis(basis: str, period: str) -> str:
    """A figure's 口径 for the next period: a stock's (截至目前, 累计, the user's own words) stays;
    one that names the period (上半年, 全年共计 …) names the new one (上半年共计 → 下半年共计)."""
    for word in PERIODS:
        if basis.startswith(word):
            return period + basis[len(word):]
    return basis


def _stat_pairs(stat: Stat, period: str) -> list[tuple[str, str]]:
    pairs = [("项目", scalar(stat.label, flow=True)), ("数量", "")]
    if "unit" in stat.model_fields_set:
        pairs.append(("单位", scalar(stat.unit, flow=True)))
    if stat.approx:
        pairs.append(("约数", "true"))
    if stat.basis:
        pairs.append(("口径", scalar(next_basis(stat.basis, period), flow=True)))
    if stat.compare is not None:  # the user's choice of comparing this figure holds next year too
        pairs.append(("同比", "true" if stat.compare else "false"))
    if stat.in_text:  # uncommented with its text, it stays a figure the text states
        pairs.append(("文中已写", "true"))
    return pairs
