# Host builtins consuming VM iterators: __iter__/__next__, __getitem__ fallback, __len__, __bool__, __contains__, __reversed__.
class Countdown:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        n = self.start
        while n > 0:
            yield n
            n -= 1

    def __reversed__(self):
        return iter(range(1, self.start + 1))

    def __len__(self):
        return self.start

    def __contains__(self, item):
        print("  __contains__", item)
        return 0 < item <= self.start


class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i


class Manual:
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > 3:
            raise StopIteration
        return self.i


class Falsy:
    def __bool__(self):
        print("  __bool__")
        return False


class LenOnly:
    def __len__(self):
        return 0


c = Countdown(5)
print(list(c), tuple(c), set(c) == {1, 2, 3, 4, 5}, sorted(c), len(c))
print(list(reversed(c)), 3 in c, 9 in c, sum(c), max(c), min(c))
print(list(Seq()), 9 in Seq(), list(enumerate(Seq())), "".join(str(x) for x in Seq()))
print(list(Manual()), dict(zip("abc", Manual())), [x for x in Manual()])
a, b, *rest = Countdown(4)
print(a, b, rest)
print(bool(Falsy()), not Falsy(), bool(LenOnly()), "yes" if Countdown(1) else "no")
print(list(map(str, Countdown(3))), "-".join(map(str, Countdown(3))))
print(dict.fromkeys(Countdown(2)), list(filter(lambda x: x % 2, Countdown(6))))
it = iter(Manual())
print(next(it), list(it), next(it, "exhausted"))
print(list(iter(Manual().__next__, 3)))
print(any(x > 4 for x in Countdown(5)), all(Countdown(3)), sorted(Countdown(3), reverse=True))
