"""``pyjit dis``: the listing printed from pyjit's decoded arrays is byte for byte
what ``dis.dis`` prints for the same code (addresses of code objects aside)."""

import dis
import io
import os
import re
import subprocess
import sys
import textwrap
import traceback
from pathlib import Path

import pytest

from pyjit import cli, disasm
from pyjit import opcodes as O
from pyjit.decode import Decoded
from pyjit.opcodes import Arg, OpInfo

ROOT = Path(__file__).resolve().parent.parent
_ADDR = re.compile(r" at 0x[0-9a-f]+")


def norm(text):
    return _ADDR.sub(" at 0xADDR", text)


def big_function(nconsts=300, nlocals=300):
    """> 256 constants, names and locals; jumps over more than 255 units both ways;
    more than 10000 bytes of code (wider offset column)."""
    lines = ["def big(flag, seq):", "    total = 0", "    while flag:", "        if seq:"]
    lines += [f"            v{i} = g{i} + {i}.25" for i in range(nlocals)]
    lines += ["            total += len(seq)", "        else:", "            break"]
    lines += ["    try:"]
    lines += [f"        total += {i}.5 * h{i}" for i in range(nconsts)]
    lines += ["    except* ValueError:", "        pass", "    return total", ""]
    return "\n".join(lines)


