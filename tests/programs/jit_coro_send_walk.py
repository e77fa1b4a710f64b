# Host entries made while native code runs (a scheduler's loop resuming
# coroutines with send(), a loop calling library code that calls back into
# the program): the host frames of library code between them are counted
# against the recursion limit as in CPython, however many entries one run of
# native code makes (pyjit.hostroom's walk keeps its count for the entry's
# frame) -- C recursion (repr of nested lists) deep and shallow in resumed
# coroutines and under a pure-Python library function (string.Template) called
# from a loop, values sent other than None, StopIteration's value and
# traceback out of send(), exceptions out of a resumed coroutine.
import string
import sys
import traceback


def nested_list(n):
    a = []
    for _ in range(n):
        a = [a]
    return a


def outcome(fn, *args):
    try:
        fn(*args)
        return "ok"
    except RecursionError as e:
        return f"RecursionError: {e}"


class Yield:
    __slots__ = ()

    def __await__(self):
        v = yield "tick"
        return v


async def worker(ident, rounds, deep, shallow):
    seen = []
    c_rec = None
    for k in range(rounds):
        v = await Yield()
        if v is not None:
            seen.append(v)
        if k == rounds // 2:
            c_rec = (outcome(repr, nested_list(deep)), len(repr(nested_list(shallow))))
    return ident, len(seen), seen[-3:], c_rec


def schedule(coros, values):
    ready = list(coros)
    out = []
    i = 0
    while ready:
        c = ready.pop(0)
        try:
            c.send(values[i % len(values)] if i > len(coros) else None)
        except StopIteration as stop:
            out.append(stop.value)
            tb = stop.__traceback__
            out.append(len(traceback.extract_tb(tb)))
        else:
            ready.append(c)
        i += 1
    return out


limit = sys.getrecursionlimit()
for rnd in range(3):
    res = schedule([worker(j, 60, limit + 100, limit // 4) for j in range(4)],
                   [None, 1, "two"])
    print("round", rnd, res)


# C recursion under library code (string.Template's substitute and its
# convert) called from a loop, and from coroutines that loop resumes
class Probe(dict):
    def __init__(self, deep, shallow):
        self.deep, self.shallow = deep, shallow

    def __getitem__(self, key):
        if key == "d":
            return outcome(repr, nested_list(self.deep))
        return str(len(repr(nested_list(self.shallow))))


def probe_loop(n, deep, shallow):
    t = string.Template("$d/$s")
    out = []
    for i in range(n):
        if i % 7 == 3:
            out.append(t.substitute(Probe(deep, shallow)))
        else:
            out.append(i)
    return [x for x in out if x.__class__ is str][-2:]


async def probing(n, deep, shallow):
    got = []
    for k in range(n):
        await Yield()
        if k % 9 == 4:
            got.append(probe_loop(8, deep, shallow))
    return got[-1]


for rnd in range(3):
    print("probe loop", probe_loop(30, limit + 100, limit // 4))
    print("probe coros", schedule([probing(20, limit + 100, limit // 5) for j in range(3)],
                                  [None]))


# exceptions out of a coroutine resumed from a loop, with their tracebacks
async def failing(n):
    for k in range(n):
        await Yield()
        if k == n - 1:
            {}["missing-%d" % n]
    return n


def drive_all(n):
    got = []
    for j in range(n):
        c = failing(j + 1)
        try:
            while True:
                c.send(None)
        except KeyError as e:
            got.append((str(e), [fs.name for fs in traceback.extract_tb(e.__traceback__)]))
    return got


for rnd in range(2):
    print("errors", drive_all(12)[-3:])
