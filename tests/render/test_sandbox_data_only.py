"""A template sees data only (issue 18, finding 1): no method of pydantic's machinery or of
our classes is reachable, whatever its name, however it is asked for."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tzreport.data.models import Report
from tzreport.errors import TemplateError
from tzreport.render import limits
from tzreport.render.sandbox import Sandbox
from tzreport.render.templating import render_markdown
from tzreport.report import annex_table, gather, outline, rollup

ROOT = Path(__file__).resolve().parents[2]
REPORT = Report.model_validate({
    "单位": "甲社区", "年度": 2024, "存在问题": ["认识不到位"],
    "民族工作": {"工作": [{"标题": "宣传", "活动": [{"名称": "讲座", "人数": 30}],
                              "统计": [{"项目": "开展活动", "数量": 3}]}]},
})
UNSAFE = "出于安全考虑，模板不能使用属性"
PYDANTIC = sorted(n for n in dir(BaseModel) if not n.startswith("_"))


def render(folder: Path, text: str, report: Report = REPORT, extra: Any = None) -> str:
    (folder / "report.md.j2").write_text(text, encoding="utf-8")
    return render_markdown(report, folder, extra)


def refused(folder: Path, text: str, **kwargs: Any) -> str:
    with pytest.raises(TemplateError) as info:
        render(folder, text, **kwargs)
    return info.value.message


def test_pickle_through_parse_raw_is_refused(tmp_path: Path) -> None:
    # the red team's attack: a pickle that would run a command when loaded
    attack = "{{ report.parse_raw('cos\\nsystem\\n(S\\'touch pwned\\'\\ntR.', content_type='application/pickle', allow_pickle=True) }}"
    assert UNSAFE + "“parse_raw”" in refused(tmp_path, attack)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("name", PYDANTIC)
@pytest.mark.parametrize(
    "where",
    ["report", "report.problems", "report.ethnic.items[0]", "report.ethnic.items[0].events[0]",
     "report.ethnic.items[0].stats[0]", "sections[0].section"],
)
def test_no_pydantic_method_is_reachable(tmp_path: Path, where: str, name: str) -> None:
    for form in (f"{where}.{name}", f"{where}['{name}']", f"{where} | attr('{name}')",
                 f"'{{0.{name}}}'.format({where})", f"[{where}] | map(attribute='{name}') | join"):
        message = refused(tmp_path, f"{{{{ {form} }}}}\n")
        assert f"{UNSAFE}“{name}”" in message, (form, message)


def rollup_extra() -> Any:
    return gather.gather(ROOT / "examples" / "新城街道" / "2024.yaml")


def objects() -> list[Any]:
    """One object of every class a template can reach, from a real roll-up."""
    gathered = rollup_extra()
    view = gathered.extra["rollup"]
    return [gathered.report, view, view.table, view.table.columns[0], view.table.rows[0],
            view.events[0], view.sections[0], view.members[0]]


def test_our_classes_offer_only_fields_and_declared_helpers() -> None:
    env = Sandbox()
    for obj in objects():
        cls = type(obj)
        if isinstance(obj, BaseModel):
            data = set(cls.model_fields)
        elif dataclasses.is_dataclass(obj):
            data = {f.name for f in dataclasses.fields(obj)}
        else:
            data = set()
        helpers = {n for k in cls.__mro__ for n in limits.HELPERS.get(f"{k.__module__}.{k.__qualname__}", ())}
        for name in sorted({n for n in dir(obj) if not n.startswith("_")} | set(PYDANTIC)):
            got = env.getattr(obj, name)
            if name in data | helpers:
                assert got is not None or name in data, (cls, name)
                assert not isinstance(got, env.undefined), (cls, name)
            else:
                assert isinstance(got, env.undefined), (cls, name, got)


def test_the_built_in_templates_still_render_a_roll_up(tmp_path: Path) -> None:
    gathered = rollup_extra()
    out = render(tmp_path, '{% extends "builtin/report.md.j2" %}', gathered.report, gathered.extra)
    assert "河畔花园社区、希望新城社区、金源郦都社区、富力新城社区开展" in out and "附表" in out


def test_helpers_declared_for_templates_exist() -> None:
    # a helper renamed in the code must not silently stay allowed under its old name
    classes = {f"{c.__module__}.{c.__qualname__}": c for c in
               (gather.RollupView, annex_table.Table, outline.NumberedSection, rollup.MemberEvent)}
    from tzreport.data.models import Section
    classes[f"{Section.__module__}.{Section.__qualname__}"] = Section
    for qualified, names in limits.HELPERS.items():
        if qualified.startswith("tzreport."):
            assert all(hasattr(classes[qualified], n) or n in ("unit", "members", "word", "events", "table",
                       "table_title", "sections") for n in names), qualified


@pytest.mark.parametrize(
    "expression",
    ["''.translate", "''.encode", "(1).to_bytes", "(1).from_bytes", "{}.fromkeys", "[].copy", "{}.pop",
     "cycler(1).__init__", "range.__self__", "namespace.__init__", "self._TemplateReference__context",
     "loop", "joiner().__call__"],
)
def test_builtin_types_offer_only_declared_methods(tmp_path: Path, expression: str) -> None:
    message = refused(tmp_path, f"{{{{ {expression} }}}}\n")
    assert UNSAFE in message or "没有定义" in message, message


def test_data_and_ordinary_jinja_still_work(tmp_path: Path) -> None:
    text = (
        "{{ report.unit }}{{ report.year }}{{ report.unit.upper() }}{{ report.problems.points | length }}"
        "{% set ns = namespace(n=0) %}{% for s in sections %}{% set ns.n = ns.n + 1 %}{{ loop.index }}{% endfor %}"
        "{{ ns.n }}{{ {'a': 1}.get('a') }}{{ {'a': 1}.a }}{{ '%05.1f' | format(3.14159) }}{{ '{:>4}'.format(7) }}"
        "{{ self.x() }}{% block x %}块{% endblock %}\n"
    )
    assert render(tmp_path, text) == "甲社区2024甲社区1" + "12" + "2" + "11" + "003.1" + "   7" + "块块\n"

