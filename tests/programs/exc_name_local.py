# Uncaught NameError inside a function whose local variable has a similar name (suggestion from locals).
def compute(items):
    running_total = 0
    for item in items:
        running_total += item
    print("sum so far", running_total)
    return runing_total * 2


print(compute([1, 2, 3]))