SOURCES = {
    "functions": """
        import functools
        GLOBAL = 1
        def f(a, b=2, /, c=3, *args, d, e=5, **kw) -> int:
            "docstring"
            global GLOBAL
            GLOBAL += a
            return a + b * c - d / e // 2 % 3 ** 2 << 1 >> 1 & 7 | 8 ^ 9 @ 1
        def closures(x):
            y = x
            def inner(z: int = 1, *, w: str = "w"):
                nonlocal y
                y += z
                return lambda: (x, y, z, w)
            return inner
        @functools.lru_cache(maxsize=None)
        def decorated(n):
            return n if n < 2 else decorated(n - 1) + decorated(n - 2)
        print(f(1, d=4), closures(1)(2)(), decorated(10), sep="\\n")
        f(*[1], **{"d": 4})
        x = -GLOBAL; x = +x; x = ~x; x = not x
    """,
    "classes": """
        class Base:
            attr: int = 0
            def __init__(self, v):
                self.v = v
            @property
            def p(self):
                return self.v
            @classmethod
            def make(cls):
                return cls(1)
            @staticmethod
            def s():
                return 2
            def __repr__(self):
                return f"{type(self).__name__}({self.v!r})"
        class Derived(Base, metaclass=type):
            def __init__(self, v):
                super().__init__(v)
                del self.v
                self.v = __class__
            class Nested:
                x = [i for i in range(3)]
        Derived.make().p
    """,
    "comprehensions": """
        data = range(10)
        a = [x * y for x in data if x for y in data if y > x]
        b = {x: x ** 2 for x in data}
        c = {x % 3 for x in data}
        d = (x for x in data)
        e = [[y for y in range(x)] for x in data]
        f = [last := x for x in data]
        g = sum(x for x in data if (z := x) > 2)
    """,
    "exceptions": """
        def f(x):
            try:
                x()
            except (TypeError, ValueError) as e:
                raise RuntimeError("wrapped") from e
            except KeyError:
                raise
            except Exception:
                pass
            else:
                return 1
            finally:
                print("done")
        def g():
            try:
                raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
            except* ValueError as eg:
                print(eg)
            except* TypeError:
                pass
        def h():
            for i in range(3):
                try:
                    continue
                finally:
                    break
            assert i, "message"
            assert i
    """,
    "match": """
        def m(cmd):
            match cmd:
                case 1 | 2 | 3:
                    return "small"
                case [x, y, *rest] if x > y:
                    return rest
                case (a, b):
                    return a
                case {"k": v, **others}:
                    return v, others
                case Point(x=0, y=yy) | Point(0, yy):
                    return yy
                case str() as s:
                    return s
                case None | True | False:
                    return "const"
                case Color.RED:
                    return "red"
                case _:
                    return None
    """,
    "async": """
        import asyncio
        async def agen(n):
            for i in range(n):
                yield i
                await asyncio.sleep(0)
        async def main():
            async with asyncio.timeout(1) as t:
                async for x in agen(3):
                    print(x)
            r = [y async for y in agen(2)]
            s = await asyncio.gather(*[asyncio.sleep(0) for _ in r])
            return [await z for z in [asyncio.sleep(0)]]
        asyncio.run(main())
    """,
    "with": """
        import contextlib
        def w(path):
            with open(path) as a, open(path) as b:
                with contextlib.suppress(OSError):
                    return a.read() + b.read()
            with contextlib.nullcontext():
                pass
    """,
    "generators": """
        def gen(n):
            total = 0
            while True:
                got = yield total
                if got is None:
                    break
                total += got
            yield from range(n)
            return total
        def loops(items):
            for i in items:
                if i in (1, 2):
                    continue
                elif i not in {3, 4}:
                    break
            else:
                return -1
            while items:
                items.pop()
            return i
        g = gen(3); next(g); g.send(1)
    """,
    "statements": """
        import os.path as osp, sys
        from collections import (OrderedDict as OD, deque)
        from . import sibling
        from .pkg.mod import name
        from os import *
        a, *b, c = range(5)
        x, y = y, x = 1, 2
        d = {"a": 1, "b": 2, **{"c": 3}}
        e = {1, 2, *b}
        t = (*b, 1)
        s = "abc"[1:2:1], "abc"[::-1], "abc"[1:]
        del d["a"], s
        lst = [0] * 3; lst[0] = 1; lst[1:2] = [5]; del lst[0]
        print(a is None, a is not None, 1 < a <= 3 != 4, sep="")
        if a and b or not c:
            pass
        v = 1 if a else 2
        z = f"{a}{b!s}{c!a:{x}}{s!r:>{y}}" + "plain"
        z += "x"; z *= 2
        bigint = 12345678901234567890; fl = 1.5e300; cpx = 2j; bs = b"bytes"; el = ...
        global gg
        gg = lambda *a, **k: (a, k)
    """,
    "annotations": """
        from __future__ import annotations
        x: int = 1
        y: list[str]
        class A:
            field: dict[str, int] = {}
            def method(self, a: A, *, b: "B" = None) -> A:
                loc: int = 2
                return self
    """,
    "docstring_only": '''
        """Just a docstring."""
    ''',
    "empty": "",
    "many_lines": "x = 0\n" + "\n" * 1200 + "def late(a):\n    return a + x\n",
    "big_extended_arg": big_function(),
    "deep_nesting": """
        def a():
            def b():
                def c():
                    return [lambda: (yield) for _ in ()]
                return c
            class D:
                def e(self):
                    return {k: [v for v in k] for k in self}
            return b, D
    """,
}


def source_file(tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(SOURCES[name]))
    return path


def host_listing(path, show_caches=False):
    code = compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
    out = io.StringIO()
    dis.dis(code, file=out, show_caches=show_caches)
    return out.getvalue()


def pyjit_listing(path, capsys, *extra):
    rc = cli.main(["dis", str(path), *extra])
    out, err = capsys.readouterr()
    assert (rc, err) == (0, "")
    return out


# ---------------------------------------------------------------------------
# byte-identical listings

@pytest.mark.parametrize("name", sorted(SOURCES))
def test_listing_equals_dis(tmp_path, capsys, name):
    path = source_file(tmp_path, name)
    expected = host_listing(path)
    got = pyjit_listing(path, capsys)
    assert norm(got) == norm(expected)


@pytest.mark.parametrize("name", ["functions", "classes", "async", "big_extended_arg", "match"])
def test_show_caches_equals_dis(tmp_path, capsys, name):
    path = source_file(tmp_path, name)
    expected = host_listing(path, show_caches=True)
    got = pyjit_listing(path, capsys, "--show-caches")
    assert "CACHE" in got
    assert norm(got) == norm(expected)


