"""``pyjit dis --adaptive [--show-caches]``: the program runs under tier specialize,
then every code object is listed from its quickened array.

The expected specialized names are placed at the offsets of the base instructions
that the host's own ``dis`` finds in the same code, so each check says "the
instruction at offset N became FORM" for code whose specialization is known
(an int loop, a global function call, ``len()``, superinstructions...)."""

import dis
import io
import os
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path


from pyjit import disasm
from pyjit import opcodes as O
from pyjit.decode import Decoded

ROOT = Path(__file__).resolve().parent.parent
_ADDR = re.compile(r" at 0x[0-9a-f]+")
# one listing row: line column (3 wide here), marker, '>>', offset, name, arg, (argrepr)
_ROW = re.compile(r"^(?P<line>[ \d]{3}) {5}(?:>>|  ) +(?P<offset>\d+) (?P<name>\S+)"
                  r"(?: +(?P<arg>\d+))?(?: \((?P<argrepr>.*)\))?$")
_SECTION = re.compile(r"^Disassembly of <code object (\S+) at 0x[0-9a-f]+, file .*>:$")


def norm(text):
    return _ADDR.sub(" at 0xADDR", text)


def pyjit(tmp_path, source, *options, name="prog.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, "-m", "pyjit", "dis", *options, name],
                          cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)


def sections(listing):
    """code name -> its listing text ('<module>' first)."""
    out = {}
    name, lines = "<module>", []
    for line in listing.splitlines():
        m = _SECTION.match(line)
        if m:
            out[name] = "\n".join(lines).strip("\n") + "\n"
            name, lines = m.group(1), []
        else:
            lines.append(line)
    out[name] = "\n".join(lines).strip("\n") + "\n"
    return out


def rows(section_text):
    """offset -> (name, argrepr) of the instruction rows; CACHE rows in a list."""
    instrs, caches = {}, []
    for line in section_text.splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        off = int(m.group("offset"))
        if m.group("name") == "CACHE":
            caches.append((off, m.group("argrepr")))
        else:
            instrs[off] = (m.group("name"), m.group("argrepr"))
    return instrs, caches


def host_code(tmp_path, name="prog.py"):
    path = tmp_path / name
    return compile(path.read_bytes(), str(path), "exec", dont_inherit=True)


def find_code(code, name):
    if code.co_name == name:
        return code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            found = find_code(c, name)
            if found is not None:
                return found
    return None


def offsets(code, opname, argrepr=None):
    return [ins.offset for ins in dis.get_instructions(code)
            if ins.opname == opname and (argrepr is None or ins.argrepr == argrepr)]


# ---------------------------------------------------------------------------
# programs whose specialization is known

INT_LOOP = """\
def count(n):
    total = 0
    i = 0
    while i < n:
        total = total + i
        i += 1
    return total


print(count(100))
"""

CALLS = """\
def add(a, b):
    return a + b


def main(words):
    t = 0
    for w in words:
        t = add(t, len(w))
    return t


print(main(["ab", "cde"] * 20))
"""


def test_int_loop(tmp_path):
    p = pyjit(tmp_path, INT_LOOP, "--adaptive")
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    assert p.stdout.startswith("4950\n")  # the program's output, then the listing
    code = find_code(host_code(tmp_path), "count")
    instrs, caches = rows(sections(p.stdout[len("4950\n"):])["count"])
    assert caches == []  # no --show-caches
    assert instrs[0] == ("RESUME_QUICK", None)
    plus, iadd = offsets(code, "BINARY_OP")
    assert instrs[plus] == ("BINARY_OP_ADD_INT", "+")
    assert instrs[iadd] == ("BINARY_OP_ADD_INT", "+=")
    # 3.11 compiles `while` with the test at the top and again at the bottom:
    # the top one runs once (adaptive), the bottom one 100 times
    top, bottom = offsets(code, "COMPARE_OP")
    assert instrs[top] == ("COMPARE_OP_ADAPTIVE", "<")
    assert instrs[bottom] == ("COMPARE_OP_INT_JUMP", "<")
    # `total + i`: LOAD_FAST total; LOAD_FAST i  ->  a superinstruction and a plain LOAD_FAST
    first = offsets(code, "LOAD_FAST", "total")[0]
    assert instrs[first] == ("LOAD_FAST__LOAD_FAST", "total")
    assert instrs[first + 2] == ("LOAD_FAST", "i")
    # every other row is exactly the base instruction's
    base = {ins.offset: ins for ins in dis.get_instructions(code)}
    assert set(instrs) == set(base)
    for off, (name, argrepr) in instrs.items():
        ins = base[off]
        assert O.DEOPT[getattr(O, name)] == ins.opcode, (off, name)
        assert (argrepr or "") == ins.argrepr, (off, name)


