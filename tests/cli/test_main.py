"""The entry point: pydantic's plugin lookup is answered without importing its loader (and
importlib.metadata with it) when every plugin is off, and left to pydantic otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = (
    "import sys\n"
    "from tzreport.cli.main import main\n"
    "sys.argv = ['tzreport', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "from pydantic.plugin._loader import get_plugins\n"
    "print('importlib.metadata' in sys.modules, list(get_plugins()), flush=True)\n"
)


def _run(args: list[str], **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True,
                          env={**clean, **env})
    return done.stdout.splitlines()


def test_check_validates_without_looking_for_plugins(tmp_path: Path) -> None:
    data = tmp_path / "a.yaml"
    data.write_text("单位: 甲社区\n年度: 二〇二四\n", encoding="utf-8")
    out = _run(["check", str(data)])
    # the file is still validated by pydantic: the year is refused, at its line and column
    assert any(line.startswith(f"{data}:2:5: 错误") and "年度" in line for line in out), out
    assert out[-1] == "False []"


def test_a_user_naming_plugins_to_leave_out_gets_pydantics_own_loader(tmp_path: Path) -> None:
    data = tmp_path / "a.yaml"
    data.write_text("单位: 甲社区\n年度: 2024\n", encoding="utf-8")
    out = _run(["check", str(data)], PYDANTIC_DISABLE_PLUGINS="some_plugin")
    assert out[-1] == "True []"  # the real loader looked through the entry points, found none


def test_anything_else_asked_of_the_stood_in_loader_comes_from_pydantics_own() -> None:
    """A later pydantic that imports another name from its loader gets it, not an ImportError:
    the stand-in gives way to the real module."""
    probe = (
        "import os, sys\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
        "sys.argv = ['tzreport', 'check']\n"
        "from tzreport.cli import main\n"
        "main._no_plugin_lookup()\n"
        "from pydantic.plugin import _loader\n"
        "from pydantic.plugin._loader import _plugins\n"
        "import pydantic.plugin._loader as real\n"
        "print(real is not _loader, hasattr(real, 'get_plugins'), flush=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True"]
