# Recursive functions with loops whose code changes while the functions' own
# traces are recorded and compiled (tier jit, issue #15, branch inflight): a
# function's recording that reaches its loop before the loop has code waits
# for it; a loop compiled again for another variable (a bridge binds one the
# trace did not carry, a value outgrows a machine int) is waited for too, and
# entries from before the loop made meanwhile decide nothing.  Whatever the
# compile thread's timing, the results are CPython's.


def walk(tree, depth, acc):
    total = 0
    for item in tree:
        if type(item) is list:
            total += walk(item, depth + 1, acc)
            deepest = depth + 1      # (bound on a rarer path: a bridge carries it)
            acc.append(deepest)
        else:
            total += item * depth
    if total > 40:
        acc.append(total % 97)
    return total


def solve(n, row, cols, placed, out):
    if row == n:
        out.append(sum(c * (i + 1) for i, c in enumerate(placed)))
        return
    for col in range(n):
        if col in cols or (row + col) % n == 3:
            continue
        cols.add(col)
        placed.append(col)
        solve(n, row + 1, cols, placed, out)
        placed.pop()
        cols.remove(col)


def tree(k):
    if k == 0:
        return [1, 2, 3]
    return [k, tree(k - 1), k * 2, [k] * 3, tree(k - 2) if k > 1 else 7]


def main():
    acc = []
    sums = []
    for rnd in range(6):
        t = tree(4 + rnd % 3)
        if rnd == 4:
            t.append(2 ** 70)        # (a big int: the loop's total kept an object)
        sums.append(walk(t, 1, acc))
        out = []
        solve(5 + rnd % 2, 0, set(), [], out)
        sums.append((len(out), sum(out) % 1009))
    print(sums)
    print(len(acc), sum(acc) % 100003)


main()
