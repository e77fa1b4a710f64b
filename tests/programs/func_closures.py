"""Closures: cells shared between functions, loop capture pitfalls, cell contents, late binding."""
def make_funcs():
    fs = []
    for i in range(3):
        def f():
            return i
        fs.append(f)
    return fs
print([f() for f in make_funcs()])
def make_funcs_fixed():
    fs = []
    for i in range(3):
        def mk(j):
            def f():
                return j
            return f
        fs.append(mk(i))
    return fs
print([f() for f in make_funcs_fixed()])
def shared():
    x = 0
    def inc():
        nonlocal x
        x += 1
    def get():
        return x
    return inc, get
inc, get = shared()
inc(); inc()
print(get(), get.__closure__[0].cell_contents, inc.__code__.co_freevars, shared.__code__.co_cellvars)
def counter_gen():
    n = 0
    def step():
        nonlocal n
        n += 1
        return n
    return step
c = counter_gen()
for _ in range(4000):
    c()
print(c())
def deep():
    a = 1
    def l1():
        b = 2
        def l2():
            c = 3
            def l3():
                return a + b + c
            return l3
        return l2
    return l1
print(deep()()()())
def cell_before_assignment():
    def inner():
        return late
    try:
        inner()
    except NameError as e:
        print("NameError:", e)
    late = "now"
    return inner()
print(cell_before_assignment())
def arg_cell(x):
    def get():
        return x
    x = x * 2
    return get
print(arg_cell(21)())
adders = {}
for n in range(5):
    adders[n] = (lambda n: lambda v: v + n)(n)
print([adders[k](100) for k in adders])
def accumulate():
    items = []
    def add(v):
        items.append(v)
        return len(items)
    return add, items
add, items = accumulate()
for w in "abc":
    add(w)
print(items)
import types
cell = types.CellType(5)
print(cell.cell_contents)
def uses_cell():
    value = "orig"
    def reader():
        return value
    return reader
r = uses_cell()
r.__closure__[0].cell_contents = "patched"
print(r())
def class_in_closure():
    secret = 42
    class Inner:
        def reveal(self):
            return secret
    return Inner
print(class_in_closure()().reveal())
