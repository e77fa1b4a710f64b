"""The import hook: the program's own modules run in the VM, the stdlib and
installed packages natively.

Most tests run a small program tree twice, with ``python3`` and with ``pyjit
run --tier interp``, and compare stdout, stderr and exit code; tests that look
at pyjit's own objects run only under pyjit and print what they found.
"""

import importlib.machinery
import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

from pyjit import importer

ROOT = Path(__file__).resolve().parent.parent


def write_tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _env(extra_path=None):
    env = dict(os.environ)
    parts = [str(ROOT / "src")] + ([str(extra_path)] if extra_path else [])
    env["PYTHONPATH"] = os.pathsep.join(parts)
    return env


def run_pyjit(cwd, *args, extra_path=None):
    return subprocess.run([sys.executable, "-m", "pyjit", "run", "--tier", "interp", *args],
                          cwd=cwd, capture_output=True, text=True, env=_env(extra_path),
                          timeout=120)


def run_host(cwd, *args, extra_path=None):
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = str(extra_path)
    else:
        env.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def assert_same_as_host(cwd, *args, extra_path=None):
    vm = run_pyjit(cwd, *args, extra_path=extra_path)
    host = run_host(cwd, *args, extra_path=extra_path)
    assert (vm.stdout, vm.stderr, vm.returncode) == (host.stdout, host.stderr, host.returncode)
    return host


def pyjit_facts(cwd, *args, extra_path=None):
    """Run under pyjit a program whose last stdout line is a JSON object of facts."""
    r = run_pyjit(cwd, *args, extra_path=extra_path)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.splitlines()[-1])


# ---------------------------------------------------------------------------
# user modules run in the VM

FACTS_PRELUDE = textwrap.dedent("""
    import json, types
    from pyjit.function import Function
    from pyjit.importer import VMLoader
    def vm_func(f):
        return type(f) is Function
    def vm_loaded(m):
        return type(m.__spec__.loader) is VMLoader and type(m.__loader__) is VMLoader
""")


def facts_main(body):
    """A main program: the facts helpers, then ``body``."""
    return FACTS_PRELUDE + textwrap.dedent(body)


def test_user_module_next_to_script_runs_in_vm(tmp_path):
    write_tree(tmp_path, {
        "helper.py": """
            def hello(name):
                return "hello " + name
            class Greeter:
                def greet(self):
                    return hello("method")
            LOADER = type(__loader__).__name__
            NAME = __name__
        """,
        "main.py": facts_main("""
            import helper
            print(json.dumps({
                "call": helper.hello("x"), "method": helper.Greeter().greet(),
                "func": vm_func(helper.hello), "meth": vm_func(helper.Greeter.greet),
                "loaded": vm_loaded(helper), "seen_loader": helper.LOADER, "name": helper.NAME,
                "file": helper.__file__.endswith("helper.py"),
                "main_is_vm": vm_func(vm_func),
            }))
        """),
    })
    facts = pyjit_facts(tmp_path, "main.py")
    assert facts == {"call": "hello x", "method": "hello method", "func": True, "meth": True,
                     "loaded": True, "seen_loader": "VMLoader", "name": "helper", "file": True,
                     "main_is_vm": True}


def test_stdlib_and_packages_import_natively(tmp_path):
    write_tree(tmp_path, {"main.py": facts_main("""
        import collections, json.decoder, email.mime.text, asyncio, math, pytest, pyjit.function
        mods = [collections, json.decoder, email.mime.text, asyncio.tasks, pytest, pyjit.function]
        print(json.dumps({
            "funcs": [type(f) is types.FunctionType for f in
                      (collections.namedtuple, json.dumps, asyncio.run, pytest.raises)],
            "vm": [vm_func(f) for f in (collections.namedtuple, json.dumps, pytest.raises)],
            "loaders": sorted({type(m.__spec__.loader).__name__ for m in mods}),
            "math": type(math.__spec__.loader).__name__,
            "nt": collections.namedtuple("P", "x y")(1, 2).y,
        }))
    """)})
    facts = pyjit_facts(tmp_path, "main.py")
    import math
    assert facts == {"funcs": [True] * 4, "vm": [False] * 3,
                     "loaders": ["SourceFileLoader"],
                     "math": type(math.__spec__.loader).__name__, "nt": 2}


