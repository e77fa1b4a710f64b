# pyjit run freezes the objects its start-up made (gc.freeze: no collection walks
# pyjit's own modules again); what the program can see of that -- the frozen
# count, the referrers and objects the collector knows -- is CPython's: these
# calls thaw them first (pyjit/vmbuiltins.py).
import gc
import sys


class Node:
    pass


n = Node()
print(gc.get_freeze_count())
print(any(r is sys.modules for r in gc.get_referrers(sys.modules[__name__])))
print(sum(1 for o in gc.get_objects() if o is sys.modules), gc.get_freeze_count())
gc.freeze()
print(gc.get_freeze_count() > 0)
gc.unfreeze()
print(gc.get_freeze_count())
a, b = Node(), Node()
a.other, b.other = b, a
del a, b
print(gc.collect() >= 2)
