"""No import cycles among the app's own modules (state, pages, components, tasks, the domain core)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("poc_tracker", "state", "pages", "components", "tasks")
# Edges of cycles being taken apart elsewhere: issue 12 item 3 splits the realtime module (bus ↔ hub).
# Delete an entry once its edge is gone (the last test here says so).
KNOWN_CYCLE_EDGES = {("poc_tracker.realtime.bus", "poc_tracker.realtime.hub")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "versions" not in path.parts:  # Alembic revisions are loaded by Alembic, not imported
                found[_module_name(path)] = path
    return found


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and ast.unparse(test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def _imports(tree: ast.AST, here: str, is_package: bool) -> list[str]:
    """Every import anywhere in the file (inside functions too) but typing-only ones: ``a.b`` or ``a.b:name``."""
    names: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_only(node):
            continue
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".") if is_package else here.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names += [f"{base}:{a.name}" for a in node.names]  # a submodule, or a name from module ``base``
        stack.extend(ast.iter_child_nodes(node))
    return names


def import_graph() -> dict[str, set[str]]:
    """Module → the app modules it imports (a submodule import also runs its packages' ``__init__``)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges: set[str] = set()
        own_packages = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        for imported in _imports(ast.parse(path.read_text()), name, path.name == "__init__.py"):
            base, _, attr = imported.partition(":")
            target = f"{base}.{attr}" if attr and f"{base}.{attr}" in modules else base
            parts = target.split(".")
            # Importing a.b.c first runs a and a.b, unless they are this module's own packages (already running).
            implied = {".".join(parts[:i]) for i in range(1, len(parts))} - own_packages
            edges |= {m for m in (*implied, target) if m in modules}
        graph[name] = edges - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_app_has_no_import_cycle():
    graph = import_graph()
    for source, target in KNOWN_CYCLE_EDGES:
        graph.get(source, set()).discard(target)
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_known_cycle_edges_still_exist():
    graph = import_graph()
    gone = {(s, t) for s, t in KNOWN_CYCLE_EDGES if t not in graph.get(s, set())}
    assert not gone, f"no longer imported, delete from KNOWN_CYCLE_EDGES: {gone}"


@pytest.mark.parametrize(
    ("graph", "cyclic"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, False),
    ],
)
def test_the_cycle_finder_sees_cycles(graph, cyclic):
    assert (find_cycle(graph) is not None) is cyclic


def test_a_lazy_import_inside_a_function_counts(tmp_path):
    tree = ast.parse("def f():\n    from state.poc_files import PocFilesState\n")
    assert "state.poc_files:PocFilesState" in _imports(tree, "state.poc_history", False)
