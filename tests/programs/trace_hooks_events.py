# The events of sys.settrace and sys.setprofile, as CPython reports them
# (issue #17): calls, lines, returns, exceptions through frames and handlers,
# generators (resumes, throw, close), with blocks, comprehensions, class
# bodies, lambdas, builtins calling back (sorted with a key), f_trace_lines,
# f_trace_opcodes, a hook's own code untraced, a hook that raises.
import sys

events = []


def where(frame):
    return (frame.f_code.co_name, frame.f_lineno)


def tracer(frame, event, arg):
    if frame.f_code.co_filename != __file__:
        return None
    if event == "exception":
        events.append((event, *where(frame), arg[0].__name__))
    elif event == "return":
        events.append((event, *where(frame), repr(arg)))
    else:
        events.append((event, *where(frame)))
    return tracer


def profiler(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        name = getattr(arg, "__name__", None) if event.startswith("c_") else None
        events.append(("P " + event, *where(frame), name))


def gen(n):
    try:
        for i in range(n):
            got = yield i
            if got:
                yield got * 10
    finally:
        events.append(("finally in gen",))


def inner(x):
    if x > 2:
        raise KeyError(x)
    return x


def middle(x):
    try:
        return inner(x)
    except KeyError as e:
        return -1
    finally:
        x = 0


class Ctx:
    def __repr__(self):
        return "Ctx()"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


def program():
    out = [middle(1), middle(5)]
    g = gen(5)
    out.append(next(g))
    out.append(g.send(3))
    out.append(next(g))
    try:
        g.throw(ValueError("in"))
    except ValueError:
        out.append("thrown")
    g2 = gen(3)
    next(g2)
    g2.close()
    with Ctx():
        1 / 0
    out.append(sorted([3, 1, 2], key=lambda v: -v))
    out.append({k: k * 2 for k in range(2)})

    class Local:
        attr = 1
        def method(self):
            return self.attr
    out.append(Local().method())
    out.append(list(map(inner, [0, 1])))
    try:
        [inner(k) for k in range(5)]
    except KeyError:
        out.append("listcomp raised")
    return out


sys.settrace(tracer)
sys.setprofile(profiler)
result = program()
sys.setprofile(None)
sys.settrace(None)
print(result)
for e in events:
    print(*e)

# f_trace_lines off, f_trace_opcodes on
events.clear()


def quiet_tracer(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        frame.f_trace_lines = False
        events.append((event, *where(frame)))
    return quiet_tracer


def opcode_tracer(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        frame.f_trace_opcodes = True
        events.append((event, *where(frame), frame.f_lasti))
    return opcode_tracer


def small(a):
    b = a + 1
    return b * 2


sys.settrace(quiet_tracer)
small(1)
sys.settrace(opcode_tracer)
small(2)
sys.settrace(None)
for e in events:
    print(*e)

# A hook that raises: removed, its exception raised where the event happened
events.clear()


def failing(frame, event, arg):
    if frame.f_code.co_filename == __file__ and event == "line" and frame.f_lineno == 152:
        raise RuntimeError("from the tracer")
    return failing


def victim():
    a = 1
    a += 1
    return a


sys.settrace(failing)
try:
    victim()
except RuntimeError as e:
    print("caught", e, sys.gettrace())


# The tracer's own calls are not traced; locals it changes are written back
def changing(frame, event, arg):
    if frame.f_code.co_name == "changed" and event == "line" and "v" in frame.f_locals:
        frame.f_locals["v"] = 42
        helper()
    return changing


def helper():
    events.append("helper ran")


def changed():
    v = 1
    return v


sys.settrace(changing)
print(changed())
sys.settrace(None)
print(events)
