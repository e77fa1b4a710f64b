"""Tree walks of recursive functions (bm_json_tree's shapes): a loop's end that
reaches the return past a later loop (``loops._straight``), function-trace
bridges waiting for a loop's code being compiled (``jit/bridgewait.py``), a
recursion through a generator expression counted as recursive
(``nativecall.names_itself``), and bridges of a native callee's exits inside a
resumed generator (``functions.callee_left``)."""

import json
import os
import re
import subprocess
import sys
import types

from pyjit import opcodes as O
from pyjit.decode import decode
from pyjit.jit import bridgewait, loops, nativecall


def _run(tmp_path, source, *extra, sync=True):
    """Run ``source`` in tier jit; its output checked against the host's.
    Returns (jit log text, stats json)."""
    prog = tmp_path / "prog.py"
    prog.write_text(source)
    log, stats = tmp_path / "log.txt", tmp_path / "stats.json"
    args = [sys.executable, "-m", "pyjit", "run", "--tier", "jit", "--no-jit-cache",
            "--jit-log", str(log), "--stats-json", str(stats), *extra, str(prog)]
    env = dict(os.environ, PYJIT_JIT_SYNC="1" if sync else "0")
    p = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    assert p.returncode == 0, p.stderr
    host = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True, timeout=300)
    assert p.stdout == host.stdout
    return log.read_text(), json.loads(stats.read_text())["jit"]


def _for_iter_exits(fn):
    """The pcs where each FOR_ITER of ``fn`` goes when its iterator runs out."""
    dec = decode(fn.__code__)
    return [dec.args[pc] for pc, op in enumerate(dec.ops) if O.BY_CODE[op] is not None
            and O.BY_CODE[op].name == "FOR_ITER"]


def _dispatch(node):
    n = 0
    if isinstance(node, dict):
        for k in node:
            n += 1
    elif isinstance(node, list):
        for x in node:
            n += 2
    return n


def _sequence(xs):
    n = 0
    for x in xs:
        n += 1
    for x in xs:
        n += 2
    return n


def test_a_loop_end_past_a_later_loop_runs_straight_to_the_return():
    first, second = _for_iter_exits(_dispatch)
    assert loops._straight(_dispatch.__code__, first)     # (jumps past the list loop)
    assert loops._straight(_dispatch.__code__, second)
    first, second = _for_iter_exits(_sequence)
    assert not loops._straight(_sequence.__code__, first)  # (the second loop comes next)
    assert loops._straight(_sequence.__code__, second)


WALK = '''
def walk(node, acc):
    if isinstance(node, dict):
        for key, value in node.items():
            acc[0] += len(key)
            walk(value, acc)
    elif isinstance(node, list):
        for item in node:
            walk(item, acc)
    elif isinstance(node, int):
        acc[1] += node

def tree(k):
    return {"a": [k, k + 1, {"b": k}], "cc": {"d": [k] * (k % 4), "e": k}}

acc = [0, 0]
for k in range(3000):
    walk(tree(k), acc)
print(acc)
'''


def test_the_dict_loops_end_gets_its_epilogue_bridge(tmp_path):
    log, stats = _run(tmp_path, WALK)
    # the dict loop (line 4) ends into code past the list loop: its end is a
    # bridge through the epilogue to the return
    assert re.search(r"^# bridge walk .* loop at \d+ at line 4 guard_nonnull", log, re.M), log
    assert stats["native_share"]["share"] > 0.8, stats["native_share"]


def test_the_same_with_the_compile_thread(tmp_path):
    # with the compile thread the function trace's bridges may be recorded while
    # the loops' code is being made: such a guard waits for it (bridgewait) and
    # gets its bridge afterwards -- it does not stay without one for good
    log, stats = _run(tmp_path, WALK, sync=False)
    waited = re.findall(r"^# bridge aborted walk .* function at line (\d+) (\w+): the "
                        r"function's loop at line \d+ has no code yet", log, re.M)
    for line, guard in waited:
        assert re.search(rf"^# bridge walk .* function at line {line} {guard}: ", log,
                         re.M), (line, guard, log)


