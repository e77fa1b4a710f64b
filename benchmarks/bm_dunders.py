"""Dunders: a loop over program objects whose every instruction calls a dunder
method -- ``if obj:`` (``__bool__``), ``k in obj`` (``__contains__``, a scan),
``for x in obj`` (``__iter__`` and a program iterator's ``__next__``),
``obj[k]``/``obj[k] = v``/``del obj[k]``, ``len(obj)``, ``-obj``/``~obj``/``+obj``,
instances as dict and set keys (``__hash__``/``__eq__``), ``obj(x)``
(``__call__``), ``a + b``/``a < b``.

The methods are a few lines each (``_mix``) (no builtin fast path: each is the program's
code), so an iteration's recording inlining all of them is long: what it does
not inline is called natively (issues #13/#16, notes/performance.md).  ``n`` is
the number of rounds over the objects.
"""

WORKLOAD = 150
QUICK_WORKLOAD = 20


def _mix(k, w):
    # (a few lines of arithmetic each method shares: the program's own code, as
    # a real method's body would be)
    a = (k * 31 + w * 7 + 3) % 1000003
    b = a ^ (w << 3)
    c = (b + a * 5) % 65521
    return (a + b + c) % 1000003


class Cell:
    __slots__ = ("k", "w")

    def __init__(self, k, w):
        self.k = k
        self.w = w

    def __bool__(self):
        h = _mix(self.k, self.w)
        return (h * 7 + self.w) % 5 != 0

    def __neg__(self):
        return Cell(-self.k, _mix(self.w, self.k) % 1009 + 1)

    def __invert__(self):
        return (_mix(self.k, 3) ^ 0x5A5A) & 0xFFFF

    def __pos__(self):
        return _mix(self.k, self.w) % 97 + self.w % 13

    def __add__(self, o):
        return Cell((self.k + o.k) % 100003, (_mix(self.w, o.w) + o.w) % 1009 + 1)

    def __lt__(self, o):
        return _mix(self.k, self.w) < _mix(o.k, o.w)

    def __eq__(self, o):
        return type(o) is Cell and self.k == o.k and self.w == o.w

    def __hash__(self):
        return _mix(self.k, self.w)

    def __call__(self, x):
        return (x * self.w + _mix(self.k, x)) % 65521


class Ring:
    """A fixed-size ring of ints."""

    def __init__(self, n, seed):
        self.items = [(seed * 31 + i * 17) % 101 for i in range(n)]
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self.items[_mix(i, 1) % self.n]

    def __setitem__(self, i, v):
        self.items[_mix(i, 2) % self.n] = v % 101

    def __delitem__(self, i):
        self.items[_mix(i, 3) % self.n] = 0

    def __contains__(self, v):
        h = _mix(v, 4)
        return (self.items[h % self.n] == v) | (h % 3 == 0)



class View:
    """The cells seen through a program iterator (``for c in view``)."""

    def __init__(self, cells):
        self.cells = cells

    def __iter__(self):
        return ViewIter(self.cells)


class ViewIter:
    def __init__(self, cells):
        self.cells = cells
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        i = self.i
        if i >= len(self.cells):
            raise StopIteration
        self.i = i + 1
        return self.cells[i]


def make(count):
    cells = []
    seed = 4242
    for i in range(count):
        seed = (seed * 1103515245 + 12345) % 2147483648
        cells.append(Cell(seed % 1000 - 500, i % 37 + 1))
    return cells


def run(n):
    cells = make(300)
    ring = Ring(12, 7)
    view = View(cells)
    total = 0
    for r in range(n):
        seen = {}
        bag = set()
        acc = Cell(0, 1)
        i = 0
        for c in view:                              # __iter__, __next__
            if c:                                   # __bool__
                total += 1
            if i % 101 in ring:                     # __contains__
                total += 3
            ring[i] = c.k                           # __setitem__
            total += ring[i + r]                    # __getitem__
            del ring[i + 5]                         # __delitem__
            total += len(ring)                      # __len__
            total += ~c + +c                        # __invert__, __pos__
            acc = acc + -c                          # __neg__, __add__
            if c < acc:                             # __lt__
                total += 2
            seen[c] = i                             # __hash__ (dict)
            bag.add(c)                              # __hash__ (set)
            total += c(i)                           # __call__
            i += 1
        total += len(seen) + len(bag) + acc.k % 1000
        total %= 1000000007
    return total


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
