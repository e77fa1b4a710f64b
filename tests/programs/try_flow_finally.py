"""Control flow through finally: return/break/continue in finally, finally overriding exceptions, nested loops."""
def return_in_finally():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(return_in_finally())
def finally_return_overrides_return():
    try:
        return "try"
    finally:
        return "finally"
print(finally_return_overrides_return())
def break_in_finally():
    for i in range(5):
        try:
            raise KeyError(i)
        finally:
            break
    return f"broke at {i}"
print(break_in_finally())
def continue_in_finally():
    out = []
    for i in range(4):
        try:
            if i % 2:
                raise ValueError
            out.append(i)
        finally:
            continue
    return out
print(continue_in_finally())
def return_value_evaluated_before_finally():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("finally set x =", x)
print(return_value_evaluated_before_finally())
def mutable_return():
    lst = []
    try:
        return lst
    finally:
        lst.append("added in finally")
print(mutable_return())
def loop_with_finally():
    log = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            log.append(f"body{i}")
        finally:
            log.append(f"fin{i}")
    return log
print(loop_with_finally())
def while_finally():
    n = 0
    while True:
        try:
            n += 1
            if n == 3:
                return n
        finally:
            print("while finally", n)
print(while_finally())
def nested_finally():
    try:
        try:
            return "inner"
        finally:
            print("inner finally")
    finally:
        print("outer finally")
print(nested_finally())
def exception_in_finally():
    try:
        raise ValueError("first")
    finally:
        raise TypeError("second")
try:
    exception_in_finally()
except TypeError as e:
    print("got", repr(e), "context", repr(e.__context__))
def except_then_finally_return():
    try:
        1 / 0
    except ZeroDivisionError:
        return "from except"
    finally:
        print("finally after except return")
print(except_then_finally_return())
def gen_count():
    total = 0
    for i in range(3000):
        try:
            if i % 3 == 0:
                continue
            total += i
        finally:
            total += 1
    return total
print(gen_count())
def deep(n):
    try:
        if n == 0:
            raise RuntimeError("bottom")
        return deep(n - 1)
    finally:
        if n % 2 == 0:
            print("unwinding", n)
try:
    deep(6)
except RuntimeError as e:
    print("caught", e)
def try_else_finally(x):
    try:
        v = 10 / x
    except ZeroDivisionError:
        return "except"
    else:
        return f"else {v}"
    finally:
        print("finally for", x)
print(try_else_finally(2), try_else_finally(0))
