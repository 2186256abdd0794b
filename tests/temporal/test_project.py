"""The temporal package itself: pure Python (no Django), documented modules, a small public API."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import timeline.temporal

PACKAGE = Path(timeline.temporal.__file__).resolve().parent
MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports_nothing_from_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module or "")
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            imported.add("..")  # reaching out of the package, e.g. into the Django app
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            imported.add("__import__")
    assert not {name for name in imported if name.split(".")[0] in ("django", "timeline", "..", "__import__")}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_has_a_docstring(path):
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))


def test_public_api():
    assert timeline.temporal.__all__ == ["Timex", "tag"]
    fields = timeline.temporal.Timex.__dataclass_fields__
    assert list(fields) == ["start", "end", "text", "type", "value", "mod", "earliest", "latest", "precision"]


def test_timex_is_frozen():
    t = timeline.temporal.Timex(0, 3, "now", "DATE", "PRESENT_REF")
    with pytest.raises(AttributeError):
        t.value = "x"
