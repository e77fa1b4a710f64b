"""Equal code objects are two functions: the same source compiled twice (two
exec calls; co_filename is no part of code equality) with different globals.
Each recursive function's trace calls itself natively: the second must not call
the first one's trace (its globals, K, baked in), nor the first the second's."""

SRC = '''
def rec(n):
    if n == 0:
        return K
    return rec(n - 1) + 1
'''
recs = []
for k in (1, 100):
    ns = {"K": k}
    exec(compile(SRC, f"<v{k}>", "exec"), ns)
    recs.append(ns["rec"])
for rnd in range(3):
    for rec in recs:
        print(rnd, [rec(j % 7) for j in range(30)])
