"""Function attributes: __name__, __qualname__, __module__, __defaults__, __kwdefaults__, __dict__, __doc__, __code__."""
def top(a, b=1, *, c=2):
    """Top-level doc."""
    return a
class Outer:
    def method(self):
        def local():
            pass
        return local
    class Inner:
        def deep(self):
            pass
print(top.__name__, top.__qualname__, top.__module__, top.__doc__)
print(top.__defaults__, top.__kwdefaults__, top.__code__.co_name, top.__code__.co_filename.endswith("func_attributes.py"))
print(Outer.method.__qualname__, Outer().method().__qualname__, Outer.Inner.deep.__qualname__)
print(Outer.method.__name__, Outer().method.__name__, Outer().method.__func__ is Outer.method)
top.custom = "value"
top.counter = 0
for _ in range(5):
    top.counter += 1
print(top.__dict__, top.custom, getattr(top, "missing", "default"), hasattr(top, "counter"))
top.__name__ = "renamed"
top.__qualname__ = "Q.renamed"
top.__doc__ = "New doc"
print(top.__name__, top.__qualname__, top.__doc__)
def nodoc():
    x = 1
print(nodoc.__doc__, (lambda: 0).__name__, (lambda: 0).__doc__)
print(callable(top), type(top).__name__, top.__globals__ is globals(), top.__closure__)
def with_closure():
    v = 1
    def inner():
        return v
    return inner
print(len(with_closure().__closure__), with_closure().__code__.co_freevars)
code = top.__code__
print(code.co_argcount, code.co_kwonlyargcount, code.co_posonlyargcount, code.co_varnames, code.co_nlocals)
print(top(5), top.__call__(6))
bound = Outer().method
print(bound.__self__.__class__.__name__, bound.__func__.__name__)
def gen_fn():
    yield 1
async def coro_fn():
    pass
import inspect
print(inspect.isgeneratorfunction(gen_fn), inspect.iscoroutinefunction(coro_fn), inspect.isgeneratorfunction(top))
print(gen_fn.__code__.co_flags & 0x20 != 0, coro_fn.__code__.co_flags & 0x80 != 0)
print(top.__dict__ is top.__dict__, vars(top) == top.__dict__)
top.__dict__ = {"fresh": True}
print(top.__dict__, top.fresh)
try:
    top.__name__ = 5
except TypeError as e:
    print("TypeError:", e)
try:
    del top.__name__
except (TypeError, AttributeError) as e:
    print(type(e).__name__, e)
for bad in (lambda: top[1], lambda: top + 1, lambda: top.nope, lambda: len(top)):
    try:
        bad()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
