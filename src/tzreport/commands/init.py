"""`tzreport init`: a new unit's folder, started from one of the shipped examples.

The examples are the top-level examples/ folder, shipped inside the package as
tzreport.examples (see pyproject's package-dir), so init works from a wheel and from a checkout
alike. The table of examples is read by the command line's help, so this module imports the
loader and the models only when it copies. The copy gets the user's unit and year, a header saying where it came from, a
`# yaml-language-server` line pointing at a schema file written beside it, and a 说明.md of what
to edit. Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tzreport.data.schema import MODELINE, SCHEMA_FILE
from tzreport.errors import OptionError, OutputError, os_reason
from tzreport.text import written_year

if TYPE_CHECKING:
    from tzreport.data.models import Report


GUIDE_FILE = "说明.md"


class Example(NamedTuple):
    """A shipped example that init can start from. (A NamedTuple, not a dataclass: the
    command line imports this table for its help, and should start fast.)"""

    name: str  # what --example takes
    path: str  # the data file, relative to the examples folder
    summary: str
    # More files to copy (a roll-up's member files): glob patterns relative to the data file's
    # folder, copied to the same place relative to the new data file.
    also: tuple[str, ...] = ()


# Adding an example is one line here (and its files under examples/).
EXAMPLES = {
    e.name: e
    for e in (
        Example("年度", "新城街道/京汉新城社区/2023.yaml", "社区年度统战工作总结（思想引领、民族工作、宗教工作、存在问题、下年计划）"),
        Example("民族工作", "新城街道/京汉新城社区/2024民族工作.yaml", "民族工作专项总结（含“其他工作”中的自定章节）"),
        Example("上半年", "出头岭镇/2021上半年.yaml", "乡镇上半年总结（含下一步工作计划，一是、二是……）"),
        Example("街道", "新城街道/2024.yaml", "街道汇总报告（各社区数字相加、附表、同比）",
                also=("*/2024.yaml", "*/2024民族工作.yaml", "*/2023.yaml", "2023.yaml")),
        Example("区年度", "城南区/2025.yaml",
                "区年度总结及下年计划（要点内的统计和口径、填好的占位符）"),
        Example("发言材料", "新城街道发言材料/2024年度会议发言.yaml",
                "街道会议发言材料（副标题、标题下的年月、群团工作、金额和百分比）"),
    )
}
DEFAULT_EXAMPLE = "年度"


class Created(NamedTuple):
    """What init did: the new data file, every file written, and those left as they were."""

    data_file: Path
    written: list[Path]
    kept: list[Path]


def examples_dir() -> Path:
    """Where the shipped examples are, in a wheel and in an editable install alike."""
    from importlib import resources

    return Path(str(resources.files("tzreport.examples")))


def choose(name: str) -> Example:
    """The example called name, or an OptionError listing those there are."""
    if name in EXAMPLES:
        return EXAMPLES[name]
    raise OptionError(f"错误 没有名为“{name}”的示例；本版本提供的示例：{'、'.join(EXAMPLES)}")


# Characters a unit name may not have: init writes it into YAML text, also inside a { } list
# and inside quoted text, where these would change the meaning.
_NOT_IN_UNIT = re.compile(r"[\x00-\x1f\x7f:#,\[\]{}\"'\\|>&*!%@`]")


def check_unit(unit: str) -> str:
    """The unit name without surrounding spaces; an OptionError when it cannot be used."""
    unit = unit.strip()
    if not unit:
        raise OptionError("错误 单位名称不能为空")
    if bad := _NOT_IN_UNIT.search(unit):
        raise OptionError(
            f"错误 单位名称“{unit}”中不能有“{bad.group()!s}”这样的符号：请先用普通名称生成，再在数据文件中修改"
        )
    if unit[0] in "-?":
        raise OptionError(f"错误 单位名称“{unit}”不能以“{unit[0]}”开头")
    return unit


def check_year(year: int | str) -> int:
    """The year as a number; an OptionError when it is not one between 2000 and 2100."""
    if isinstance(year, str):
        if not year.strip().isascii() or not year.strip().isdecimal():
            if (written := written_year(year)) is not None:
                raise OptionError(f"错误 年度应写成 {written}（只写阿拉伯数字）；实际为“{year[:30]}”")
            raise OptionError(f"错误 年度应为整数，如 2025；实际为“{year[:30]}”")
        if len(year.strip()) > 4:  # before int(): thousands of digits are refused there
            raise OptionError(f"错误 年度应在2000至2100之间，实际为“{year.strip()[:30]}……”")
        year = int(year)
    if not 2000 <= year <= 2100:
        raise OptionError(f"错误 年度应在2000至2100之间，实际为{year}")
    return year


_YEAR = re.compile(r"(?<!\d)(\d{4})(?=年|[-/.]\d)")


def shift_years(text: str, old: int, new: int) -> str:
    """Move the years around `old` (the year before, the year, the next year: its plans) by
    new - old, where they are written as years: 2023年, 2024年工作计划, 2023-06-15, 2023/6/15."""

    def move(m: re.Match[str]) -> str:
        year = int(m[1])
        return str(year + new - old) if abs(year - old) <= 1 else m[1]

    return _YEAR.sub(move, text)


def retime_name(name: str, old: int, new: int) -> str:
    """A data file's name moved from year `old` to `new`. A name that writes its years as years
    moves each of them, as a title does: a speech on 2023's work at the 2024年度 meeting,
    2024年度会议发言.yaml, becomes 2025年度会议发言.yaml. Otherwise the year in it moves:
    2023.yaml → 2024.yaml, 2024民族工作.yaml → 2025民族工作.yaml."""
    moved = shift_years(name, old, new)
    return moved if moved != name else name.replace(str(old), str(new), 1)


def retime_file(text: str, old: int, new: int) -> str:
    """A data file's text moved from year `old` to `new`: its 年度 and the years in its text."""
    text = shift_years(text, old, new)
    return re.sub(r"(?m)^(年度|year):[ \t]*\d+[ \t]*$", rf"\g<1>: {new}", text)


