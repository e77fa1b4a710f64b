"""try/except/else/finally combinations, multiple handlers, tuple handlers, bare except, re-raise, handler order."""
def attempt(action):
    try:
        result = action()
    except ZeroDivisionError:
        print("  zero division")
        return "zde"
    except (KeyError, IndexError) as e:
        print("  lookup error", type(e).__name__, e)
        return "lookup"
    except Exception as e:
        print("  generic", type(e).__name__, e)
        return "generic"
    else:
        print("  else branch with", result)
        return "ok"
    finally:
        print("  finally")
actions = [lambda: 1 / 0, lambda: {}["k"], lambda: [][0], lambda: int("x"), lambda: 42]
for a in actions:
    print(attempt(a))
def finally_overrides():
    try:
        return "try"
    finally:
        print("finally runs before return")
print(finally_overrides())
def reraise():
    try:
        raise ValueError("original")
    except ValueError:
        print("handling, then re-raise")
        raise
try:
    reraise()
except ValueError as e:
    print("re-raised:", e)
try:
    try:
        raise TypeError("inner")
    finally:
        print("inner finally")
except TypeError as e:
    print("outer caught", e)
try:
    raise KeyError("x")
except LookupError as e:
    print("caught by base class", type(e).__name__)
try:
    raise SystemExit(3)
except BaseException as e:
    print("BaseException caught:", type(e).__name__, e.code)
try:
    exit_code = 0
    raise KeyboardInterrupt
except Exception:
    print("not here")
except:
    print("bare except got KeyboardInterrupt")
def nested_handlers():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            [][1]
    except IndexError as e:
        return f"second error {e}, context {type(e.__context__).__name__}"
print(nested_handlers())
count = {"ok": 0, "err": 0}
for i in range(4000):
    try:
        if i % 7 == 0:
            raise ValueError(i)
        count["ok"] += 1
    except ValueError:
        count["err"] += 1
    else:
        pass
    finally:
        pass
print(count)
class MyErr(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[1]}"
try:
    raise MyErr(404, "not found")
except MyErr as e:
    print(e, e.args, e.code, repr(e))
try:
    raise MyErr
except TypeError as e:
    print("TypeError:", e)
try:
    raise 5
except TypeError as e:
    print("TypeError:", e)
class NotExc:
    pass
try:
    try:
        raise ValueError
    except NotExc:
        pass
except TypeError as e:
    print("TypeError:", e)
print(ValueError("a", 1).args, str(ValueError()), repr(KeyError("k")), str(KeyError("k")), str(OSError(2, "No such")))
