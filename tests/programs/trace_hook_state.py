"""What a program sees of its own state while a trace or profile hook is set
(found by the differential trace mode, tests/tracediff.py):

- locals() does not make the hooks refresh the locals dict (CPython 3.11's
  call_trampoline refreshes it only after frame.f_locals was read);
  a hook that reads and changes f_locals writes the change back;
- sys.getrefcount() of an argument is the same with a hook set and without;
- builtins the program replaced are not called by the hook machinery;
- the profile hook's `return` at a yield after the trace function jumped is at
  the jump's target line;
- type(f).__module__ of a function is 'builtins'."""
import builtins
import sys


def quiet(frame, event, arg):
    return quiet


def show_locals(p, q=2):
    r = p + q
    loc = locals()
    r = 10
    return sorted(loc.items())


sys.settrace(quiet)
print(show_locals(1))
sys.settrace(None)


def writer(frame, event, arg):
    if event == "line" and frame.f_code.co_name == "changed":
        if frame.f_locals.get("x") == 1:
            frame.f_locals["x"] = 100
    return writer


def changed():
    x = 1
    y = x + 1
    return x, y


sys.settrace(writer)
print(changed())
sys.settrace(None)


# reference counts: the same under each hook as without
b = object()


def counts():
    c = object()
    return sys.getrefcount(b), sys.getrefcount(c), sys.getrefcount(b, )


plain = counts()
for setter in (sys.settrace, sys.setprofile):
    setter(quiet)
    hooked = counts()
    setter(None)
    print(setter.__name__, [h - p for h, p in zip(hooked, plain)])


# builtins replaced while the hooks are set
def workload():
    s = [v * 2 for v in range(3)]
    try:
        {}["x"]
    except KeyError:
        pass
    return s, repr(s), len(s)


for name in ("id", "hasattr", "getattr", "isinstance", "type", "len", "repr"):
    real = getattr(builtins, name)
    calls = []

    def wrap(*a, real=real, calls=calls, **k):
        calls.append(1)
        return real(*a, **k)

    sys.settrace(quiet)
    sys.setprofile(lambda *a: None)
    setattr(builtins, name, wrap)
    try:
        result = workload()
    except BaseException as e:
        result = type(e).__name__
    finally:
        setattr(builtins, name, real)
        sys.settrace(None)
        sys.setprofile(None)
    print(name, result, len(calls))


# the profile hook's `return` of a yield the trace function jumped from
def gen():
    out = ["start"]
    yield 1
    out.append("after")
    yield 2


base = gen.__code__.co_firstlineno
lines = []


def jumper(frame, event, arg):
    if frame.f_code is gen.__code__ and event == "return" and frame.f_lineno == base + 2:
        frame.f_lineno = base + 1
    return jumper


def profiler(frame, event, arg):
    if frame.f_code is gen.__code__:
        lines.append((event, frame.f_lineno - base))


g = gen()
sys.settrace(jumper)
sys.setprofile(profiler)
next(g)
sys.settrace(None)
sys.setprofile(None)
g.close()
print(lines)


def f():
    pass


print(type(f).__module__, type(f).__name__, f.__module__, repr(type(f)))
f.__module__ = "elsewhere"
print(f.__module__, type(f).__module__)
del f.__module__
print(f.__module__)
