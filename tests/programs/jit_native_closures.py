# Native calls of closures (tier jit, issue #13): functions with free variables
# and cell variables called from traces as their own compiled code -- the
# caller makes the cells the callee's prologue would (MAKE_CELL) and passes
# the closure's (COPY_FREE_VARS).  Recursion through a nested def, a closure
# rebinding a cell (nonlocal), nested closures, a parameter that is a cell, a
# cell changed by another function between calls (never folded as a
# constant), closures made anew on every call of their outer function, guard
# failures inside the callee, RecursionError through a closure.
import sys


def make_walker(scale):
    def walk(node):
        # recursion through the closure's own free variable (walk is a cell)
        if isinstance(node, list):
            total = 0
            for item in node:
                total += walk(item)
            return total * scale
        return node
    return walk


def make_counter():
    count = 0

    def bump(k):
        nonlocal count
        count += k
        if k > 0:
            return bump(k - 1)
        return count

    def reset(v):
        nonlocal count
        count = v
    return bump, reset


def make_adder(base):
    def outer(x):
        def inner(y):
            # nested: base is free in outer and inner, x free in inner
            if y <= 0:
                return base + x
            return inner(y - 1) + 1
        return inner(x % 7)
    return outer


def cell_param(n, acc):
    # a parameter that is a cell variable: the call site wraps it in a new cell
    def get():
        return acc
    if n == 0:
        return get()
    acc = acc + n
    return cell_param(n - 1, acc) + get() - acc


def fresh(n):
    # closures made anew on every call: the native call reads this one's cells
    def tri(k):
        if k <= 0:
            return n
        return tri(k - 1) + k
    return tri(5)


def main():
    tree = [[1, 2, [3, 4]], [5, [6, [7, 8.5]]], 9]
    walk2 = make_walker(2)
    walk3 = make_walker(3)
    print([walk2(tree) for _ in range(3)], walk3(tree))
    acc = 0
    for i in range(300):
        acc += (walk2 if i % 3 else walk3)(tree)
    print(acc)

    bump, reset = make_counter()
    seen = []
    for i in range(200):
        if i % 50 == 0:
            reset(i * 1000)     # the cell changed by another function between calls
        seen.append(bump(i % 6))
    print(seen[:12], seen[-5:], sum(seen))

    add = make_adder(100)
    print(sum(add(i) for i in range(200)), make_adder(0.5)(3), make_adder("z")(0) if False else 0)

    print([cell_param(k, k * 10) for k in range(8)], sum(cell_param(9, i) for i in range(200)))

    print(sum(fresh(i) for i in range(300)), fresh(2.5))

    # a guard failure inside the native callee: the type of a cell's contents changes
    bump2, reset2 = make_counter()
    out = []
    for i in range(120):
        if i == 90:
            reset2(0.25)
        if i == 110:
            reset2(10 ** 30)
        out.append(bump2(3))
    print(out[85:95], out[-3:])

    # RecursionError through a closure: message and where it stops
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    deep = make_walker(1)
    nest = 5
    for _ in range(400):
        nest = [nest]
    try:
        deep(nest)
    except RecursionError as e:
        print("RecursionError:", e)
    sys.setrecursionlimit(old)
    print(deep([[[[[1]]]]]))


main()
