"""Exception chaining: implicit __context__, raise from (__cause__), raise from None (__suppress_context__), printed via traceback."""
import traceback
def show(e):
    print(type(e).__name__, e, "| cause:", repr(e.__cause__), "| context:", repr(e.__context__), "| suppress:", e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("implicit")
except ValueError as e:
    show(e)
try:
    try:
        {}["k"]
    except KeyError as ke:
        raise RuntimeError("explicit") from ke
except RuntimeError as e:
    show(e)
try:
    try:
        [][0]
    except IndexError:
        raise TypeError("hidden context") from None
except TypeError as e:
    show(e)
try:
    raise ValueError("cause without context") from OSError("disk")
except ValueError as e:
    show(e)
def chain3():
    try:
        try:
            raise KeyError("a")
        except KeyError:
            raise IndexError("b")
    except IndexError:
        raise LookupError("c")
try:
    chain3()
except LookupError as e:
    chain = []
    cur = e
    while cur is not None:
        chain.append(f"{type(cur).__name__}({cur})")
        cur = cur.__context__
    print(" <- ".join(chain))
try:
    try:
        raise ValueError("x")
    except ValueError as e:
        raise e
except ValueError as e2:
    print("re-raise same object:", e2.__context__)
try:
    raise ValueError("from class") from KeyError
except ValueError as e:
    print(type(e.__cause__).__name__, repr(e.__cause__))
try:
    raise ValueError from 5
except TypeError as e:
    print("TypeError:", e)
e = RuntimeError("manual")
e.__cause__ = KeyError("set by hand")
print(e.__suppress_context__)
try:
    raise e
except RuntimeError as r:
    print(r.__cause__, r.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise RuntimeError("wrapped") from z
except RuntimeError as err:
    text = "".join(traceback.format_exception(err))
    print(text.count("Traceback"), "direct cause" in text, "ZeroDivisionError" in text)
    print(traceback.format_exception_only(type(err), err))
def context_in_finally():
    try:
        raise KeyError("in try")
    finally:
        try:
            raise ValueError("in finally")
        except ValueError as v:
            print("finally-handler context:", repr(v.__context__))
try:
    context_in_finally()
except KeyError as k:
    print("KeyError propagated", k)
try:
    try:
        raise ValueError("A")
    except ValueError as a:
        try:
            raise TypeError("B")
        except TypeError as b:
            raise a
except ValueError as final:
    print("re-raised A, context:", repr(final.__context__))
def uncaught_chain():
    try:
        {}["config"]
    except KeyError as e:
        raise RuntimeError("configuration missing") from e
uncaught_chain()
