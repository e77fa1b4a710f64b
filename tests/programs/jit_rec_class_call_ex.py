# C(*args) and C(*args, **kwargs) of a program class in a hot loop: __init__ inlined from a CALL_FUNCTION_EX (no inline caches), left by a guard inside __init__ and by an exception raised there, with the caller's line in the traceback.
import traceback


class C:
    def __init__(self, a, b=2):
        self.s = a + b


class D(C):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.s *= 2


def f(n, bad_at):
    t = 0
    args = (1,)
    kw = {"b": 5}
    for i in range(n):
        t += C(*args).s
        t += C(*args, **kw).s
        t += D(*args, **kw).s
        if i == bad_at - 10:
            args = (1.5,)          # a float: the int guards inside __init__ fail
        if i == bad_at:
            args = (None,)         # raises inside the inlined __init__
    return t


print(f(30, 1000))
try:
    f(60, 40)
except TypeError:
    print(traceback.format_exc().replace(__file__, "PROG"))
