# At exit CPython's last collection runs every finalizer of what only __main__
# holds before it frees anything, in the collector's list order: allocation
# order, reshuffled by the full collection before it (an object reached only
# through one allocated after it goes to the end: D(5) inside D(4); a list's
# items in reverse).  A rebound name keeps its place in the namespace but its
# new object is finalized in allocation order (y: 9 after 6).
class D:
    def __init__(self, n, inner=None):
        self.n = n
        self.inner = inner

    def __del__(self):
        inner = self.inner.n if self.inner is not None else "-"
        print("del", self.n, "inner", inner, flush=True)


def gen(n):
    try:
        yield 1
    finally:
        print("gen finally", n, flush=True)


x = D(1)
y = D(2)
x = D(3)
z = D(4, D(5))
g1 = gen(1)
next(g1)
w = D(6)
lst = [D(7), D(8)]
g2 = gen(2)
next(g2)
y = D(9)
print("end")
