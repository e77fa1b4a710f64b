# A local that a loop reads and assigns a new object every iteration
# (m = m.add(d)): the optimizer carries the object's fields around the loop and
# reads them from the entry object once, before the first iteration.  Each loop
# here lets the entry object or a later one out, or changes the entry object
# behind the loop's back, at a different point: the results (values, identity,
# __class__, weakref callbacks, __del__ order) must be the interpreter's.
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


class Pt:
    """Instance-dict attributes (inline values), weakref-able."""

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, o):
        return Pt(self.x + o.x, self.y + o.y)

    def __repr__(self):
        return f"Pt({self.x}, {self.y})"


class Other(Pt):
    def add(self, o):
        return Pt(self.x - o.x, self.y - o.y)


def plain(n):
    m = Vec(0.0, 0.0)
    d = Vec(0.5, 1.25)
    for _ in range(n):
        m = m.add(d)
    return m


def ints_then_float(n):
    # the fields change class part-way (int, then float at i == 300): the loop
    # leaves and comes back with a bridge or records again
    m = Vec(0, 0)
    for i in range(n):
        m = m.add(Vec(1 if i < 300 else 0.5, 2))
    return m


def entry_object_kept(n):
    # the entry object is also known by another name: it must stay what it was
    first = Vec(1.0, 2.0)
    m = first
    for i in range(n):
        m = m.add(Vec(i, 1.0))
    return first, m, m is first


def entry_object_changed_before_the_read(n):
    # the body writes the entry object (through another name) before reading
    # m's fields: the first iteration must read the new value
    m = Vec(1.0, 2.0)
    alias = m
    for i in range(n):
        alias.x = 100.0
        m = m.add(Vec(1.0, 1.0))
    return m, alias


def exits_now_and_then(n):
    # a branch the trace did not take leaves (and gets a bridge, which passes a
    # real object to the loop); the objects seen at those exits are kept
    m = Pt(0, 0)
    seen = []
    for i in range(n):
        if i % 50 == 7:
            seen.append(m)
            m = Pt(m.x, -m.y)
        m = m.add(Pt(1, 1))
    return m, seen[:3], len(seen), len({id(s) for s in seen})


def class_changed(n):
    # the object's class changes between iterations (a bridge assigns
    # __class__): add is Other.add from then on
    m = Pt(0, 0)
    for i in range(n):
        if i == 400:
            m.__class__ = Other
        m = m.add(Pt(2, 3))
        if i == 401:
            m.__class__ = Other
    return m, type(m).__name__


def weakref_on_the_entry_object(n):
    died = []
    m = Pt(5, 5)
    r = weakref.ref(m, lambda ref: died.append("entry object died"))
    for i in range(n):
        m = m.add(Pt(1, 0))
        if i == 2:
            died.append("third iteration")
    return m, died, r() is None


def unbound_at_entry(n):
    out = []
    for i in range(n):
        if i > 0:
            out.append(m.x)    # noqa: F821 (bound from the second iteration on)
        m = Vec(float(i), 0.0)
    try:
        for i in range(3):
            del m
            m = m.add(Vec(1.0, 1.0))
    except UnboundLocalError as e:
        out.append(type(e).__name__)
    return out[-3:]


for f in (plain, ints_then_float, entry_object_kept, entry_object_changed_before_the_read,
          exits_now_and_then, class_changed, weakref_on_the_entry_object, unbound_at_entry):
    print(f.__name__, f(1000))
    print(f.__name__, f(3))
