# Branch json2: a generator iterated where a trace records GET_ITER (its own
# iterator, no call), a loop's end into the return of a function called a few
# hundred times (bridged only after 200 runs), a function trace's path taken
# once in thousands of runs (never bridged), and generators finalized.


def gen(n):
    for i in range(n):
        yield i * i


def deepest(node):
    if isinstance(node, list):
        return 1 + max((deepest(v) for v in node), default=0)
    return 0


def walk(obj):
    total = 0
    for x in obj:          # GET_ITER: a generator, a list, a class's __iter__
        total += x
    return total


class Squares:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))


def tail(xs):
    s = 0
    for x in xs:
        s += x
    r = [s, len(xs)]       # the loop's end runs straight to the return
    return tuple(r)


def rare(k, i):
    if i % 3000 == 2999:
        return -k          # once in 3000 runs
    return k + 1


def closing(tag):
    try:
        yield 1
        yield 2
    finally:
        print("closed", tag)


def main():
    tree = [[[], [[]]], [], [[[[]]]]]
    print(deepest(tree), sum(deepest([tree] * (i % 3)) for i in range(300)))
    t = 0
    for i in range(600):
        if i % 5 == 0:
            t += walk([i, 1])
        elif i % 7 == 0:
            t += walk(Squares(i % 4))
        else:
            t += walk(gen(i % 6))
    print(t)
    g = gen(3)
    print(iter(g) is g, list(g), list(g))
    print(sum(tail(list(range(i % 9)))[0] for i in range(400)))
    acc = 0
    for i in range(9000):
        acc += rare(i % 11, i)
    print(acc)
    n = 0
    for i in range(400):
        f = closing(i) if i % 100 == 99 else gen(i % 4)
        n += next(f, 0)
        if i % 100 == 99:
            del f          # suspended: closed here (its finally prints)
    print(n)
    done = gen(2)
    print(list(done), next(done, "end"))


main()
