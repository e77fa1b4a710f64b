"""assert statements: passing, failing with and without messages (caught), message evaluation laziness."""
def msg():
    print("msg evaluated")
    return "custom message"
assert True
assert 1 + 1 == 2, msg()
print("passing asserts done")
for cond in [False, 0, [], "", None]:
    try:
        assert cond, f"falsy {cond!r}"
    except AssertionError as e:
        print("AssertionError:", e, e.args)
try:
    assert 1 > 2
except AssertionError as e:
    print("bare AssertionError", repr(e), e.args)
try:
    assert False, msg()
except AssertionError as e:
    print("caught", e)
try:
    assert [], ("tuple", 1)
except AssertionError as e:
    print(e.args)
def check(x):
    assert isinstance(x, int), f"expected int, got {type(x).__name__}"
    return x * 2
for v in [1, "a", 2.0, 3]:
    try:
        print(check(v))
    except AssertionError as e:
        print("fail:", e)
n = 0
for i in range(3000):
    assert i >= 0
    n += 1
print(n)
class Truth:
    def __bool__(self):
        print("__bool__ called")
        return False
try:
    assert Truth(), "truth failed"
except AssertionError as e:
    print(e)
assert 2 + 2 == 5, "this one is uncaught"
