"""The Jinja environment that turns a Report into Markdown.

Built-in templates ship as the package tzreport.templates (the top-level templates/ folder).
A user's --templates DIR overrides them by file name, and an override can extend the built-in
it replaces with {% extends "builtin/report.md.j2" %}. A user's templates render in Jinja's
sandbox (sandbox.py); the built-in ones alone, our own code, render without it
(_builtin_environment). Both with StrictUndefined: a misspelt variable is an error naming the
template and line, never blank text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from tzreport import cache, regular_file, text
from tzreport.data.models import Event, Report, Stat
from tzreport.errors import TemplateError, TzreportError
from tzreport.render import limits, phrases, sandbox, template_messages
from tzreport.render.builtin_templates import builtin_dir
from tzreport.render.sandbox import Sandbox
from tzreport.report import gather, outline

ENTRY = "report.md.j2"
NUMBER_FORMS = {1: "{cn}、", 2: "（{cn}）", 3: "{n}.", 4: "（{n}）"}


def number(n: int, level: int) -> str:
    """The number of the n-th heading at a level: 一、 （一） 1. （1）."""
    return NUMBER_FORMS[level].format(cn=text.cn_number(n), n=n)


def count(stat: Stat) -> str:
    """A stat as “{项目}{数量}{单位}”: 开展各项活动10余次 (with its 其中, if any)."""
    return phrases.count(stat)


def counts(stats: list[Stat], changes: Mapping[int, str] | None = None) -> str:
    """Stats joined into one clause; each with its 同比 when `changes` (id(stat) → wording, as
    gather.printed_changes makes it for a render) has one, and then joined by “；”, since each
    part has a comma of its own."""
    return phrases.counts(stats, changes)


@jinja2.pass_context
def _counts(ctx: Any, stats: Any) -> str:
    # The 同比 wordings come with the render's context, so templates keep writing `| counts`.
    return text.escape_md(counts(list(stats), ctx.get("changes")))


@jinja2.pass_context
def _change(ctx: Any, stat: Stat) -> str:
    """A stat's 同比 wording (“同比增长13%”), or "" when it has none."""
    return text.escape_md((ctx.get("changes") or {}).get(id(stat), ""))


@jinja2.pass_context
def _activity(ctx: Any, events: Any, stats: Any, lead: str | None = None) -> str:
    """Events and counts as one clause (no final mark): “开展……等活动，全年共计……”."""
    lead = ctx.get("period", "") if lead is None else lead
    return text.escape_md(
        phrases.activity(list(events), list(stats), lead, ctx.get("changes"), ctx.get("leads"))
    )


@jinja2.pass_context
def _activities(ctx: Any, clauses: Any, lead: str | None = None, sentence: Any = None) -> str:
    """Clauses of events and counts (a roll-up group's) joined into one: “开展……等载体活动36场次，
    参与群众1100余人次；组织……”. sentence: every group of the sentence these clauses are part
    of (each with its `stats`), whose figures together decide the mark between them."""
    lead = ctx.get("period", "") if lead is None else lead
    changes = ctx.get("changes")
    mark = phrases.joint([s for g in sentence for s in g.stats], changes) if sentence else None
    return text.escape_md(
        phrases.activities(list(clauses), lead, changes, ctx.get("leads"), mark)
    )


@jinja2.pass_context
def _sums(ctx: Any, clauses: Any, lead: str | None = None) -> str:
    """A roll-up group's clauses as the body of its sentence: “开展……等载体活动36场次，比上年增加
    4场次；参与群众1100余人次，组织……46次” (a figure with a 同比 set off by “；”, the rest by “，”)."""
    lead = ctx.get("period", "") if lead is None else lead
    return text.escape_md(phrases.sums(list(clauses), lead, ctx.get("changes"), ctx.get("leads")))


@jinja2.pass_context
def _points(ctx: Any, entries: Any, lead: str | None = None, apart: bool = False) -> str:
    """要点 as “一是……；二是……。”, each point's own counts inside its clause; apart (要点分段):
    each point a paragraph of its own."""
    lead = ctx.get("period", "") if lead is None else lead
    said = phrases.points(list(entries), lead, ctx.get("changes"), ctx.get("leads"), bool(apart))
    return "\n\n".join(text.escape_md(p) for p in said.split("\n\n"))


def derived_count(events: list[Event]) -> str:
    """What a list of events adds up to, when the user gave no stats for them."""
    return phrases.derived_count(events)


def heading_parts(title: str, run_in: bool) -> tuple[str, str]:
    """A heading split for Markdown bold: (inside **…**, mark after it).

    A run-in heading ends with 。 outside the bold: CommonMark does not close ** between a
    Chinese full stop and a letter, but does close it before a punctuation mark."""
    if not run_in:
        return text.strip_end(title), ""
    done = text.sentence(title)
    return done[:-1], done[-1]


