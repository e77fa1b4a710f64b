"""The driver's unit is the loop, not the back-edge: a loop with a ``continue``
has two back-edges to one header, which share one state -- one recording at a
time, one trace, one blacklisting (before, each back-edge recorded, retraced
and blacklisted the same loop on its own: nqueens' solve() was given up twice)."""

import json
import subprocess
import sys

from pyjit.jit import events


def _run_checked(tmp_path, source, threshold, *extra):
    """Run ``source`` under tier jit (compiles synchronous, events logged); its
    output is checked against the host running it.  Returns (events path,
    stats-json path, log path)."""
    prog = tmp_path / "prog.py"
    prog.write_text(source)
    out, stats, log = tmp_path / "events.jsonl", tmp_path / "stats.json", tmp_path / "log.txt"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--jit-threshold", str(threshold),
                        "--jit-sync", "--jit-events", str(out), "--stats-json", str(stats),
                        "--jit-log", str(log), *extra, str(prog)],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    ns = {}
    exec(source.replace("print(", "result = ("), ns)
    assert p.stdout == f"{ns['result']}\n"
    return out, stats, log

# the path through the ``continue`` is traced; the other one's bridge aborts
# (locals()) and fails on most entries: the loop is dropped, recorded once more,
# then blacklisted -- at both its back-edges
PROG = '''
def solve(n):
    t = 0
    for i in range(n):
        if i % 3:
            t += 1
            continue
        t += len(locals())
    return t

total = 0
for k in range(300):
    total += solve(7)
print(total)
'''


def _events(out, code, loops_only=False):
    """The events of code object ``code`` (its qualified name); ``loops_only``:
    not those of its function trace, which is sent back if it makes no native
    call."""
    return [e for e in events.read(str(out)) if e.get("code") == code and
            not (loops_only and e.get("function"))]


def _share(stats):
    """The run's native share (``--stats-json``)."""
    return json.loads(stats.read_text())["jit"]["native_share"]


def test_continue_shares_the_loop(tmp_path):
    prog = tmp_path / "prog.py"
    prog.write_text(PROG)
    out = tmp_path / "events.jsonl"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--jit-threshold", "50",
                        "--jit-events", str(out), str(prog)],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"{300 * (4 + 3 * 3)}\n"
    evs = _events(out, "solve")
    kinds = [e["event"] for e in evs]
    assert kinds.count("loop_hot") == 1
    assert kinds.count("blacklisted") == 1
    # nothing is recorded for the loop once it is blacklisted
    after = kinds[kinds.index("blacklisted"):]
    assert "trace_recorded" not in after and "trace_aborted" not in after


# a lambda made anew on every iteration of a module-level loop: identified by
# its code, the loop keeps one trace (by identity, each new lambda failed the
# guard and the old one's death dropped the trace: recorded again and again)
LAMBDA = '''
def apply(f, x):
    return f(x)

total = 0
for i in range(20000):
    g = lambda x: x + 1
    total += apply(g, i)
print(total)
'''


def test_lambda_per_iteration_keeps_its_trace(tmp_path):
    prog = tmp_path / "prog.py"
    prog.write_text(LAMBDA)
    out = tmp_path / "events.jsonl"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--jit-threshold", "100",
                        "--jit-events", str(out), str(prog)],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"{sum(i + 1 for i in range(20000))}\n"
    kinds = [e["event"] for e in events.read(str(out))]
    assert kinds.count("trace_recorded") == 1
    assert "trace_dropped" not in kinds


# an inner loop whose trip count runs from 0 to 199: unrolled into the outer
# loop's trace, it made the trace too long (the outer loop blacklisted after
# its aborts) or gave a bridge per trip count.  Now the outer recording stops
# at the inner loop's header, and the inner loop's end gets a bridge running
# the outer body (jit/nest.py); the outer loop is never aborted nor blacklisted
NESTED = '''
def main(n):
    t = 0
    for i in range(n):
        s = i % 200
        for j in range(s):
            t += j ^ s
        t -= s
    return t
print(main(3000))
'''


