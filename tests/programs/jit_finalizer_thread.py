# A finalizer (a __del__, a weakref callback, a generator's finally, a
# gc.callbacks entry) runs in a thread of the program: the one whose allocation
# started the collection, as in CPython -- never in a thread of pyjit's own (the
# compile thread allocates too, and its collections used to run the program's
# finalizers there: notes/jit.md, "Finalizers on the compile thread").  Many
# small loops keep the compile thread busy while the program allocates cycles
# with the collector's threshold low.  Prints which threads finalizers ran in.
import gc
import threading
import weakref

main_ident = threading.get_ident()
seen = set()


def note(kind):
    seen.add((kind, threading.current_thread().name, threading.get_ident() == main_ident))


class Cycle:
    def __init__(self):
        self.me = self

    def __del__(self):
        note("del")


class Plain:
    pass


def gen(box):
    try:
        yield 1
        yield 2
    finally:
        note("gen")


keep = []
watch_gc = True


def callback(phase, info):
    # (main phase only: a thread's start and end allocate in both threads)
    if phase == "stop" and info["generation"] == 0 and watch_gc:
        note("gc.callbacks")


def make(k):
    Cycle()
    p = Plain()
    p.me = p
    keep.append(weakref.ref(p, lambda r: note("weakref")))
    if k % 3 == 0:
        box = []
        g = gen(box)
        next(g)
        box.append(g)     # a suspended generator in a cycle: closed by a collection


# Distinct loops (each its own trace, compiled while the others run)
def loop_a(n):
    s = 0
    for i in range(n):
        make(i)
        s += i
    return s


def loop_b(n):
    s = 0.0
    i = 0
    while i < n:
        make(i)
        s += i * 0.5
        i += 1
    return s


def loop_c(n):
    out = []
    for i in range(n):
        make(i)
        out.append(str(i))
    return len(out)


def loop_d(n):
    d = {}
    for i in range(n):
        make(i)
        d[i % 7] = d.get(i % 7, 0) + i
    return sum(d.values())


def loop_e(n):
    t = 0
    for i in range(n):
        make(i)
        t ^= hash((i, i + 1))
    return t & 1


LOOPS = (loop_a, loop_b, loop_c, loop_d, loop_e)


def phase(n):
    r = []
    for f in LOOPS:
        r.append(f(n))
        keep.clear()
    gc.collect()
    return r


old = gc.get_threshold()
gc.collect()
gc.callbacks.append(callback)
gc.set_threshold(5)
try:
    print(phase(150))
    print(sorted(seen))
    seen.clear()
    watch_gc = False
    # a program thread: its collections' finalizers run there (the main thread
    # waits in join() meanwhile, allocating nothing)
    t = threading.Thread(target=phase, args=(150,), name="worker")
    t.start()
    t.join()
    print(sorted(seen))
finally:
    gc.set_threshold(*old)
    gc.callbacks.remove(callback)
