"""Tier specialize's blocks: a frame inspected while one of its blocks runs
(a dunder or __del__ called from inside the block) reports the current line."""
import sys
import traceback


class Probe:
    def __add__(self, other):
        return sys._getframe(1).f_lineno

    def __getitem__(self, k):
        return sys._getframe(1).f_code.co_name, sys._getframe(1).f_lineno

    def __del__(self):
        traceback.print_stack(limit=2, file=sys.stdout)


def loop():
    p = Probe()
    lines = set()
    where = set()
    for i in range(40):
        x = i * 2
        lines.add(p + 1)
        y = x + 1
        where.add(p[y])
    p = None  # __del__ runs here: its caller's line is this one
    return sorted(lines), sorted(where)


def straight(n):
    total = 0
    while n:
        n -= 1
        total += n
        if n == 3:
            q = Probe()
            del q
    return total


print(loop())
print(straight(30))
