"""The shape of the code, checked on every run: no module imports one of a layer above it,
and no two modules import each other, directly or round a circle (docs/architecture.md).

Imports inside functions count (they are how circles used to be hidden); imports under
`if TYPE_CHECKING:` do not (they never run). Tests and migrations are left out."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "thidua"

# (pattern of module names, layer): the first match decides. A module may import modules of
# its own layer or of layers below it.
LAYERS: list[tuple[str, int]] = [
    (r"thidua\.(lib|rules)(\..*)?", 0),  # pure helpers and the engine: nothing of the apps
    (
        r"thidua\.(accounts|org|awards|reports|nominations|movements|imports)\.(models|choices)",
        1,
    ),  # the register's rows
    (r"thidua\.accounts\.(scope|cli)", 2),  # the permission layer over every app's rows
    (r"thidua\.(accounts|org)(\..*)?", 3),
    (r"thidua\.awards(\..*)?", 4),
    (r"thidua\.(eligibility|nominations|movements)(\..*)?", 5),
    (r"thidua\.(imports|reports)(\..*)?", 6),
    (r"thidua\.api(\..*)?", 7),
    (r"thidua\.demo(\..*)?", 8),
    (r"thidua(\.\w+)?", 9),  # settings, urls, the site's own views, the CLI entry point
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {
        _module_name(p): p
        for p in PACKAGE.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    }


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[tuple[str, list[str]]]:
    """(module, names) of every import that runs, at any depth."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, []) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((child.module, [alias.name for alias in child.names]))
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    sources = _sources()
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, path in sources.items():
        for module, names in _imports(ast.parse(path.read_text(), str(path))):
            if not module.startswith("thidua"):
                continue
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in sources]
            if len(targets) < len(names) or not names:
                targets.append(module)  # names that are attributes of the module itself
            graph[name].update(t for t in targets if t in sources and t != name)
    return graph


def _layer(module: str) -> int:
    for pattern, layer in LAYERS:
        if re.fullmatch(pattern, module):
            return layer
    raise AssertionError(f"{module} has no layer in LAYERS")


def test_every_module_has_a_layer():
    for module in _sources():
        _layer(module)


def test_no_module_imports_a_layer_above_its_own():
    upward = sorted(
        f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module)
    )
    assert upward == []


def test_no_modules_import_each_other_round_a_circle():
    graph = _graph()
    # Tarjan's strongly connected components: any component of two or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    assert circles == []


@pytest.mark.parametrize("pure", ["thidua.rules", "thidua.lib.excel", "thidua.lib.vntext"])
def test_pure_modules_import_no_models(pure):
    graph = _graph()
    for module, targets in graph.items():
        if module == pure or module.startswith(pure + "."):
            assert not [t for t in targets if _layer(t) > 0], module