def body(text: str) -> str:
    """A data file's text without its leading comment block (an example's own header)."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        start += 1
    return "".join(lines[start:])


# What a path can hold and still be typed as it is in cmd, PowerShell and a POSIX shell alike
# (\w takes in Chinese); anything else (a space above all) needs quotes. The backslash is the
# separator on Windows and an escape elsewhere.
_PLAIN_ARG = re.compile(r"[\w\-./:+,@]+")
_PLAIN_ARG_WINDOWS = re.compile(r"[\w\-./\\:+,@]+")


def typed_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the user types it after a command, from where they stand: relative to the
    current folder when it is inside it, and quoted when it has a space or a character the
    shell would take for its own. On Windows in double quotes, which cmd and PowerShell both
    read (cmd has no other); elsewhere in double quotes too, or in single quotes when a
    character keeps its meaning inside double quotes: $ ` " ! and the backslash."""
    shown = str(path)
    if path.is_absolute():
        try:
            relative = os.path.relpath(path, Path.cwd() if cwd is None else cwd)
        except ValueError:  # on Windows, another drive: only the full path works
            relative = os.pardir
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            shown = relative
    if shown.startswith("-"):  # would be read as an option
        shown = os.curdir + os.sep + shown
    windows = sys.platform == "win32"
    if (_PLAIN_ARG_WINDOWS if windows else _PLAIN_ARG).fullmatch(shown):
        return shown
    if windows or not re.search(r"[$`\"\\!]", shown):
        return f'"{shown}"'
    import shlex  # --help imports this module: shlex only for the rare path that needs it

    return shlex.quote(shown)


def modeline(data_dir: Path, schema_file: Path) -> str:
    """The line that tells the editor's YAML extension where the schema is: a relative path, or
    the schema's file:// address when there is none (on Windows, from one drive to another)."""
    try:
        where = os.path.relpath(schema_file, data_dir).replace(os.sep, "/")
    except ValueError:
        where = Path(schema_file).resolve().as_uri()
    return f"{MODELINE}{where}"


