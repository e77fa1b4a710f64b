# A trace function sees an async generator's yield as CPython shows it: the
# 'return' event's argument is the wrapped value (its type's name is CPython's).
import sys


async def ag(n):
    for i in range(n):
        yield i * 2


def tracer(frame, event, arg):
    if frame.f_code.co_name == "ag" and event == "return":
        print("return", type(arg).__name__, type(arg).__module__)
    return tracer


async def main():
    out = []
    async for v in ag(3):
        out.append(v)
    return out


sys.settrace(tracer)
c = main()
try:
    c.send(None)
except StopIteration as e:
    sys.settrace(None)
    print(e.value)
