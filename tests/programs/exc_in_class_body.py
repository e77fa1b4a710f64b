# Uncaught exception raised while executing a class body (traceback shows the class name frame).
class Good:
    items = [i * i for i in range(4)]
    total = sum(items)


print(Good.items, Good.total)


def make_table(n):
    return {i: 100 // (i - n) for i in range(3)}


class Bad:
    name = "bad"
    table = make_table(2)
    print("not reached")
