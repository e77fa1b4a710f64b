"""@pyjit.jit in a normal Python process: the same int and float loops decorated
and undecorated, their results compared and their times printed.

    python3 examples/jit_decorator.py
"""

import time

import pyjit


def int_loop_plain(n):
    x = 12345
    total = 0
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        total += (x >> 7) % 1000 if x & 4 else i ^ (x & 255)
    return total


def float_loop_plain(n):
    s = 0.0
    v = 0.5
    for i in range(n):
        v = v * 0.999 + 0.001 * i
        s += v / (1.0 + v * v)
    return s


def _copy(fn, name):
    """Another function object with the same code (the undecorated one stays native)."""
    return type(fn)(fn.__code__, globals(), name)


# the same source, decorated
int_loop = pyjit.jit(_copy(int_loop_plain, "int_loop"))
float_loop = pyjit.jit(_copy(float_loop_plain, "float_loop"))


def best(fn, n, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = fn(n)
        times.append(time.perf_counter() - t0)
    return r, min(times), times[0]


if __name__ == "__main__":
    for name, jitted, plain, n in (("int loop", int_loop, int_loop_plain, 1_000_000),
                                   ("float loop", float_loop, float_loop_plain, 1_000_000)):
        r1, t_jit, first = best(jitted, n)
        r2, t_plain, _ = best(plain, n)
        assert r1 == r2, (name, r1, r2)
        print(f"{name} n={n}: undecorated {t_plain * 1e3:.1f} ms, @pyjit.jit {t_jit * 1e3:.1f} ms "
              f"(first call {first * 1e3:.1f} ms): {t_plain / t_jit:.1f}x faster, same result")
    print(pyjit.status())
