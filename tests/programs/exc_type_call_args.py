# Uncaught TypeError from bad call arguments; caught variants for many argument-binding errors.
def f(a, b, *, c=1):
    return a + b + c


def g(x, /, y):
    return x, y


class K:
    def m(self, q):
        return q


for call in [
    lambda: f(1),
    lambda: f(1, 2, 3),
    lambda: f(1, 2, d=4),
    lambda: f(1, b=2, a=3),
    lambda: g(x=1, y=2),
    lambda: K().m(),
    lambda: K().m(1, 2),
    lambda: K.m(1),
    lambda: f(*[1], **{"b": 2, "c": 3, "e": 5}),
    lambda: len(),
    lambda: len(1, 2),
    lambda: int(x=3),
]:
    try:
        print(call())
    except TypeError as e:
        print("caught:", e)


def three(a, b, c):
    return a * b * c


print(three(1, 2, 3))
print(three(1, 2))
