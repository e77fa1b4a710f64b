"""pyjit.loopsrc: the eval loops generated from one source (issue #12)."""

import linecache
import marshal
import os

import pytest

from pyjit import codecache, loopsrc


def test_expand_puts_a_macro_at_the_lines_indentation():
    macros = {"two": "a = 1\nif a:\n    b = 2\n", "empty": "",
              "arg": lambda x, y: f"z = {x} + {y}"}
    out = loopsrc.expand("""
        def g():
            $two
            while True:
                $arg(f(1, 2), [3, 4])  # a comment
                $empty
                break
        """, macros)
    assert out.splitlines() == [
        "", "def g():", "    a = 1", "    if a:", "        b = 2", "    while True:",
        "        z = f(1, 2) + [3, 4]", "", "        break"]  # (an empty macro: a blank line)


def test_a_macro_may_use_macros():
    out = loopsrc.expand("if x:\n    $outer\n", {"outer": "$inner\ny = 2", "inner": "y = 1"})
    assert out == "if x:\n    y = 1\n    y = 2\n"


def test_an_unknown_macro_is_an_error():
    with pytest.raises(KeyError, match="no macro 'nope'"):
        loopsrc.expand("$nope\n", {})


def test_build_compiles_in_the_namespace_and_keeps_the_modules_own_name():
    ns = {"__name__": "pyjit.example", "run": "the module's own", "K": 40}
    fn = loopsrc.build("def run(x):\n    $add\n    return x\n", "run", ns,
                       {"add": "x = x + K + 2"})
    assert fn(0) == 42
    assert ns["run"] == "the module's own"
    filename = fn.__code__.co_filename
    # inside pyjit's directory: tracebacks and frame views treat it as pyjit's own
    assert os.path.dirname(filename) == os.path.dirname(loopsrc.__file__)
    assert "    x = x + K + 2\n" in linecache.getlines(filename)


def test_the_loops_have_no_macro_left_and_run_the_shared_bodies():
    from pyjit import interp, traceloop
    from pyjit.specialize import loop
    for fn in (interp.Interp.run, traceloop._run, loop.Specialize.run):
        src = "".join(linecache.getlines(fn.__code__.co_filename))
        assert "$" not in src
        assert "raise unbound_local(f.code, args[pc])" in src  # (push_local)
        assert "v = load_global_slow(f, name)" in src          # (load_global)


def test_compiled_code_is_kept_under_the_sources_hash(tmp_path, monkeypatch):
    """pyjit.codecache: the loops' (and guards', see-through builtins') code."""
    monkeypatch.setattr(codecache, "_CACHE", str(tmp_path / "__pycache__"))
    monkeypatch.setattr(codecache.sys, "dont_write_bytecode", False)
    code = loopsrc._compiled("x = 1\n", "<t>")
    (kept,) = (tmp_path / "__pycache__").iterdir()
    assert marshal.loads(kept.read_bytes()) == (f"<t>\0{loopsrc._FLAGS}\0x = 1\n".encode(), code)
    assert loopsrc._compiled("x = 1\n", "<t>") == code           # read back
    loopsrc._compiled("x = 2\n", "<t>")                           # another source: another file
    assert len(list((tmp_path / "__pycache__").iterdir())) == 2
    codecache.compiled("x = 1\n", "<t>")                          # other flags: another file
    assert len(list((tmp_path / "__pycache__").iterdir())) == 3
    kept.write_bytes(b"garbage")                                  # unreadable: compiled again
    assert loopsrc._compiled("x = 1\n", "<t>") == code
    # another source under the same name (a checksum collision): compiled, not read
    kept.write_bytes(marshal.dumps((f"<t>\0{loopsrc._FLAGS}\0x = 3\n".encode(),
                                    compile("x = 3", "<t>", "exec"))))
    assert loopsrc._compiled("x = 1\n", "<t>") == code