def test_global_call_and_builtin_len(tmp_path):
    p = pyjit(tmp_path, CALLS, "--adaptive")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("100\n")
    code = find_code(host_code(tmp_path), "main")
    instrs, _ = rows(sections(p.stdout)["main"])
    (g_add,) = offsets(code, "LOAD_GLOBAL", "NULL + add")
    (g_len,) = offsets(code, "LOAD_GLOBAL", "NULL + len")
    assert instrs[g_add] == ("LOAD_GLOBAL_MODULE", "NULL + add")
    assert instrs[g_len] == ("LOAD_GLOBAL_BUILTIN", "NULL + len")
    precall_len, precall_add = offsets(code, "PRECALL")
    call_len, call_add = offsets(code, "CALL")
    assert instrs[precall_len][0] == "PRECALL_NO_KW_LEN"
    assert instrs[precall_add][0] == "PRECALL_PYFUNC"
    assert instrs[call_add][0] == "CALL_PY_EXACT_ARGS"
    assert instrs[call_len][0] == "CALL_ADAPTIVE"  # skipped: PRECALL_NO_KW_LEN made the call
    (for_iter,) = offsets(code, "FOR_ITER")
    assert instrs[for_iter][0] == "FOR_ITER_LIST"
    (back,) = offsets(code, "JUMP_BACKWARD")
    assert instrs[back] == ("JUMP_BACKWARD_QUICK", f"to {for_iter}")
    # the callee
    add = rows(sections(p.stdout)["add"])[0]
    (plus,) = offsets(find_code(host_code(tmp_path), "add"), "BINARY_OP")
    assert add[plus] == ("BINARY_OP_ADD_INT", "+")
    assert add[2] == ("LOAD_FAST__LOAD_FAST", "a")


def test_module_names_and_superinstructions(tmp_path):
    src = """\
        def f(a, b):
            x = a
            y = b
            return x * 2 + y
        for i in range(30):
            f(i, 1.5)
    """
    p = pyjit(tmp_path, src, "--adaptive")
    assert p.returncode == 0, p.stderr
    code = find_code(host_code(tmp_path), "f")
    instrs, _ = rows(sections(p.stdout)["f"])
    names = [instrs[off][0] for off in sorted(instrs)]
    # LOAD_FAST a; STORE_FAST x; LOAD_FAST b; STORE_FAST y; LOAD_FAST x; LOAD_CONST 2
    assert names[:7] == ["RESUME_QUICK", "LOAD_FAST", "STORE_FAST__LOAD_FAST", "LOAD_FAST",
                         "STORE_FAST__LOAD_FAST", "LOAD_FAST__LOAD_CONST", "LOAD_CONST"]
    mul, add = offsets(code, "BINARY_OP")
    assert instrs[mul][0] == "BINARY_OP_MULTIPLY_INT"
    assert instrs[add][0] == "BINARY_OP_ADAPTIVE"  # int + float: not specialized
    module, _ = rows(sections(p.stdout)["<module>"])
    (for_iter,) = offsets(host_code(tmp_path), "FOR_ITER")
    assert module[for_iter][0] == "FOR_ITER_RANGE"


