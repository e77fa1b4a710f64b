"""Generator send/throw/close: accumulator coroutine, exceptions thrown in, GeneratorExit and finally, close return."""
def accumulator():
    total = 0
    count = 0
    while True:
        try:
            value = yield total
        except ValueError as e:
            print("accumulator got ValueError:", e)
            total = 0
            continue
        except GeneratorExit:
            print("closing accumulator at total", total)
            raise
        if value is None:
            break
        total += value
        count += 1
    return count
acc = accumulator()
print(next(acc))
for v in [5, 10, 15]:
    print("sent", v, "->", acc.send(v))
print(acc.throw(ValueError("reset")))
print(acc.send(7))
try:
    acc.send(None)
except StopIteration as e:
    print("returned", e.value)
acc2 = accumulator()
next(acc2)
acc2.send(1)
acc2.close()
print("closed", acc2.gi_frame)
acc2.close()
def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("finally runs")
g = with_finally()
next(g)
g.close()
g = with_finally()
print(list(g))
def bad_close():
    try:
        yield 1
    except GeneratorExit:
        yield "oops"
g = bad_close()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)
def throw_target():
    while True:
        try:
            yield "ready"
        except KeyError as e:
            yield f"handled {e}"
t = throw_target()
next(t)
print(t.throw(KeyError("k")))
print(next(t))
try:
    t.throw(IndexError("not handled"))
except IndexError as e:
    print("propagated IndexError:", e)
print(next(t, "exhausted"))
fresh = throw_target()
try:
    fresh.throw(TypeError("before start"))
except TypeError as e:
    print("TypeError before start:", e)
try:
    gen = with_finally()
    gen.send(5)
except TypeError as e:
    print("TypeError:", e)
def averager():
    total, n, avg = 0.0, 0, None
    while True:
        x = yield avg
        total += x
        n += 1
        avg = total / n
av = averager()
next(av)
for i in range(1, 3001):
    r = av.send(i)
print(r)
def throw_type():
    try:
        yield
    except Exception as e:
        print("caught", type(e).__name__, e.args)
        yield "after"
g = throw_type()
next(g)
print(g.throw(ValueError))
g = throw_type()
next(g)
print(g.throw(ValueError, ValueError("with value")))
def ret_on_exit():
    try:
        yield 1
    except GeneratorExit:
        return "ignored"
g = ret_on_exit()
next(g)
print(g.close())
