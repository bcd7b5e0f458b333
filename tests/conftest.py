"""Shared helpers: writing data files, the switch that regenerates golden files, the browser
the browser tests drive, and the local servers (preview, edit) they drive it against."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from hypothesis import settings

if TYPE_CHECKING:
    from tzreport.preview.core import Server
    from tzreport.render.document import Document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))

# A report of five or more pages: fifteen items of four-times-repeated text.
LONG = "单位: 长篇社区\n年度: 2024\n主送: 新城街道党工委\n" + "\n".join(
    f"{key}:\n  工作:\n" + "".join(
        f"    - 标题: 第{n}项工作的小标题写得稍长一些以便回行\n"
        f"      内容: {'社区认真落实各项工作要求，扎实推进，取得了积极成效，群众满意度不断提高。' * 4}\n"
        f"      活动: [“石榴籽”宣讲{n}, 入户走访{n}]\n"
        f"      统计:\n        - {{项目: 开展各项活动, 数量: {n * 7}, 约数: true}}\n"
        for n in range(1, 6)
    )
    for key in ("思想引领", "民族工作", "宗教工作")
) + "\n存在问题: [认识不到位, 力量不足]\n下一步计划: [加强学习]\n落款: {署名: 长篇社区党委, 日期: 2024-12-20}\n"


def sent_upward(example: Path, folder: Path, addressee: str = "新城街道党工委", date: str = "12-28") -> Path:
    """A copy of a seed-derived example as a report sent upward, in folder: the seeds have no 主送
    or 落款, so their examples write none (a faithful report invents neither); the writers and
    import are tested on the same report with them added (署名 “{单位}党委”, dated in its year)."""
    import re

    text = example.read_text(encoding="utf-8")
    unit = re.search(r"(?m)^单位: (.+)$", text)[1]  # type: ignore[index]
    year = re.search(r"(?m)^年度: (\d+)$", text)[1]  # type: ignore[index]
    text = re.sub(r"(?m)^(导语:)", f"主送: {addressee}\n\\1", text, count=1)
    text = text.rstrip("\n") + f"\n\n落款:\n  署名: {unit}党委\n  日期: {year}-{date}\n"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / example.name
    copy.write_text(text, encoding="utf-8")
    return copy


def markdown_of(path: Path, anywhere: bool = False) -> str:
    """The Markdown a build writes for a data file: with a roll-up's sums and the 同比 of a
    previous year. anywhere: as with --allow-outside."""
    from tzreport.render.templating import render_markdown
    from tzreport.report import gather

    gathered = gather.gather(path, anywhere=anywhere)
    return render_markdown(gathered.report, extra=gathered.extra)


def document_of(path: Path) -> Document:
    """The parsed document every writer of a build sets for a data file."""
    from tzreport.render import document

    return document.parse(markdown_of(path))


# The suite runs a few examples of each property, the same ones every run, so that it stays
# fast and a failure is not a matter of chance; `make fuzz` runs the "fuzz" profile.
settings.register_profile("default", max_examples=25, deadline=None, derandomize=True, print_blob=True)
settings.register_profile("fuzz", max_examples=10_000, deadline=None, print_blob=True)
settings.load_profile("default")


# A suite started in the background (`make test &`, nohup) inherits SIGINT ignored, and so would
# every command a test starts: the Ctrl+C tests would wait for ever. Taken back here, the commands
# start with SIGINT as a user's terminal gives it.
if hasattr(signal, "SIGINT") and signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """tzreport's cache folder (tzreport.cache) for this test session, so that the suite
    neither reads a stale package from the user's cache nor leaves files there; tests that
    start tzreport in a new process pass it on through the environment."""
    os.environ["TZREPORT_CACHE"] = str(tmp_path_factory.mktemp("cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.md from the current output instead of comparing",
    )


CHROMIUM = Path("/usr/bin/chromium")  # Debian's, installed by .ci/run
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium driven by playwright, one per test module. Missing, it fails the run on CI
    (which installs it) and skips the test elsewhere."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(".ci/run installs chromium; it is missing")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Served:
    """A server the command line started: the address it gave, and all it printed once stopped."""

    url: str
    out: str = ""


@contextlib.contextmanager
def served(command: str, path: Path, says: str, cwd: Path | None = None) -> Iterator[Served]:
    """`tzreport COMMAND PATH --no-open --port 0` started as a user starts it, its first line
    beginning with SAYS and the address; at the end Ctrl+C, which must stop it with exit 0 and
    no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from tzreport.cli.main import main; main()",
         command, str(path), "--no-open", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    if not first.startswith(says):
        process.kill()
        pytest.fail(f"{first}{process.communicate(timeout=15)[1]}")
    running = Served(first.removeprefix(says).strip())
    try:
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    running.out = first + out
    assert process.returncode == 0 and "Traceback" not in err, err


def serve_in_thread(server: Server) -> Callable[[], None]:
    """Serve in a thread of the test; the function that stops it as the command line does."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()

    def stop() -> None:
        server.stopping = True
        server.shutdown()
        server.server_close()
        thread.join(5)

    return stop


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture
def golden(update_golden: bool) -> Callable[[str, str], None]:
    """Compare an output with its reviewed golden file, tests/golden/<name>, with == so that
    pytest shows the difference. A missing golden file is written and the test fails (review
    it, then commit it); `pytest --update-golden` rewrites them all from the current output."""

    def compare(name: str, out: str) -> None:
        path = GOLDEN / name
        if update_golden or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(out, encoding="utf-8")
            if not update_golden:
                pytest.fail(f"新建了 {name}：请审阅后再提交")
        assert out == path.read_text(encoding="utf-8")

    return compare


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Write a data file (dedented) into the test's folder and return its path."""

    def write(text: str, name: str = "data.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


class EditorLoader(yaml.SafeLoader):
    """Reads YAML as an editor's YAML 1.2 language server does: a date stays text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_data(text: str) -> Any:
    """A data file's content as the editor's schema validation sees it."""
    return yaml.load(text, EditorLoader)  # noqa: S506 - a SafeLoader subclass
