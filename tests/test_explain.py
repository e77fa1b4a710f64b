"""``pyjit explain``: every hot loop that is not compiled is named with its source
line and a reason a user can act on -- on seeded examples (keyword call,
closure, generator, big ints, a too-long trace) -- and the hints hold for
reasons explain does not know."""

import json
import subprocess
import sys

import pytest

from pyjit.jit import hints

# name -> (program, line of the hot loop's header, kind when not compiled, words of the hint)
SEEDED = {
    "keyword call": ('''
def f(a, b=2, *, c=3):
    return a + b + c

def main(n):
    t = 0
    for i in range(n):
        t += f(i, c=4)
    return t
print(main(3000))
''', 7, "keyword call", "keyword-only parameter c"),
    "closure": ('''
def main(n):
    t = 0
    for i in range(n):
        g = lambda x: x + i
        t += g(1)
    return t
print(main(3000))
''', 4, "closure", "outside the loop"),
    "generator": ('''
def gen(n):
    for i in range(n):
        yield i * 2

def main(n):
    return sum(gen(n))   # (a `for` loop consuming it would compile, the generator in it)
print(main(3000))
''', 3, "generator", "consumes it"),
    "big ints": ('''
def main(n):
    t = 1
    for i in range(n):
        t = t * 3 + i
    return t % 1000
print(main(3000))
''', 4, "big int", "64 bits"),
}


def explain(tmp_path, source, *args):
    prog = tmp_path / "prog.py"
    prog.write_text(source)
    out = tmp_path / "explain.json"
    p = subprocess.run([sys.executable, "-m", "pyjit", "explain", "--json", "-o", str(out),
                        *args, str(prog)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(out.read_text()), p


@pytest.mark.parametrize("name", list(SEEDED))
def test_seeded_loop_is_compiled_or_explained(tmp_path, name):
    source, line, kind, words = SEEDED[name]
    d, _ = explain(tmp_path, source, "--jit-threshold", "100")
    loops = [l for l in d["loops"] if l["line"] == line]
    assert loops, f"the loop at line {line} was not hot: {d['loops']}"
    for l in d["not_compiled"]:
        # every loop not compiled: a source line, why, a hint
        assert l["file"].endswith("prog.py") and l["line"] and l["why"] and l["hint"]
    loop = loops[0]
    if loop["status"] == "compiled":
        return   # (the JIT learned this construct: nothing to explain)
    assert loop["kind"] == kind, loop
    assert words in loop["hint"], loop["hint"]
    causes = loop["aborts"] or loop["bridge_aborts"]
    if causes:
        # the instruction that stopped the recording, with its line in the loop
        assert causes[0]["at_line"] >= line and causes[0]["at_instruction"]
        assert causes[0]["source"]
    assert d["native_share"] is not None


def test_too_long_trace_is_explained(tmp_path):
    # a limit the recorder can always refuse for: the hint says what to change
    source = "def main(n):\n    t = 0\n    for i in range(n):\n" + \
        "".join(f"        t += i * {k}\n" for k in range(30)) + "    return t\nprint(main(2000))\n"
    d, p = explain(tmp_path, source, "--jit-threshold", "50", "--trace-limit", "20")
    (loop,) = d["not_compiled"]
    assert loop["line"] == 3 and loop["status"] == "blacklisted"
    assert loop["kind"] == "trace too long" and "--trace-limit" in loop["hint"]
    assert loop["interpreted"] > 0.9 * d["instructions"]
    assert p.stdout == f"{sum(i * k for i in range(2000) for k in range(30))}\n"


OSCILLATING = '''
def osc(n):
    x = 1
    t = 0
    for i in range(n):
        if x < 1 << 70:
            x = x * 7 + 1
        else:
            x = x % 1000
        t += x & 1
    return t
print(osc(3000))
'''


def test_text_output(tmp_path):
    source, line, _, _ = SEEDED["keyword call"]
    prog = tmp_path / "prog.py"
    prog.write_text(source + OSCILLATING)   # (x leaves 64 bits: its unbox_int fails)
    p = subprocess.run([sys.executable, "-m", "pyjit", "explain", "--jit-threshold", "100",
                        str(prog)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and p.stdout == "4516500\n1491\n"
    err = p.stderr
    assert err.startswith("pyjit explain: ")
    assert "native share:" in err
    assert f"prog.py:{line}  loop in main()" in err
    assert "why:" in err and "hint:" in err
    assert "Hot guard failures:" in err and "unbox_int" in err


def test_compiled_loop_has_nothing_to_explain(tmp_path):
    d, _ = explain(tmp_path, "def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n"
                   "    return t\nprint(f(10000))\n")
    assert d["not_compiled"] == []
    assert [l["status"] for l in d["loops"]] == ["compiled"]
    assert d["native_share"] > 0.8
    assert d["functions"][0]["code"] == "f"


@pytest.mark.parametrize("reason,kind", [
    ("unsupported instruction YIELD_VALUE", "generator"),
    ("unsupported instruction SOME_NEW_ONE", "instruction"),
    ("recursive call of f()", "recursion"),
    ("call of generator function f()", "generator"),
    ("call of locals() needs the calling frame", "frame access"),
    ("call of sorted(), which may want real functions", "host call"),
    ("the loop ended in the iteration recorded", "loop exit"),
    ("f(**m) of a list", "call arguments"),
    ("bridge: trace too long", "trace too long"),
    ("exception ZeroDivisionError", "exception"),
])
def test_hints_for_known_reasons(reason, kind):
    h = hints.abort_hint(reason, "f (line 3)")
    assert h.kind == kind and h.text


def test_unknown_reason_keeps_its_words():
    h = hints.abort_hint("the recorder met a frobnicated instruction")
    assert h.kind == "other"
    assert "the recorder met a frobnicated instruction" in h.text


def test_outer_loop_stopped_at_inner_loop_is_explained():
    # (nest.handed_over: a recording stopped at an inner loop's header is no abort,
    # so no event gives a reason; the outer loop's own state says where it stopped)
    import types
    from pyjit.decode import decode
    from pyjit.jit import explain as E

    def nest(n):
        t = 0
        for i in range(n):
            for j in range(i % 3):
                t += j
        return t

    dec = decode(nest.__code__)
    inner = next(pc for pc in range(len(dec.ops)) if dec.line_at(pc) == nest.__code__.co_firstlineno + 3)
    info = types.SimpleNamespace(code=nest.__code__, pending=None, stops=3, stopped_at=inner)
    why = E._not_compiled(1, info, types.SimpleNamespace(last_reason={}))
    assert why.startswith("its recordings stopped at an inner loop's header (3 times, last at "
                          f"line {nest.__code__.co_firstlineno + 3})"), why
    info.stopped_at = None
    assert E._not_compiled(1, info, types.SimpleNamespace(last_reason={})).startswith("hot, but")