def _data_text(
    text: str, example: Example, report: Report, unit: str, year: int, typed: str
) -> str:
    from tzreport.report import outline

    new = report.model_copy(update={"unit": unit, "year": year})
    content = retime_file(body(text), report.year, year).replace(report.unit, unit)
    content = _shift_file_names(content, report.year, year)
    if report.signature is None and report.genre != "发言材料":
        # an example true to a seed without a 落款 writes none; a unit's own report is signed
        content = content.rstrip("\n") + (
            "\n\n# 落款：示例的原文没有落款，这里给出写法，请改成本单位的署名和成文日期\n"
            f"落款:\n  署名: {unit}党委\n  日期: {year}-12-28\n")
    header = [
        modeline(Path("."), Path(SCHEMA_FILE)),
        f"# {outline.plain_title(new)}的数据文件，由 tzreport init 根据示例“{example.name}”生成。",
        "# 其中的工作、活动和数字都是示例内容，请改成本单位的实际情况；怎样修改见同一文件夹中的“说明.md”。",
        f"# 检查：tzreport check {typed}    生成报告：tzreport build {typed}",
    ]
    return "\n".join(header) + "\n" + content


_YEAR_KEY = re.compile(r"(?m)^(?:年度|year):[ \t]*(\d{1,4})[ \t]*$")


# the year of a data file's name: 2024.yaml, 2024民族工作.yaml, 2021上半年.yaml
_FILE_YEAR = re.compile(r"(?<!\d)(\d{4})(?=[^\s/\\\"'\],\d]{0,20}\.ya?ml\b)")


def _shift_file_names(text: str, old: int, new: int) -> str:
    """Data file names in a text (汇总 members, 上年, comments) moved on with the files they
    name: 2024.yaml → 2025.yaml, 2024民族工作.yaml → 2025民族工作.yaml, and last year's 2023.yaml
    → 2024.yaml."""

    def move(m: re.Match[str]) -> str:
        found = int(m[1])
        return str(found + new - old) if abs(found - old) <= 1 else m[1]

    return _FILE_YEAR.sub(move, text)


def _member_year(text: str, fallback: int) -> int:
    found = _YEAR_KEY.search(text)
    return int(found[1]) if found else fallback


def _member_text(
    text: str, shift: int, units: tuple[str, str], member_dir: Path, folder: Path
) -> str:
    """A copied member file (a community of a roll-up, or a previous year's file) moved on by
    as many years as the example's own file, the example's unit renamed as in the data file
    (the 街道's own previous year, a member's 主送): its header kept, the schema line pointing
    at the new schema."""
    text = text.replace(*units)
    old_year = _member_year(text, 0)
    text = _shift_file_names(retime_file(text, old_year, old_year + shift), old_year, old_year + shift)
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith(MODELINE):
        lines[0] = modeline(member_dir, folder / SCHEMA_FILE) + "\n"
    return "".join(lines)


def plan(
    folder: Path,
    unit: str | None = None,
    year: int | str | None = None,
    example: str = DEFAULT_EXAMPLE,
    today: dt.date | None = None,
) -> tuple[Path, dict[Path, str]]:
    """What init would write: the new data file, and the text of every file by its path."""
    from tzreport.data import loader, schema

    chosen = choose(example)
    unit = check_unit(folder.resolve().name if unit is None else unit)
    year = check_year((today or dt.date.today()).year if year is None else year)
    source = examples_dir() / chosen.path
    if not source.is_file():
        raise OptionError(f"错误 示例“{chosen.name}”的文件不在安装包中（{chosen.path}）")
    report = loader.load(source)
    name = retime_name(source.name, report.year, year)
    data_file = folder / name
    text = source.read_text(encoding="utf-8")
    # the header's commands name the file as typed where init was run: the next step
    typed = typed_path(data_file)
    files = {data_file: _data_text(text, chosen, report, unit, year, typed)}
    for pattern in chosen.also:
        for member in sorted(source.parent.glob(pattern)):
            text = member.read_text(encoding="utf-8")
            own = _member_year(text, report.year)
            target = folder / member.relative_to(source.parent)
            target = target.with_name(target.name.replace(str(own), str(own + year - report.year), 1))
            files[target] = _member_text(
                text, year - report.year, (report.unit, unit), target.parent, folder
            )
    files[folder / GUIDE_FILE] = guide(unit, name, chosen, typed)
    files[folder / SCHEMA_FILE] = schema.text()
    return data_file, files


