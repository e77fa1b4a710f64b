"""Comprehension scoping: loop variables don't leak, first iterable in enclosing scope, class body rules, closures over comp vars."""
x = "outer x"
lst = [x for x in range(3)]
print(lst, x)
print([y for y in range(2)], "y" in globals())
def f():
    n = 10
    return [n + i for i in range(3)]
print(f())
class A:
    data = [1, 2, 3]
    factor = 10
    doubled = [d * 2 for d in data]
    try:
        scaled = [d * factor for d in data]
    except NameError as e:
        scaled = "NameError: " + str(e)
    pairs = [(a, b) for a in data for b in [0]]
    try:
        cross = [(a, b) for a in data for b in data]
    except NameError as e:
        cross = "NameError: " + str(e)
    first_ok = {d: None for d in data}
print(A.doubled, A.scaled, A.pairs, A.cross, A.first_ok)
funcs = [lambda: i for i in range(3)]
print([fn() for fn in funcs])
funcs2 = [(lambda i=i: i) for i in range(3)]
print([fn() for fn in funcs2])
def nested_comp_closure():
    return [[lambda: (i, j) for j in range(2)] for i in range(2)]
print([[fn() for fn in row] for row in nested_comp_closure()])
def uses_outer_var():
    base = 100
    def inner():
        return [base + k for k in range(2)]
    return inner()
print(uses_outer_var())
def rebinding_after():
    items = [1, 2]
    gen = [i * 2 for i in items]
    items = [5]
    return gen, items
print(rebinding_after())
i = "module i"
print([i for i in "ab"], i)
print({i: i for i in range(2)}, {i for i in range(2)}, i)
try:
    [undefined_name for _ in range(1)]
except NameError as e:
    print("NameError:", e)
print([[k for k in range(j)] for j in range(4)])
def comp_in_func_uses_arg(a, b):
    return [a * k + b for k in range(3)]
print(comp_in_func_uses_arg(2, 1))
class B:
    v = 5
    lam = [lambda: v for _ in range(1)]
v = "global v"
print(B.lam[0]())
def walrus_leak():
    [(last := k) for k in range(4)]
    return last
print(walrus_leak())
total = 0
for rep in range(300):
    total += sum([k * rep for k in range(10)])
print(total)
print([locals().get("x", "nox") for x in range(1)] if False else "skip locals")
