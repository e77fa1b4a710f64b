# sys.settrace / sys.setprofile set and removed while hot loops run (issue #17):
# the loops are compiled first (tier jit, threshold 2), then a callee sets the
# hooks mid-loop; the loop goes on traced, then the hooks go and it runs
# compiled again.  Events: (event, function, line[, builtin]).
import sys

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer


def profiler(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        name = getattr(arg, "__name__", None) if event.startswith("c_") else None
        events.append(("P " + event, frame.f_code.co_name, frame.f_lineno, name))


def square(x):
    return x * x


def maybe_hook(i, on, off):
    if i == on:
        sys.settrace(tracer)
        sys.setprofile(profiler)
    elif i == off:
        sys.settrace(None)
        sys.setprofile(None)


def hot(n, on, off):
    total = 0
    for i in range(n):
        maybe_hook(i, on, off)
        total += square(i)
        if i % 7 == 3:
            total -= len(str(i))
    return total


def hot_while(n, on, off):
    i = 0
    acc = []
    while i < n:
        maybe_hook(i, on, off)
        acc.append(i & 3)
        i += 1
    return sum(acc)


for rnd in range(3):
    events.clear()
    print(hot(60, 40, 44), hot_while(50, 45, 47))
    for e in events:
        print(rnd, *e)
    print(sys.gettrace(), sys.getprofile())


# A frame whose own f_trace is set before the hook (as pdb's set_trace does)
def self_traced(n):
    frame = sys._getframe()
    frame.f_trace = tracer
    sys.settrace(tracer)
    s = 0
    for k in range(n):
        s += k
    sys.settrace(None)
    return s


events.clear()
print(self_traced(3))
for e in events:
    print(*e)
print(sys._getframe().f_trace in (None, tracer))
