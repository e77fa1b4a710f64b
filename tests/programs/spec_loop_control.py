# Tier specialize: FOR_ITER_* and JUMP_BACKWARD forms under every kind of control flow:
# continue/break/else, try/finally and with blocks inside the body, nested loops over
# changing iterables, loops whose body raises, and loops left through return/yield.
import contextlib


def classify(items):
    evens = odds = skipped = 0
    for x in items:
        if x is None:
            skipped += 1
            continue
        if x < 0:
            break
        if x % 2:
            odds += 1
        else:
            evens += 1
    else:
        return ("complete", evens, odds, skipped)
    return ("broke", evens, odds, skipped)


for items in (range(50), list(range(50)), tuple(range(50)), [1, None, 2] * 20,
              list(range(30)) + [-1] + list(range(30)), (i for i in range(40)), range(0),
              range(100, 0, -7), [2.0, 3.0] * 20, iter([5] * 30)):
    print(classify(items))


def with_finally(n):
    log = []
    for i in range(n):
        try:
            if i % 7 == 3:
                continue
            if i == n - 2:
                break
            log.append(i)
        finally:
            log.append(-i)
    return len(log), sum(log), log[-4:]


print(with_finally(60), with_finally(3), with_finally(0))


def nested(rows):
    total = 0
    for r in rows:
        for v in r:
            if v == 13:
                break
            total += v
        else:
            total += 1000
    return total


print(nested([range(20), [1, 2, 3], (13, 4), range(5)] * 10),
      nested([[i] for i in range(60)]))


@contextlib.contextmanager
def tag(log, name):
    log.append("enter " + name)
    try:
        yield
    finally:
        log.append("exit " + name)


def with_blocks(n):
    log = []
    for i in range(n):
        with tag(log, str(i)):
            if i % 5 == 0:
                continue
            if i == 17:
                break
    return len(log), log[-3:]


print(with_blocks(40))


def find(seq, target):
    for i, v in enumerate(seq):
        if v == target:
            return i
    return -1


print([find(list(range(k)), k // 2) for k in range(60)][-5:], find("abcdef", "e"),
      find((1.5, 2.5), 2.5), find(range(10), 11))


def gen_loop(n):
    for i in range(n):
        if i % 3 == 0:
            continue
        yield i
        if i > 50:
            return


print(sum(gen_loop(100)), list(gen_loop(10)))


def raising(items):
    out = []
    for x in items:
        try:
            out.append(10 // x)
        except ZeroDivisionError:
            out.append("zero")
            continue
        except TypeError:
            break
    return out


print(raising([1, 2, 0, 5] * 20)[-5:], raising([1, 0, "x", 3]))


def while_loops(limit):
    i = 0
    hits = 0
    while True:
        i += 1
        if i > limit:
            break
        if i % 3:
            continue
        hits += 1
    j = limit
    while j:
        j -= 1
    return i, hits, j


print(while_loops(100), while_loops(0), while_loops(2.0))

# the same loop over a list that grows while iterated (bounded)
acc = [1]
for v in acc:
    if len(acc) < 80:
        acc.append(v + 1)
print(len(acc), acc[-1])

# loop variable rebinding and iterator exhaustion reuse
it = iter(range(10))
for a in it:
    for b in it:
        if b > a + 2:
            break
print(a, b, list(it))
