"""Checks on the project itself rather than on one feature."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest
from django.core.management import load_command_class

COMMANDS_DIR = Path(__file__).resolve().parent.parent / "timeline" / "management" / "commands"
COMMANDS = sorted(m.name for m in pkgutil.iter_modules([str(COMMANDS_DIR)]) if not m.name.startswith("_"))


def test_project_has_management_commands():
    """The commands directory is found, so the parametrized check below is not vacuous."""
    assert "demo_admin" in COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_every_management_command_has_help_text(name):
    """`manage.py help <command>` says what each of our commands does."""
    command = load_command_class("timeline", name)
    assert command.help.strip(), f"timeline/management/commands/{name}.py has no help text"
    parser = command.create_parser("manage.py", name)
    assert command.help.strip()[:20] in parser.format_help().replace("\n", " ")


ROOT = COMMANDS_DIR.parent.parent.parent
ENV_READ = re.compile(r"""(?:env_bool|env_list|os\.environ\.get|os\.getenv|os\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")


def env_vars_read_by_the_app() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "timeline").rglob("*.py"):
        names |= set(ENV_READ.findall(path.read_text(encoding="utf-8")))
    # Read by libraries or tooling rather than configuration of the app.
    return names - {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_the_env_var_scan_sees_the_settings():
    """Guard for the check below: the scan finds what settings.py is known to read."""
    assert {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "TIMELINE_MAX_UPLOAD_BYTES"} <= env_vars_read_by_the_app()


@pytest.mark.parametrize("name", sorted(env_vars_read_by_the_app()))
def test_every_environment_variable_is_documented_in_the_readme(name):
    """A setting nobody can find is a setting nobody can change; each one has a line in README.md."""
    assert f"`{name}`" in (ROOT / "README.md").read_text(encoding="utf-8"), f"document {name} in README.md"
