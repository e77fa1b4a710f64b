# Uncaught exception raised inside a generator body while a for loop drives it.
def numbers(limit):
    n = 0
    while True:
        if n > limit:
            raise OverflowError(f"generator passed {limit}")
        yield n
        n += 1


def pairs(gen):
    for a in gen:
        yield a, a * a


print(list(numbers(3)) if False else "start")
g = numbers(2)
print(next(g), next(g), next(g))
try:
    next(g)
except OverflowError as e:
    print("caught:", e)
try:
    next(g)
except StopIteration:
    print("finished generator raises StopIteration")
for a, sq in pairs(numbers(4)):
    print(a, sq)
