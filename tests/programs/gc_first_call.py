# The first call of a method counts no new objects in gc.get_objects() (as in
# CPython, whose quickening writes into the code object): pyjit's tier specialize
# prepares a function's code when the function is made, not at its first call
# (Lib/test's test_descr test_slots counts objects around such a loop).
import gc


class G:
    def __eq__(self, other):
        return False

    def method(self, x):
        y = x + 1
        return [y][0] * 2


def first_calls():
    g = G()
    before = len(gc.get_objects())
    g == g
    g.method(1)
    after = len(gc.get_objects())
    return after - before


print("new objects:", first_calls())
