"""sys.exc_info() and sys.exception() inside handlers, nested handlers, after handlers, in finally, in called functions, in generators."""
import sys
def info():
    t, v, tb = sys.exc_info()
    return (t.__name__ if t else None, str(v) if v else None, tb is not None)
print("before:", info())
try:
    raise ValueError("outer")
except ValueError:
    print("in handler:", info(), sys.exception())
    try:
        raise KeyError("inner")
    except KeyError:
        print("nested handler:", info())
    print("back in outer handler:", info())
print("after:", info(), sys.exception())
def raiser():
    raise IndexError("from function")
try:
    raiser()
except IndexError:
    print("handler calls helper:", info())
def fin():
    try:
        raise OSError("in fin")
    finally:
        print("in finally during propagation:", info())
try:
    fin()
except OSError:
    pass
print("cleared:", info())
def gen():
    try:
        raise ValueError("gen handler")
    except ValueError:
        yield info()
        yield info()
g = gen()
print("gen first:", next(g))
print("outside gen between yields:", info())
print("gen second:", next(g))
try:
    raise RuntimeError("outer for gen")
except RuntimeError:
    def inner_gen():
        yield info()
    print("gen started inside handler:", next(inner_gen()))
def e_var_cleared():
    try:
        raise ValueError("v")
    except ValueError as e:
        pass
    try:
        return e
    except UnboundLocalError as u:
        return "UnboundLocalError: " + str(u)
print(e_var_cleared())
e = "global e"
try:
    raise KeyError
except KeyError as e:
    pass
print("e" in globals())
class Reporter:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        print("exit sees:", info())
        return True
with Reporter():
    raise LookupError("with")
print("after with:", info())
tb_depths = []
def depth3():
    raise ZeroDivisionError("deep")
def depth2():
    depth3()
try:
    depth2()
except ZeroDivisionError:
    tb = sys.exc_info()[2]
    while tb:
        tb_depths.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
print(tb_depths)
count = 0
for i in range(2000):
    try:
        raise ValueError(i)
    except ValueError:
        if sys.exc_info()[1].args[0] == i:
            count += 1
print(count, info())
