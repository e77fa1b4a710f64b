"""global and nonlocal declarations, shadowing, closures rebinding enclosing variables."""
counter = 0
def incr(n=1):
    global counter
    counter += n
    return counter
for _ in range(5):
    incr(2)
print(counter)
def make_global():
    global created_later
    created_later = "made"
make_global()
print(created_later)
def outer():
    x = "outer"
    def middle():
        x = "middle"
        def inner():
            nonlocal x
            x = "inner-set"
            return x
        r = inner()
        return r, x
    res = middle()
    return res, x
print(outer())
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    def get():
        return count
    return inc, get
inc, get = make_counter()
inc2, get2 = make_counter()
for _ in range(3):
    inc()
inc2()
print(get(), get2())
x = "global x"
def shadow():
    x = "local x"
    def see():
        return x
    return see()
print(shadow(), x)
def unbound():
    try:
        print(x)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    x = 1
unbound()
def both():
    global x
    def inner():
        return x
    x = "rebound global"
    return inner()
print(both(), x)
class K:
    x = "class x"
    def m(self):
        return x
    y = [x for _ in range(1)]
print(K().m(), K.y)
def acc():
    total = 0
    def add(v):
        nonlocal total
        total += v
    for i in range(4000):
        add(i % 11)
    return total
print(acc())
def gen_nonlocal():
    state = []
    def g():
        nonlocal state
        state = state + [len(state)]
        yield state
    for _ in range(3):
        next(g())
    return state
print(gen_nonlocal())