def _info():
    return types.SimpleNamespace(bridge_aborts={}, bridge_waits={})


def test_a_bridge_waits_for_the_loop_it_needs():
    info, op = _info(), object()
    loop = types.SimpleNamespace(compiled=None, pending=None, dead=False)
    reason = bridgewait.Waiting("the function's loop at line 3 has no code yet", loop)
    assert reason == "the function's loop at line 3 has no code yet"
    bridgewait.aborted(info, op, reason)
    assert info.bridge_aborts == {}                  # (not counted)
    assert not bridgewait.open_(info, op, 2)         # waits while the loop has no code
    loop.compiled = object()
    assert bridgewait.open_(info, op, 2)
    loop.compiled = None
    loop.dead = True                                 # (never will: the bridge unrolls it)
    assert bridgewait.open_(info, op, 2)


def test_waits_are_bounded_and_other_aborts_count():
    info, op = _info(), object()
    loop = types.SimpleNamespace(compiled=object(), dead=False)
    for _ in range(bridgewait.MAX_WAITS):
        bridgewait.aborted(info, op, bridgewait.Waiting("no code", loop))
    assert info.bridge_aborts == {}
    bridgewait.aborted(info, op, bridgewait.Waiting("no code", loop))
    assert info.bridge_aborts == {id(op): 1}
    bridgewait.aborted(info, op, "trace too long")
    assert info.bridge_aborts == {id(op): 2}
    assert not bridgewait.open_(info, op, 2)


def test_a_waiting_guard_keeps_its_trace():
    # (the driver drops a trace whose guard keeps failing -- not for a guard
    # whose bridge waits for a loop's code, nor judges the function trace's
    # entries from the interpreter meanwhile: functions._entered)
    info, op, other = _info(), object(), object()
    loop = types.SimpleNamespace(compiled=None, pending=None, dead=False)
    assert not bridgewait.waiting(info, op) and not bridgewait.any_waiting(info)
    bridgewait.aborted(info, op, bridgewait.Waiting("no code", loop))
    assert bridgewait.waiting(info, op) and bridgewait.any_waiting(info)
    assert not bridgewait.waiting(info, other)
    loop.compiled = object()
    assert not bridgewait.waiting(info, op) and not bridgewait.any_waiting(info)
    loop.compiled, loop.dead = None, True
    assert not bridgewait.waiting(info, op)


MERGE = """
def merge_sort(items, key):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = merge_sort(items[:mid], key)
    right = merge_sort(items[mid:], key)
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if key(right[j]) < key(left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out

xs = [(i * 7919) % 1009 for i in range(2000)]
for k in range(30):
    ys = merge_sort(xs, lambda v: v % 97)
print(ys[:10], ys[-10:])
"""


def test_a_recursion_with_a_loop_stays_native_with_the_compile_thread(tmp_path):
    # The function trace's bridge into its loop waits while that loop is being
    # compiled (or recorded again, generalized): the trace was dropped for the
    # guard's failures meanwhile, and every later call interpreted (native
    # share 0.79 in 2 of 3 runs; 0.96-0.97 as with --jit-sync since).
    log, stats = _run(tmp_path, MERGE, sync=False)
    assert stats["native_share"]["share"] > 0.9, (stats["native_share"], log[-3000:])


def _frame_of(fn):
    return types.SimpleNamespace(func=fn, code=fn.__code__, globals=fn.__globals__)


