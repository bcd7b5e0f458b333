"""What a report says before any wording: its title, its sections in order with continuous
numbers, default texts, and its output file name. Templates get these ready-made."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tzreport.data.models import Report, Section


@dataclass(frozen=True)
class NumberedSection:
    """A section that is present, with the number it gets (1 → 一、)."""

    number: int
    key: str
    title: str
    section: Section


# The title's last word per 文种: …工作总结 / …工作情况汇报 / …工作发言材料.
GENRE_WORDS = {"总结": "总结", "汇报": "情况汇报", "发言材料": "发言材料"}
# …开展情况总结如下 / …汇报如下: the default intro's last words say what kind of text follows.
INTRO_WORDS = {"总结": "总结", "汇报": "汇报", "发言材料": "汇报"}


def plain_title(report: Report) -> str:
    """{单位}{年度}年{期间?}{类型}{文种} — the title without the plan part, also the file name."""
    period = "" if report.period == "全年" else report.period
    return f"{report.unit}{report.year}年{period}{report.kind}{GENRE_WORDS[report.genre]}"


def title(report: Report) -> str:
    """The report's title; a summary with plans names them, as the seeds do
    (…总结及2024年工作计划); a 汇报 or a 发言材料 is named by its 文种 alone."""
    if report.title:
        return report.title
    base = plain_title(report)
    if report.genre == "总结" and report.plans is not None and not report.plans.empty and not report.plans.title:
        plan = "下半年工作打算" if report.period == "上半年" else f"{report.year + 1}年工作计划"
        return f"{base}及{plan}"
    return base


# A draft's title says so. “征求意见稿” is the mark a 公文 carries while it goes round for
# comments before it is final; a draft built with unfilled placeholders is exactly that.
DRAFT_MARK = "（征求意见稿）"


def as_draft(report: Report) -> Report:
    """The same report, its title marked as a draft (the output file name stays the same)."""
    return report.model_copy(update={"title": title(report) + DRAFT_MARK})


def intro(report: Report) -> str:
    """The opening paragraph: the user's, or one naming the unit, the period and the work."""
    if report.intro:
        return report.intro
    since = {"全年": "一年来", "上半年": "今年上半年", "下半年": "今年下半年"}[report.period]
    span = "" if report.period == "全年" else report.period
    return (
        f"{since}，{report.unit}始终坚持以习近平新时代中国特色社会主义思想为指导，"
        f"认真贯彻落实上级关于{report.kind}的决策部署，结合工作实际，扎实推进{report.kind}，"
        f"取得了积极成效。现将{report.year}年{span}{report.kind}开展情况{INTRO_WORDS[report.genre]}如下。"
    )


def sections(report: Report) -> list[NumberedSection]:
    """Every non-empty section in report order, numbered without gaps."""
    found: list[tuple[str, Section, str]] = [
        (key, section, section.title or report.default_section_title(key))
        for key, _, section in report.written_sections()
    ]
    present = [(k, s, t) for k, s, t in found if not s.empty]
    return [NumberedSection(n, k, t, s) for n, (k, s, t) in enumerate(present, 1)]


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]+')
# Invisible marks that would make a name look other than it is ("报告\u202excod.exe").
_HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
# Names Windows keeps for devices, even with an extension: "CON.2024年….docx" cannot be created.
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}
# File systems allow 255 bytes a name; the extension and the temporary name written first
# (".{name}.xxxxxxxx.tmp") need room too. 150 bytes is 50 Chinese characters.
MAX_NAME_BYTES = 150


def safe_filename(name: str) -> str:
    """A file name that is valid on Windows and cannot leave its folder, whatever the YAML says."""
    name = _UNSAFE.sub("_", _HIDDEN.sub("", name)).strip(" .")
    name = _shorten(name, MAX_NAME_BYTES)
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    return name or "报告"


def _shorten(name: str, limit: int) -> str:
    """A name within limit bytes (UTF-8): its start and its end (which tells the year and the
    kind of report), joined by "…"."""
    raw = name.encode("utf-8")
    if len(raw) <= limit:
        return name
    half = (limit - len("…".encode())) // 2
    # a character cut in two at either edge is dropped
    return f"{raw[:half].decode('utf-8', 'ignore')}…{raw[-half:].decode('utf-8', 'ignore')}"


def output_stem(report: Report) -> str:
    """The output name without extension: the generated name (京汉新城社区2023年统战工作总结),
    or the file's own 标题 where it names the report otherwise. A 标题 that only extends the
    generated name (…总结及2024年工作计划) keeps it; one that does not start with it (a speech
    named by its meeting: 新城街道2024年度……会议发言材料, of the work of 2023) would be
    misnamed by it, with a year the document does not say. Never the draft mark: a draft
    is rebuilt under the same name."""
    generated = plain_title(report)
    own = " ".join((report.title or "").split())
    return safe_filename(own if own and not own.startswith(generated) else generated)
