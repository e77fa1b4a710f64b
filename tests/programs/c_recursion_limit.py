# C code recursing by itself (repr of nested containers, isinstance/issubclass
# of nested tuples, ExceptionGroup.split, the compiler) stops at about the
# program's recursion limit less its depth, as in CPython -- at the top level,
# in functions host code calls (sorted's key, __repr__), in a thread, with the
# limit lowered and raised -- while shallower nesting works.
import sys
import threading


def nested_list(n):
    a = []
    for _ in range(n):
        a = [a]
    return a


def nested_views(n):
    d = {}
    for _ in range(n):
        d = {42: d.values()}
    return d


def nested_tuple(n, inner=str):
    t = (inner,)
    for _ in range(n):
        t = (t,)
    return t


def nested_group(n):
    e = TypeError(1)
    for _ in range(n):
        e = ExceptionGroup("eg", [e])
    return e


def outcome(fn, *args):
    try:
        fn(*args)
        return "ok"
    except RecursionError as e:
        return f"RecursionError: {e}"


def check_all(where):
    limit = sys.getrecursionlimit()
    deep, shallow = limit + 100, limit // 3
    print(where, "limit", limit)
    print("  repr deep:", outcome(repr, nested_list(deep)))
    print("  repr shallow:", len(repr(nested_list(shallow))))
    print("  str deep:", outcome(str, nested_list(deep)))
    print("  views deep:", outcome(repr, nested_views(deep)))
    print("  views shallow:", len(repr(nested_views(shallow))))
    print("  isinstance deep:", outcome(isinstance, "", nested_tuple(deep)))
    print("  isinstance shallow:", isinstance("", nested_tuple(shallow)))
    print("  issubclass deep:", outcome(issubclass, str, nested_tuple(deep)))
    print("  split deep:", outcome(nested_group(limit * 2).split, TypeError))
    print("  split shallow:", nested_group(shallow).split(TypeError)[0] is not None)
    print("  compile deep:", outcome(compile, "a" + "()" * (3 * limit + 100), "<s>", "eval"))
    print("  compile shallow:", type(compile("a" + "()" * shallow, "<s>", "eval")).__name__)


check_all("top")


def down(n, then):
    return then() if n == 0 else down(n - 1, then)


# from a function called by host code, a few frames down
print(sorted([3, 1, 2], key=lambda x: (x == 1 and down(5, lambda: check_all(f"key {x}")), x)[1]))


class R:
    def __repr__(self):
        check_all("__repr__")
        return "R()"


print(repr([R()]))

# a thread's own depth
t = threading.Thread(target=check_all, args=("thread",))
t.start()
t.join()

# limit lowered, then raised far above the default
old = sys.getrecursionlimit()
sys.setrecursionlimit(150)
check_all("low")
sys.setrecursionlimit(4000)
check_all("high")
sys.setrecursionlimit(old)


# C recursion that calls back into the program at each level (bpo-30570): the
# program's frames there count the C levels below them
class Cycle:
    @property
    def __bases__(self):
        return (self, self, self)


sys.setrecursionlimit(75)
print("bases cycle:", outcome(issubclass, Cycle(), int))
sys.setrecursionlimit(old)
print("done")