PACKAGE = {
    "pkg/__init__.py": """
        from .mod import VALUE
        from . import mod
        from .sub import deep
        INIT_PACKAGE = __package__
    """,
    "pkg/mod.py": """
        VALUE = 42
        def where():
            return __name__, __package__
    """,
    "pkg/sub/__init__.py": "",
    "pkg/sub/deep.py": """
        from ..mod import VALUE as V
        from .. import mod
        from . import sibling
        DEEP = "deep%d" % V
        def parent():
            return mod.where()
    """,
    "pkg/sub/sibling.py": "S = 's'\n",
}


def test_relative_imports_in_a_package(tmp_path):
    write_tree(tmp_path, dict(PACKAGE, **{"main.py": """
        import pkg
        import pkg.sub.deep as d
        from pkg.sub import sibling
        print(pkg.VALUE, pkg.INIT_PACKAGE, pkg.mod.where(), d.DEEP, d.parent(), sibling.S)
        print(pkg.__package__, d.__package__, d.__spec__.parent, d.__name__)
        import sys
        print(sorted(k for k in sys.modules if k.startswith("pkg")))
    """}))
    host = assert_same_as_host(tmp_path, "main.py")
    assert host.stdout.startswith("42 pkg ('pkg.mod', 'pkg') deep42")


def test_package_modules_are_vm_loaded(tmp_path):
    write_tree(tmp_path, dict(PACKAGE, **{"main.py": facts_main("""
        import sys, pkg.sub.deep
        mods = [m for k, m in sorted(sys.modules.items()) if k.startswith("pkg")]
        print(json.dumps({"loaded": [vm_loaded(m) for m in mods],
                          "funcs": [vm_func(pkg.mod.where), vm_func(pkg.sub.deep.parent)]}))
    """)}))
    facts = pyjit_facts(tmp_path, "main.py")
    assert facts == {"loaded": [True] * 5, "funcs": [True, True]}


def test_run_package_with_dash_m(tmp_path):
    write_tree(tmp_path, {
        "app/__init__.py": "",
        "app/__main__.py": """
            from . import util
            from .util import u
            print("main", __name__, __package__, util.u(), u is util.u)
            import sys; print(sys.argv[1:])
        """,
        "app/util.py": "def u():\n    return 'u'\n",
    })
    host = assert_same_as_host(tmp_path, "-m", "app", "arg1")
    assert host.stdout == "main __main__ app u True\n['arg1']\n"


def test_import_errors_like_host(tmp_path):
    write_tree(tmp_path, dict(PACKAGE, **{
        "beyond.py": "from .. import x\n",
        "main.py": """
            tries = ["from pkg import missing", "import nosuchmodule_xyz",
                     "import pkg.nosuch", "from pkg.mod import nothing", "import beyond"]
            for src in tries:
                try:
                    exec(src)
                except ImportError as e:
                    print(type(e).__name__, e, getattr(e, "name", None))
            from pkg.sub import deep
            from pkg.mod import nothing
        """,
    }))
    host = assert_same_as_host(tmp_path, "main.py")
    assert host.returncode == 1 and "cannot import name 'nothing'" in host.stderr


BADMOD = {"badmod.py": "x = 1\ndef broken(:\n    pass\n"}


def test_syntax_error_in_user_module_caught(tmp_path):
    write_tree(tmp_path, dict(BADMOD, **{"main.py": """
        import sys
        try:
            import badmod
        except SyntaxError as e:
            print(type(e).__name__, e.msg, e.lineno, e.offset, repr(e.text),
                  e.filename.endswith("badmod.py"))
        print("badmod" in sys.modules)
    """}))
    host = assert_same_as_host(tmp_path, "main.py")
    assert host.stdout == "SyntaxError invalid syntax 2 12 'def broken(:\\n' True\nFalse\n"


def test_syntax_error_in_user_module_uncaught(tmp_path):
    write_tree(tmp_path, dict(BADMOD, **{"main.py": "import badmod\n"}))
    host = assert_same_as_host(tmp_path, "main.py")
    assert host.returncode == 1 and host.stderr.endswith("SyntaxError: invalid syntax\n")


def test_exception_while_importing_user_module(tmp_path):
    write_tree(tmp_path, {
        "failing.py": """
            def explode():
                return {}["key"]
            explode()
        """,
        "middle.py": "import failing\n",
        "main.py": "import middle\n",
    })
    host = assert_same_as_host(tmp_path, "main.py")
    assert "KeyError: 'key'" in host.stderr
    assert "pyjit" not in host.stderr


