"""The Python API from a plain ``python3`` process: ``@pyjit.jit`` (results, exceptions,
generators, recursion, callbacks), ``status``, ``set_param``, hooks, ``explain``, and a
cheap ``import pyjit``.  Each test runs a script in a fresh process: the VM's set-up is
the process's."""

import ast
import json
import subprocess
import sys
import textwrap


def script(tmp_path, source, *, name="prog.py"):
    prog = tmp_path / name
    prog.write_text(textwrap.dedent(source))
    p = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True, timeout=300,
                       cwd=tmp_path)
    return p


def test_import_is_cheap(tmp_path):
    p = script(tmp_path, """
        import sys
        import pyjit
        heavy = ("llvmlite", "pyperf", "pyjit.")
        print(sorted(m for m in sys.modules if m.startswith(heavy)))
        pyjit.jit, pyjit.status            # the API module and the JIT's package are light
        print(sorted(m for m in sys.modules if m.startswith(heavy)))
        print(pyjit.status())
    """)
    assert p.returncode == 0, p.stderr
    # (typelookup: how pyjit reads a class's name past its metaclass's hooks, with
    # the NULL sentinel it imports -- two small modules of plain Python)
    assert p.stdout.splitlines() == ["[]", "['pyjit.api', 'pyjit.jit', 'pyjit.null', 'pyjit.typelookup']",
                                     "{'tier': 'jit', 'running': False}"]


def test_decorating_after_the_jit_is_loaded(tmp_path):
    # (pyjit.jit is also the JIT's package: importing it must not hide the decorator)
    p = script(tmp_path, """
        import pyjit
        import pyjit.jit.events

        @pyjit.jit
        def a(n):
            return sum(i for i in range(n))

        print(a(10))

        @pyjit.jit(threshold=5)
        def b(n):
            t = 0
            for i in range(n):
                t += i
            return t

        from pyjit import jit
        c = jit(lambda: 7)
        print(b(100), c(), type(pyjit.jit).__name__, pyjit.jit.events.SCHEMA_VERSION)
    """)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == ["45", "4950 7 _JitPackage 1"]


def test_loops_give_the_same_results_and_compile(tmp_path):
    p = script(tmp_path, """
        import json, pyjit

        def helper(x):
            return x * 3 + 1

        def work(n):
            t = 0
            for i in range(n):
                t = (t + helper(i)) & 0xFFFFFF
            return t

        def fwork(n):
            s = 0.0
            for i in range(n):
                s += (i % 7) * 0.5 - s * 1e-6
            return s

        expected = work(50000), fwork(50000)
        jwork, jfwork = pyjit.jit(work), pyjit.jit(threshold=50)(fwork)
        got = jwork(50000), jfwork(50000)
        print(got == expected, type(jwork).__name__)
        s = pyjit.status()
        print(json.dumps({k: s[k] for k in ("tier", "running", "loops", "traces_compiled")}))
        print(s["native_share"], s["memory"]["native_code_bytes"] > 0)
    """)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == "True Jitted"
    st = json.loads(lines[1])
    assert st["tier"] == "jit" and st["running"] and st["traces_compiled"] == 2
    assert st["loops"] == {"compiled": 2}
    assert lines[2] == "None True"      # no native share without statistics


def test_exceptions_generators_recursion_callbacks(tmp_path):
    p = script(tmp_path, """
        import sys, traceback, pyjit

        @pyjit.jit
        def fails(n):
            t = 0
            for i in range(n):
                t += 100 // (n - 1 - i)
            return t

        @pyjit.jit
        def squares(n):
            for i in range(n):
                yield i * i

        @pyjit.jit
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)

        @pyjit.jit
        def deep(n):
            return 0 if n == 0 else 1 + deep(n - 1)

        def key(s):
            return (len(s), s)

        @pyjit.jit
        def sort_words(words, cb):
            out = sorted(words, key=key)
            for w in out:
                cb(w)
            return out

        try:
            fails(3000)
        except ZeroDivisionError as e:
            frames = traceback.extract_tb(e.__traceback__)
            print("ZeroDivisionError", [f.name for f in frames],
                  all("pyjit" not in f.filename for f in frames))
        print(sum(squares(2000)), sum(x for x in squares(10)))
        print(fib(20))
        try:
            deep(sys.getrecursionlimit() + 50)
        except RecursionError:
            print("RecursionError")
        print(deep(500))
        seen = []
        print(sort_words(["pear", "fig", "apple", "kiwi"] * 300, seen.append)[:4], len(seen))
    """)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == [
        "ZeroDivisionError ['<module>', 'fails'] True",
        f"{sum(i * i for i in range(2000))} {sum(i * i for i in range(10))}",
        "6765",
        "RecursionError",
        "500",
        "['fig', 'fig', 'fig', 'fig'] 1200",
    ]


