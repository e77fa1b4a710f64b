"""Jumps by assigning frame.f_lineno in a trace function (a debugger's `jump`):
CPython's targets, stack clean-up and errors; opcode events (f_trace_opcodes);
pdb's jump command."""
import sys
def f():
    x = 1
    x = 2
    x = 3
    for i in range(2):
        x += 10
    try:
        1/0
    except ZeroDivisionError:
        x += 100
    return x
def make(spec):
    def t(frame, event, arg):
        if frame.f_code is f.__code__:
            key = (event, frame.f_lineno)
            if key in spec:
                try:
                    frame.f_lineno = spec.pop(key)
                    print("jumped", key, "->", frame.f_lineno)
                except (ValueError, AttributeError) as e:
                    print("error", key, type(e).__name__, e)
        return t
    return t
B = f.__code__.co_firstlineno - 2  # (the specs' lines are as if f started at line 2)
for spec in [{("line", 4): 5}, {("line", 3): 7}, {("line", 7): 12}, {("line", 4): 11},
             {("call", 2): 4}, {("line", 11): 9}, {("line", 5): 100}, {("line", 5): 1},
             {("line", 5): "x"}, {("line", 5): True}, {("line", 12): 6}, {("exception", 9): 12},
             {("return", 12): 3}, {("line", 3): 10}, {("line", 9): 11}, {("line", 7): 6},
             {("line", 10): 3}]:
    spec = {(e, ln + B): (to + B if type(to) is int and to < 50 else to)
            for (e, ln), to in spec.items()}
    sys.settrace(make(dict(spec)))
    try:
        r = f()
    finally:
        sys.settrace(None)
    print(spec, r)
fr = sys._getframe()
try:
    fr.f_lineno = 3
except ValueError as e:
    print("not tracing:", e)
try:
    del fr.f_lineno
except AttributeError as e:
    print("del:", e)


# out of a handler: the handled exception is the one before it again
def handler():
    try:
        raise KeyError("k")
    except KeyError:
        inside = repr(sys.exc_info()[1])
        x = 1
    x = 2
    return inside, sys.exc_info()


def out_of_handler(frame, event, arg):
    first = handler.__code__.co_firstlineno
    if frame.f_code is handler.__code__ and event == "line" and frame.f_lineno == first + 5:
        frame.f_lineno = first + 6
    return out_of_handler


try:
    raise ValueError("outer")
except ValueError:
    sys.settrace(out_of_handler)
    r = handler()
    sys.settrace(None)
    print("out of handler:", r[0], repr(r[1][1]))


# out of nested loops (their iterators are dropped), and backwards
def loops():
    hits = []
    for i in range(3):
        for j in range(3):
            hits.append((i, j))
    hits.append("end")
    return hits


def leave_loops(frame, event, arg):
    first = loops.__code__.co_firstlineno
    if frame.f_code is loops.__code__ and event == "line" and frame.f_lineno == first + 4:
        if len(frame.f_locals["hits"]) == 2:
            frame.f_lineno = first + 5
    return leave_loops


sys.settrace(leave_loops)
print("left loops:", loops())
sys.settrace(None)


def again():
    n = 0
    n += 1
    return n


def back(frame, event, arg):
    first = again.__code__.co_firstlineno
    if frame.f_code is again.__code__ and event == "line" and frame.f_lineno == first + 3:
        if frame.f_locals["n"] < 3:
            frame.f_lineno = first + 2
    return back


sys.settrace(back)
print("backwards:", again())
sys.settrace(None)


# in a generator
def gen():
    yield 1
    yield 2
    yield 3


def skip(frame, event, arg):
    first = gen.__code__.co_firstlineno
    if frame.f_code is gen.__code__ and event == "line" and frame.f_lineno == first + 1:
        frame.f_lineno = first + 2
    return skip


sys.settrace(skip)
print("generator:", list(gen()))
sys.settrace(None)


# opcode events
def small(a):
    b = a + 1
    return b * 2


def opcodes(frame, event, arg):
    if frame.f_code is small.__code__:
        frame.f_trace_opcodes = True
        print(" ", event, frame.f_lineno, frame.f_lasti)
    return opcodes


sys.settrace(opcodes)
small(1)
sys.settrace(None)


# pdb's jump command
import io
import pdb


def steps():
    total = 0
    total += 1
    total += 10
    total += 100
    return total


session = io.StringIO("step\nnext\nnext\njump 168\np total\nnext\np total\njump 165\ncontinue\n")
pdb.Pdb(stdin=session, stdout=sys.stdout, nosigint=True).run("print('pdb:', steps())")