def test_outer_loop_stops_at_the_inner_loop(tmp_path):
    out, _stats, log = _run_checked(tmp_path, NESTED, 50)
    kinds = [e["event"] for e in _events(out, "main")]
    assert "blacklisted" not in kinds and "trace_aborted" not in kinds, kinds
    text = log.read_text()
    # the inner loop's end: a bridge that re-enters the inner loop at its header
    # (once it runs, the outer back-edge is never reached again: nothing else
    # is recorded, let alone aborted)
    assert "leave()" in text and "too long" not in text


# a merge: each path assigns the index the other only reads.  The recorded path
# leaves the other index loop-invariant; its bridge assigns it, so the loop is
# optimized again with that index a variable ("generalized") -- before, the
# bridge aborted, the guard kept failing and the loop was blacklisted
MERGE = '''
def merge(left, right):
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    return len(out), i, j

def main():
    t = 0
    for k in range(40):
        r = merge(list(range(0, 4000, 2)), list(range(1, 4000, 2)))
        t += r[0] + r[1] * 3 + r[2]
    return t
print(main())
'''


def test_a_bridge_assigning_an_invariant_makes_it_a_variable(tmp_path):
    out, stats, _log = _run_checked(tmp_path, MERGE, 100)
    evs = _events(out, "merge", loops_only=True)
    kinds = [e["event"] for e in evs]
    assert "blacklisted" not in kinds and "bridge_aborted" not in kinds, kinds
    # (the paths alternate: the second recording may start with the other one,
    # leaving the first index invariant in its turn)
    assert {e["reason"] for e in evs if e["event"] == "generalized"} <= {
        f"the bridge changes a loop-invariant value (slot ('l', {k}))" for k in (3, 4)}
    assert "generalized" in kinds and "bridge_attached" in kinds
    # both paths then run native
    share = _share(stats)
    assert share["share"] > 0.9, share


# a helper's loop of 0-3 iterations, inlined into the caller's trace: another
# trip count gets a bridge (nest.SHORT_TRIPS); before, the first other count made
# the helper called from then on, its loop entered from the interpreter on every
# call -- sent back to the interpreter, and the caller's loop with it
SHORT = '''
def consume(items, out):
    for c in items:
        if c & 1:
            out.append(c)

def main(n):
    groups = [[1, 2], [3], [5, 6, 7], [], [8, 9]]
    out = []
    for i in range(n):
        consume(groups[i % 5], out)
        if len(out) > 100:
            out.clear()
    return len(out)
print(main(20000))
'''


def test_a_short_inlined_loop_gets_bridges_per_trip_count(tmp_path):
    out, stats, _log = _run_checked(tmp_path, SHORT, 100)
    evs = _events(out, "main")
    kinds = [e["event"] for e in evs]
    assert "trace_dropped" not in kinds and "blacklisted" not in kinds, kinds
    assert kinds.count("bridge_recorded") >= 2
    share = _share(stats)
    assert share["share"] > 0.9, share


# a search loop whose hit returns from the loop's frame, entered from an
# interpreted loop (locals() stops its recordings): the returning path is a
# bridge ending where the frame returns (finish); before, its recording aborted
# ("return from the loop's frame"), the guard kept failing, the loop was dropped
SEARCH = '''
def find(xs, k):
    for i, x in enumerate(xs):
        if x == k:
            return i
    return -1

def main(n):
    xs = list(range(50))
    t = 0
    for i in range(n):
        t += find(xs, (i * 7) % 60)
        locals()
    return t
print(main(3000))
'''


def test_a_path_returning_from_the_loop_is_a_bridge(tmp_path):
    out, stats, log = _run_checked(tmp_path, SEARCH, 100)
    evs = _events(out, "find", loops_only=True)
    kinds = [e["event"] for e in evs]
    assert "trace_dropped" not in kinds and "blacklisted" not in kinds, kinds
    assert "bridge_attached" in kinds and "bridge_aborted" not in kinds, kinds
    assert "    finish(" in log.read_text()    # (a bridge's op: indented)
    share = _share(stats)
    assert share["share"] > 0.8, share