def _md(value: str) -> str:
    return text.escape_md(value)


def _para(value: str) -> str:
    return text.escape_md(text.sentence(text.one_line(value)))


FILTERS: dict[str, Any] = {
    "md": _md,
    "para": _para,
    "points": _points,
    "activity": _activity,
    "activities": _activities,
    "sums": _sums,
    "basis_lead": phrases.basis_lead,
    "event_name": phrases.event_name,
    "figure": phrases.figure,
    "join_cn": phrases.join_names,
    "cn": text.cn_number,
    "number": number,
    "count": lambda stat: text.escape_md(count(stat)),
    "counts": _counts,
    "change": _change,
    "derived_count": derived_count,
    "sums_kinds": phrases.sums_kinds,
    "cn_date": text.cn_date,
    "sentence": text.sentence,
    "strip_end": text.strip_end,
}


class _Loader(jinja2.BaseLoader):
    """User folder first, then built-ins; "builtin/NAME" always means the built-in one."""

    def __init__(self, user_dir: Path | None) -> None:
        self.builtin = jinja2.FileSystemLoader(str(builtin_dir()))
        self.user = jinja2.FileSystemLoader(str(user_dir)) if user_dir else None
        self.user_dir = user_dir

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        if template.startswith("builtin/"):
            try:
                return self.builtin.get_source(environment, template.removeprefix("builtin/"))
            except jinja2.TemplateNotFound:
                raise jinja2.TemplateNotFound(template) from None  # the name as written
        if self.user is not None:
            self._regular(template)
            try:
                found = self.user.get_source(environment, template)
            except jinja2.TemplateNotFound:
                pass
            except UnicodeDecodeError:
                where = Path(self.user.searchpath[0]) / template
                raise TemplateError(f"{where}: 错误 模板文件不是 UTF-8 编码：请在记事本中“另存为”，编码选择 UTF-8") from None
            else:
                self._inside_user_dir(found[1])
                return found
        return self.builtin.get_source(environment, template)

    def _regular(self, template: str) -> None:
        # Jinja passes over what is not a regular file, and the built-in of that name would
        # be used in silence: a pipe or device in the user's folder is said instead.
        assert self.user_dir is not None
        try:
            path = self.user_dir.joinpath(*jinja2.loaders.split_template_path(template))
            regular_file.check(path)
        except regular_file.NotRegularFile as exc:
            raise TemplateError(f"{path}: 错误 {exc.strerror}") from None
        except jinja2.TemplateNotFound:
            pass  # "../x": Jinja says so

    def _inside_user_dir(self, filename: str) -> None:
        # Jinja refuses "../x" in a template name, but follows a link placed in the folder:
        # a template folder received from someone else must not read other files of this
        # computer into a report that is then sent away.
        assert self.user_dir is not None
        if not Path(filename).resolve().is_relative_to(self.user_dir.resolve()):
            raise TemplateError(f"{filename}: 错误 这个模板指向模板文件夹以外的文件，出于安全考虑不能使用")

    def list_templates(self) -> list[str]:
        return self.builtin.list_templates()


class _CompiledTemplates(jinja2.BytecodeCache):
    """The built-in templates compiled by an earlier run, kept in tzreport's cache folder:
    compiling them was some 45 ms of every cold build, loading them takes a few.

    Jinja stores with the code a checksum of the template's source and compiles again when
    the source differs, so a changed template is never served stale. What Jinja does not know
    is that our sandbox compiles templates its own way (loops counted, `~` checked): the
    files doing that and Jinja's version are part of each cached file's name, so a changed
    sandbox never runs code compiled by the old one. A user's templates are compiled each
    run, as before: a template someone sent makes tzreport read and write no other file."""

    def __init__(self, kind: str = "sandbox") -> None:
        self._kind = kind  # which compiler: the sandbox's, or Jinja's own (_builtin_environment)
        self._stamp: str | None = None
        self._builtin: set[str] = set()  # the cache keys of built-in templates

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Any:
        if filename is not None and Path(filename).resolve().is_relative_to(builtin_dir().resolve()):
            self._builtin.add(self.get_cache_key(name, filename))
        return super().get_bucket(environment, name, filename, source)

    def _name(self, bucket: jinja2.bccache.Bucket) -> str | None:
        if bucket.key not in self._builtin:
            return None
        if self._stamp is None:
            compiler = [Path(__file__), Path(sandbox.__file__), Path(limits.__file__)]
            self._stamp = cache.key(jinja2.__version__, self._kind, cache.files_stamp(compiler))
        return f"template-{cache.key(self._stamp, bucket.key)}.jinja"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = self._name(bucket)
        data = cache.read(name) if name else None
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)  # a checksum that differs: nothing loaded
        except (ValueError, EOFError, TypeError):  # a damaged file: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = self._name(bucket)
        if name:
            cache.write(name, bucket.bytecode_to_string())