def test_module_on_pythonpath_and_namespace_package(tmp_path):
    extra = tmp_path / "extra"
    write_tree(tmp_path, {
        "extra/extmod.py": "def e():\n    return 'extra'\n",
        "ns/inner/m.py": "def g():\n    return 'ns'\n",
        "main.py": facts_main("""
            import extmod, ns.inner.m as m
            print(json.dumps({"values": [extmod.e(), m.g()],
                              "vm": [vm_func(extmod.e), vm_func(m.g)],
                              "loaded": [vm_loaded(extmod), vm_loaded(m)]}))
        """),
    })
    facts = pyjit_facts(tmp_path, "main.py", extra_path=extra)
    assert facts == {"values": ["extra", "ns"], "vm": [True, True], "loaded": [True, True]}


def test_reload_and_import_module(tmp_path):
    write_tree(tmp_path, {
        "counter_mod.py": """
            COUNT = globals().get("COUNT", 0) + 1
            def f():
                return COUNT
        """,
        "main.py": facts_main("""
            import importlib, counter_mod
            first = counter_mod.f()
            importlib.reload(counter_mod)
            again = importlib.import_module("counter_mod")
            print(json.dumps({"counts": [first, counter_mod.f()], "same": again is counter_mod,
                              "vm": vm_func(counter_mod.f), "loaded": vm_loaded(counter_mod)}))
        """),
    })
    assert pyjit_facts(tmp_path, "main.py") == {"counts": [1, 2], "same": True, "vm": True,
                                                 "loaded": True}


def test_circular_imports_and_main_guard(tmp_path):
    write_tree(tmp_path, {
        "a.py": """
            import b
            A = "a"
            def use_b():
                return b.B
            if __name__ == "__main__":
                print("a is main")
        """,
        "b.py": """
            import a
            B = "b"
            def use_a():
                return a.A
            print("b sees a partially:", hasattr(a, "A"))
        """,
        "main.py": """
            import a, b
            print(a.use_b(), b.use_a(), __name__)
            import sys
            print(sys.modules["a"] is a)
        """,
    })
    host = assert_same_as_host(tmp_path, "main.py")
    assert host.stdout == "b sees a partially: False\nb a __main__\nTrue\n"


# ---------------------------------------------------------------------------
# the finder and loader, in process

def test_finder_classifies_sys_path_entries(tmp_path):
    finder = importer.VMFinder()
    assert finder._is_user_entry(str(tmp_path))
    assert not finder._is_user_entry(sysconfig.get_paths()["stdlib"])
    assert not finder._is_user_entry(sysconfig.get_paths()["purelib"])
    assert not finder._is_user_entry(str(ROOT / "src"))  # pyjit itself
    assert not finder._is_user_entry(os.path.join(sysconfig.get_paths()["stdlib"], "json"))


def test_finder_specs(tmp_path):
    write_tree(tmp_path, {"usermod_for_spec.py": "X = 1\n", "upkg/__init__.py": "",
                          "upkg/data.txt": "not python"})
    finder = importer.VMFinder()
    spec = finder.find_spec("usermod_for_spec", [str(tmp_path)])
    assert spec is not None and type(spec.loader) is importer.VMLoader
    assert spec.origin == str(tmp_path / "usermod_for_spec.py")
    pkg = finder.find_spec("upkg", [str(tmp_path)])
    assert pkg is not None and pkg.submodule_search_locations == [str(tmp_path / "upkg")]
    assert finder.find_spec("json", None) is None       # stdlib: left to the host
    assert finder.find_spec("nosuch_mod_xyz", [str(tmp_path)]) is None
    # user code object compiled by the host; the loader's get_code wraps it
    user = spec.loader.user_code("usermod_for_spec")
    assert user.co_filename == str(tmp_path / "usermod_for_spec.py")
    assert spec.loader.get_source("usermod_for_spec") == "X = 1\n"


def test_install_is_idempotent_and_before_pathfinder():
    saved = list(sys.meta_path)
    try:
        f1 = importer.install()
        f2 = importer.install()
        assert f1 is f2
        assert sum(isinstance(f, importer.VMFinder) for f in sys.meta_path) == 1
        kinds = list(sys.meta_path)
        assert kinds.index(f1) < kinds.index(importlib.machinery.PathFinder)
    finally:
        sys.meta_path[:] = saved
