"""contextlib: contextmanager (with exceptions, swallowing, re-raise), suppress, ExitStack callbacks, closing, nullcontext, redirect_stdout."""
import contextlib
import io
import sys
@contextlib.contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")
with tag("html") as t:
    print("value", t)
    with tag("body"):
        print("content")
@contextlib.contextmanager
def handle(kind):
    try:
        yield
    except kind as e:
        print("handled", type(e).__name__, e)
with handle(KeyError):
    {}["missing"]
print("after handled")
try:
    with handle(KeyError):
        raise ValueError("not handled")
except ValueError as e:
    print("escaped", e)
@contextlib.contextmanager
def transform():
    try:
        yield
    except ZeroDivisionError as e:
        raise ArithmeticError("transformed") from e
try:
    with transform():
        1 / 0
except ArithmeticError as e:
    print(e, "cause:", type(e.__cause__).__name__)
with contextlib.suppress(FileNotFoundError, KeyError):
    {}["x"]
    print("not reached")
print("suppressed")
with contextlib.ExitStack() as stack:
    stack.callback(print, "callback 1")
    stack.callback(lambda: print("callback 2"))
    names = [stack.enter_context(tag(f"t{i}")) for i in range(3)]
    print("names", names)
with contextlib.ExitStack() as stack:
    stack.callback(print, "will run")
    moved = stack.pop_all()
print("stack closed; moved still pending")
moved.close()
def suppressing_cb(*exc):
    print("exit callback sees", exc[0].__name__)
    return True
with contextlib.ExitStack() as stack:
    stack.push(suppressing_cb)
    raise RuntimeError("swallowed by pushed exit")
print("after ExitStack swallow")
class Closable:
    def close(self):
        print("closed Closable")
with contextlib.closing(Closable()) as c:
    print("using", type(c).__name__)
with contextlib.nullcontext(42) as v:
    print("nullcontext", v)
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("captured line")
    print("second")
print("captured:", repr(buf.getvalue()))
err = io.StringIO()
with contextlib.redirect_stderr(err):
    print("to stderr", file=sys.stderr)
print("err captured:", repr(err.getvalue()))
@contextlib.contextmanager
def counter(store):
    store["n"] += 1
    yield store["n"]
store = {"n": 0}
for i in range(2000):
    with counter(store) as n:
        pass
print(n)
@contextlib.contextmanager
def bad():
    yield 1
    yield 2
try:
    with bad():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)
@contextlib.contextmanager
def no_yield():
    if False:
        yield
try:
    with no_yield():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)
class Dec(contextlib.ContextDecorator):
    def __enter__(self):
        print("dec enter")
        return self
    def __exit__(self, *e):
        print("dec exit")
@Dec()
def decorated(x):
    print("in decorated", x)
    return x * 2
print(decorated(4))
@tag("fn")
def tagged():
    print("tagged body")
tagged()