def test_unexecuted_code_prints_as_plain_dis(tmp_path):
    src = """\
        def used(x):
            return x + 1
        def never(x, y):
            for i in range(x):
                y = y + i
            return y
        class K:
            def method(self):
                return self
        for i in range(20):
            used(i)
    """
    for extra in ((), ("--show-caches",)):
        p = pyjit(tmp_path, src, "--adaptive", *extra)
        assert p.returncode == 0, p.stderr
        got = sections(p.stdout)
        code = host_code(tmp_path)
        for name in ("never", "method"):
            want = io.StringIO()
            dis.disassemble(find_code(code, name), file=want, show_caches=bool(extra))
            assert norm(got[name]) == norm(want.getvalue()), name
        assert "RESUME_QUICK" in got["used"]


def test_without_adaptive_nothing_runs_and_output_is_dis(tmp_path):
    for extra in ((), ("--show-caches",)):
        ours = pyjit(tmp_path, CALLS, *extra)
        assert ours.returncode == 0 and ours.stderr == ""
        assert not ours.stdout.startswith("100")  # the program did not run
        want = io.StringIO()
        path = tmp_path / "prog.py"
        dis.dis(compile(path.read_bytes(), "prog.py", "exec", dont_inherit=True), file=want,
                show_caches=bool(extra))
        assert norm(ours.stdout) == norm(want.getvalue())
        assert "_ADAPTIVE" not in ours.stdout and "_QUICK" not in ours.stdout
        assert "counter" not in ours.stdout


def test_warmup_option(tmp_path):
    src = """\
        def f(a, b):
            return a - b
        f(1, 2)
        f(3, 4)
    """
    code_off = offsets(compile(textwrap.dedent(src), "x", "exec").co_consts[0], "BINARY_OP")[0]
    p = pyjit(tmp_path, src, "--adaptive")
    assert rows(sections(p.stdout)["f"])[0][code_off][0] == "BINARY_OP_ADAPTIVE"
    p = pyjit(tmp_path, src, "--adaptive", "--specialize-warmup", "1")
    assert rows(sections(p.stdout)["f"])[0][code_off][0] == "BINARY_OP_SUBTRACT_INT"


# ---------------------------------------------------------------------------
# --show-caches

def _cache_rows(section_text, offset):
    """The CACHE rows after the instruction at ``offset``: [argrepr or None]."""
    _, caches = rows(section_text)
    after = []
    off = offset + 2
    table = dict(caches)
    while off in table:
        after.append(table[off])
        off += 2
    return after


def test_show_caches_content(tmp_path):
    p = pyjit(tmp_path, CALLS, "--adaptive", "--show-caches")
    assert p.returncode == 0, p.stderr
    main = sections(p.stdout)["main"]
    code = find_code(host_code(tmp_path), "main")
    # LOAD_GLOBAL_MODULE: the counter (misses left before a deopt), then its
    # declared fields, one per CACHE unit, by name
    (g_add,) = offsets(code, "LOAD_GLOBAL", "NULL + add")
    entries = _cache_rows(main, g_add)
    assert len(entries) == O.OPS["LOAD_GLOBAL"].cache
    assert entries[0] == "counter: 53"
    fields = O.SPEC["LOAD_GLOBAL_MODULE"].cache
    for k, field in enumerate(fields):
        assert entries[1 + k].startswith(field + ": "), (field, entries)
    values = {e.split(": ", 1)[0]: e.split(": ", 1)[1] for e in entries if e}
    version = values["globals_version"]
    assert re.fullmatch(r"\d+", version)
    if "globals_version_reader" in values:  # the version read now: unchanged since
        assert values["globals_version_reader"] == f"now {version}"
    if "globals_id" in values:
        assert re.fullmatch(r"0x[0-9a-f]+ <dict of module '__main__'>", values["globals_id"])
    # PRECALL_NO_KW_LEN has one CACHE unit: every entry goes there
    precall_len = offsets(code, "PRECALL")[0]
    assert _cache_rows(main, precall_len) == [
        "counter: 53, callable: <built-in function len>"]
    # CALL_PY_EXACT_ARGS names the code object it guards
    call_add = offsets(code, "CALL")[1]
    call_rows = _cache_rows(main, call_add)
    assert call_rows[0] == "counter: 53"
    assert any(e and re.fullmatch(r"code: <code object add, line 1>", e) for e in call_rows)
    # the CALL after PRECALL_NO_KW_LEN ran only while that PRECALL warmed up (8 times),
    # then was skipped: still adaptive, its counter run down, no fields
    call_len = offsets(code, "CALL")[0]
    assert _cache_rows(main, call_len)[0] == "counter: 0"
    assert _cache_rows(main, call_len)[1:] == [None] * 3


