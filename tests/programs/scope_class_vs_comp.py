"""Class scope vs function/comprehension/lambda scope: what methods and nested code can see, __class__-free names, name resolution order."""
x = "global"
class C:
    x = "class"
    y = x
    def method(self):
        return x
    lam = lambda self: x
    comp = [x for _ in range(1)]
    gen_first = list(x for _ in range(1))
    try:
        gen_inner = list(_ for _ in range(1) if x)
    except NameError:
        gen_inner = "NameError"
print(C.y, C().method(), C().lam(), C.comp, C.gen_first, C.gen_inner)
def outer():
    x = "enclosing"
    class D:
        print("class body sees", x)
        x = "class D"
        def m(self):
            return x
        seen_in_comp = [x for _ in range(1)]
    return D().m(), D.x, D.seen_in_comp
print(outer())
def outer2():
    x = "enclosing2"
    class E:
        def m(self):
            return x
        z = x
    return E().m(), E.z
print(outer2())
def class_body_reads_global_when_local_later():
    y = "func y"
    class F:
        print("F sees", y)
    return "ok"
print(class_body_reads_global_when_local_later())
class Counter:
    count = 0
    def incr(self):
        Counter.count += 1
        self.count_inst = self.count
c = Counter()
for _ in range(3):
    c.incr()
print(Counter.count, c.count_inst, c.count)
class Nested:
    val = 1
    class Inner:
        try:
            v = val
        except NameError as e:
            v = "NameError: " + str(e)
print(Nested.Inner.v)
def func_with_class_using_arg(n):
    class G:
        size = n
        items = [i * n for i in range(3)]
    return G.size, G.items
print(func_with_class_using_arg(4))
class H:
    a = 1
    b = [a for _ in range(2)] if False else None
    def f(self, a=a):
        return a
print(H().f(), H.b)
total = 0
class Loop:
    acc = 0
    for i in range(3000):
        acc += i % 10
    total_seen = acc
print(Loop.total_seen, Loop.i)
