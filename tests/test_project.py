"""Checks on the project itself rather than on one feature."""

from __future__ import annotations

import pkgutil
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