def test_in_process_listing_is_identical_including_addresses(tmp_path):
    # with the very same code objects even the addresses agree
    code = compile(textwrap.dedent(SOURCES["deep_nesting"]), "x.py", "exec")
    ours, theirs = io.StringIO(), io.StringIO()
    disasm.disassemble_recursive(code, ours)
    dis.dis(code, file=theirs)
    assert ours.getvalue() == theirs.getvalue()


def test_listing_features_are_present(tmp_path, capsys):
    """Guard against both sides printing the same wrong thing: spot-check the text."""
    out = pyjit_listing(source_file(tmp_path, "functions"), capsys)
    assert re.search(r"LOAD_GLOBAL +\d+ \(NULL \+ decorated\)", out)
    assert re.search(r"BINARY_OP +13 \(\+=\)", out)
    assert re.search(r"MAKE_FUNCTION +\d+ \(defaults, kwdefaults, annotations\)", out)
    assert re.search(r"MAKE_FUNCTION +15 \(defaults, kwdefaults, annotations, closure\)", out)
    assert re.search(r"MAKE_FUNCTION +8 \(closure\)", out)
    assert re.search(r"COMPARE_OP +0 \(<\)", out)
    assert "Disassembly of <code object inner at 0x" in out
    assert re.search(r"LOAD_DEREF +\d+ \(y\)", out)
    big = pyjit_listing(source_file(tmp_path, "big_extended_arg"), capsys)
    assert re.search(r"^ {5,}\d+ EXTENDED_ARG +1$", big, re.M)
    assert re.search(r"LOAD_CONST +\d{3} \(\d+\.\d+\)", big)
    assert re.search(r"POP_JUMP_BACKWARD_IF_TRUE +\d{4} \(to 12\)", big)      # long, backward
    assert re.search(r"POP_JUMP_FORWARD_IF_FALSE +\d{4} \(to \d{4}\)", big)  # long, forward
    assert re.search(r"^ +>> +\d{5} ", big, re.M)            # five-digit offsets
    assert "ExceptionTable:" in big and " lasti\n" in big
    st = pyjit_listing(source_file(tmp_path, "statements"), capsys)
    assert re.search(r"FORMAT_VALUE +7 \(ascii, with format\)", st)
    assert re.search(r"FORMAT_VALUE +6 \(repr, with format\)", st)
    assert re.search(r"FORMAT_VALUE +1 \(str\)", st)
    assert re.search(r"KW_NAMES +\d+$", st, re.M)            # 3.11 dis shows no repr here
    late = pyjit_listing(source_file(tmp_path, "many_lines"), capsys)
    assert re.search(r"^1203 +\d+ LOAD_FAST", late, re.M)  # line column widens past 999


