# contextlib driving VM generators and callbacks: contextmanager, ExitStack callbacks, suppress, redirect_stdout, closing.
import contextlib
import io


@contextlib.contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    except KeyError as e:
        print(f"tag {name} saw {e!r}")
        raise
    finally:
        print(f"</{name}>")


with tag("a") as t:
    print("inside", t)
try:
    with tag("b"):
        raise KeyError("k")
except KeyError:
    print("propagated")


@contextlib.contextmanager
def swallow():
    try:
        yield
    except ZeroDivisionError:
        print("swallowed")


with swallow():
    1 / 0
print("after swallow")
with contextlib.ExitStack() as stack:
    for i in range(3):
        stack.callback(print, "callback", i)
    stack.enter_context(tag("stacked"))
    stack.push(lambda et, ev, tb: print("push saw", et) or False)
    print("body of ExitStack")
with contextlib.suppress(FileNotFoundError, KeyError):
    {}["x"]
print("suppressed")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("captured line")
    with tag("inner"):
        pass
print("captured:", buf.getvalue().splitlines())


class Conn:
    def close(self):
        print("Conn.close called")


with contextlib.closing(Conn()) as c:
    print("using", type(c).__name__)
with contextlib.nullcontext(42) as v:
    print("null", v)


class Reentrant(contextlib.ContextDecorator):
    def __enter__(self):
        print("enter deco")
        return self

    def __exit__(self, *exc):
        print("exit deco", exc[0])
        return False


@Reentrant()
def decorated(x):
    return x * 2


print(decorated(21))