def test_a_function_naming_itself_in_a_nested_code_is_recursive():
    ns = {}
    exec("def depth(node):\n"
         "    if isinstance(node, list):\n"
         "        return 1 + max((depth(v) for v in node), default=0)\n"
         "    return 0\n"
         "def flat(node):\n"
         "    return [v for v in node]\n", ns)
    assert nativecall.names_itself(_frame_of(ns["depth"]))
    assert not nativecall.names_itself(_frame_of(ns["flat"]))
    # the name bound to another function: not a call of itself
    depth = ns["depth"]
    ns["depth"] = ns["flat"]
    assert not nativecall.names_itself(_frame_of(depth))


DEPTH = '''
def depth(node):
    if isinstance(node, dict):
        return 1 + max((depth(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return 1 + max((depth(v) for v in node), default=0)
    return 0

def tree(k):
    return {"a": [k] * (k % 5), "b": {"c": [[k]] * (k % 3), "d": k}}

t = 0
for k in range(6000):
    t += depth(tree(k))
print(t)
'''


def test_recursion_through_a_genexpr_is_compiled_and_bridged(tmp_path):
    log, stats = _run(tmp_path, DEPTH, "--jit-function-threshold", "200")
    assert "# sent back depth" not in log, log
    # lists of other lengths than the one recorded end the resumed generator
    # elsewhere: those exits (inside the generator's frame) are bridged
    assert re.search(r"^# bridge depth .* function at line [46] guard_isnull", log, re.M), log
    assert stats["native_share"]["share"] > 0.85, stats["native_share"]


def _frame(code, q, back=None):
    return types.SimpleNamespace(code=code, back=back, dec=types.SimpleNamespace(
        extra=q, first_traceable=0))


def _walker(node):
    return 1 + max((_walker(v) for v in node), default=0)


def test_a_loop_hot_under_a_callers_bridge_in_flight_waits_for_it():
    # _walker's frame, interpreted: it left its function trace by a guard whose
    # bridge is being compiled; a loop hot in a callee (max()'s, here a frame of
    # another code) is not recorded until that bridge lands
    code = _walker.__code__
    q = types.SimpleNamespace(caches=[None])
    caller = loops.LoopInfo(code, 0, 1, q, function=True)
    q.caches[0] = caller
    caller.compiled = types.SimpleNamespace(pending={})
    hot = types.SimpleNamespace(name="max loop")
    other = types.SimpleNamespace(caches=[None])
    f = _frame(_dispatch.__code__, other, back=_frame(_sequence.__code__, other,
                                                      back=_frame(code, q)))
    assert not bridgewait.caller_bridge_in_flight(hot, f)      # nothing in flight
    caller.compiled.pending[1] = object()
    assert bridgewait.caller_bridge_in_flight(hot, f)          # two frames up
    caller.closed = True                                       # (closed: its frames are
    assert not bridgewait.caller_bridge_in_flight(hot, f)      #  not a trace's exits)
    caller.closed = False
    caller.bridge_waits[2] = (hot, 1)                          # a guard waits for the loop
    assert not bridgewait.caller_bridge_in_flight(hot, f)
    caller.bridge_waits.clear()
    # the loop's own frame does not count (its function trace's bridge may need it),
    # nor callers past MAX_LOOK frames
    assert not bridgewait.caller_bridge_in_flight(hot, _frame(code, q))
    far = _frame(code, q)
    for _ in range(bridgewait.MAX_LOOK):   # (the loop's frame, and MAX_LOOK callers under it)
        far = _frame(_sequence.__code__, other, back=far)
    assert bridgewait.caller_bridge_in_flight(hot, far)
    far = _frame(_sequence.__code__, other, back=far)
    assert not bridgewait.caller_bridge_in_flight(hot, far)
    caller.compiled.pending.clear()                            # landed: recorded now
    assert not bridgewait.caller_bridge_in_flight(hot, f)
    caller.pending = object()                                  # its own code being made
    assert bridgewait.caller_bridge_in_flight(hot, f)
    caller.compiled = None
    assert bridgewait.caller_bridge_in_flight(hot, f)
    caller.pending = None
    assert not bridgewait.caller_bridge_in_flight(hot, f)
