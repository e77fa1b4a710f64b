# An exception escaping a thread's VM function: threading prints "Exception in thread ..." with the traceback; main goes on.
import threading


def compute(values):
    return [10 // v for v in values]


def worker():
    print("worker result", compute([1, 2, 0]))


t = threading.Thread(target=worker, name="worker-1")
t.start()
t.join()
print("main thread continues", t.is_alive())
