"""RecursionError with a trace or profile hook set comes at CPython 3.11's depth
and with its message: the hook's frames count, and so do the C calls and
comparisons that pass _Py_EnterRecursiveCall -- in traced code every call of a
builtin and every comparison (CPython traces the generic instructions; a key
function or __eq__ they call is a level deeper), in the
hook's own (warm) code METH_O/METH_NOARGS/METH_VARARGS calls (str.startswith)
but not METH_FASTCALL ones (getattr) nor len(); exec() takes a level too."""
import sys

sys.setrecursionlimit(150)
reached = 0


def plain(n):
    global reached
    reached = n
    plain(n + 1)


def calls_builtin(n):
    global reached
    reached = n
    return max([n + 1], key=calls_builtin)   # max's level, then the key's frame


class Eq:
    def __eq__(self, other):
        global reached
        reached += 1
        return self == other                  # the comparison's level, then __eq__'s frame


def compares(n):
    return Eq() == Eq()


def leaf_hook(frame, event, arg):
    return None


def varargs_hook(frame, event, arg):
    frame.f_code.co_name.startswith("x")   # METH_VARARGS: a level
    return None


def fastcall_hook(frame, event, arg):
    getattr(frame, "f_lineno", None)       # METH_FASTCALL, warm: no level
    len("abc")                             # len: no level
    return None


def measure(setter, hook, fn):
    global reached
    reached = 0
    for _ in range(20):  # (the hook warm, as CPython's specializer has it)
        hook(sys._getframe(), "call", None)
    setter(hook)
    try:
        fn(0)
    except RecursionError as e:
        message = str(e)
    setter(None)
    return reached, message


for setter in (sys.setprofile, sys.settrace):
    for hook, fn in ((leaf_hook, plain), (varargs_hook, plain), (fastcall_hook, plain),
                     (leaf_hook, calls_builtin), (leaf_hook, compares),
                     (varargs_hook, compares)):
        print(setter.__name__, hook.__name__, fn.__name__, *measure(setter, hook, fn))

print("no hook", *measure(lambda h: None, leaf_hook, plain))
src = "try:\n    plain(0)\nexcept RecursionError as e:\n    print('exec', reached, e)\n"


def run_exec():
    # exec() takes a level while its code runs (a cold call site: once
    # CPython's code object is warm, its specialized call takes none)
    exec(src)


run_exec()
sys.setprofile(leaf_hook)
run_exec()
sys.setprofile(None)
