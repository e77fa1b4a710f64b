# A call site in a hot loop that later calls something the interpreter treats
# its own way (issue #11): builtins that need the caller's frame, classes, bound
# builtins of other types.  The trace must leave, not call them blindly.


def frame_builtins():
    x = 42
    fs = [str] * 60 + [eval]
    for fn in fs:
        r = fn('x')
    print(r)
    out = []
    for fn in [len] * 60 + [locals, vars, dir, globals]:
        r = fn() if fn in (locals, vars, dir, globals) else fn('abc')
        out.append(sorted(r)[:3] if isinstance(r, (dict, list)) else r)
    print(out[-4:], out[0])


class Base:
    def hello(self):
        return "base"


class Child(Base):
    def hello(self):
        return "child+" + super().hello()


def super_site():
    # zero-argument super() at a site that called other classes before
    objs = [Child()] * 50
    out = []
    for o in objs:
        out.append(o.hello())
    fs = [int] * 40 + [super]
    r = None
    for fn in fs:
        try:
            r = fn()
        except RuntimeError as e:
            r = ("RuntimeError", str(e))
    print(out[-1], r)


def bound_builtins():
    # one site, bound builtins of different types and methods
    items = [[], [], {}, set(), []] * 30
    n = 0
    for it in items:
        m = it.clear
        m()
        n += 1
    calls = [[].append] * 40 + [{}.get, [1].pop, "ab".upper]
    res = []
    for c in calls:
        try:
            res.append(c(0))
        except (TypeError, IndexError) as e:
            res.append(type(e).__name__)
    print(n, res[-5:])


def type_one_arg():
    # type(x) with one argument is a plain call: the loop compiles
    names = []
    for v in [1, "a", 2.5, None, (1,), [2]] * 100:
        names.append(type(v).__name__)
    print(names[:6], len(names))


def new_methods():
    # T.__new__ of different types through one site
    out = []
    for t in [int] * 40 + [str, float]:
        out.append(t.__new__(t))
    print(out[-3:])


frame_builtins()
super_site()
bound_builtins()
type_one_arg()
new_methods()
