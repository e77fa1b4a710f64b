# threading.Thread running VM functions (target= and run() override), join, Lock, Event, threading.local, results in order.
import threading

results = {}
lock = threading.Lock()
counter = [0]


def worker(n, out):
    total = 0
    for i in range(n * 1000):
        total += i % 7
    with lock:
        counter[0] += 1
        out[n] = total


threads = [threading.Thread(target=worker, args=(n, results), name=f"w{n}") for n in range(1, 6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()), counter[0])
print([t.name for t in threads], [t.is_alive() for t in threads])


class Counter(threading.Thread):
    def __init__(self, limit):
        super().__init__()
        self.limit = limit
        self.value = None

    def run(self):
        self.value = sum(range(self.limit))


c = Counter(100)
c.start()
c.join()
print("subclass:", c.value)
ready = threading.Event()
seen = []


def waiter():
    ready.wait()
    seen.append(threading.current_thread().name)


t = threading.Thread(target=waiter, name="waiter-thread")
t.start()
ready.set()
t.join()
print(seen, threading.current_thread().name, threading.main_thread() is threading.current_thread())
local = threading.local()
local.value = "main"


def set_local():
    local.value = "thread"
    seen.append(local.value)


t = threading.Thread(target=set_local)
t.start()
t.join()
print(local.value, seen[-1])


def raises():
    raise ValueError("in thread")


old_hook = threading.excepthook
threading.excepthook = lambda args: print("thread error:", args.exc_type.__name__, args.exc_value,
                                          args.thread.name)
t = threading.Thread(target=raises, name="bad")
t.start()
t.join()
threading.excepthook = old_hook
print("done", threading.active_count())
