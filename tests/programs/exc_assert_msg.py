# Uncaught AssertionError with a message; a caught one without message prints empty args.
def check(n):
    assert n >= 0, f"negative value: {n}"
    return n * 2


try:
    assert 1 == 2
except AssertionError as e:
    print("caught no message:", repr(e), e.args)
print(check(4))
print(check(-3))