def test_show_caches_compare_jump_target_and_backoff(tmp_path):
    src = """\
        def f(a, b):
            if a < b:
                return a + b
            return b
        for i in range(20):
            f(i, 10)
        def g(a, b):
            return a + b
        for i in range(9):
            g(i, 0.5)
    """
    p = pyjit(tmp_path, src, "--adaptive", "--show-caches")
    assert p.returncode == 0, p.stderr
    code = host_code(tmp_path)
    f = sections(p.stdout)["f"]
    fcode = find_code(code, "f")
    (cmp,) = offsets(fcode, "COMPARE_OP")
    (jump,) = [ins for ins in dis.get_instructions(fcode) if ins.opname.startswith("POP_JUMP")]
    assert rows(f)[0][cmp][0] == "COMPARE_OP_INT_JUMP"
    entries = _cache_rows(f, cmp)
    assert entries[0] == "counter: 53"
    assert entries[1] == f"jump_op: False, target: to {jump.argval}"
    # g's add ran 9 times with int + float: 8 warm-up runs, one failed attempt
    g = sections(p.stdout)["g"]
    (add,) = offsets(find_code(code, "g"), "BINARY_OP")
    assert rows(g)[0][add][0] == "BINARY_OP_ADAPTIVE"
    assert _cache_rows(g, add) == ["counter: 1, backoff: 1"]


def test_show_caches_attribute_forms(tmp_path):
    src = """\
        class P:
            def __init__(self, x):
                self.x = x
            def get(self):
                return self.x
        def use(p):
            return p.get() + p.x
        for i in range(20):
            use(P(i))
    """
    p = pyjit(tmp_path, src, "--adaptive", "--show-caches")
    assert p.returncode == 0, p.stderr
    use = sections(p.stdout)["use"]
    code = find_code(host_code(tmp_path), "use")
    (lm,) = offsets(code, "LOAD_METHOD")
    (la,) = offsets(code, "LOAD_ATTR")
    assert rows(use)[0][lm][0] == "LOAD_METHOD_WITH_VALUES"
    assert rows(use)[0][la][0] == "LOAD_ATTR_INSTANCE_VALUE"
    for off, form in ((lm, "LOAD_METHOD_WITH_VALUES"), (la, "LOAD_ATTR_INSTANCE_VALUE")):
        entries = [e for e in _cache_rows(use, off) if e]
        text = ", ".join(entries)
        names = [part.split(": ", 1)[0] for part in text.split(", ")]
        assert names == ["counter"] + list(O.SPEC[form].cache), (form, text)
        assert re.search(r"type(?:_id)?: (?:0x[0-9a-f]+ )?<class '__main__\.P'>", text), text
        assert re.search(r"type_version_reader: now (\d+), type_version: \1(?:,|$)", text), text
    assert re.search(r"method: (?:<weakref to )?<function P\.get>", "\n".join(
        e for e in _cache_rows(use, lm) if e))


