"""Every command and example in README.md and docs/*.md is run, so no page can drift: the
shell blocks' commands run in order against a copy of the examples (exit codes checked), the
install commands name what `make dist` builds, the usage lines name real options, every YAML
block loads, and every link between the pages resolves."""

from __future__ import annotations

import glob
import re
import shlex
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from ledgers import ledger
from tzreport.cli.main import app

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
WHEEL = f"tzreport-{VERSION}-py3-none-any.whl"
FENCE = re.compile(r"^(?:<!-- 文件: (?P<file>\S+) -->\n)?(?P<indent> *)```(?P<lang>\w*)\n(?P<body>.*?)^ *```", re.S | re.M)
runner = CliRunner()


@dataclass
class Block:
    page: Path
    lang: str
    body: str
    file: str | None  # an HTML comment before the block: the test writes it there before what follows
    shown: bool  # "屏幕显示：" just before it: what the commands of the block before it print

    def lines(self) -> Iterator[str]:
        for line in self.body.splitlines():
            if line.strip() and not line.strip().startswith("#"):
                yield line.strip()


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        body = "\n".join(line.removeprefix(m["indent"]) for line in m["body"].splitlines()) + "\n"
        shown = "屏幕显示" in text[max(0, m.start() - 20):m.start()]
        found.append(Block(page, m["lang"], body, m["file"], shown))
    return found


def _ids(pages: list[Path]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in pages]


# ------------------------------------------------------------------ commands


def _workspace(root: Path) -> Path:
    """The examples, and the files the pages' commands name (a Word report, a ledger, a folder of
    the communities' Word reports, a reference document)."""
    work = root / "work"
    shutil.copytree(ROOT / "examples", work)
    shutil.copytree(ROOT / "examples", work / "examples")  # for commands that run in the project folder
    street = work / "新城街道"
    reports = work / "各社区"
    reports.mkdir()
    for community in sorted(p for p in street.iterdir() if p.is_dir()):
        for data in sorted(community.glob("2024*.yaml")):  # 京汉新城社区's is its 2024民族工作.yaml
            assert runner.invoke(app, ["build", str(data), "-f", "docx", "-o", str(reports)]).exit_code == 0
    built = root / "built"
    assert runner.invoke(app, ["build", str(work / "新城街道" / "京汉新城社区" / "2023.yaml"), "-f", "docx", "-o", str(built)]).exit_code == 0
    (docx,) = built.glob("*.docx")
    shutil.copy(docx, work / "2023年统战工作总结.docx")
    shutil.copy(docx, work / "我们的模板.docx")
    ledger(work / "2024年活动台账.xlsx")
    shutil.copy(work / "新城街道" / "京汉新城社区" / "2023.yaml", work / "2024.yaml")
    return work


def _run(line: str, work: Path) -> str:
    expected = int(m[1]) if (m := re.search(r"#\s*退出码\s*(\d)", line)) else 0
    words = shlex.split(line, comments=True)
    if words[:3] in (["py", "-m", "tzreport"], ["python3", "-m", "tzreport"]):
        words = ["tzreport", *words[3:]]
    if words[0] == "make":
        targets = re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
        assert set(words[1:]) <= set(targets), line
        return ""
    if words[:4] in (["py", "-m", "pip", "install"], ["python3", "-m", "pip", "install"]) or words[:2] == [
        "pipx", "install"] or words[:3] == ["uv", "tool", "install"]:
        # what `make dist` builds (tests/project/test_package.py builds that wheel) or the project folder
        assert words[-1] in (WHEEL, "."), line
        return ""
    assert words[0] == "tzreport", f"不认识的命令：{line}"
    args = [a for w in words[1:] for a in (sorted(glob.glob(w)) if "*" in w else [w])]
    if args[:1] in (["preview"], ["edit"]):  # a server until Ctrl+C: its path must be there
        # (edit takes a folder still to be made: its first report is made there)
        assert (work / args[1]).exists() or args[0] == "edit" and (work / args[1]).parent.is_dir(), line
        return ""
    result = runner.invoke(app, args)
    assert result.exit_code == expected, f"{line}\n{result.output}"
    return result.output


WITH_COMMANDS = [p for p in PAGES if any(b.lang in ("shell", "powershell") for b in blocks(p))]


@pytest.mark.slow  # builds and imports a few dozen reports
@pytest.mark.parametrize("page", WITH_COMMANDS, ids=_ids(WITH_COMMANDS))
def test_every_shell_block_runs_as_the_page_says(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _workspace(tmp_path)
    monkeypatch.chdir(work)
    printed: str | None = None
    compared = 0
    for block in blocks(page):
        if block.file:
            (work / block.file).parent.mkdir(parents=True, exist_ok=True)
            (work / block.file).write_text(block.body, encoding="utf-8")
        elif block.lang in ("shell", "powershell"):
            printed = "".join(_run(line, work) for line in block.lines())
            continue
        elif block.shown and printed is not None:
            assert printed == block.body, f"{page.name}：屏幕显示的与页面写的不同"
            compared += 1
        printed = None
    if page.name == "README.md":
        assert compared == 2  # init's lines; check's and build's


def test_commands_outside_shell_blocks_are_only_usage_lines() -> None:
    """A command in an untagged block would be shown to users but never run here."""
    for page in PAGES:
        for block in blocks(page):
            if block.lang in ("", "text", "console"):
                for line in block.lines():
                    assert not re.match(r"(tzreport|py|python3?|pipx|uv|make)\s", line) or block.lang == "text", (
                        f"{page.name}: 命令放在 ```shell 块中才会被测试：{line}")


def test_usage_lines_name_real_commands_and_options() -> None:
    for page in PAGES:
        for block in blocks(page):
            if block.lang != "text":
                continue
            for line in block.lines():
                if not line.startswith("tzreport"):
                    continue
                words = line.split()
                command = [w for w in words[1:3] if re.fullmatch(r"[a-z][a-z-]*", w)]
                shown = runner.invoke(app, [*command, "--help"], terminal_width=200)
                assert shown.exit_code == 0, line
                for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", line):
                    assert option in shown.output, f"{page.name}: {line}: {option}"


# ------------------------------------------------------------------ YAML, links


def test_every_yaml_block_loads() -> None:
    count = 0
    for page in PAGES:
        for block in blocks(page):
            if block.lang == "yaml":
                yaml.safe_load(block.body)
                count += 1
    assert count > 15


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


def test_links_between_the_pages_resolve() -> None:
    checked = 0
    for page in PAGES:
        text = FENCE.sub("", page.read_text(encoding="utf-8"))
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://")):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.name}: {target}"
            if anchor:
                assert anchor in _anchors(linked), f"{page.name}: {target}"
            checked += 1
    assert checked > 20


def test_the_readme_fits_a_few_screens_and_links_every_reference_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 320
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"](docs/{page.name})" in readme, page.name


def test_the_worked_example_prints_what_the_page_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A single file's build shows its 已生成 lines and no 完成 summary (the summary is for several)."""
    page = (ROOT / "docs" / "数据格式.md").read_text(encoding="utf-8")
    data = re.search(r"数据文件 `2024.yaml`：\n\n```yaml\n(.*?)```", page, re.S)
    shown = re.search(r"运行 `tzreport build 2024.yaml`，屏幕显示：\n\n```\n(.*?)```", page, re.S)
    assert data and shown
    (tmp_path / "2024.yaml").write_text(data[1], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "2024.yaml"])
    assert result.exit_code == 0
    assert result.stdout == shown[1]
