"""Where the built-in templates are: the package tzreport.templates (the repository's top-level
templates/ folder), found the same way in a wheel and in an editable install. Light on purpose:
`tzreport templates list` reads it without starting Jinja."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_dir() -> Path:
    """The folder of the built-in templates."""
    return Path(str(resources.files("tzreport.templates")))
