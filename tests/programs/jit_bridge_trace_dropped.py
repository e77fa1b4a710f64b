"""A recursive function's loop whose bridge's path recurses, while an inner
activation makes the loop drop its trace (a function the trace names dies):
the bridge's recording closes at the loop's back-edge with its trace gone, and
its frame must go on at the loop's header -- not at the guard's instruction,
which would run the rest of the iteration again (log entries twice).  Each
variant is compiled from the same source: equal code objects, which must stay
two functions (their own traces, globals: jit_equal_codes.py)."""

SOURCE = '''
log = []
calls = [0]
def make():
    def helper(i):
        return i + 1
    return helper
helper = make()
def walk(depth):
    global helper
    if depth == DEEP:
        calls[0] += 1
        if calls[0] % EVERY == 0:
            helper = make()   # the old helper dies: a trace naming it is dropped
    acc = 0
    for i in range(10):
        if i % 5 != 4:
            acc += helper(i)
            continue
        log.append((depth, i))
        if depth < DEEP:
            acc += walk(depth + 1)
    return acc
totals = [walk(0) for k in range(8)]
'''

for deep in (2, 3):
    for every in range(2, 9):
        # (compiled anew: each variant's loop is a loop of its own)
        ns = {"DEEP": deep, "EVERY": every}
        exec(compile(SOURCE, f"<walk {deep} {every}>", "exec"), ns)
        print(deep, every, ns["totals"], len(ns["log"]), ns["calls"][0])
