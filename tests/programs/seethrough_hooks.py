"""Builtins the tracer sees through, under sys.setprofile / sys.settrace: the
builtin is a C call (c_call / c_return / c_exception) and its VM-level stand-in
never shows; a hook set from inside the generator while the builtin runs sees
the generator and the caller only; an uncaught exception through sum()."""
import sys


def gen(n):
    for i in range(n):
        yield i


def bad():
    yield 1
    raise RuntimeError("in gen")


events = []


def prof(frame, event, arg):
    name = getattr(arg, "__name__", None) if event.startswith("c_") else None
    events.append((event, frame.f_code.co_name, name))


def profiled():
    a = sum(gen(3))
    b = max((x for x in gen(3)), key=lambda v: -v)
    try:
        sorted(bad())
    except RuntimeError:
        pass
    return a, b


sys.setprofile(prof)
r = profiled()
sys.setprofile(None)
print(r)
for e in events:
    print(*e)

events.clear()


def tracer(frame, event, arg):
    events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer


def turns_tracing_on(n):
    for i in range(n):
        if i == 1:
            sys.settrace(tracer)
        yield i


def traced():
    total = sum(turns_tracing_on(3))
    total += max(turns_tracing_on(3))
    sys.settrace(None)
    return total


print(traced())
for e in events:
    print(*e)


def caller():
    return sum(x * 2 for x in bad())


caller()
