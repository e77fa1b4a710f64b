"""The JIT's structure: one handler per op in every component, tables checked at
import, no import cycles among its modules, no oversized module."""

import ast
from pathlib import Path

import pytest

from pyjit import opcodes as O
from pyjit.jit import ir, recorder, traceinterp
from pyjit.jit.llvm import ops

JIT = Path(ir.__file__).resolve().parent       # the package pyjit.jit (jit/ in the repo)


def test_every_op_has_one_emitter_and_one_semantics():
    handled = set(ir.OPS) - ir.STRUCTURAL
    assert set(ops.EMITTERS) == handled
    assert set(traceinterp.SEMANTICS) == handled
    assert ir.STRUCTURAL == {"label", "jump"}


@pytest.mark.parametrize("pairs, message", [
    ([("no_such_op", None)], "which is no op"),
    ([("label", None)], "structural op"),
    ([("box_int", None), ("box_int", None)], "two handlers"),
    ([("box_int", None)], "no handler for"),
])
def test_handler_table_fails_loudly(pairs, message):
    with pytest.raises(AssertionError, match=message):
        ir.handler_table("test", pairs)


def test_recorder_dispatch_is_the_family_modules_handlers():
    handlers = {name[len("rec_"):]: fn for module in recorder.FAMILIES
                for name, fn in vars(module).items() if name.startswith("rec_")}
    assert handlers and set(handlers) <= set(O.OPS)
    assert {O.BY_CODE[code].name: fn for code, fn in enumerate(recorder.DISPATCH)
            if fn is not None} == handlers


def _module_name(path: Path) -> str:
    parts = ["pyjit", "jit"] + list(path.relative_to(JIT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict:
    """pyjit.jit module -> the pyjit.jit modules it imports at module level
    (imports inside functions are lazy, and left out)."""
    modules = {_module_name(p): p for p in JIT.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                base = (base + "." + node.module if node.module else base) if node.level \
                    else node.module
                # "from . import x": the submodule x if there is one, else the package
                targets = [base + "." + a.name if base + "." + a.name in modules else base
                           for a in node.names]
            else:
                continue
            deps.update(t for t in targets if t in modules and t != name)
        graph[name] = deps
    return graph


def test_jit_has_no_import_cycles():
    graph = import_graph()
    assert "pyjit.jit.record.core" in graph and "pyjit.jit.llvm.ops" in graph
    state = {}

    def visit(m, path):
        state[m] = "open"
        for d in sorted(graph[m]):
            if state.get(d) == "open":
                cycle = path[path.index(d):] + [d]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if d not in state:
                visit(d, path + [d])
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])


def test_no_jit_module_over_900_lines():
    sizes = {p.relative_to(JIT).as_posix(): len(p.read_text().splitlines())
             for p in JIT.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 900} == {}


def test_every_jit_package_is_installed():
    """pyproject.toml lists packages one by one: a subpackage left out works in
    the editable install of a checkout and is missing from a real install."""
    import tomllib
    config = tomllib.loads((JIT.parent / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    packages = {_module_name(p) for p in JIT.rglob("__init__.py")}
    assert packages - listed == set()