def test_cache_rows_layout_rule():
    """Entries go one per CACHE unit; the last unit takes all that remain."""
    code = compile("def f(x):\n    return len(x) + x.a\n", "t.py", "exec").co_consts[0]
    dec = Decoded(code)
    precall = dec.ops.index(O.PRECALL)
    load_attr = dec.ops.index(O.LOAD_ATTR)
    n = len(dec.ops)
    fake = types.SimpleNamespace(ops=list(dec.ops), counters=[0] * n, backoff=[0] * n,
                                 caches=[None] * n)
    fake.ops[precall] = O.PRECALL_NO_KW_LEN
    fake.counters[precall] = 53
    fake.caches[precall] = (len,)
    fake.ops[load_attr] = O.LOAD_ATTR_ADAPTIVE
    fake.counters[load_attr] = 3
    fake.backoff[load_attr] = 2
    view = disasm.AdaptiveView(dec, fake)
    out = io.StringIO()
    disasm.disassemble(view, out, show_caches=True, cache_repr=disasm.adaptive_cache_repr)
    text = out.getvalue()
    assert re.search(r"PRECALL_NO_KW_LEN +1\n +\d+ CACHE +0 "
                     r"\(counter: 53, callable: <built-in function len>\)\n", text), text
    assert re.search(r"LOAD_ATTR_ADAPTIVE +\d+ \(a\)\n +\d+ CACHE +0 \(counter: 3, backoff: 2\)\n"
                     r"( +\d+ CACHE +0\n){3}", text), text


def test_cache_value_reprs_run_no_user_code():
    class Loud:
        def __repr__(self):
            raise AssertionError("user __repr__ ran")

    assert disasm.cache_value_repr("value", Loud()) == "<Loud object>"
    assert disasm.cache_value_repr("defaults", (1, "s", Loud())) == "(1, 's', <Loud object>)"
    assert disasm.cache_value_repr("target", 12) == "to 24"
    assert disasm.cache_value_repr("callable", len) == "<built-in function len>"
    assert disasm.cache_value_repr("callable", list.append) == \
        "<method 'append' of 'list' objects>"
    assert disasm.cache_value_repr("type", Loud).startswith("<class ")
    import weakref
    assert disasm.cache_value_repr("function_ref", weakref.ref(Loud)).startswith(
        "<weakref to <class ")
    assert re.fullmatch(r"0x[0-9a-f]+ <class 'int'>", disasm.cache_value_repr("type_id", id(int)))


# ---------------------------------------------------------------------------
# how the program runs

def test_failing_program_gets_its_listing_after_its_traceback(tmp_path):
    src = """\
        def f(x):
            return x[0]
        for i in range(20):
            f([i])
        print("before")
        f(None)
    """
    p = pyjit(tmp_path, src, "--adaptive")
    assert p.returncode == 1
    assert p.stdout.startswith("before\n")
    assert "Disassembly of <code object f" in p.stdout
    assert p.stderr.startswith("Traceback (most recent call last):\n")
    assert p.stderr.endswith("TypeError: 'NoneType' object is not subscriptable\n")
    f = sections(p.stdout)["f"]
    (subscr,) = offsets(find_code(host_code(tmp_path), "f"), "BINARY_SUBSCR")
    assert rows(f)[0][subscr][0] in ("BINARY_SUBSCR_LIST_INT", "BINARY_SUBSCR_ADAPTIVE")


def test_sys_exit_after_listing(tmp_path):
    p = pyjit(tmp_path, "import sys\nprint('out')\nsys.exit(3)\n", "--adaptive")
    assert p.returncode == 3
    assert p.stdout.startswith("out\n") and "RESUME_QUICK" in p.stdout
    p = pyjit(tmp_path, "import sys\nsys.exit('bye')\n", "--adaptive")
    assert p.returncode == 1 and p.stderr == "bye\n"
    assert "RESUME_QUICK" in p.stdout


def test_program_sees_argv_main_and_its_directory(tmp_path):
    (tmp_path / "helper.py").write_text("VALUE = 42\n")
    src = """\
        import sys, helper
        print(sys.argv, __name__, helper.VALUE, __file__)
    """
    p = pyjit(tmp_path, src, "--adaptive")
    assert p.returncode == 0, p.stderr
    first = p.stdout.splitlines()[0]
    assert first.startswith("['prog.py'] __main__ 42 ")
    assert first.endswith(str(tmp_path / "prog.py"))


def test_syntax_error_does_not_run(tmp_path):
    p = pyjit(tmp_path, "print('x')\ndef f(:\n", "--adaptive")
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.endswith("SyntaxError: invalid syntax\n")


def test_usage_mentions_adaptive():
    from pyjit import cli
    assert "pyjit dis [--adaptive" in cli.USAGE
