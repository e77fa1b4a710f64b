"""f_back chains seen from inside an await chain (task -> middle -> leaf) that a
resumption trace resumes, after a guard leaves inside leaf: the exit runs leaf and
middle as nested frames, each of which must show its caller (found by branch coro3:
leaf -> task, skipping middle; fixed by run_nested as a position runner)."""
import sys
from collections import deque

class Suspend:
    def __await__(self):
        yield self

S = Suspend()
seen = []

def look():
    f = sys._getframe(1)
    names = []
    while f is not None:
        names.append((f.f_code.co_name, f.f_lineno))
        f = f.f_back
    return names

async def leaf(st, k):
    st[0] = (st[0] * 75 + k) % 65537
    if st[0] & 3 == 0:
        await S
        if st[0] % 37 == 0:
            seen.append(look())
            seen.append(sorted(sys._getframe().f_locals))
    return st[0] % 13

async def middle(st, k):
    a = await leaf(st, k)
    b = await leaf(st, k + 1)
    return a - b

async def task(i, n):
    st = [i + 3]
    t = 0
    for k in range(n):
        t += await middle(st, k)
    return t

def sched(cs):
    q = deque(cs); out = []
    while q:
        c = q.popleft()
        try:
            c.send(None)
        except StopIteration as e:
            out.append(e.value)
        else:
            q.append(c)
    return out

for r in range(3):
    print(sched([task(i, 400) for i in range(4)]))
for s in seen[:6]:
    print(s)
print(len(seen))
