"""Exception edge cases: bare raise outside handler, with_traceback, except clause expression evaluated lazily, exceptions in __exit__, add_note, exception attributes."""
import sys
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
def types_to_catch():
    print("except expression evaluated")
    return (KeyError, IndexError)
try:
    [][1]
except ValueError:
    print("no")
except types_to_catch() as e:
    print("caught via computed tuple", type(e).__name__)
try:
    pass
except types_to_catch():
    pass
print("expression not evaluated when no exception")
try:
    raise ValueError("with tb")
except ValueError as e:
    tb = e.__traceback__
try:
    raise TypeError("new").with_traceback(tb)
except TypeError as e:
    n = 0
    t = e.__traceback__
    while t:
        n += 1
        t = t.tb_next
    print("traceback entries:", n)
try:
    try:
        raise ValueError("base")
    except ValueError as e:
        e.add_note("first note")
        e.add_note("second note")
        raise
except ValueError as e:
    print(e, e.__notes__)
err = OSError(2, "No such file or directory", "missing.txt")
print(err.errno, err.strerror, err.filename, str(err), type(err).__name__, isinstance(err, FileNotFoundError))
print(type(OSError(13, "x")).__name__, KeyError("k").args, str(KeyError("k")), str(KeyError("a", "b")))
try:
    {}["key"]
except KeyError as e:
    print(repr(e), e.args)
try:
    "abc".index("z")
except ValueError as e:
    print(e)
try:
    int("z")
except ValueError as e:
    print(e)
try:
    getattr(object(), "nope")
except AttributeError as e:
    print(e, e.name, type(e.obj).__name__)
try:
    import nonexistent_module_xyz
except ModuleNotFoundError as e:
    print(e, e.name)
class E(Exception):
    pass
class Sub(E):
    pass
for exc in (Sub, E, Exception):
    try:
        raise exc("x")
    except Sub:
        print("Sub handler for", exc.__name__)
    except E:
        print("E handler for", exc.__name__)
    except Exception:
        print("Exception handler for", exc.__name__)
def gen_raise_in_loop():
    results = []
    for i in range(3000):
        try:
            try:
                if i % 4 == 0:
                    raise KeyError(i)
                if i % 4 == 1:
                    raise IndexError(i)
                results.append(0)
            except KeyError:
                results.append(1)
                continue
            finally:
                results.append(2)
        except IndexError:
            results.append(3)
    return results.count(0), results.count(1), results.count(2), results.count(3)
print(gen_raise_in_loop())
print(issubclass(BaseExceptionGroup, BaseException), issubclass(StopAsyncIteration, Exception), ArithmeticError.__mro__[1].__name__)
try:
    raise StopIteration("manual")
except StopIteration as e:
    print("StopIteration", e.value)
try:
    exit(4)
except SystemExit as e:
    print("SystemExit code", e.code)
e1 = ValueError("a")
print(e1.__traceback__, e1.__context__, e1.__cause__, e1.__suppress_context__)
def handler_scoping():
    e = "before"
    try:
        1 / 0
    except ZeroDivisionError as e:
        pass
    return "e" in locals()
print(handler_scoping())
raise E("custom uncaught at the end")
