"""Program code that standard-library modules execute on the program's behalf
(cProfile, profile, timeit, doctest, pdb, runpy, importlib loaders, typing's
eval of string annotations): the same output as CPython's (under pyjit it runs
in the VM)."""
import cProfile
import doctest
import importlib.util
import io
import os
import pdb
import profile
import pstats
import re
import runpy
import sys
import tempfile
import timeit
import traceback
import typing

calls = []


def work(n):
    """Sum of squares.

    >>> work(3)
    5
    >>> work(2)
    99
    >>> boom()
    Traceback (most recent call last):
    ValueError: boom
    >>> [work(i) for i in range(3)]
    [0, 0, 1]
    >>> boom()
    """
    total = 0
    for i in range(n):
        total += square(i)
    return total


def square(x):
    calls.append(x)
    return x * x


def boom():
    raise ValueError("boom")


def rows(stats):
    """(file, function, calls, primitive calls) of the program's own functions
    and the builtins; times are left out (they differ from run to run)."""
    out = []
    for (filename, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
        if filename == __file__ or filename in ("~", "<string>", "profile"):
            out.append((os.path.basename(filename), re.sub("0x[0-9a-f]+", "0x", name), nc, cc,
                        sorted(re.sub("0x[0-9a-f]+", "0x", c[2]) for c in callers)))
    return sorted(out)


print("-- cProfile")
p = cProfile.Profile()
p.runctx("work(25)", globals(), {})
for r in rows(pstats.Stats(p)):
    print(r)
p = cProfile.Profile()
p.enable()
work(4)
boom_seen = None
try:
    boom()
except ValueError as e:
    boom_seen = e
p.disable()
for r in rows(pstats.Stats(p)):
    print(r)

print("-- profile")
p = profile.Profile()
p.runctx("work(7)", globals(), {})
for r in rows(pstats.Stats(p)):
    print(r)
p = profile.Profile()
p.runcall(work, 3)
for r in rows(pstats.Stats(p)):
    print(r)

print("-- timeit")
del calls[:]
timeit.timeit("work(3)", setup="calls.append('setup')", globals=globals(), number=4)
print(calls)
del calls[:]
print(len(timeit.repeat("square(2)", globals=globals(), repeat=3, number=5)), len(calls))
try:
    timeit.timeit("boom()", globals=globals(), number=1)
except ValueError:
    print("".join(traceback.format_exc().splitlines(True)[-3:]), end="")

print("-- doctest")
print(doctest.testmod(optionflags=doctest.ELLIPSIS))

print("-- pdb")
session = io.StringIO("step\nnext\np total\nwhere\nup\np n\ndown\nreturn\np total\ncontinue\n")
pdb.Pdb(stdin=session, stdout=sys.stdout, nosigint=True).run("work(3)")

print("-- runpy and loaders")
d = tempfile.mkdtemp()
src = os.path.join(d, "plugin.py")
with open(src, "w") as fh:
    fh.write("import sys\n"
             "NAME = __name__\n"
             "def area(w, h):\n"
             "    return w * h\n"
             "def fail():\n"
             "    return 1 / 0\n"
             "for i in range(50):\n"
             "    NAME = NAME\n")
ns = runpy.run_path(src, run_name="plugged")
print(ns["NAME"], ns["area"](3, 4))
spec = importlib.util.spec_from_file_location("plugin", src)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
print(mod.NAME, mod.area(5, 6))
try:
    mod.fail()
except ZeroDivisionError:
    print(traceback.format_exc().replace(d, "DIR"), end="")
try:
    runpy.run_path(src, init_globals={"range": None})
except TypeError:
    print(traceback.format_exc().replace(d, "DIR"), end="")

print("-- typing")


class Node:
    value: "int"
    nxt: "typing.Optional[Node]"


print(typing.get_type_hints(Node))
print(eval("work(3) + 1", globals()), exec("calls.append('exec')", globals()), calls[-1])
