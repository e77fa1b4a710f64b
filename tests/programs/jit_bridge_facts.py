# A bridge starts from what its parent path proved (jit/opt/guards.py, facts_at):
# the checks it may skip, and the ones it must repeat because code ran.  A
# polymorphic loop (bridges per class) whose bodies store over bools and ints
# (no code runs), call ord()/range() (no code), and -- now and then -- drop the
# last reference to an object whose __del__ changes the class of the object the
# path checked, or gives it an instance __dict__ with a shadowing attribute.


class Task:
    def __init__(self, k):
        self.k = k
        self.busy = False
        self.count = 0
        self.held = None

    def step(self, i):
        self.busy = True
        self.count += 1
        n = ord("A") - 64
        for j in range(2):
            n += j
        self.busy = False
        return self.count + n


class Work(Task):
    def step(self, i):
        self.busy = not self.busy
        self.count = self.count + 2
        return self.count - ord("B") + 66


class Other(Task):
    def step(self, i):
        return -1


class Switch:
    """Dropped, switches the class of its target (or shadows its method)."""

    def __init__(self, target, how):
        self.target = target
        self.how = how

    def __del__(self):
        t = self.target
        if self.how == "class":
            t.__class__ = Other
        elif self.how == "dict":
            t.__dict__["count"] = 1000


def run(n):
    tasks = [Task(0), Work(1), Task(2), Work(3)]
    total = 0
    for i in range(n):
        t = tasks[i % 4]
        total += t.step(i)
        if i % 8 == 1:
            # (a no-op __del__ while the paths are recorded, then a change)
            t.held = Switch(t, "none" if i < n // 2 else "class" if i % 2 else "dict")
        elif i % 8 == 5:
            t.held = None             # (its __del__ runs here: t changes)
            total += t.step(i) + t.count
            tasks[i % 4] = Task(i) if i % 3 else Work(i)
        total += t.count
    return total


print(run(700))
print(run(200))
