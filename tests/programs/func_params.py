"""Function parameters: defaults (incl. mutable default pitfall), keyword-only, positional-only, *args/**kwargs."""
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9))
print(f(a=1, c=2, b=3, z=0))
def pos(a, b, /, c, *, d):
    return a, b, c, d
print(pos(1, 2, 3, d=4), pos(1, 2, c=3, d=4))
def pos_kw_same(a, /, **kw):
    return a, kw
print(pos_kw_same(1, a=2))
def mutable_default(x, acc=[]):
    acc.append(x)
    return acc
print(mutable_default(1), mutable_default(2), mutable_default(3, []), mutable_default(4))
def none_default(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc
print(none_default(1), none_default(2))
counter = 0
def side():
    global counter
    counter += 1
    return counter
def evaluated_once(x=side()):
    return x
print(evaluated_once(), evaluated_once(), counter)
def only_star(*args):
    return len(args), args
print(only_star(), only_star(*range(5)))
def only_kw(**kw):
    return sorted(kw.items())
print(only_kw(), only_kw(b=1, a=2))
def defaults_ref(n, table={}):
    if n in table:
        return table[n]
    r = n if n < 2 else defaults_ref(n - 1) + defaults_ref(n - 2)
    table[n] = r
    return r
print(defaults_ref(80))
def many(a, b, c, d, e, f, g, h):
    return a + b * c - d + e * f - g + h
t = 0
for i in range(3000):
    t += many(i, 1, 2, 3, e=4, f=5, g=6, h=i % 5)
print(t)
print(f.__defaults__, f.__kwdefaults__, f.__code__.co_argcount, f.__code__.co_kwonlyargcount,
      pos.__code__.co_posonlyargcount, f.__code__.co_varnames)
f.__defaults__ = (20,)
f.__kwdefaults__ = {"c": 30, "d": 40}
print(f(1))
