"""The data format of a report (docs/数据格式.md) as pydantic models.

Keys are Chinese, as users type them; each field also accepts its English name, which is the
attribute name templates use. The field descriptions are user documentation: they become the
JSON Schema descriptions an editor shows. Error messages say what is expected; the loader adds
what was found and where. This module imports nothing of ours but its building blocks
(field_types.py).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import (
    BaseModel,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tzreport.data.field_types import (
    Date,
    DateOrMonth,
    Model,
    Text,
    WrittenFigure,
    bounded,
    bounded_figure,
    highest_figure,
    inner_models,
    key,
    parse_figure,
    printed_figure,
)

MAX_DEPTH = 4  # 一、 （一） 1. （1）: GB/T 9704 allows four levels of numbering.

Period = Literal["全年", "上半年", "下半年"]
PERIODS: tuple[str, ...] = typing.get_args(Period)
Genre = Literal["总结", "汇报", "发言材料"]



class Stat(Model):
    """一项统计：“{项目}{数量}{单位}”，如“开展各项活动10次”。"""

    label: Text = key("项目", "label", description="句中的动宾短语，如“开展各项活动”“发放宣传手册”")
    value: int = key(
        "数量",
        "value",
        ge=0,
        description="非负整数，或照写的约数：“150余”“3万”“1万余”“1.2万余”“上万”（报告中原样照写）",
    )
    unit: str = key("单位", "unit", default="次", description="量词，默认“次”；也可写“元”“%”等")
    approx: bool = key(
        "约数", "approx", default=False, description="约数：精确数按两位有效数字向下取整加“余”，如1137写成“1100余”"
    )
    of: list[Stat] = key(
        "其中", "of", default_factory=list, description="其中的分项，生成“收集意见建议52条，其中被采纳17条”"
    )
    basis: str | None = key(
        "口径",
        "basis",
        default=None,
        description="这个数字的统计口径，照写在这一项之前：“截至目前”（存量，如已评选的家庭数）、“累计”、"
        "“全年”“上半年”“下半年”“全年共计”，或自己写的话，如“截至11月底”；不写时按本期工作来写",
    )
    compare: bool | None = key(
        "同比",
        "compare",
        default=None,
        description="是否写与上年的比较（“比上年增加2次”）：true 一定写（上年有这一项时），false 不写；"
        "不写这个键时，每章、每个工作事项只在第一个值得说的数后面写一处",
    )
    in_text: bool = key(
        "文中已写",
        "in_text",
        default=False,
        description="这个数字已照原文写在本项的“内容”（或小标题、本条要点）中：汇总时照样相加、列入附表，"
        "本报告不再另写一句；文中找不到这个数字（数量加单位，如“10余次”）时 check 报错",
    )
    # The figure as the user typed it (“150余”, “1.2万余”), printed as it is: None for a plain
    # number, which the report writes by the 约数 rule.
    _written: WrittenFigure | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _figure_as_written(cls, data: Any, handler: Any) -> Any:
        # "200余" is 数量 200 with 约数 true (unless the user set 约数 themselves); the text typed
        # is kept so that the report prints 150余 and not a re-rounded 100余.
        written = None
        if isinstance(data, dict):
            for name in ("数量", "value"):
                raw = data.get(name)
                if not isinstance(raw, str) or raw.strip().isdecimal():
                    continue  # a plain number (most of them): _count reads it, nothing to keep
                if (parsed := parse_figure(raw)) is not None:
                    data = {**data, name: parsed.value}
                    if parsed.approx and "约数" not in data and "approx" not in data:
                        data["约数"] = True
                    written = parsed
        stat = handler(data)
        for part in stat.of:  # 其中 counts in the whole's unit unless it says otherwise
            if "unit" not in part.model_fields_set:
                object.__setattr__(part, "unit", stat.unit)
            # a whole already in the text hides its parts with it: they must be there too
            if stat.in_text and "in_text" not in part.model_fields_set:
                object.__setattr__(part, "in_text", True)
        if written is not None and written.approx == stat.approx and not (stat.approx and stat.value < 10):
            stat._written = written
        return stat

    @field_validator("value", mode="before")
    @classmethod
    def _count(cls, raw: Any) -> Any:
        # The loader hands every number over as the text the user typed. isdecimal, not
        # isdigit: int() rejects digits such as "²" that isdigit accepts.
        if isinstance(raw, str) and raw.strip().isdecimal() or isinstance(raw, int) and not isinstance(raw, bool):
            return bounded(raw)
        bounded_figure(raw)  # "99999999999999999万余": too big, said so
        raise PydanticCustomError("count", "应为非负整数，或“150余”“3万”“1.2万余”这样的约数")

    @property
    def written(self) -> str | None:
        """The figure as typed (“150余”, “1.2万余”), or None for a plain number."""
        return self._written.text if self._written is not None else None

    @property
    def printed(self) -> str:
        """The figure as the report prints it: as typed, or by the 约数 rule (12 → 10余)."""
        return printed_figure(self.value, self.approx, self.written)

    @property
    def highest(self) -> int:
        """The largest number the printed figure can mean (10余: 19); `value` is the lowest."""
        return highest_figure(self.value, self.approx, self._written)


class OverviewStat(Stat):
    """概况中的一项：“{项目}{数量}{单位}”，如“华侨4名”。"""

    unit: str = key("单位", "unit", default="名", description="量词，默认“名”")


class Event(Model):
    """一项活动。可以只写名称（一行文字）。"""

    name: Text = key("名称", "name", description="活动名称，按要在文中出现的样子写，引号书名号自己加")
    date: Date | None = key("日期", "date", default=None, description="日期，如 2023-05-04 或 2023年5月4日")
    people: int | None = key("人数", "people", default=None, ge=0, description="参与人数")
    times: int | None = key(
        "次数", "times", default=None, ge=1, description="开展次数，生成“民族政策知识竞赛2次”"
    )
    place: str | None = key("地点", "place", default=None, description="地点")
    form: str | None = key("形式", "form", default=None, description="形式，如“专题讲座”")
    note: str | None = key("备注", "note", default=None, description="备注")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"名称": data} if isinstance(data, str) else data

    @field_validator("people", "times", mode="before")
    @classmethod
    def _bounded(cls, raw: Any) -> Any:
        return bounded(raw)


class Point(Model):
    """一条要点：“一是……”。可以只写一行文字；写成“键: 值”时，本条的活动和统计写在本条之内。"""

    text: Text = key("内容", "text", description="要点的文字")
    events: list[Event] = key("活动", "events", default_factory=list, description="本条开展的活动")
    stats: list[Stat] = key("统计", "stats", default_factory=list, description="本条的数量统计")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"内容": data} if isinstance(data, str) else data

    def __str__(self) -> str:
        return self.text


_POINTS = "要点，生成“一是……；二是……。”；每条可以是一行文字，或写成“内容、活动、统计”"
_POINTS_APART = "写 true 时每条要点另起一段（“一是……。”“二是……。”各成一段），不接在内容之后"
_NUMBER_LONE = "写 true 时，下一级只有一个工作事项也编号：原文只露出一个编号序列的第一项（下文缺失）时照原文编号"


class _ItemBase(Model):
    title: Text = key("标题", "title", description="小标题，编号（一）、1.、（1）自动生成")
    text: str | None = key("内容", "text", default=None, description="正文，紧接小标题")
    points: list[Point] = key("要点", "points", default_factory=list, description=_POINTS)
    points_apart: bool = key("要点分段", "points_apart", default=False, description=_POINTS_APART)
    events: list[Event] = key("活动", "events", default_factory=list, description="开展的活动")
    stats: list[Stat] = key("统计", "stats", default_factory=list, description="数量统计")
    number_lone: bool = key("单项编号", "number_lone", default=False, description=_NUMBER_LONE)


class Item4(_ItemBase):
    """第四级工作事项，编号（1）（2）。"""

    items: list[Any] = key("工作", "items", default_factory=list, description="（第四级不能再分）")

    @field_validator("items")
    @classmethod
    def _too_deep(cls, items: list[Any]) -> list[Any]:
        if items:
            raise PydanticCustomError(
                "too_deep", "层级过深：工作事项最多分四级（一、（一）1.（1）），第四级下不能再写“工作”"
            )
        return items


class Item3(_ItemBase):
    """第三级工作事项，编号 1. 2.。"""

    items: list[Item4] = key("工作", "items", default_factory=list, description="下一级事项（1）（2）")


class Item(_ItemBase):
    """一项工作（工作事项），编号（一）（二）。"""

    items: list[Item3] = key("工作", "items", default_factory=list, description="下一级事项 1. 2.")


class Section(Model):
    """一个章节（一、二、三……）。直接写一串文字时，当作“要点”。"""

    title: str | None = key("标题", "title", default=None, description="章节标题；标准章节有默认标题")
    text: str | None = key("内容", "text", default=None, description="章节导语")
    points: list[Point] = key("要点", "points", default_factory=list, description=_POINTS)
    points_apart: bool = key("要点分段", "points_apart", default=False, description=_POINTS_APART)
    events: list[Event] = key("活动", "events", default_factory=list, description="本章直接开展的活动")
    stats: list[Stat] = key("统计", "stats", default_factory=list, description="本章直接的数量统计")
    items: list[Item] = key("工作", "items", default_factory=list, description="工作事项（一）（二）")
    number_lone: bool = key("单项编号", "number_lone", default=False, description=_NUMBER_LONE)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"要点": data} if isinstance(data, list) else data

    @property
    def empty(self) -> bool:
        return not (self.text or self.points or self.items or self.events or self.stats)


class ExtraSection(Section):
    """其他工作中的一个章节，如“工作特色”“亮点工作”：标题必填。"""

    title: Text = key("标题", "title", description="章节标题（必填）")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return data  # a bare list would have no 标题


class Signature(Model):
    """落款：署名和日期。"""

    name: str | None = key("署名", "name", default=None, description="署名，如“京汉新城社区党委”")
    date: DateOrMonth | None = key(
        "日期", "date", default=None, description="成文日期：2023-12-28 或 2023年12月28日；也可只写到月，如 2024-03 或 2024年3月"
    )


STANDARD_SECTIONS = ("ideology", "ethnic", "religion")
SECTION_ORDER = (*STANDARD_SECTIONS, "other", "problems", "plans")  # as a report prints them


class Report(Model):
    """一份报告：一个单位、一个期间。"""

    unit: Text = key("单位", "unit", description="单位名称，如“京汉新城社区”")
    year: int = key("年度", "year", ge=2000, le=2100, description="年度，如 2023")
    period: Period = key("期间", "period", default="全年", description="全年、上半年或下半年")
    kind: Text = key("类型", "kind", default="统战工作", description="标题用语，如“统战工作”“民族工作”")
    genre: Genre = key(
        "文种", "genre", default="总结", description="总结、汇报或发言材料：标题的最后一词（…工作总结／…工作情况汇报／…发言材料）"
    )
    title: str | None = key("标题", "title", default=None, description="自定标题，代替自动生成的标题")
    subtitle: str | None = key(
        "副标题", "subtitle", default=None, description="标题下的一行，如“（统战群团工作方面）”"
    )
    addressee: str | None = key("主送", "addressee", default=None, description="主送机关，如“新城街道党工委”")
    intro: str | None = key("导语", "intro", default=None, description="开头一段；不写则自动生成")
    overview: list[OverviewStat] = key(
        "概况",
        "overview",
        default_factory=list,
        description="单位基本情况，如“华侨4名”；汇总报告中可以只写项目不写数量，定下各成员之和的先后顺序",
    )
    ideology: Section | None = key("思想引领", "ideology", default=None, description="思想引领章节")
    ethnic: Section | None = key("民族工作", "ethnic", default=None, description="民族工作章节")
    religion: Section | None = key("宗教工作", "religion", default=None, description="宗教工作章节")
    other: list[ExtraSection] = key(
        "其他工作", "other", default_factory=list, description="其他章节，如工作特色、亮点工作"
    )
    problems: Section | None = key("存在问题", "problems", default=None, description="存在的问题")
    plans: Section | None = key("下一步计划", "plans", default=None, description="下一步工作计划")
    closing: str | None = key("结语", "closing", default=None, description="结尾一段")
    signature: Signature | None = key("落款", "signature", default=None, description="落款：署名和日期")
    rollup: list[Text] = key(
        "汇总",
        "rollup",
        default_factory=list,
        description="街道、区的汇总报告：各成员数据文件的路径或通配符（相对于本文件），如“*/2024.yaml”；"
        "统计按章节、项目、单位相加，并附各成员数据统计表",
    )
    previous: str | None = key(
        "上年",
        "previous",
        default=None,
        description="上一年同期的数据文件（相对于本文件），用于写同比；不写时在本文件所在的文件夹中查找"
        "单位、期间、类型相同而年度少一年的数据文件",
    )

    @field_validator("period", mode="before")
    @classmethod
    def _period(cls, raw: Any) -> Any:
        if raw not in typing.get_args(Period):
            raise PydanticCustomError("period", "应为“全年”“上半年”“下半年”之一")
        return raw

    # Indexes of 概况 entries a roll-up writes without 数量: they only say where the members'
    # sum stands (“华侨、归侨、留学生” in the 街道's own order) and add nothing themselves.
    _order_only: frozenset[int] = PrivateAttr(default=frozenset())

    @model_validator(mode="wrap")
    @classmethod
    def _overview_order(cls, data: Any, handler: Any) -> Any:
        order_only: set[int] = set()
        if isinstance(data, dict) and (data.get("汇总") or data.get("rollup")):
            for name in ("概况", "overview"):
                entries = data.get(name)
                if isinstance(entries, list):
                    filled = []
                    for i, entry in enumerate(entries):
                        if isinstance(entry, dict) and "数量" not in entry and "value" not in entry:
                            order_only.add(i)
                            entry = {**entry, "数量": 0}
                        filled.append(entry)
                    data = {**data, name: filled}
        report = handler(data)
        report._order_only = frozenset(order_only)
        return report

    def counted_overview(self) -> list[OverviewStat]:
        """The 概况 entries that hold a figure (a roll-up's entries without 数量 hold none)."""
        return [s for i, s in enumerate(self.overview) if i not in self._order_only]

    @field_validator("genre", mode="before")
    @classmethod
    def _genre(cls, raw: Any) -> Any:
        if raw not in typing.get_args(Genre):
            raise PydanticCustomError("genre", "应为“总结”“汇报”“发言材料”之一")
        return raw

    def default_section_title(self, name: str) -> str:
        """The heading a standard section gets when its 标题 is not given."""
        if name == "plans":
            return "下半年工作打算" if self.period == "上半年" else f"{self.year + 1}年工作计划"
        return DEFAULT_TITLES[name]

    def written_sections(self) -> Iterator[tuple[str, int | None, Section]]:
        """Every section written in the file, in report order: (field name, its index among
        其他工作 or None, the section). Empty ones too: what to leave out is the caller's call."""
        for name in SECTION_ORDER:
            if name == "other":
                for index, extra in enumerate(self.other):
                    yield name, index, extra
            elif (section := getattr(self, name)) is not None:
                yield name, None, section


DEFAULT_TITLES = {
    "ideology": "强化思想引领，凝聚统战共识",
    "ethnic": "加强民族团结，扎实推进民族工作",
    "religion": "依法管理宗教事务，维护社会和谐稳定",
    "problems": "存在的问题",
}


def all_models(root: type[BaseModel] | None = None) -> list[type[BaseModel]]:
    """A model (the Report by default) and every model inside it, each once, root first."""
    found: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [root or Report]
    while todo:
        model = todo.pop(0)
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            todo += inner_models(field.annotation)
    return found
