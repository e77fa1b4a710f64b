"""itertools driven by VM generators and functions: count, cycle, islice, chain, groupby, accumulate, takewhile, product, tee, starmap."""
import itertools as it
import operator
def naturals():
    n = 1
    while True:
        yield n
        n += 1
print(list(it.islice(naturals(), 5)), list(it.islice(naturals(), 10, 20, 3)))
print(list(it.takewhile(lambda x: x * x < 50, naturals())), list(it.dropwhile(lambda x: x < 5, range(9))))
print(list(it.islice(it.cycle("ab"), 5)), list(it.repeat("z", 3)), list(it.islice(it.count(10, 5), 4)))
print(list(it.chain([1], (x for x in "xy"), it.chain.from_iterable([[2], [3, 4]]))))
data = sorted("mississippi")
print([(k, len(list(g))) for k, g in it.groupby(data)])
people = [("ann", "eng"), ("bob", "ops"), ("cid", "eng"), ("dee", "ops"), ("eve", "hr")]
for dept, grp in it.groupby(sorted(people, key=lambda p: p[1]), key=lambda p: p[1]):
    print(dept, [p[0] for p in grp])
print(list(it.accumulate(range(1, 8))), list(it.accumulate(range(1, 8), operator.mul)), list(it.accumulate([3, 1, 4, 1, 5], max, initial=0)))
print(list(it.accumulate(naturals().__next__() for _ in range(3))))
print(list(it.product("ab", range(2))), len(list(it.product(range(3), repeat=3))))
print(list(it.permutations("abc", 2)), list(it.combinations(range(4), 2)), list(it.combinations_with_replacement("ab", 2)))
print(list(it.starmap(lambda a, b: a ** b, [(2, 3), (3, 2)])), list(it.compress("abcdef", [1, 0, 1, 0, 1, 1])))
print(list(it.filterfalse(lambda x: x % 3, range(10))), list(it.zip_longest("ab", "xyz", fillvalue="-")))
print(list(it.pairwise("abcd")))
a, b = it.tee((x * x for x in range(5)))
print(list(a), list(b))
def primes():
    yield 2
    found = [2]
    for n in it.count(3, 2):
        if all(n % p for p in it.takewhile(lambda p: p * p <= n, found)):
            found.append(n)
            yield n
print(list(it.islice(primes(), 400))[-5:])
def window(seq, n):
    its = it.tee(seq, n)
    for i, x in enumerate(its):
        for _ in range(i):
            next(x, None)
    return zip(*its)
print(list(window(range(7), 3)))
batches = []
src = iter(range(10))
while chunk := list(it.islice(src, 3)):
    batches.append(chunk)
print(batches)
s = 0
for x, y in zip(naturals(), it.islice(naturals(), 3000)):
    s += x * y % 7
print(s)
print(sum(1 for _ in it.groupby([1, 1, 2, 2, 2, 1, 3, 3])))
