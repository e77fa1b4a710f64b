"""pyjit.decode: code objects -> unit-indexed instruction arrays, checked against
what the host's ``dis`` reads from the same code objects."""

import dis
import opcode
import os
import textwrap
import types

import pytest

from pyjit import decode as D
from pyjit import opcodes as O
from pyjit.opcodes import Jump


def compile_src(src, filename="<test>"):
    return compile(textwrap.dedent(src), filename, "exec", dont_inherit=True)


def all_codes(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            yield from all_codes(c)


def find_code(code, name):
    for c in all_codes(code):
        if c.co_name == name:
            return c
    raise LookupError(name)


def big_source(nconsts=300):
    """A function with > 256 constants and names, and jumps longer than 255 units."""
    body = [f"    x{i} = {i}.5 + y{i}" for i in range(nconsts)]
    return ("def big(flag):\n"
            "    total = 0\n"
            "    for k in range(3):\n"
            "        if flag:\n"
            + "\n".join("    " * 2 + line for line in body) + "\n"
            "            total += k\n"
            "        else:\n"
            "            break\n"
            "    try:\n"
            + "\n".join("    " + line for line in body) + "\n"
            "    except ValueError as e:\n"
            "        total = -1\n"
            "    return total\n")


SAMPLE = """
    import sys
    def f(a, b=2, *args, c, d=4, **kw):
        def inner():
            return a + c
        for i in range(a):
            if i % 2:
                continue
            try:
                b += i
            except (KeyError, IndexError) as e:
                raise ValueError(b) from e
            finally:
                d = -d
        return [x * b for x in args if x], {k: v for k, v in kw.items()}
    class C:
        def m(self):
            return super().m()
    with open(__file__) as fh:
        data = fh.read()
    match data:
        case [1, *rest]:
            pass
        case {"k": v}:
            pass
        case str() if data:
            pass
    async def co(x):
        async with x as y:
            async for z in y:
                await z
    def gen():
        x = yield 1
        yield from range(x)
    print(f"{sys.argv!r:>10}")
"""


def sample_codes():
    code = compile_src(SAMPLE)
    big = compile_src(big_source())
    return list(all_codes(code)) + list(all_codes(big))


CODES = sample_codes()
IDS = [c.co_name for c in CODES]


# ---------------------------------------------------------------------------
# ops / args / nexts

@pytest.mark.parametrize("code", CODES, ids=IDS)
def test_ops_and_args_match_dis(code):
    d = D.Decoded(code)
    assert len(d.ops) == len(d.args) == len(d.nexts) == len(code.co_code) // 2
    seen = []
    for ins in dis.get_instructions(code):
        i = ins.offset // 2
        seen.append(i)
        assert d.ops[i] == ins.opcode, ins
        if ins.arg is None:
            continue
        if ins.opcode in opcode.hasjrel:
            assert d.args[i] == ins.argval // 2, ins  # absolute target unit
        else:
            assert d.args[i] == ins.arg, ins


@pytest.mark.parametrize("code", CODES, ids=IDS)
def test_nexts_skip_exactly_the_caches(code):
    d = D.Decoded(code)
    starts = [ins.offset // 2 for ins in dis.get_instructions(code)]
    walked, i = [], 0
    while i < len(d.ops):
        walked.append(i)
        ncache = opcode._inline_cache_entries[d.ops[i]]
        assert d.nexts[i] == i + 1 + ncache
        for j in range(i + 1, d.nexts[i]):
            assert d.ops[j] == O.CACHE
            assert d.nexts[j] == j + 1
        i = d.nexts[i]
    assert i == len(d.ops)
    assert walked == starts


def test_cache_units_are_the_ones_dis_shows():
    code = find_code(compile_src(SAMPLE), "f")
    d = D.Decoded(code)
    caches = [ins.offset // 2 for ins in dis.get_instructions(code, show_caches=True)
              if ins.opname == "CACHE"]
    assert caches  # LOAD_GLOBAL, BINARY_OP, PRECALL, CALL ... have caches
    reached = set()
    i = 0
    while i < len(d.ops):
        reached.update(range(i + 1, d.nexts[i]))
        i = d.nexts[i]
    assert sorted(reached) == caches


def test_extended_arg_is_folded_and_kept():
    code = find_code(compile_src(big_source()), "big")
    d = D.Decoded(code)
    ext = [i for i, op in enumerate(d.ops) if op == O.EXTENDED_ARG]
    assert ext, "the big function must need EXTENDED_ARG"
    big_const = [ins for ins in dis.get_instructions(code)
                 if ins.opname == "LOAD_CONST" and ins.arg > 255]
    assert big_const
    for ins in big_const:
        i = ins.offset // 2
        assert d.ops[i - 1] == O.EXTENDED_ARG
        assert d.args[i - 1] == ins.arg >> 8      # the prefix keeps its own byte
        assert d.args[i] == ins.arg                # the instruction has the full oparg
        assert code.co_consts[d.args[i]] == ins.argval
        assert d.nexts[i - 1] == i                 # runs as a no-op into the instruction


def test_long_jumps_resolve_to_absolute_targets():
    code = find_code(compile_src(big_source()), "big")
    d = D.Decoded(code)
    long_jumps = 0
    for i, op in enumerate(d.ops):
        info = O.BY_CODE[op]
        if i and d.ops[i - 1] == O.EXTENDED_ARG and info is not None and info.jump is not Jump.NONE:
            raw = code.co_code[2 * i + 1] | (d.args[i - 1] << 8)
            expect = d.nexts[i] + raw if info.jump is Jump.FORWARD else d.nexts[i] - raw
            assert d.args[i] == expect
            assert raw > 255
            long_jumps += 1
    assert long_jumps >= 2  # forward (if/else) and backward (the for loop)
    # every jump target is the start of an instruction
    starts = {ins.offset // 2 for ins in dis.get_instructions(code)}
    for i in starts:
        if O.BY_CODE[d.ops[i]].jump is not Jump.NONE:
            assert d.args[i] in starts


def test_handmade_bytecode_with_two_extended_args():
    # EXTENDED_ARG 1; EXTENDED_ARG 2; LOAD_CONST 3  -> oparg 0x010203
    co = compile("x", "<t>", "eval").replace(co_code=bytes([144, 1, 144, 2, 100, 3, 83, 0]))
    d = D.Decoded(co)
    assert d.ops == [144, 144, 100, 83]
    assert d.args[:3] == [1, 0x102, 0x10203]
    assert d.nexts == [1, 2, 3, 4]


# ---------------------------------------------------------------------------
# line numbers

@pytest.mark.parametrize("code", CODES, ids=IDS)
def test_line_at_matches_positions(code):
    d = D.Decoded(code)
    insts = list(dis.get_instructions(code, show_caches=True))
    assert len(insts) == len(d.ops)
    for ins in insts:
        assert d.line_at(ins.offset // 2) == ins.positions.lineno, ins
    assert d.line_at(-1) is None
    assert d.line_at(len(d.ops)) is None


def test_line_at_agrees_with_co_lines():
    code = find_code(compile_src(SAMPLE), "f")
    d = D.Decoded(code)
    for start, end, line in code.co_lines():
        for i in range(start // 2, end // 2):
            assert d.line_at(i) == line


def test_line_numbers_are_real_lines():
    code = compile_src("a = 1\n\n\nb = (a +\n     2)\n")
    d = D.Decoded(code)
    lines = {d.line_at(i) for i in range(len(d.ops))}
    assert {1, 4}.issubset(lines) and 2 not in lines and 3 not in lines


# ---------------------------------------------------------------------------
# exception table

@pytest.mark.parametrize("code", CODES, ids=IDS)
def test_exception_entries_match_dis(code):
    d = D.Decoded(code)
    ours = [(2 * e.start, 2 * e.end, 2 * e.target, e.depth, e.lasti) for e in d.exc_entries]
    theirs = [tuple(e) for e in dis._parse_exception_table(code)]
    assert ours == theirs


def test_exception_table_has_entries_and_multibyte_varints():
    code = find_code(compile_src(big_source()), "big")
    entries = D.parse_exception_table(code.co_exceptiontable)
    assert entries and max(e.target for e in entries) > 63  # needs more than one 6-bit chunk
    assert [(2 * e.start, 2 * e.end, 2 * e.target, e.depth, e.lasti) for e in entries] == \
        [tuple(e) for e in dis._parse_exception_table(code)]


def test_parse_exception_table_by_hand():
    # entry 1: start 2, length 3, target 10, depth 1, lasti  (dl = 1 << 1 | 1)
    # entry 2: start 100 (two chunks: 1, 36), length 1, target 200 (3, 8), depth 0, no lasti
    table = bytes([0x80 | 2, 3, 10, 3,
                   0x80 | 0x40 | 1, 36, 1, 0x40 | 3, 8, 0])
    e1, e2 = D.parse_exception_table(table)
    assert (e1.start, e1.end, e1.target, e1.depth, e1.lasti) == (2, 5, 10, 1, True)
    assert (e2.start, e2.end, e2.target, e2.depth, e2.lasti) == (100, 101, 200, 0, False)
    assert "ExceptionEntry(2, 5, 10, depth=1, lasti=True)" == repr(e1)
    assert D.parse_exception_table(b"") == []


@pytest.mark.parametrize("code", CODES, ids=IDS)
def test_handlers_cover_exactly_the_table_ranges(code):
    d = D.Decoded(code)
    expected = [None] * len(d.ops)
    for e in dis._parse_exception_table(code):
        for off in range(e.start, e.end, 2):
            expected[off // 2] = (e.target // 2, e.depth, e.lasti)
    assert d.handlers == expected


def test_try_except_handler_depth_and_lasti():
    code = find_code(compile_src("""
        def f(x):
            with x:
                try:
                    x()
                except E:
                    pass
    """), "f")
    d = D.Decoded(code)
    call = next(ins.offset // 2 for ins in dis.get_instructions(code) if ins.opname == "CALL")
    target, depth, lasti = d.handlers[call]
    assert d.ops[target] == O.PUSH_EXC_INFO
    assert depth == 1 and lasti is False      # the with's __exit__ stays on the stack
    # the handler of the except clause itself pushes lasti (its cleanup re-raises)
    push = d.handlers[target + 1]
    assert push is not None and push[2] is True


# ---------------------------------------------------------------------------
# flags, locals, keyword index

def test_generator_flag():
    code = compile_src("""
        def plain(): return 1
        def gen(): yield 1
        async def coro(): return 1
        async def agen(): yield 1
        genexp = (i for i in ())
        def lam(): return lambda: (yield)
    """)
    flags = {c.co_name: D.Decoded(c).is_gen for c in all_codes(code)}
    assert flags == {"<module>": False, "plain": False, "gen": True, "coro": True,
                     "agen": True, "<genexpr>": True, "lam": False, "<lambda>": True}


LOCALS_SRC = """
    def outer(a, b, *args, k, **kw):
        c = 1
        def mid(x):
            nonlocal c
            y = 2
            def inner():
                return a + c + x + y
            return inner
        return mid
    class K:
        def m(self):
            return __class__, super()
"""


@pytest.mark.parametrize("name", ["<module>", "outer", "mid", "inner", "K", "m"])
def test_localsplus_names_match_the_host(name):
    code = find_code(compile_src(LOCALS_SRC), name)
    d = D.Decoded(code)
    assert d.localsplus_names == tuple(code._varname_from_oparg(i)
                                       for i in range(d.nlocalsplus))
    with pytest.raises(IndexError):
        code._varname_from_oparg(d.nlocalsplus)
    assert d.cell_start == len(code.co_varnames)


def test_localsplus_layout_of_cells_and_free_vars():
    code = compile_src(LOCALS_SRC)
    outer = D.Decoded(find_code(code, "outer"))
    # the argument cell 'a' stays in its argument slot; 'c' and nothing else is appended
    assert outer.localsplus_names == ("a", "b", "k", "args", "kw", "mid", "c")
    mid = D.Decoded(find_code(code, "mid"))
    assert mid.localsplus_names == ("x", "inner", "y", "a", "c")
    assert mid.code.co_freevars == ("a", "c")
    inner = D.Decoded(find_code(code, "inner"))
    assert inner.localsplus_names == ("a", "c", "x", "y")
    assert inner.nlocalsplus == 4 and inner.cell_start == 0


def test_deref_opargs_index_localsplus():
    code = compile_src(LOCALS_SRC)
    for c in all_codes(code):
        d = D.Decoded(c)
        for ins in dis.get_instructions(c):
            if ins.opcode in opcode.hasfree or ins.opcode in opcode.haslocal:
                assert d.localsplus_names[d.args[ins.offset // 2]] == ins.argval


def test_kwindex():
    code = compile_src("def f(a, b, /, c, *args, d, e=1, **kw): pass")
    d = D.Decoded(find_code(code, "f"))
    assert d.kwindex == {"c": 2, "d": 3, "e": 4}  # positional-only and * / ** excluded
    d2 = D.Decoded(find_code(compile_src("def g(x, y): pass"), "g"))
    assert d2.kwindex == {"x": 0, "y": 1}
    assert D.Decoded(find_code(compile_src("def h(): pass"), "h")).kwindex == {}


# ---------------------------------------------------------------------------
# the decode cache

def test_decode_is_cached_per_code_object():
    code = find_code(compile_src("def f(): return 1"), "f")
    d = D.decode(code)
    assert D.decode(code) is d
    assert d.code is code  # the entry keeps the code alive, so its id stays valid
    twin = find_code(compile_src("def f(): return 1"), "f")
    assert twin == code and twin is not code
    d2 = D.decode(twin)
    assert d2 is not d and d2.code is twin
    assert D.decode(code) is d


def test_decoded_arrays_are_private_copies():
    code = find_code(compile_src("def f(a): return a + 1"), "f")
    d = D.decode(code)
    before = code.co_code
    i = d.ops.index(O.BINARY_OP)
    d.ops[i] = O.NOP  # what tier specialize does in place
    try:
        assert code.co_code == before
        assert D.decode(code).ops[i] == O.NOP
        assert D.Decoded(code).ops[i] == O.BINARY_OP  # a fresh decode reads co_code again
    finally:
        d.ops[i] = O.BINARY_OP


def test_whole_stdlib_module_decodes_like_dis():
    path = os.path.join(os.path.dirname(dis.__file__), "asyncio", "base_events.py")
    with open(path, "rb") as fh:
        code = compile(fh.read(), path, "exec", dont_inherit=True)
    for c in all_codes(code):
        d = D.Decoded(c)
        for ins in dis.get_instructions(c):
            i = ins.offset // 2
            assert d.ops[i] == ins.opcode
            if ins.arg is not None and ins.opcode not in opcode.hasjrel:
                assert d.args[i] == ins.arg
        assert [(2 * e.start, 2 * e.end, 2 * e.target, e.depth, e.lasti)
                for e in d.exc_entries] == [tuple(e) for e in dis._parse_exception_table(c)]
