"""The shape of the code (issue #12): the project's modules import each other without
cycles -- every import statement counts, at module level or inside a function -- and
no module is longer than 900 lines."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"pyjit": ROOT / "src" / "pyjit", "pyjit.jit": ROOT / "jit"}
MAX_LINES = 900


def _modules():
    mods = {}
    for pkg, root in PACKAGES.items():
        for path in root.rglob("*.py"):
            rel = path.relative_to(root).with_suffix("").parts
            if rel[-1] == "__init__":
                rel = rel[:-1]
            mods[".".join((pkg,) + rel)] = path
    return mods


def _target(node, module, is_package):
    """The module names an import statement in ``module`` reaches."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    parts = module.split(".")
    if node.level:
        base = parts if is_package else parts[:-1]
        base = base[:len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module
    return [prefix] + [f"{prefix}.{a.name}" for a in node.names]


def import_graph():
    mods = _modules()
    graph = {m: set() for m in mods}
    for m, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for t in _target(node, m, path.name == "__init__.py"):
                while t and t not in mods:
                    t = t.rpartition(".")[0]
                # (a package's modules may name the package itself: its __init__ is
                # not their import's target when they import a sibling)
                if t and t != m and not m.startswith(t + "."):
                    graph[m].add(t)
    return graph


def _cycle(graph):
    """One import cycle (a list of modules), or None."""
    state = {}
    path = []

    def visit(m):
        state[m] = 1
        path.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                return path[path.index(d):] + [d]
            if d not in state:
                c = visit(d)
                if c:
                    return c
        path.pop()
        state[m] = 2
        return None
    for m in sorted(graph):
        if m not in state:
            c = visit(m)
            if c:
                return c
    return None


def test_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 40 and graph["pyjit.interp"]  # (the walk found the code)
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle)


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_over_900_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules().values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


# Modules whose functions run only outside a program's run: the command line,
# the demo, benchmarks and reports, and package __init__s (the `pyjit` package
# defines the BUILTINS snapshot itself; pyjit.handlers' code runs at import).
_HOST_ONLY = {"pyjit", "pyjit.__main__", "pyjit.cli", "pyjit.demo", "pyjit.handlers"}
_HOST_ONLY_PACKAGES = ("pyjit.bench", "pyjit.jit.report")


def test_modules_look_builtins_up_in_a_snapshot():
    """A module whose functions name a builtin (``id(...)``, ``len(...)``) must
    look it up in pyjit's snapshot (``__builtins__ = dict(...)`` at module
    level): a program that patches ``builtins.id`` while a hook is set made
    pyjit's own recursion accounting call the program's wrapper (a
    RecursionError, found by the differential trace mode)."""
    import builtins
    names = set(dir(builtins)) - {"__name__", "__doc__"}
    missing = {}
    for m, path in _modules().items():
        if m in _HOST_ONLY or m.startswith(_HOST_ONLY_PACKAGES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        has = any(isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__builtins__" for t in n.targets)
            for n in tree.body)
        used = {n.id for fn in ast.walk(tree)
                if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                for n in ast.walk(fn)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in names}
        if used and not has:
            missing[m] = sorted(used)[:5]
    assert not missing, missing