def test_hooks_params_and_explain(tmp_path):
    p = script(tmp_path, """
        import pyjit

        events = {"compile": [], "abort": [], "guard": []}
        pyjit.on_compile(lambda e: events["compile"].append(e["code"]))

        @pyjit.on_abort
        def aborted(e):
            events["abort"].append((e["code"], e["at_line"], e["reason_kind"]))

        @pyjit.on_guard_failure
        def guard(e):
            events["guard"].append(e["op"])
            raise RuntimeError("a broken hook")      # reported, the program goes on

        def f(a, *, c=3):
            return a + c + len(locals()) - 2

        @pyjit.jit
        def kw(n):
            t = 0
            for i in range(n):
                t += f(i, c=4)
            return t

        @pyjit.jit
        def branch(n):
            t = 0
            for i in range(n):
                if i % 3:
                    t += 1
                else:
                    t -= 2
            return t

        pyjit.set_param("threshold", 100)
        print(kw(2000), branch(2000))
        print(sorted(set(events["compile"])), sorted(set(events["abort"])),
              "guard_false" in events["guard"] or "guard_true" in events["guard"])
        d = pyjit.explain(kw)
        # (f's function trace, not compiled either since function traces are on
        # by default, is listed too)
        (loop,) = [l for l in d["not_compiled"] if l["code"] == "kw"]
        print(loop["code"], loop["line"], loop["kind"], [l["code"] for l in d["loops"]])
        print([l["code"] for l in pyjit.explain()["loops"]])
        for bad in (("threshold", 0), ("nope", 1), ("backend", "gcc")):
            try:
                pyjit.set_param(*bad)
            except ValueError as e:
                print("ValueError", bad[0])
        try:
            pyjit.set_param("tier", "interp")
        except RuntimeError as e:
            print("RuntimeError", "once per process" in str(e))
    """)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == f"{sum(i + 4 for i in range(2000))} " \
                       f"{sum(1 if i % 3 else -2 for i in range(2000))}"
    # (f's own function trace -- on by default, f called 2000 times -- aborts on
    # its locals() too)
    assert lines[1].startswith("['branch'] [('f', 17, 'frame access'), ('kw', 17, "
                               "'frame access')] True"), lines[1]
    assert lines[2] == "kw 22 frame access ['kw', 'f']"
    assert sorted(ast.literal_eval(lines[3])) == ["branch", "f", "kw"], lines[3]
    assert lines[4:] == ["ValueError threshold", "ValueError nope", "ValueError backend",
                         "RuntimeError True"]
    assert "exception in an on_guard_failure hook" in p.stderr


def test_native_share_with_statistics(tmp_path):
    p = script(tmp_path, """
        import pyjit
        pyjit.set_param("stats", True)

        @pyjit.jit
        def work(n):
            t = 0
            for i in range(n):
                t += i & 7
            return t

        print(work(100000))
        s = pyjit.status()
        print(s["native_share"] > 0.9, s["instructions"] > 600000)
    """)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == [str(sum(i & 7 for i in range(100000))), "True True"]


def test_unsupported_is_a_clear_error(tmp_path):
    p = script(tmp_path, """
        import pyjit
        try:
            pyjit.jit(len)
        except TypeError as e:
            print(e)
    """)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "pyjit.jit: unsupported: builtin_function_or_method objects " \
                       "(decorate a plain def or lambda)\n"
