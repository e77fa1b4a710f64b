"""Tier jit: an outer loop whose body holds several inner loops of the same
frame, side by side and nested (bm_fannkuch's shape: ``while True`` around a
``while``, a ``while`` and a ``while ... else`` holding a ``for``).  The inner
loops get code first; their exits into the outer body get nest bridges that
reach the headers of the *other* inner loops.  Covered: trip counts that vary
on every visit, 0 included; ``break`` out of an inner loop and out of the
``for`` inside the ``while``; ``else`` clauses of ``while`` and ``for`` taken
and skipped; the outer loop ended from inside an inner loop's ``else``
(``return``); an exception raised in an inner loop at a later visit, caught
by the outer body, and one raised there and caught by the caller (its
traceback's line); the values of the inner loops' variables read after them."""


def perms(n):
    """fannkuch's permutation walk, with a checksum of the flips."""
    count = list(range(1, n + 1))
    perm1 = list(range(n))
    r = n
    flips_total = 0
    visits = 0
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm = perm1[:]
        k = perm[0]
        flips = 0
        while k:
            perm[:k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        flips_total += flips * (visits % 3 - 1)
        visits += 1
        while r != n:
            perm0 = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = perm0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        else:
            return flips_total, visits, perm1, i


def elses(n):
    """for/else and while/else inside an outer for: each else taken or not."""
    out = []
    for a in range(n):
        j = 0
        while j < a % 4:        # 0..3 trips
            j += 1
        else:
            j += 10             # always: no break in this while
        for b in range(a % 5):  # 0..4 trips
            if b == 3 and a % 2:
                break
        else:
            b = -1              # no break (or no trip at all)
        m = a
        while m > 7:
            m //= 3
            if m == 5:
                break
        else:
            m = -m
        out.append(j * 100 + b * 10 + m)
    return sum(out), out[-6:]


def raising(n, bad):
    """An inner loop raising at visit ``bad``: caught by the outer body."""
    total = 0
    caught = []
    for a in range(n):
        try:
            for b in range(a % 6):
                if a == bad and b == 2:
                    raise ValueError(f"visit {a}")
                total += b
            k = a
            while k > 1:
                k //= 2
                total += k
        except ValueError as e:
            caught.append(str(e))
        total += a
    return total, caught


def deep_raise(n):
    """An inner loop raising at a late visit, uncaught by the function."""
    s = 0
    for a in range(n):
        i = a % 3
        while i:
            i -= 1
            s += a
            if a == n - 2 and i == 0:
                s += 1 // i
    return s


def main():
    for n in (3, 5, 6):
        print(n, perms(n))
    for n in (10, 1100):
        print(n, elses(n))
    print(raising(300, 10))
    print(raising(1100, 1053))
    try:
        deep_raise(1100)
    except ZeroDivisionError as e:
        tb = e.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        print("ZeroDivisionError", e, tb.tb_lineno - tb.tb_frame.f_code.co_firstlineno)


main()