def test_cli_matches_python_m_dis(tmp_path):
    path = source_file(tmp_path, "exceptions")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    ours = subprocess.run([sys.executable, "-m", "pyjit", "dis", path.name], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=300)
    theirs = subprocess.run([sys.executable, "-m", "dis", path.name], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert ours.returncode == 0, ours.stderr
    assert ours.stderr == ""
    assert norm(ours.stdout) == norm(theirs.stdout)
    assert 'file "exceptions.py"' in ours.stdout  # the path as given, like python -m dis


# ---------------------------------------------------------------------------
# driven by the decoded array (what --adaptive will print)

def test_listing_reads_the_decoded_array_not_co_code():
    code = compile("a = b + c\n", "t.py", "exec")
    dec = Decoded(code)
    i = dec.ops.index(O.BINARY_OP)
    dec.args[i] = 10  # NB_SUBTRACT
    out = io.StringIO()
    disasm.disassemble(dec, out)
    assert re.search(r"BINARY_OP +10 \(-\)", out.getvalue())
    assert "(+)" not in out.getvalue()


def test_specialized_instruction_prints_its_name_and_cache():
    """A tier that quickens ops[i] into a registered specialized opcode sees its name,
    the family's argument description, and a cache description from its callback."""
    code = compile("def f(x):\n    return x.attr\n", "t.py", "exec")
    fcode = code.co_consts[0]
    slot = dis._all_opmap["LOAD_ATTR_SLOT"]  # CPython 3.11's number for it
    assert O.BY_CODE[slot] is None
    dec = Decoded(fcode)
    i = dec.ops.index(O.LOAD_ATTR)
    dec.ops[i] = slot

    def cache_repr(d, instr, unit):
        return f"index: {unit - instr}" if unit == instr + 4 else ""

    out = io.StringIO()
    O.BY_CODE[slot] = OpInfo("LOAD_ATTR_SLOT", slot, 0, cache=4, arg=Arg.NAME)
    try:
        disasm.disassemble(dec, out, show_caches=True, cache_repr=cache_repr)
    finally:
        O.BY_CODE[slot] = None
    text = out.getvalue()
    assert re.search(r"LOAD_ATTR_SLOT +0 \(attr\)", text)
    assert re.search(rf"^ +{2 * (i + 4)} CACHE +0 \(index: 4\)$", text, re.M)
    assert len(re.findall(r"CACHE +0$", text, re.M)) == 3
    # without the override, the same array prints like dis
    plain = io.StringIO()
    disasm.disassemble(Decoded(fcode), plain)
    theirs = io.StringIO()
    dis.disassemble(fcode, file=theirs)
    assert plain.getvalue() == theirs.getvalue()


def test_unknown_opcode_prints_like_dis():
    code = compile("x = 1\n", "t.py", "exec")
    dec = Decoded(code)
    free = next(c for c in range(256) if disasm.op_info(c) is None)
    dec.ops[1] = free  # no such opcode, base or specialized
    rows = list(disasm.instructions(dec))
    assert rows[1].name == f"<{free}>" and rows[1].arg is None


# ---------------------------------------------------------------------------
# errors

def test_syntax_error(tmp_path, capsys):
    path = tmp_path / "bad.py"
    path.write_text("def f(:\n    pass\n")
    rc = cli.main(["dis", str(path)])
    out, err = capsys.readouterr()
    with pytest.raises(SyntaxError) as info:
        compile(path.read_bytes(), str(path), "exec")
    assert rc == 1 and out == ""
    assert err == "".join(traceback.format_exception_only(info.type, info.value))
    assert err.startswith(f'  File "{path}", line 1\n')
    assert err.endswith("SyntaxError: invalid syntax\n")


def test_indentation_error(tmp_path, capsys):
    path = tmp_path / "indent.py"
    path.write_text("if x:\npass\n")
    rc = cli.main(["dis", str(path)])
    out, err = capsys.readouterr()
    assert rc == 1 and out == ""
    assert err.splitlines()[-1] == \
        "IndentationError: expected an indented block after 'if' statement on line 1"


def test_syntax_error_matches_python_itself(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text("x = (1,\n  2 +)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    ours = subprocess.run([sys.executable, "-m", "pyjit", "dis", str(path)],
                          capture_output=True, text=True, env=env, timeout=300)
    theirs = subprocess.run([sys.executable, str(path)],
                            capture_output=True, text=True, timeout=300)
    assert ours.returncode == theirs.returncode == 1
    assert ours.stdout == ""
    assert ours.stderr == theirs.stderr


def test_missing_file(tmp_path, capsys):
    path = tmp_path / "nope.py"
    rc = cli.main(["dis", str(path)])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert err == f"pyjit: can't open file '{path}': [Errno 2] No such file or directory\n"


def test_missing_file_argument(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["dis"])
    assert info.value.code == 2
    assert "FILE" in capsys.readouterr().err


def test_cli_dispatch(tmp_path, capsys):
    from pyjit import cli
    path = tmp_path / "one.py"
    path.write_text("print(1)\n")
    assert cli.main(["dis", str(path)]) == 0
    assert capsys.readouterr().out == host_listing(path)
    assert cli.main(["dis", str(tmp_path / "missing.py")]) == 2
