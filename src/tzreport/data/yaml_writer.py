"""Writing values of our data format as YAML text, by hand.

`init` and `new-year` write data files that people then edit, with comments that explain what to
fill in. PyYAML's dumper cannot write comments, so we emit the text ourselves: block style, keys
in Chinese, and a string quoted only when a YAML reader (ours, PyYAML, or the editor's) would
otherwise read something else than the same string.
"""

from __future__ import annotations

import re

# A plain scalar cannot start with one of these.
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
# Inside a flow collection ({项目: …, 数量: …}) these end a plain scalar (YAML 1.1 readers
# such as PyYAML stop at ? and : there too).
_FLOW = set(",[]{}?:")
# Plain scalars that some YAML 1.1 or 1.2 reader takes for something else than text. Drawn
# wide on purpose (a needless pair of quotes costs nothing, a misread value costs the report):
# any word of the characters numbers are written with (digits, _ . : , + -, e, the letters of
# 0x, 0o and 0b numbers) that starts like a number, whatever the case of null, bools and .inf.
_TYPED = re.compile(
    r"""(?xi)
    ~ | null | = | <<
    | y | n | yes | no | true | false | on | off
    | [-+]? [0-9._] [0-9a-fxo_.:,+-]*    # 12, 1_000, .0_, 1.2.3, 1e3, 0x1f, 0o17, 9:30
    | [-+]? \. [a-z]+                    # .inf, -.Inf, .NaN
    | \d{4}-\d\d?-\d\d? (?: [Tt\s] .* )?  # 2023-12-28, 2023-12-28 10:00 (a date, a time)
    """
)
# "内容：……" at the start of a list item reads to our loader as a key with a Chinese colon.
# Any word then a colon is quoted, not only our keys: harmless, and no list of keys to keep.
_KEYLIKE = re.compile(r"[^\s:：#\"'-][^\s:：，。]*(?:：|:(?=\S))")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def needs_quotes(text: str, flow: bool = False) -> bool:
    """Whether `text` must be quoted to be read back as this exact string. `flow` is for a
    value written inside { } or [ ]."""
    return (
        not text
        or text != text.strip()
        or text[0] in _INDICATORS
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or bool(_CONTROL.search(text))
        or bool(_TYPED.fullmatch(text))
        or bool(_KEYLIKE.match(text))
        or (flow and any(c in _FLOW for c in text))
    )


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _CONTROL.match(char):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def scalar(text: str, flow: bool = False) -> str:
    """`text` as a YAML scalar: plain when that reads back the same, double-quoted otherwise."""
    return quoted(text) if needs_quotes(text, flow) else text


def flow_mapping(pairs: list[tuple[str, str]]) -> str:
    """{键: 值, …} on one line; values already written as scalars (or "" for an empty value)."""
    return "{" + ", ".join(f"{k}: {v}" if v else f"{k}: " for k, v in pairs) + "}"


class Lines:
    """A YAML document built line by line, two spaces a level."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, level: int, text: str) -> None:
        self.lines.append("  " * level + text)

    def key(self, level: int, name: str, value: str | None = None) -> None:
        """`name:` with a value already written as a scalar, or with nothing after it."""
        self.add(level, f"{name}: {value}" if value is not None else f"{name}:")

    def comment(self, level: int, text: str) -> None:
        """`# text`, a line of comment for each line of text; any other control character is
        written as \\u001b (a YAML reader refuses the raw character, a terminal obeys it)."""
        for line in text.split("\n"):
            line = _CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", line)
            self.add(level, f"# {line}".rstrip())

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"
