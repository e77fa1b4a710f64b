# Uncaught exception raised inside a lambda (traceback line shows <lambda>).
ops = {
    "inc": lambda x: x + 1,
    "half": lambda x: x / 2,
    "inv": lambda x: 1 / x,
}
for name in ops:
    print(name, ops[name](4))
compose = lambda f, g: lambda x: f(g(x))
both = compose(ops["inv"], lambda x: x - 4)
print(both(6))
print(both(4))
