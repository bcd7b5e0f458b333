"""The JSON Schema (draft 2020-12) of the data format, for editors: with it, VS Code's YAML
extension completes the Chinese keys, shows each field's description and marks mistakes as the
user types.

The schema is generated from the pydantic models (keys, types, descriptions stay in one place),
then adjusted where the loader accepts more than the models' types say: the shorthands (a
string for an event, a list of strings for a section, "200余" for a 数量), the date forms people
write (2023-12-28, 2023年12月28日), an empty key for an empty list, and the English key of
every field (accepted, but not offered for completion). It uses only keywords that draft-07
validators understand too, since that is the draft editors implement.
"""

from __future__ import annotations

import copy
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tzreport.errors import OutputError

if TYPE_CHECKING:
    from pydantic import BaseModel

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "tzreport.schema.json"  # the name it has beside the data files and in examples/
MODELINE = "# yaml-language-server: $schema="  # a data file's first line pointing at it

_MONTH = "(0?[1-9]|1[0-2])"
_DATE_DAY = "(0?[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = "|".join(
    f"^[0-9]{{4}}{a}{_MONTH}{b}{_DATE_DAY}{c}$"
    for a, b, c in (("-", "-", ""), ("/", "/", ""), (r"\.", r"\.", ""), ("年", "月", "日"))
)
MONTH_PATTERN = "|".join(
    f"^[0-9]{{4}}{a}{_MONTH}{b}$" for a, b in (("-", ""), ("/", ""), (r"\.", ""), ("年", "月"))
)
# 150, 150余, 3万, 1万余, 1.2万余, 上千 (the loader also refuses a 万 figure that is not whole)
COUNT_PATTERN = r"^\s*([0-9]+(\.[0-9]+\s*万|\s*万)?\s*余?|上百|上千|上万)\s*$"

_DATE_SCHEMA = {"type": "string", "pattern": DATE_PATTERN}
_COUNT_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": COUNT_PATTERN},
    ],
}


def _walk(node: Any) -> typing.Iterator[dict[str, Any]]:
    """Every schema object inside node, node first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _object(model: type[BaseModel], body: dict[str, Any]) -> None:
    """Adjust one model's object schema in place."""
    # pydantic: imported here, not for init, which only needs the names above
    from tzreport.data import field_types

    body.pop("title", None)

    props: dict[str, Any] = body["properties"]
    for name in model.model_fields:
        prop = props[field_types.key_of(model, name)]
        if prop.get("default", 0) is None:
            del prop["default"]  # an editor would insert "null" when completing the key
        if prop.get("type") == "array":
            prop["type"] = ["array", "null"]  # "要点:" with nothing after it means none
    # The English key of each field is accepted, but only the Chinese one is offered.
    pairs = [(field.alias, name) for name, field in model.model_fields.items() if field.alias]
    for chinese, english in pairs:
        hidden = copy.deepcopy(props[chinese])
        hidden["description"] = f"同“{chinese}”（英文键名）"
        hidden["doNotSuggest"] = True
        props[english] = hidden
    required = body.pop("required", [])
    rules: list[dict[str, Any]] = [
        {"anyOf": [{"required": [key]}, {"required": [dict(pairs)[key]]}]} for key in required
    ]
    # The same field under both names is an error (the loader says which two).
    rules.append({"not": {"anyOf": [{"required": [zh, en]} for zh, en in pairs]}})
    body["allOf"] = rules


def _shorthands(defs: dict[str, Any]) -> None:
    """The shorter forms the loader accepts in place of a full mapping."""
    event = defs["Event"]
    defs["Event"] = {
        "description": event.pop("description"),
        "anyOf": [{"type": "string", "minLength": 1, "description": "活动名称"}, event],
    }
    point = defs["Point"]
    defs["Point"] = {
        "description": point.pop("description"),
        "anyOf": [{"type": "string", "minLength": 1, "description": "要点的文字"}, point],
    }
    month = defs["Signature"]["properties"]["日期"]
    month["anyOf"] = [{"type": "string", "pattern": MONTH_PATTERN}, *month["anyOf"]]
    section = defs["Section"]
    points = copy.deepcopy(section["properties"]["要点"])
    points.update(type="array", description="简写：直接写一串要点")
    defs["Section"] = {"description": section.pop("description"), "anyOf": [section, points]}
    # a roll-up's 概况 may name an entry without 数量 (the loader refuses that elsewhere)
    overview = defs["OverviewStat"]
    overview["allOf"] = [r for r in overview["allOf"] if r != {"anyOf": [{"required": ["数量"]}, {"required": ["value"]}]}]
    for name in ("Stat", "OverviewStat"):
        count = defs[name]["properties"]["数量"]
        if "数量" not in count and "type" not in count:
            continue
        count.pop("type")
        count.pop("minimum")
        count.update(copy.deepcopy(_COUNT_SCHEMA))
    deepest = defs["Item4"]["properties"]["工作"]
    deepest.update(type=["array", "null"], maxItems=0)
    deepest.pop("items", None)


def _dates(root: dict[str, Any]) -> None:
    """pydantic says format "date" (ISO only); people also write 2023年12月28日."""
    for node in _walk(root):
        if node.get("format") == "date":
            del node["format"]
            node.update(_DATE_SCHEMA)


def schema() -> dict[str, Any]:
    """The JSON Schema of a data file."""
    # the models only when a schema is made: init imports this module for the file names above
    from tzreport.data import models

    body = models.Report.model_json_schema(by_alias=True, mode="validation")
    defs: dict[str, Any] = body.pop("$defs")
    for model in models.all_models():
        name = model.__name__  # also its name under $defs
        _object(model, body if model is models.Report else defs[name])
    _shorthands(defs)
    _dates(body)
    _dates(defs)
    return {
        "$schema": DRAFT,
        "$comment": "由 tzreport schema 生成，请勿手改；数据格式说明见 tzreport 的 README。",
        "title": "tzreport 数据文件",
        **body,
        "$defs": defs,
    }


def text() -> str:
    """The schema as the text of a .json file (stable, so a stale copy shows in a diff)."""
    import json  # json and the writing of files only when a schema is written: --help reads this module

    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def write(target: Path) -> Path:
    """Write the schema to `target`, or into it as tzreport.schema.json when it is a folder;
    returns the file written. An older schema file there is replaced; any other file is
    not (a slip of -o once replaced a data file), as init never overwrites one."""
    if target.is_dir():
        target = target / SCHEMA_FILE
    if (target.exists() or target.is_symlink()) and not _ours(target):
        raise OutputError(f"{target}: 错误 文件已存在，且不是 tzreport 生成的 schema 文件，不会覆盖：请换一个文件名")
    from tzreport.output import write_atomic

    write_atomic(target, text().encode("utf-8"))
    return target


def _ours(path: Path) -> bool:
    """Whether a file is a schema file tzreport wrote (any version): a small JSON object
    with our title."""
    try:
        if not path.is_file() or path.stat().st_size > 1_000_000:
            return False
        import json

        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(found, dict) and found.get("title") == schema().get("title")
