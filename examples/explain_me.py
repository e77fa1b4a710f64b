"""A program for `pyjit explain` and `pyjit report`: one loop the JIT compiles
(with a bridge for its second branch), one that calls a recursive function --
compiled since function traces are on by default (the recursion is native calls
of halvings()'s function trace; with --jit-function-threshold 0 the loop is not
compiled) -- and two it cannot, each for a different reason.

    pyjit explain examples/explain_me.py
    pyjit report -o report examples/explain_me.py     # then open report/index.html
"""


def halvings(x):
    return 0 if x < 2 else 1 + halvings(x // 2)


def compiled(n):
    # machine ints, a branch both ways (the other way becomes a bridge)
    total = 0
    for i in range(n):
        if i % 4 == 0:
            total += i >> 1
        else:
            total -= 1
    return total


def recursive_call(n):
    # the loop calls a recursive function: natively (its function trace)
    total = 0
    for i in range(n):
        total += halvings(i)
    return total


def squares(n):
    for i in range(n):
        yield i * i


def generator(n):
    # a `for` loop consuming the generator would compile with the generator's
    # body in its trace; consumed by a host builtin, the generator's own loop
    # (which yields) runs interpreted
    return sum(squares(n)) & 1023


def frame_access(n):
    # locals() reads the frame, which a trace keeps in registers: not traced
    total = 0
    for i in range(n):
        total += i + len(locals())
    return total


if __name__ == "__main__":
    print(compiled(20000), recursive_call(5000), generator(5000), frame_access(3000))