def init(
    folder: Path,
    unit: str | None = None,
    year: int | str | None = None,
    example: str = DEFAULT_EXAMPLE,
    today: dt.date | None = None,
) -> Created:
    """Start `folder` from an example. Data files that exist are an error (nothing is written);
    说明.md and the schema file, when they exist, are left as they are."""
    data_file, files = plan(folder, unit, year, example, today)
    auxiliary = {folder / GUIDE_FILE, folder / SCHEMA_FILE}
    clashes = [p for p in files if os.path.lexists(p) and p not in auxiliary]
    if clashes:
        names = "、".join(str(p) for p in clashes)
        raise OutputError(f"{names}: 错误 文件已存在，不会覆盖：请换一个文件夹，或用 --year 换一个年度")
    created = Created(data_file, [], [])
    for path, text in files.items():
        if path in auxiliary and path.exists():
            created.kept.append(path)
            continue
        write_new(path, text)
        created.written.append(path)
    return created


def write_new(path: Path, text: str) -> None:
    """Create a file that must not exist yet: an existing one is never overwritten."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise OutputError(f"{path}: 错误 文件已存在，不会覆盖") from None
    except OSError as exc:
        raise OutputError(f"{path}: 错误 无法写入：{os_reason(exc)}") from None


def guide(unit: str, data_name: str, example: Example, typed: str | None = None) -> str:
    """说明.md: what to edit, and how to check and build (the commands name the data file as
    typed where init ran, `typed`, like the data file's header)."""
    typed = typed or data_name
    return f"""# {unit}：数据文件说明

本文件夹由 `tzreport init` 根据示例“{example.name}”生成。示例是一份{example.summary}。

| 文件 | 用途 |
| --- | --- |
| `{data_name}` | 数据文件：报告的全部内容都写在这里 |
| `{SCHEMA_FILE}` | 数据格式说明，供编辑器自动补全和检查，不用修改 |
| `说明.md` | 本说明 |

## 要修改的地方

用文本编辑器（记事本、VS Code 等，不要用 Word、WPS 文字）打开 `{data_name}`：

1. `单位`、`年度` 已经填好，请核对；`主送`（报送的上级机关）和最后的 `落款`（署名、日期）改成本单位的。
2. 各章节中的工作事项（`标题`、`内容`、`要点`）、`活动` 名称和 `统计` 中的 `数量` 都是示例内容，
   请改成本单位的实际情况；没有的整项删掉。编号（一、（一）1.）会自动重排。
3. `存在问题`、`下一步计划` 逐条改写。
4. 写法：冒号后面要有一个空格；缩进只用空格；列表的每一项以“- ”开头；`#` 开头的是注释，不会进入报告。
   数量可以写成 `200余` 表示约数。

## 检查和生成

```
tzreport check {typed}
tzreport build {typed}
```

`check` 只检查有没有写错，错误会指出第几行第几列、哪一项；`build` 在数据文件旁边生成 Markdown（.md）和 Word（.docx）报告。

明年写新一年的总结时，运行 `tzreport new-year {typed}`：会生成下一期的数据文件，沿用章节和标题，清空数字和活动。

在 VS Code 中安装 Red Hat 的 YAML 扩展后，编辑 `{data_name}` 时会自动提示可以写哪些键、每一项的含义，并标出写错的地方。
"""

