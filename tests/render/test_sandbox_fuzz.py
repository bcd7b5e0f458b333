"""Generated templates against the sandbox (issue 18): chains of every attribute name a
template could try (pydantic's, our classes', the built-in types', Python's internals) and
every filter, with hostile arguments. None may run a command, open a file, or make more than
the limits allow: each either renders within the limits or stops with a template error.

The suite runs a few dozen generated templates; `make fuzz-sandbox` runs 10 000."""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from tzreport.errors import TemplateError
from tzreport.render import limits
from tzreport.render.templating import builtin_dir, environment, render_markdown
from tzreport.report import gather

ROOT = Path(__file__).resolve().parents[2]
GATHERED = gather.gather(ROOT / "examples" / "新城街道" / "2024.yaml")
VIEW = GATHERED.extra["rollup"]

# Every public name of pydantic's BaseModel, of our objects a template reaches, of the
# built-in types, and Python internals a sandbox escape goes through.
NAMES = sorted(
    {n for obj in (BaseModel, GATHERED.report, VIEW, VIEW.table, VIEW.events[0], VIEW.sections[0],
                   "", [], {}, 0, 1.5) for n in dir(obj) if not n.startswith("__")}
    | {"__class__", "__mro__", "__subclasses__", "__globals__", "__init__", "__dict__", "__self__",
       "__func__", "__code__", "__builtins__", "__import__", "_TemplateReference__context", "gi_frame"}
)
ROOTS = ["report", "sections", "sections[0]", "sections[0].section", "rollup", "rollup.table",
         "rollup.members[0]", "rollup.events[0]", "overview", "title", "period", "changes",
         "self", "cycler(1, 2)", "joiner()", "namespace(a=1)", "range(3)", "dict(a=1)", "loop",
         "'文字'", "'%s%s'", "'{0}{1}'", "[1, 2]", "{'a': 'b'}", "7", "2.5", "('x' * 1000)"]
FILTERS = sorted(name for name in environment().filters if not name.startswith("_"))
ARGS = st.sampled_from(["1", "3", "10 ** 9", "-1", "'x'", "'x' * 100000", "[1] * 1000",
                        "report", "'%0999999999d'", "'{:>999999999}'", "2 ** 100", "none", "'parse_raw'"])

BAD_EVENTS = ("open", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen",
              "pickle.find_class", "socket.connect", "shutil", "os.remove", "os.rename", "ctypes")
_watching: list[int] = []  # the thread rendering: what other threads of the process do is not the template's
_seen: list[str] = []


def _audit(event: str, args: Any) -> None:
    if not _watching or not event.startswith(BAD_EVENTS) or threading.get_ident() not in _watching:
        return
    if event == "open" and isinstance(args[0], str | Path):
        # the templates themselves, and Python's own modules imported on first use
        name = str(args[0])
        if name.startswith(ALLOWED) or name.endswith((".py", ".pyc", ".so", ".pth")):
            return
    _seen.append(f"{event} {args[0] if args else ''}")


sys.addaudithook(_audit)


@st.composite
def expressions(draw: st.DrawFn) -> str:
    expr = draw(st.sampled_from(ROOTS))
    for _ in range(draw(st.integers(1, 4))):
        step = draw(st.sampled_from(["attr", "item", "call", "filter", "op"]))
        if step == "attr":
            expr = f"({expr}).{draw(st.sampled_from(NAMES))}"
        elif step == "item":
            expr = f"({expr})[{draw(st.sampled_from(['0', '-1', repr(draw(st.sampled_from(NAMES)))]))}]"
        elif step == "call":
            expr = f"({expr})({', '.join(draw(st.lists(ARGS, max_size=3)))})"
        elif step == "filter":
            args = draw(st.lists(ARGS, max_size=2))
            expr = f"({expr}) | {draw(st.sampled_from(FILTERS))}" + (f"({', '.join(args)})" if args else "")
        else:
            expr = f"({expr}) {draw(st.sampled_from(['*', '+', '~', '%', '**']))} {draw(ARGS)}"
    return expr


FOLDER = Path(tempfile.mkdtemp(prefix="tzreport-fuzz-"))
ALLOWED = (str(FOLDER), str(builtin_dir()))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(st.lists(expressions(), min_size=1, max_size=3),
       st.sampled_from(["{{ E }}", "{% for x in range(3) %}{{ E }}{% endfor %}", "{% set v = E %}{{ v }}"]))
def test_no_generated_template_escapes_the_sandbox(exprs: list[str], shape: str) -> None:
    (FOLDER / "report.md.j2").write_text("\n".join(shape.replace("E", e) for e in exprs) + "\n", encoding="utf-8")
    environment.cache_clear()
    started = time.monotonic()
    _seen.clear()
    _watching.append(threading.get_ident())
    try:
        out = render_markdown(GATHERED.report, FOLDER, GATHERED.extra)
    except TemplateError:
        out = ""
    finally:
        _watching.clear()
    assert not _seen, (exprs, _seen)
    assert len(out) <= limits.MAX_TEXT
    assert time.monotonic() - started < 30
