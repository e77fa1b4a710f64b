"""Tier jit: loops entered from before the loop (FOR_ITER_JIT at the header)
whose bodies assign temporaries -- unbound on a visit's first iteration, when
the trace's entry would unbox them -- and loops of one or two iterations per
visit, whose recording at a back-edge sees the loop end.  The functions are
called from host code (map, sorted's key), so every visit enters the loop
from the interpreter.  With guard failures: a temporary whose
type changes, a visit of zero iterations, a temporary read after the loop
(unbound after zero iterations), a generator of one item, an exception in the
only iteration."""


def nearest(p, pts):
    best = None
    bd = 1e300
    for q in pts:
        d = (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2
        e = d * 0.5 + abs(q[0])
        if e < bd:
            bd = e
            best = q
    return best


def one_item(x, items):
    for v in items:                 # one iteration a visit
        t = v * x + 1.5
        u = t * t - v
        x = u / (t + 1.0)
    return x


def last_temp(xs):
    for v in xs:
        tmp = v * 2
    try:
        return tmp
    except UnboundLocalError:
        return "unbound"


def one_gen(n):
    yield n * 3


def from_gen(n):
    s = 0
    for v in one_gen(n):
        w = v + 0.25
        s += w
    return s


def raising_once(k):
    for v in (k,):
        r = 10.0 / (v % 50)
    return r


def main():
    pts = [(1.0, 2.0), (3.0, -1.0), (0.5, 0.5)]
    print(sum(map(lambda i: nearest((i * 0.5, -i * 0.25), pts)[0], range(3000))))
    print(sum(map(lambda i: nearest((i, -i), [(1, 2), (3, 4)])[1], range(1500))))
    print(round(sum(map(lambda i: one_item(float(i), [0.5]), range(4000))), 6))
    # the temporaries' types change: ints, then strs
    print(sum(map(lambda i: one_item(i, [2]), range(1000))))
    print(list(map(lambda i: last_temp(range(i % 3)), range(2000)))[-6:])
    print(sum(map(from_gen, range(3000))))
    out = []
    for i in range(1, 3000):
        try:
            out.append(raising_once(i))
        except ZeroDivisionError as e:
            out.append(str(e))
    print(len(out), out[48:51])
    print(sorted(range(2000), key=lambda i: one_item(i * 0.001, [1.0, 2.0][: i % 3]))[:5])


main()
