# Closures and comprehensions with loops of their own, called hot from loops
# (tier jit, issue #13): a closure made anew on every iteration whose loop has
# code is called by that code from the caller's trace (call_loop_in, with the
# closure the caller holds -- not a constant), and a comprehension whose loop
# stays unrolled in its function's trace.  Cells rebound inside the loop,
# a cell changed by another closure between calls, results and exceptions
# from the loop's exits.


def make_rng(seed):
    x = seed

    def rnd():
        nonlocal x
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        return x

    def reseed(v):
        nonlocal x
        x = v
    return rnd, reseed


def build(n, rnd):
    out = []
    for i in range(n):
        scale = i % 7 + 1

        def norm(vals):
            # a closure made anew each iteration, with a loop long enough to be called
            total = 0
            for v in vals:
                w = (v * scale + i) % 1000
                if w % 3 == 0:
                    total += w // 3
                elif w % 3 == 1:
                    total -= w % 17
                else:
                    total += (w * w) % 101
                u = (w ^ scale) + (v & 15) * 3 - (i % 5)
                if u % 4 == 0:
                    total += u // 4 - (v % 9) + (w % 11)
                else:
                    total -= (u % 7) * 2 - (w // 50)
            return total
        vals = [rnd() % 500 for _ in range(rnd() % 12 + 8)]
        out.append(norm(vals) + len([v for v in vals if v % 2]))
    return out


def shifted(n, k):
    acc = []
    for i in range(n):
        base = i * k

        def run(m):
            s = 0
            for j in range(m):
                s += (base + j) % 13
                t = (j * 7 + base) % 29 - (s % 5) + (j ^ 3) - ((base // 3) % 7)
                if t % 3 == 0:
                    s += t // 3 + (j % 4) - (s % 2)
                else:
                    s -= (t % 5) - (j % 3) * 2
                if s > 50 and 10 ** 6 < base < 10 ** 9:
                    raise OverflowError("too big")
            return s
        acc.append(run(i % 9 + 20))
    return acc


def main():
    rnd, reseed = make_rng(11)
    first = build(300, rnd)
    print(sum(first), first[:5], first[-3:])
    reseed(11)                      # changed by another closure: same values again
    print(build(300, rnd) == first)
    reseed(7)
    print(sum(build(200, rnd)))
    print(sum(shifted(400, 3)), shifted(5, 10 ** 20)[:3])
    try:
        shifted(3, 10 ** 7)
    except OverflowError as e:
        print("OverflowError:", e)
    # a float base: the guards inside the called loop fail, the interpreter finishes it
    print(sum(shifted(30, 0.5)))


main()
