"""The collector's state as the program sets it, whatever the JIT does while it
compiles (jit/gcpause.py pauses the collector around its bulk work only when no
one can tell): turned off by the program, it stays off through hot loops and
their compiles; a second thread watching it while the main thread's loops are
compiled always finds it as the program left it; a cycle made in a hot loop
is collected when the program asks."""
import gc
import threading
import weakref


class Node:
    def __init__(self, k):
        self.k = k
        self.peer = None


def churn(n):
    total = 0
    for i in range(n):
        a, b = Node(i), Node(-i)
        a.peer, b.peer = b, a          # a cycle: only the collector frees it
        if i % 3:
            total += a.k - b.peer.k
        else:
            total ^= i
    return total


gc.disable()
print("off:", churn(3000), gc.isenabled())
gc.enable()
print("on:", churn(3000), gc.isenabled())

seen = set()
stop = threading.Event()


def watch():
    while not stop.is_set():
        seen.add(gc.isenabled())


t = threading.Thread(target=watch)
t.start()
total = 0
for rnd in range(4):
    total += churn(2000 + rnd)
    total += sum(k * k for k in range(500))
stop.set()
t.join()
print("watched:", total, sorted(seen))

a = Node(1)
a.peer = a
ref = weakref.ref(a)
del a
churn(100)
gc.collect()
print("cycle collected:", ref() is None, gc.isenabled())
