# Recursion through host library code (issue #17): the message of the
# RecursionError names the unit that reached the limit -- under CPython often a
# C guard taken and given back on the way (Template()'s class call inside the
# step, Match.group's METH_VARARGS call, re._compile's isinstance of an enum,
# deepcopy's getattr), which pyjit does not see (notes/design.md, "Recursion
# through library code"): known to differ, the depths are checked by
# rec_lib_depths.
import copy
import json
import re
import string
import sys


class M:
    def __init__(self):
        self.depth = 0

    def __getitem__(self, key):
        self.depth += 1
        return string.Template("$x").substitute(self)


for limit in (60, 61, 62, 63):
    sys.setrecursionlimit(limit)
    m = M()
    try:
        m["x"]
    except RecursionError as e:
        print("template", limit, m.depth, e)

depth = 0


def cb(m):
    global depth
    depth += 1
    return re.sub("a", cb, "a")


def default(o):
    global depth
    depth += 1
    return json.dumps(o, default=default)


class D:
    def __deepcopy__(self, memo):
        global depth
        depth += 1
        return copy.deepcopy(self)


for name, fn in (("re.sub", lambda: cb(None)),
                 ("json", lambda: json.dumps(object(), default=default)),
                 ("deepcopy", lambda: copy.deepcopy(D()))):
    for limit in (50, 51, 52, 53):
        sys.setrecursionlimit(limit)
        depth = 0
        try:
            fn()
        except RecursionError as e:
            print(name, limit, depth, e)
