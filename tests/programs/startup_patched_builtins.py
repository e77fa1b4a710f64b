# The program patches builtins.len before its first loop gets hot: the JIT's
# recorder (and the trace interpreter, llvmlite), imported then, are imported
# with the builtins put back -- the import system itself calls len().
import builtins

real_len = len


def fake_len(x):
    return real_len(x) + 1000


builtins.len = fake_len


def f(n):
    t = 0
    for i in range(n):
        t += real_len("ab") + (i & 1)
    return t


print(f(3000), len("ab"))
builtins.len = real_len
print(f(3000), len("ab"))
