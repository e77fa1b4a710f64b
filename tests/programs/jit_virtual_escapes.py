# Objects a loop makes and mostly never lets out (the optimizer's virtualize pass
# removes their allocations): each loop lets them out now and then, at every kind
# of exit -- a guard that fails, an exception, a call of program code, a store to a
# global or a list, a yield, identity (id(), is), a weakref -- and the object that
# comes out must be the one the interpreter would have made, fields and identity.
import sys
import weakref


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"


class Rec:
    def __init__(self, a, b):
        self.a = a
        self.b = b


class Weak:
    __slots__ = ("v", "__weakref__")

    def __init__(self, v):
        self.v = v


def guard_exit(n):
    """A branch that fails now and then: its exit builds the objects (nested)."""
    kept = []
    t = 0
    for i in range(n):
        v = Vec(i, i + 1).add(Vec(1, 2))
        r = Rec(v.x, (i, v))
        if i % 97 == 13:
            kept.append(r)
        t += r.a + r.b[0] + r.b[1].y
    return t, [(k.a, k.b[0], repr(k.b[1]), sorted(vars(k))) for k in kept[:4]], len(kept)


def float_exit(n):
    """A float field whose box the trace sank: the exit boxes it again."""
    s = 0.0
    last = None
    for i in range(n):
        v = Vec(i * 0.5, 1.5)
        if i == n - 3:
            last = v
        s += v.x * v.y
    return s, last


def overflow_exit(n):
    """An int overflow (a guard that leaves in the middle of an expression)."""
    big = 2 ** 62
    out = []
    for i in range(n):
        r = Rec(i, big if i > n - 5 else i)
        out.append(r.b + r.b + r.a)
    return out[-6:]


def raises(n):
    """An exception raised while the object is virtual: the handler sees it."""
    got = []
    for i in range(n):
        r = Rec(i, (i, i * 2))
        try:
            if i % 50 == 49:
                raise ValueError(r)
            _ = r.a + r.b[1]
        except ValueError as e:
            got.append((e.args[0].a, e.args[0].b))
    return got[:5]


def zero_div(n):
    out = []
    for i in range(n):
        r = Rec(i, i % 10)
        try:
            out.append(r.a // r.b)
        except ZeroDivisionError:
            out.append(("zd", r.a, r.b))
    return out[:12]


def seen(obj, log):
    log.append((type(obj).__name__, getattr(obj, "a", None)))
    return 1


def call_escape(n):
    """A call of program code receives the object (it escapes there)."""
    log = []
    t = 0
    for i in range(n):
        r = Rec(i, -i)
        if i % 31 == 0:
            t += seen(r, log)
        t += r.a + r.b
    return t, log[:4]


STORE = None


def global_escape(n):
    global STORE
    lst = []
    for i in range(n):
        v = Vec(i, 2 * i)
        if i % 100 == 7:
            STORE = v
            lst.append(v)
    return STORE, lst[:3], lst[0] is lst[0]


def gen(n):
    for i in range(n):
        p = Vec(i, -i)
        if i % 40 == 0:
            yield p
        yield p.x + p.y


def yield_escape(n):
    out = [x for x in gen(n) if not isinstance(x, int) or x != 0]
    return out[:5], len(out)


def identity(n):
    """id() lets the object out; `is` between two fresh objects is False."""
    same = 0
    ids = set()
    for i in range(n):
        a = Vec(i, i)
        b = Vec(i, i)
        if a is b:
            same += 1
        if a is a:
            same += 2
        if i % 100 == 0:
            ids.add(id(a) == id(a))
    return same, ids


def weak(n):
    """A weakref (and its callback) sees the object die when the program drops it."""
    log = []
    for i in range(n):
        w = Weak(i)
        if i % 200 == 5:
            r = weakref.ref(w, lambda _, i=i: log.append(("dead", i)))
            log.append(("alive", r() is w))
            del w
            log.append(("after del", r() is None))
        else:
            log.append(w.v) if i % 300 == 0 else None
    return log


class Dying:
    log = []

    def __init__(self, k):
        self.k = k

    def __del__(self):
        Dying.log.append(self.k)


def with_del(n):
    """A class with __del__ is never virtual: each instance dies where it does."""
    t = 0
    for i in range(n):
        d = Dying(i)
        t += d.k
        if i % 100 == 0:
            Dying.log.append(("at", i))
    d = None
    return t, Dying.log[:8], len(Dying.log)


def tuples(n):
    """Tuples built and unpacked, one escaping into a list now and then."""
    acc = []
    t = 0
    for i in range(n):
        pair = (i, (i + 1, i + 2))
        a, (b, c) = pair
        t += a + b * c
        if i % 250 == 0:
            acc.append(pair)
    return t, acc[:3]


def carried(n):
    """A local whose object the loop makes each iteration (p = p.add(d)): the
    loop carries its fields; an exit before the local is assigned again hands
    over the object -- the one the interpreter made (the loop's first iteration
    after an entry: the entry object itself) or one made from the fields."""
    p = Vec(0.0, 0.0)
    d = Vec(0.5, -0.25)
    out = []
    for i in range(n):
        if i % 50 == 8:
            out.append(p)       # (read by the interpreter after the exit)
        p = p.add(d)
        if i % 50 == 7:
            out.append(p)       # the one the next iteration may hand over again
    same = [out[k] is out[k + 1] for k in range(0, len(out) - 1, 2)]
    return p, same, [(o.x, o.y) for o in out[:6]]


def _fill(payload, n):
    kept = None
    for i in range(n):
        r = Rec(payload, i)
        if i == n // 2:
            kept = r
        t = (r.a, i)[0]
    return kept.b, t is payload


def refcounts(n):
    """Many iterations: the fields' objects are neither leaked nor freed early
    (every reference the loops made is gone once they returned)."""
    payload = [1, 2, 3]        # (a fresh object: the trace holds no constant of it)
    before = sys.getrefcount(payload)
    got = [_fill(payload, n), _fill(payload, 3 * n)]
    return sys.getrefcount(payload) - before, got


# (called one by one: a loop over them would be traced too, and inline them)
print("guard_exit", guard_exit(1500))
print("float_exit", float_exit(1500))
print("overflow_exit", overflow_exit(1500))
print("raises", raises(1500))
print("zero_div", zero_div(1500))
print("call_escape", call_escape(1500))
print("global_escape", global_escape(1500))
print("yield_escape", yield_escape(1500))
print("identity", identity(1500))
print("weak", weak(1500))
print("with_del", with_del(1500))
print("tuples", tuples(1500))
print("carried", carried(1500))
print("refcounts", refcounts(1500))
