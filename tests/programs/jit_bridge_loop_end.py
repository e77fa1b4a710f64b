"""Tier jit: a bridge whose path ends the loop (a ``while`` test failing in a
guard's bridge, in the loop's own frame) goes on past the loop's end to the
function's return and ends in ``finish`` when no loop follows up to the
return; before, its recording aborted ("the loop ended in the iteration
recorded") and such a guard, failing on most entries, dropped the loop and got
it blacklisted (deltablue's ``incremental_add``: ``while overridden is not
None: overridden = overridden.satisfy(mark)``).  Covered: the loop ending on a
path the trace did not see, an epilogue that computes with the loop's values,
an epilogue whose value changes type, an epilogue that raises (the exception
at its line), an epilogue with a loop after the ending path (not bridged
past the end: the loop would be unrolled), a ``while True`` left by a
``break`` and one by its test.  Each function is called from ``each``,
whose loop stays interpreted (``locals()`` stops its recordings), so that
the functions' own loops are entered from the interpreter."""


def each(fn, argsets):
    out = []
    for args in argsets:
        out.append(fn(*args))
        locals()
    return out


class Node:
    def __init__(self, w):
        self.w = w
        self.nxt = None

    def step(self, mark):
        if self.w % 3 == 0:
            self.w += 1
            return self.nxt
        self.w += mark
        return self.nxt if self.w % 7 else None


def chase(node, mark):
    n = 0
    while node is not None:
        node = node.step(mark)
        n += 1
    return n * 2 + mark % 3


def chase_typed(node, mark):
    n = 0
    while node is not None:
        node = node.step(mark)
        n += 1
    # the value returned is an int, then a float once mark passes 400
    return n / 2 if mark > 400 else n


def chase_raises(node, mark):
    n = 0
    while node is not None:
        node = node.step(mark)
        n += 1
    return mark // (n - 3)   # ZeroDivisionError when the chain ran 3 steps


def chase_then_loop(node, mark):
    n = 0
    while node is not None:
        node = node.step(mark)
        n += 1
    s = 0
    for k in range(n):
        s += k * mark
    return s


def countdown(k):
    t = 0
    while k > 0:
        if k % 5 == 0:
            k -= 3
        else:
            k -= 1
        t += k
    return t - 1


def chunks(xs, limit):
    i = total = 0
    while True:
        if i >= len(xs):
            break
        if xs[i] > limit:
            total -= xs[i]
        else:
            total += xs[i]
        i += 1
    return total, i


def nodes(n):
    out = [Node(i) for i in range(n)]
    for a, b in zip(out, out[1:]):
        if (a.w + 1) % 6:
            a.nxt = b
    return out


ns = nodes(60)
print(sum(each(chase, [(ns[i % 60], i) for i in range(900)])))
ns = nodes(60)
print(each(chase_typed, [(ns[i % 60], i) for i in range(600)])[-40:])
ns = nodes(60)
out = []
for i in range(600):
    try:
        out.append(chase_raises(ns[i % 60], i))
    except ZeroDivisionError as e:
        out.append(str(e))
print(out[-30:], len(out))
ns = nodes(60)
print(sum(each(chase_then_loop, [(ns[i % 60], i) for i in range(600)])))
print(sum(each(countdown, [(i % 37,) for i in range(900)])))
print(each(chunks, [([j * (i % 5) for j in range(i % 9)], 7) for i in range(900)])[-20:])


def fails_at_line():
    ns = nodes(12)
    for i in range(400):
        chase_raises(ns[i % 12], i)


try:
    each(lambda: fails_at_line(), [()])
except ZeroDivisionError:
    import traceback
    tb = traceback.extract_tb(__import__("sys").exc_info()[2])
    print([(fr.name, fr.lineno) for fr in tb[-2:]])
