# Exceptions crossing recursion through functions with loops (tier jit, issue #13,
# jit/loopcall.py): raised in the loop at depth once its function trace and the
# loop's code are warm -- caught by a handler in a loop a few levels up, printed
# with its whole traceback (one entry per level, the right lines), and finally
# uncaught (the interpreter's traceback on stderr).  The top level enters the
# function trace from the interpreter, the levels below call it natively.
import sys
import traceback


def make(depth, width, base=1):
    if depth == 0:
        return base
    return [make(depth - 1, width, base * width + i) for i in range(width)]


def walk(node, bad):
    total = 0
    for child in node:
        if child == bad:
            raise ValueError(f"bad {child}")
        if isinstance(child, list):
            total += walk(child, bad)
        else:
            total += child
    return total


def guarded(node, bad, level):
    n = 0
    for child in node:
        try:
            if level:
                n += guarded(child, bad, level - 1)
            else:
                n += walk(child, bad) if isinstance(child, list) else child
        except ValueError as e:
            n += 1000 + len(str(e))
    return n


def countdown(node, k):
    # a while loop; the exception comes from a callee of the loop at depth
    i = 0
    acc = 0
    while i < len(node):
        child = node[i]
        if isinstance(child, list):
            acc += countdown(child, k)
        else:
            acc += 10 // (child - k)
        i += 1
    return acc


def main():
    tree = make(4, 3)
    for _ in range(120):
        walk(tree, -1)
        guarded(tree, -1, 2)
        countdown(tree, 0)
    print(walk(tree, -1), guarded(tree, -1, 2), countdown(tree, 0))
    print(guarded(tree, 150, 2), guarded(tree, 97, 1))
    for bad in (150, 121, 97):
        try:
            walk(tree, bad)
        except ValueError:
            print(traceback.format_exc())
    try:
        countdown(tree, 130)
    except ZeroDivisionError:
        print(traceback.format_exc())
    walk(tree, 161)


main()