@lru_cache(maxsize=8)
def environment(user_dir: Path | None = None) -> jinja2.Environment:
    env = Sandbox(
        loader=_Loader(user_dir),
        bytecode_cache=_CompiledTemplates() if cache.folder() is not None else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; user text is escaped by the md filters
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # the built-in templates do not change while tzreport runs: no look at their files for
        # every report; a user's are looked at again, for a user editing one between renders
        auto_reload=user_dir is not None,
    )
    env.add_filters(FILTERS)
    env.globals.update(heading_parts=heading_parts)
    return env


@lru_cache(maxsize=1)
def _builtin_environment() -> jinja2.Environment:
    """The built-in templates when no --templates folder is given: our own code, shipped with
    tzreport and as trusted as the filters they call, so they are rendered by Jinja itself,
    without the sandbox's checks of every attribute, call and loop turn (which took half of
    a report's render). The sandbox is for templates someone sends (environment(user_dir)),
    a built-in one they extend included; a data file, hostile or not, is data here as there:
    Jinja never runs the text it prints. The same output, the same filters; the size of the
    report is bounded as in the sandbox (render_markdown)."""
    env = jinja2.Environment(
        loader=_Loader(None),
        bytecode_cache=_CompiledTemplates("builtin") if cache.folder() is not None else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(heading_parts=heading_parts)
    return env


def context(report: Report, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything a template can use; attribute names are the English keys of the data format.
    `extra` (from facts.gather) adds or replaces variables: a roll-up's sums, 同比 (by the
    figure's key; the filters get it by the stat objects this render prints)."""
    values = {
        "report": report,
        "title": outline.title(report),
        "intro": outline.intro(report),
        "sections": outline.sections(report),
        "period": report.period,
        "overview": report.overview,
        "rollup": None,
        "changes": {},
        **(extra or {}),
    }
    values["changes"] = gather.printed_changes(report, values["rollup"], values["changes"])
    if "leads" not in values:  # which counts say the period's lead: at most one a chapter,
        # none in plans (targets) nor in a roll-up's chapter that opens with its sums (“全年，……”)
        rollup = values["rollup"]
        led = [s.section for s in values["sections"] if s.key != "plans" and not (rollup and rollup.totals(s))]
        values["leads"] = phrases.period_leads(led)
    return values


_BLANKS = re.compile(r"\n{3,}")


def render_markdown(
    report: Report, user_dir: Path | None = None, extra: Mapping[str, Any] | None = None
) -> str:
    """The report as Markdown: one paragraph a block, blank lines between blocks. `extra`:
    what facts.gather adds (a roll-up's sums, 同比).

    A mistake in a template is a TemplateError naming its file and line. An exception from
    inside a user's template is the user's mistake too; one from ours is a bug, and stays so."""
    env = environment(user_dir) if user_dir is not None else _builtin_environment()
    values = context(report, extra)
    try:
        template = env.get_template(ENTRY)
        with limits.budget():
            out = template.render(values)
        if len(out) > limits.MAX_TEXT:  # the sandbox stops a user's template there too
            raise TemplateError(f"错误 生成的报告超过 {limits.MAX_TEXT:,} 字，无法生成：请检查数据文件是否选错")
    except TzreportError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}: "
        raise TemplateError(f"{where}错误 {template_messages.syntax(exc.message or '')}") from None
    except limits.LimitExceeded as exc:
        filename, line = getattr(exc, "where", None) or _template_frame(exc)
        where = f"{filename}:{line}: " if filename else ""
        raise TemplateError(f"{where}错误 {exc}") from None
    except Exception as exc:
        filename, line = _template_frame(exc)
        if not isinstance(exc, jinja2.TemplateError) and not _inside(filename, user_dir):
            raise
        where = f"{filename}:{line}: " if filename else ""
        message = template_messages.runtime(type(exc).__name__, _exception_text(exc), values)
        raise TemplateError(f"{where}错误 {message}") from None
    return _BLANKS.sub("\n\n", out).strip() + "\n"


def _exception_text(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return str(exc.name)
    return str(exc.args[0]) if len(exc.args) == 1 else str(exc)


def _inside(filename: str, folder: Path | None) -> bool:
    return bool(filename) and folder is not None and Path(filename).resolve().is_relative_to(folder.resolve())


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """File and line of the innermost template frame in a rendering traceback ("", 0 if none).
    Jinja rewrites the traceback so that template frames carry the template's file and line."""
    tb, found = exc.__traceback__, ("", 0)
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
