"""Objects die when CPython frees them even when a bridge is recorded from a
guard inside an inlined method: the frame the exit rebuilt (the method's,
returned during the recording) must not outlive the recording."""
import weakref

log = []


class Node:
    def __init__(self, x):
        self.x = x

    def step(self, o):
        if self.x > 300:            # a path the loop's trace did not see: its bridge
            return Node(self.x + 2 * o)
        return Node(self.x + o)

    def __del__(self):
        log.append(self.x)


def walk(n):
    m = Node(0)
    late = []
    for i in range(n):
        old = weakref.ref(m)
        m = m.step(1)
        if old() is not None:       # CPython: the old node died at the store
            late.append(i)
    return m.x, late


def chain(n):
    seen = []
    m = Node(0)
    for i in range(n):
        m = m.step(1)
        seen.append(log[-1] if log else None)
    return seen[-3:], m.x


print(walk(400))
print(log[-3:])
log.clear()
print(chain(400))
print(log[-3:])
