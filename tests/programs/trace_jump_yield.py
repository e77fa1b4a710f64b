"""Jumps from the `return` event of a `yield` (CPython's frame_setlineno allows
them: the frame is suspended there): the values under the yielded one that the
target does not have are dropped, and a close() or throw() raises at the
target -- inside or outside the try statements there.  Jumps from a real
return, from an exception leaving the generator, or to an incompatible stack
are refused with CPython's messages -- as is a jump from a generator with
nothing in its locals and stack (CPython 3.11 takes it for a cleared frame).  (The generators are not resumed with
next() after a jump: CPython 3.11 then runs the target line from its second
instruction, see pyjit.tracing.yield_jumped.)"""
import sys

out = []


def g_plain():
    out.append("start")
    yield 1
    out.append("after")


def g_try():
    x = "before try"
    out.append(x)
    try:
        out.append("in try")
        yield 2
    finally:
        out.append("finally")


def g_except():
    out.append("head")
    try:
        yield 3
    except KeyError as e:
        out.append(("caught", repr(e)))
        yield "handled"


def g_loop():
    out.append("top")
    for i in range(3):
        yield i
    out.append("done")


def g_return():
    yield 1
    return 5


def g_into_loop():
    for i in range(2):
        out.append(i)
    yield 9


def g_await_like():
    r = yield from g_plain()
    out.append(("returned", r))


def tracer_for(code, event, at, to):
    def t(frame, ev, arg):
        if frame.f_code is code and ev == event and frame.f_lineno == at:
            try:
                frame.f_lineno = to
                out.append(("jumped", at - code.co_firstlineno, "->",
                            frame.f_lineno - code.co_firstlineno))
            except ValueError as e:
                out.append(("refused", str(e)))
        return t
    return t


def run(gen_fn, event, at, to, then):
    code = gen_fn.__code__
    base = code.co_firstlineno
    g = gen_fn()
    sys.settrace(tracer_for(code, event, base + at, base + to))
    try:
        out.append(("first", next(g)))
        then(g)
    except BaseException as e:
        out.append(("raised", type(e).__name__, str(e)))
    finally:
        sys.settrace(None)
    print(gen_fn.__name__, out)
    out.clear()


def close(g):
    g.close()


def throw_key(g):
    out.append(("thrown->", g.throw(KeyError("k"))))


def throw_value(g):
    g.throw(ValueError("v"))


def exhaust(g):
    out.append(list(g))


run(g_plain, "return", 2, 1, close)                 # nothing in locals or stack: refused
run(g_try, "return", 5, 2, close)                   # out of the try: no finally
run(g_try, "return", 5, 4, close)                   # inside it: finally runs
run(g_try, "return", 5, 4, throw_value)
run(g_except, "return", 3, 1, throw_key)            # out of the try: the KeyError escapes
run(g_except, "return", 3, 3, throw_key)            # the same line: caught
run(g_loop, "return", 3, 4, close)                  # out of the loop: the iterator goes
run(g_loop, "return", 3, 2, close)                  # to the for line itself
run(g_into_loop, "return", 3, 2, close)             # into a loop's body: refused
run(g_return, "return", 2, 1, exhaust)              # a real return: refused
run(g_return, "return", 1, 5, close)                # after the end: refused
run(g_await_like, "return", 1, 2, close)            # from the yield of `yield from`
run(g_except, "return", 3, 5, throw_key)            # into the handler: refused


def g_thrown_through():
    yield 1


def t_unwind(frame, ev, arg):
    # an exception leaving the generator at its yield: its 'return' event
    # is not a suspension
    if frame.f_code is g_thrown_through.__code__ and ev == "return":
        try:
            frame.f_lineno = frame.f_code.co_firstlineno
        except ValueError as e:
            out.append(("refused", str(e)))
    return t_unwind


g = g_thrown_through()
next(g)
sys.settrace(t_unwind)
try:
    g.throw(OSError("x"))
except OSError as e:
    out.append(("escaped", str(e)))
sys.settrace(None)
print("unwinding", out)


def g_again(a):
    out.append(a)
    yield a + 1
    out.append("end")


def t_to_def(frame, ev, arg):
    # to the def line: the generator's start (CPython drops the value sent and
    # runs the body again; a resumption is sound here)
    if frame.f_code is g_again.__code__ and ev == "return" and \
            frame.f_lineno == g_again.__code__.co_firstlineno + 2:
        frame.f_lineno = g_again.__code__.co_firstlineno
        out.append(("jumped to def", frame.f_lineno - g_again.__code__.co_firstlineno))
        sys.settrace(None)
    return t_to_def


out.clear()
g = g_again(10)
sys.settrace(t_to_def)
out.append(next(g))
sys.settrace(None)
out.append(g.send("ignored"))
out.append(list(g))
print("to def", out)