# a module-level loop rebinding globals at every iteration (its variable, a
# total) calls a function whose loop reads a global and a builtin: the globals'
# version guard failed at every entry, and the loop was sent back; after a
# second retrace for the same dict its names are read instead
MODULE = '''
SCALE = 3

def work(xs):
    s = 0
    for x in xs:
        s += x * SCALE + len(xs)
    return s

xs = list(range(100))
total = 0
for i in range(3000):
    total += work(xs)
print(total)
'''


def test_a_rebound_global_makes_its_dict_read_by_name(tmp_path):
    out, stats, log = _run_checked(tmp_path, MODULE, 100)
    evs = _events(out, "work")
    kinds = [e["event"] for e in evs]
    assert "blacklisted" not in kinds and "sent_back" not in kinds, kinds
    assert kinds.count("generalized") == 2, kinds
    assert "dict_getitem(" in log.read_text()
    share = _share(stats)
    assert share["share"] > 0.9, share


# a loop whose end leads straight to the function's return (no loop after it),
# entered from an interpreted loop: its end gets a bridge through the epilogue
# to the return (finish), and the epilogue runs natively -- a merge's tails
EPILOGUE = '''
def merge(left, right):
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out

def main(n):
    t = 0
    for k in range(n):
        t += len(merge(list(range(0, 60, 2)), list(range(k % 7, 60, 3))))
        locals()
    return t
print(main(2000))
'''


def test_a_loop_end_before_the_return_is_a_bridge(tmp_path):
    out, stats, log = _run_checked(tmp_path, EPILOGUE, 100)
    evs = _events(out, "merge", loops_only=True)
    kinds = [e["event"] for e in evs]
    assert "blacklisted" not in kinds and "bridge_aborted" not in kinds, kinds
    text = log.read_text()
    # the bridge of the loop's end: the two extends, then the return
    assert "    finish(" in text and "call($extend" in text, text[-3000:]
    share = _share(stats)
    assert share["share"] > 0.9, share


# a ``while`` loop entered from an interpreted loop, whose body's rare path
# (a method returning None) ends it: that guard's bridge goes on past the
# loop's end to the return (finish) -- before, its recording aborted ("the
# loop ended in the iteration recorded"), and a guard failing so on most
# entries dropped the loop (deltablue's ``incremental_add``)
CHASE = '''
class Node:
    def __init__(self, w):
        self.w = w
        self.nxt = None

    def step(self, mark):
        if self.w % 3 == 0:
            self.w += 1
            return self.nxt
        self.w += mark
        a = self.w * 3 + mark
        b = (a ^ (a >> 3)) + (self.w & 7)
        c = (b * 5 + a) % 1000003
        self.w += (c - b) % 7 + (a % 11) - (b % 13) + (c % 17)
        return self.nxt if self.w % 29 else None

def chase(node, mark):
    n = 0
    while node is not None:
        node = node.step(mark)
        n += 1
    return n * 2 + mark % 3

def main(k):
    nodes = [Node(i) for i in range(128)]
    for a, b in zip(nodes, nodes[1:]):
        if (a.w + 1) % 32:
            a.nxt = b
    t = 0
    for i in range(k):
        t += chase(nodes[i % 128], i)
        locals()
    return t
print(main(20000))
'''


def test_a_bridge_ending_the_loop_goes_on_to_the_return(tmp_path):
    out, stats, log = _run_checked(tmp_path, CHASE, 100)
    # (the loop's events: chase's function trace, which ends by calling the
    # loop's code, is sent back when no trace calls it natively -- jit/functions.py)
    evs = [e for e in _events(out, "chase") if not e.get("function")]
    kinds = [e["event"] for e in evs]
    assert "bridge_aborted" not in kinds and "blacklisted" not in kinds, kinds
    text = log.read_text()
    # a bridge from inside step() (two frames deep) that returns from chase()
    assert "        finish(" in text, text[-3000:]
    share = _share(stats)
    assert share["share"] > 0.85, share


