"""A passage of the data being imported, said again as the report will print it: its text, its
要点 with their own events and counts, and its events and counts, rendered by the template's own
`body` macro (templates/items.md.j2; a user's items.md.j2 when import is given their templates
folder, so a template that joins differently is what import compares with).

Import takes a figure out of a passage only when this gives the passage back word for word:
what stands before and after the count, the marks between the 要点 and the sentence ends
included. A reading of a single count clause that reads right on its own can still change the
passage around it (a “，” that becomes “。”, a “。二是” that becomes “；二是”).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tzreport import text
from tzreport.data.models import Event, Item, Point, Stat
from tzreport.ingest.review import Review
from tzreport.render import phrases


def _plain(value: Any) -> Any:
    """A value without its review mark."""
    return value.value if isinstance(value, Review) else value


def _counts(raw: list[Any], changes: dict[int, str]) -> list[Stat]:
    """The 统计 as models, each 同比 the source said (kept on its review mark) in `changes`."""
    out = []
    for entry in raw:
        stat = Stat.model_validate(_plain(entry))
        if isinstance(entry, Review) and entry.change:
            changes[id(stat)] = entry.change
        out.append(stat)
    return out


def _point(raw: Any, changes: dict[int, str]) -> Point:
    entry = _plain(raw)
    if not isinstance(entry, dict):
        return Point(text=str(_plain(entry)))
    return Point(
        text=str(_plain(entry.get("内容", ""))),
        events=[Event.model_validate(_plain(e)) for e in entry.get("活动", [])],
        stats=_counts(entry.get("统计", []), changes),
    )


def passage(data: dict[str, Any], plan: bool = False) -> str | None:
    """The passage the report prints for a place's 内容, 要点, 活动 and 统计 (no period lead:
    where the report would add one, mapping.period_lead marks or drops it); None when the
    data is not valid (a figure out of bounds). plan: in 下一步计划, where counts are targets."""
    lead = phrases.PLAN if plan else ""
    changes: dict[int, str] = {}
    try:
        points = [_point(p, changes) for p in data.get("要点", [])]
        events = [Event.model_validate(_plain(e)) for e in data.get("活动", [])]
        stats = _counts(data.get("统计", []), changes)
    except ValidationError:
        return None
    own = _plain(data.get("内容"))
    it = Item.model_construct(title="…", text=str(own) if own else None, points=points, events=events, stats=stats,
                              points_apart=bool(data.get("要点分段")))
    said = _body()(it, lead, changes)
    return _MD_ESCAPE.sub(r"\1", said)


_MD_ESCAPE = re.compile(r"\\(.)")
# The templates folder of the user's report (build --templates), when import is given it.
TEMPLATES: ContextVar[Path | None] = ContextVar("TEMPLATES", default=None)


def _body() -> Callable[[Item, str, dict[int, str]], str]:
    """The items template's `body` macro, as a function of an item, the lead and the 同比."""
    folder = TEMPLATES.get()
    if folder not in _MACROS:
        from tzreport.render import templating

        template = templating.environment(folder).get_template(ITEMS)

        def body(it: Item, lead: str, changes: dict[int, str]) -> str:
            module = template.make_module({"changes": changes, "leads": set(), "period": lead})
            return str(getattr(module, "body")(it, lead))  # noqa: B009 (a macro, unknown to the type checker)

        _MACROS[folder] = body
    return _MACROS[folder]


ITEMS = "items.md.j2"
_MACROS: dict[Path | None, Callable[[Item, str, dict[int, str]], str]] = {}


def has_counts(data: Any) -> bool:
    """Whether a reading holds a 统计 or 活动 anywhere (its own or a 要点's)."""
    data = _plain(data)
    if isinstance(data, dict):
        return bool(data.get("统计") or data.get("活动")) or any(has_counts(p) for p in data.get("要点", []))
    return False


def as_written(source: str) -> str:
    """A passage kept as text, as the report prints it (the `para` filter without Markdown)."""
    return text.sentence(text.one_line(source))


def as_paragraphs(lines: list[str]) -> str:
    """Paragraphs kept as text, as the report prints them: each as_written, an empty line between."""
    return "\n\n".join(as_written(line) for line in lines if line.strip())
