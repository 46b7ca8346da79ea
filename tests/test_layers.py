"""The house's shape, read from the code: every import of every module (ast, inside functions too).

- no import circle between modules;
- one way down: data -> metrics -> jobs -> dashboard -> pages (``cli`` beside dashboard: it may use data,
  metrics and jobs, and nothing imports it but the ``python -m`` shims);
- ``metrics`` and ``jobs`` never import streamlit;
- in ``dashboard``, ``core`` and ``cache`` import no view package, and view packages import no other view package
  beyond what ``VIEW_IMPORTS`` states (docs/ARCHITECTURE.md says why).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("data", "metrics", "jobs", "reports", "cli", "notify", "dashboard", "pages")
LAYER = {"data": 0, "metrics": 1, "jobs": 2, "reports": 2, "dashboard": 3, "cli": 3, "notify": 3, "pages": 4,
         "streamlit_app": 5}
SHIMS = {"data.__main__", "metrics.__main__", "notify.__main__"}  # ``python -m data|metrics|notify``: entry points
VIEWS = ("scorecard", "links", "customers", "program", "admin", "access", "sales", "drill", "review", "initiatives",
         "notifications")
VIEW_IMPORTS: dict[str, set[str]] = {  # the one view package a view may import, and why: docs/ARCHITECTURE.md
    "admin": set(),
    "access": set(),
    "scorecard": {"links", "drill", "review"},  # the map draws the link evidence; a KPI opens the customers behind it;
    # the overview marks notes due and a KPI page shows its status history and check-ins
    "review": set(),
    "initiatives": set(),
    "notifications": set(),
    "drill": set(),
    "links": set(),
    "customers": set(),
    "program": set(),
    "sales": set(),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    found = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    found["streamlit_app"] = ROOT / "streamlit_app.py"
    return found


def resolve(name: str) -> str | None:
    """The project module ``name`` denotes (the longest existing prefix), or ``None`` for a library."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules():
            return candidate
        parts.pop()
    return None


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every project module ``module`` imports, wherever the import statement stands."""
    path = modules()[module]
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = resolve(name)
            if target is not None and target != module:
                found.add(target)
                # importing a.b.c runs a/__init__ and a/b/__init__ first
                parts = target.split(".")
                found.update(p for i in range(1, len(parts)) if (p := ".".join(parts[:i])) in modules()
                             and p != module)
    return frozenset(found)


def imports_library(module: str, library: str) -> bool:
    tree = ast.parse(modules()[module].read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == library for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == library:
            return True
    return False


def layer(module: str) -> int:
    return 5 if module in SHIMS else LAYER[module.split(".")[0]]


def view_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "dashboard" and len(parts) > 1 and parts[1] in VIEWS else None


def test_the_tree_is_read():
    assert {"data.models", "metrics.scorecard.registry", "dashboard.core.i18n", "jobs.refresh"} <= set(modules())
    assert "metrics.scorecard.registry" in imports_of("metrics.scorecard.scoring")


def test_no_import_circle():
    graph = {module: imports_of(module) for module in modules()}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target):], target] if target in trail else [module, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


@pytest.mark.parametrize("module", sorted(m for m in modules() if m not in {"streamlit_app"}))
def test_imports_go_one_way_down(module):
    upward = sorted(target for target in imports_of(module) if layer(target) > layer(module)
                    or (target.split(".")[0] == "cli" and module.split(".")[0] != "cli" and module not in SHIMS))
    assert not upward, f"{module} imports a higher layer: {upward}"


@pytest.mark.parametrize("module", sorted(m for m in modules() if m.split(".")[0] in {"data", "metrics", "jobs",
                                                                                     "reports", "cli", "notify"}))
def test_computation_never_imports_streamlit(module):
    assert not imports_library(module, "streamlit")


@pytest.mark.parametrize("module", sorted(m for m in modules() if m.startswith("dashboard.")))
def test_views_import_only_what_is_stated(module):
    own = view_of(module)
    views = {view_of(target) for target in imports_of(module)} - {None, own}
    allowed = VIEW_IMPORTS[own] if own else set()
    assert views <= allowed, f"{module} imports the view packages {sorted(views - allowed)}"
