# Which frames run the code that standard-library modules execute for the
# program under a plain `pyjit run` (not -m): each line names the type of the
# frame that ran the program's code (CPython: frame; pyjit's VM: VMFrameView;
# a host frame seen from the VM: HostFrameView).
import cProfile
import doctest
import importlib.util
import io
import os
import pdb
import profile
import runpy
import sys
import tempfile
import timeit


def kind():
    return type(sys._getframe(1)).__qualname__


def f():
    """
    >>> print("doctest", kind())
    doctest VMFrameView
    """


cProfile.Profile().runctx("print('cProfile', kind())", globals(), {})
profile.Profile().runctx("print('profile', kind())", globals(), {})
timeit.timeit("print('timeit', kind())", globals=globals(), number=1)
# the statement runs in timeit's own namespace: not program code
timeit.timeit("print('timeit, own namespace', kind())", setup="from __main__ import kind", number=1)
doctest.run_docstring_examples(f, globals(), name="f")
pdb.Pdb(stdin=io.StringIO("continue\n"), stdout=io.StringIO(), nosigint=True).run(
    "print('pdb.run', kind())")
d = tempfile.mkdtemp()
with open(os.path.join(d, "m.py"), "w") as fh:
    fh.write("import sys\nK = type(sys._getframe()).__qualname__\n"
             "def k(): return type(sys._getframe()).__qualname__\n")
ns = runpy.run_path(os.path.join(d, "m.py"))
print("runpy.run_path", ns["K"], ns["k"]())
spec = importlib.util.spec_from_file_location("m", os.path.join(d, "m.py"))
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
print("exec_module", m.K, m.k())
