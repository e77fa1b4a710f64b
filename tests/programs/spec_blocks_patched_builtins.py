"""A program replaces builtins that the standard library (and importlib's own
Python code) call -- isinstance, hasattr -- with functions of its own, then
runs warm loops that raise: pyjit must not call them on its own behalf (its
lazily made parts, tracebacks through generated code), and the program's own
calls must be counted exactly as CPython counts them."""
import builtins

real_isinstance = builtins.isinstance
real_hasattr = builtins.hasattr
calls = []


def counting_isinstance(*a, **k):
    calls.append("isinstance")
    return real_isinstance(*a, **k)


def counting_hasattr(*a):
    calls.append("hasattr")
    return real_hasattr(*a)


builtins.isinstance = counting_isinstance
builtins.hasattr = counting_hasattr
try:
    def work(n):
        out = []
        for i in range(n):
            try:
                out.append(10 // (i % 3) + (1 if isinstance(i, int) else 0))
            except ZeroDivisionError:
                out.append(None)
        return out

    def gen(n):
        for i in range(n):
            yield i * 2

    r = work(40)
    s = sum(gen(40))
    t = [x for x in range(40) if hasattr(x, "real")]
finally:
    builtins.isinstance = real_isinstance
    builtins.hasattr = real_hasattr
print(r[:7], s, len(t), len(calls), sorted(set(calls)))
