# VM functions driven by host iteration: map (several iterables), filter, functools.reduce, itertools helpers.
import functools
import itertools
import operator


def square(x):
    return x * x


def is_odd(x):
    return x % 2 == 1


nums = list(range(1, 11))
print(list(map(square, nums)))
print(list(map(lambda a, b: a * 10 + b, [1, 2, 3], [4, 5, 6, 7])))
print(list(filter(is_odd, nums)), list(filter(None, [0, 1, "", "x", None])))
print(functools.reduce(lambda acc, x: acc * x, nums), functools.reduce(operator.add, [], 0))
print(list(itertools.starmap(pow, [(2, 5), (3, 2)])))
print([(k, list(g)) for k, g in itertools.groupby("aaabccdd", key=lambda c: c)])
print(list(itertools.accumulate(nums, lambda a, b: a + b if b % 2 else a - b)))
print(list(itertools.takewhile(lambda x: x < 4, nums)), list(itertools.dropwhile(lambda x: x < 8, nums)))
print(list(itertools.filterfalse(is_odd, nums)))
print(sum(map(square, filter(is_odd, nums))), any(map(lambda x: x > 9, nums)), all(x > 0 for x in nums))
lazy = map(square, itertools.count(1))
print(next(lazy), next(lazy), list(itertools.islice(lazy, 3)))
print(dict(zip("abc", map(str.upper, "abc"))), list(enumerate(map(len, ["aa", "b"]), start=5)))


def gen_pairs():
    for i in range(3):
        yield i, chr(97 + i)


print(dict(gen_pairs()), list(map(lambda p: p[::-1], gen_pairs())))