# a generator expression's own loop, recorded on the path that skips (most
# counts are 0): the other path's bridge reaches the yield and leaves there
# (finish) -- before, it aborted ("unsupported instruction YIELD_VALUE"), the
# guard kept failing and the loop was dropped, then blacklisted (bm_chaos)
GENEXPR = '''
def filled(grid):
    return sum(1 for row in grid for count in row if count)

def main(k):
    grid = [[0] * 50 for _ in range(50)]
    t = 0
    for i in range(k):
        grid[(i * 7) % 50][(i * 13) % 50] += 1
        t += filled(grid)
        locals()
    return t
print(main(3000))
'''


def test_a_generator_loops_bridge_leaves_at_its_yield(tmp_path):
    out, stats, log = _run_checked(tmp_path, GENEXPR, 100)
    evs = _events(out, "filled.<locals>.<genexpr>")
    kinds = [e["event"] for e in evs]
    assert "trace_dropped" not in kinds and "bridge_attached" in kinds, kinds
    assert not any(e["event"] == "bridge_aborted" and "YIELD" in e.get("reason", "")
                   for e in evs), evs
    assert "    finish(" in log.read_text()
    share = _share(stats)
    assert share["share"] > 0.85, share


# an inner loop of 1-3 iterations per visit over a table, left by a break,
# whose recorded iteration does not break: the break's nest bridge runs the
# outer body, which draws a new ``r`` the inner trace holds invariant -- it
# made the bridge leave and enter again through the preamble at every visit;
# with visits this short the loop is generalized and the bridge jumps to it
SHORT_NEST = '''
def pick(table, n):
    t = 0.0
    s = 12345
    for i in range(n):
        s = (s * 1103515245 + 12345) & 0x7FFFFFFF
        r = s / 2147483648.0
        for p, a in table:
            if r < p:
                break
        t += a * r
    return t

print(round(pick([(0.0, 1.0), (0.5, 2.0), (0.8, 3.0), (1.0, 4.0)], 20000), 6))
'''


def test_a_short_inner_loops_nest_bridge_generalizes_it(tmp_path):
    out, stats, log = _run_checked(tmp_path, SHORT_NEST, 100)
    evs = _events(out, "pick")
    assert any(e["event"] == "generalized" and "loop-invariant" in e.get("reason", "")
               for e in evs), [(e["event"], e.get("reason")) for e in evs]
    share = _share(stats)
    assert share["share"] > 0.9, share


# a loop whose trace inlines a helper's loop of 1-7 trips gets a bridge per
# trip count at one place; a global rebound makes the loop recorded again, and
# its new trace needs those bridges anew -- they were counted against the place
# (loops.MAX_SITE_BRIDGES) across traces, so the new trace got none, its guard
# kept failing and the loop was dropped, then blacklisted (bm_short_loops fell
# from 20 ms a call to 400 ms so)
RETRACED_SITES = '''
def digits(k):
    s = 0
    while k:
        s += k % BASE
        k //= BASE
    return s


BASE = 4


def run(n):
    t = 0
    for i in range(n):
        t += digits(i)
    return t


total = 0
for c in range(30):
    if c == 12:
        BASE = 5
    total += run(20000)
print(total)
'''


def test_a_retraced_loop_bridges_its_inlined_loops_trip_counts_again(tmp_path):
    out, stats, log = _run_checked(tmp_path, RETRACED_SITES, 1000, "--no-jit-cache")
    kinds = [e["event"] for e in _events(out, "run")]
    assert "generalized" in kinds and "trace_dropped" not in kinds and \
        "blacklisted" not in kinds, kinds
    share = _share(stats)
    assert share["share"] > 0.9, share


# a ``for`` loop entered at its header from before the loop once a call, long
# visits: its counter is unbound at that entry, so the first iteration of each
# visit is interpreted -- not worth recording the loop again with the counter
# kept an object (a box per iteration), which the header rule did once a
# quarter of the entries were such (two entries a call)
LONG_VISITS = '''
def run(n):
    t = 0
    for i in range(n):
        t += i * i % 7
    return t


s = 0
for c in range(30):
    s += run(20000)
print(s)
'''


def test_a_long_visits_unbound_counter_is_not_generalized(tmp_path):
    out, stats, log = _run_checked(tmp_path, LONG_VISITS, 1000, "--no-jit-cache")
    kinds = [e["event"] for e in _events(out, "run")]
    assert "generalized" not in kinds, kinds
