# Recursion through host library code (issue #17): the depth at which
# RecursionError comes is CPython's -- the stdlib's Python frames between the
# program's frames count, and so do the C recursion guards on the way
# (Pattern.sub's call, reduce's, PyObject_Repr's; a comparison's: rec_host_slots).  Small
# limits keep it cheap; each shape runs at a few limits so that every unit of
# its step gets to be the one that reaches the limit.
import copy
import functools
import json
import string
import sys

LIMITS = (60, 61, 62, 63)


class M:
    def __init__(self):
        self.depth = 0

    def __getitem__(self, key):
        self.depth += 1
        return string.Template("$x").substitute(self)


def template():
    m = M()
    try:
        m["x"]
    except RecursionError:
        return m.depth


depth = 0


def red(a, b):
    global depth
    depth += 1
    return functools.reduce(red, [1, 2])


class L:
    def __repr__(self):
        global depth
        depth += 1
        return repr([self])


class F:
    def __repr__(self):
        global depth
        depth += 1
        return f"<{self!r}>"


def default(o):
    global depth
    depth += 1
    return json.dumps(o, default=default)


class D:
    def __deepcopy__(self, memo):
        global depth
        depth += 1
        return copy.deepcopy(self)


def mp(x):
    global depth
    depth += 1
    return list(map(mp, [x]))


stop = 10 ** 9


def key(x):
    global depth
    depth += 1
    return sorted([x], key=key)[0] if depth < stop else x


def mkey(x):
    global depth
    depth += 1
    return min([x, x], key=mkey) if depth < stop else x


def measured(fn, messages):
    global depth
    out = []
    for limit in LIMITS:
        sys.setrecursionlimit(limit)
        depth = 0
        try:
            r = fn()
        except RecursionError as e:
            r = depth
            if messages:
                r = (r, str(e))
        out.append(r)
    sys.setrecursionlimit(1000)
    return out


# (warm: CPython runs a function's first 8 calls unquickened, where sorted()'s
# and min()'s CALL takes a guard its specialized form does not)
for fn in (key, mkey):
    stop = 20
    depth = 0
    fn(1)
stop = 10 ** 9

print("template", measured(template, False))
print("reduce", measured(lambda: red(None, None), True))
print("list repr", measured(lambda: repr(L()), True))
print("!r", measured(lambda: repr(F()), True))
print("json default", measured(lambda: json.dumps(object(), default=default), False))
print("deepcopy", measured(lambda: copy.deepcopy(D()), False))
print("map", measured(lambda: mp(1), True))
print("sorted key", measured(lambda: key(1), True))
print("min key", measured(lambda: mkey(1), True))
