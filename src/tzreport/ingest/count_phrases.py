"""Count phrases → 统计 and 活动: the count clause that ends a passage, taken off it.

Only the end of a passage is taken apart, and only when it is wholly made of counts: that is
where reports (and tzreport's own output) put “开展甲、乙等载体活动12次，参与群众200余人次”.
A count in the middle of a sentence stays in the text, so the text reads as it did.

The grammar (count_grammar) may read a clause several ways; each reading is said again with
the report's own words (render.phrases.activity, the function the templates use) and the one
that gives back the source word for word is taken. So what import reads is, by construction,
what the report writes: a 口径 before a count, 共计 where the report says it, a 同比 after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from tzreport.data.models import Event, Stat
from tzreport.ingest.count_grammar import MAX_LABEL, MAX_LED_LABEL, Count, Reading, readings
from tzreport.render import phrases

MAX_CLAUSES = 12  # how many of a sentence's last clauses may hold its events and counts


@dataclass
class Taken:
    """What came out of a passage's last sentence: the text that is left, counts and events.
    said: how the report would say them, when that is not what the source says (the importer
    marks it for review); source: the clause as the source says it."""

    text: str
    counts: list[Count] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    whole: bool = False  # the whole last sentence was taken, not only its end
    led: bool = False  # the counts began with a 口径 such as 全年共计: a count sentence of its own
    said: str = ""
    source: str = ""


def say(reading: Reading, plan: bool = False) -> str | None:
    """A reading said again as the report says it (render.phrases.activity), or None when it
    is no valid data (a figure out of bounds)."""
    try:
        events = [Event.model_validate(name) for name in reading.events]
        stats = [Stat.model_validate(count.mapping()) for count in reading.counts]
    except ValidationError:
        return None
    changes = {id(stat): count.change for stat, count in zip(stats, reading.counts, strict=True) if count.change}
    return phrases.activity(events, stats, phrases.PLAN if plan else "", changes)


def _last_sentence(text: str) -> tuple[str, str]:
    """(everything before the last sentence, the last sentence without its end mark)."""
    body = text.rstrip("。；; ")
    cut = max(body.rfind("。"), body.rfind("！"), body.rfind("？"))
    if cut >= 0 and body[cut + 1 : cut + 2] == "”":
        return text, ""  # the end of a quotation, not of a sentence: leave it
    return body[: cut + 1], body[cut + 1 :]


def _clauses(sentence: str) -> list[str]:
    """A sentence cut at its top-level commas and semicolons, each clause after the first with
    the mark before it. Read from its end, where the counts are, so a quotation mark left open earlier in
    the sentence (as real reports have) does not hide them."""
    out: list[str] = []
    current = ""
    depth = 0
    for char in reversed(sentence):
        if char in "”》）":
            depth += 1
        elif char in "“《（":
            depth = max(0, depth - 1)
        if char in "，；" and depth == 0:
            out.append(char + current)
            current = ""
        else:
            current = char + current
    out.append(current)
    return out[::-1]


def take(text: str, events: bool = True, plan: bool = False) -> Taken:
    """Take the counts (and, when `events`, the event names) off the end of a passage.

    Of the ways the end of the last sentence reads as counts (count_grammar.readings), the
    first that the report says again word for word is taken; when none does, the first, with
    how the report would say it (Taken.said) for the importer to mark. plan: in 下一步计划 the
    report says "计划" before the counts itself."""
    head, last = _last_sentence(text)
    if not last:
        return Taken(text)
    pieces = _clauses(last)
    # Counts close a sentence in a few clauses; looking further back only costs time (a
    # sentence of thousands of clauses, from a hostile file, would cost minutes).
    for start in range(max(0, len(pieces) - MAX_CLAUSES), len(pieces)):
        clauses = [piece.lstrip("，；") for piece in pieces[start:]]
        source = "".join(pieces[start:]).lstrip("，；")
        if plan:
            clauses[0] = clauses[0].removeprefix("计划")
        if start and len(clauses[0]) > MAX_LED_LABEL:
            continue
        found = None
        # a count sentence of its own may have a long 项目 (“组织共建单位开展……等活动10次”)
        for reading in readings(clauses, events, MAX_LED_LABEL if start == 0 else MAX_LABEL):
            said = say(reading, plan)
            if said is None:
                continue
            if found is None:
                found = (reading, said)
            if said == source:
                found = (reading, said)
                break
        if found is None:
            continue
        reading, said = found
        left = (head + "".join(pieces[:start])).rstrip("。；， ")
        led = bool(reading.counts and reading.counts[0].basis)
        exact = said == source or reading.restyled
        return Taken(left, reading.counts, reading.events, whole=start == 0, led=led,
                     said="" if exact else said, source=source)
    return Taken(text)
