# Uncaught AssertionError without a message from a multi-line assert condition.
def validate(items):
    total = sum(items)
    assert (total > 0 and
            len(items) < 5)
    return total


print(validate([1, 2]))
print(validate([1, 2, 3, 4, 5]))
