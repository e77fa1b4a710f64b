# copy/pickle/copyreg calling VM methods: __reduce__, __getstate__/__setstate__, __copy__/__deepcopy__, copyreg reducers.
import copy
import copyreg
import pickle


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)


class Stateful:
    def __init__(self, data):
        self.data = data
        self.cache = {"computed": len(data)}

    def __getstate__(self):
        print("getstate")
        return {"data": self.data}

    def __setstate__(self, state):
        print("setstate", sorted(state))
        self.data = state["data"]
        self.cache = {"restored": True}


class Custom:
    def __init__(self, v):
        self.v = v

    def __reduce__(self):
        print("reduce called")
        return (Custom, (self.v * 10,))


class Tracked:
    def __init__(self, items):
        self.items = items

    def __copy__(self):
        print("__copy__")
        return Tracked(self.items)

    def __deepcopy__(self, memo):
        print("__deepcopy__", type(memo).__name__)
        return Tracked(copy.deepcopy(self.items, memo))


class Registered:
    def __init__(self, name):
        self.name = name


def reduce_registered(obj):
    print("copyreg reducer for", obj.name)
    return (Registered, (obj.name + "!",))


copyreg.pickle(Registered, reduce_registered)
p = Point(1, [2, 3])
for proto in (0, 2, pickle.HIGHEST_PROTOCOL):
    q = pickle.loads(pickle.dumps(p, protocol=proto))
    print(proto, q, q == p, q is p)
s = pickle.loads(pickle.dumps(Stateful([1, 2])))
print(s.data, s.cache)
print(pickle.loads(pickle.dumps(Custom(4))).v)
t = Tracked([[1], [2]])
t2 = copy.copy(t)
t3 = copy.deepcopy(t)
print(t2.items is t.items, t3.items == t.items, t3.items[0] is t.items[0])
r = pickle.loads(pickle.dumps(Registered("reg")))
print(r.name, copy.copy(Registered("c")).name)
shallow = copy.copy(p)
deep = copy.deepcopy(p)
print(shallow.y is p.y, deep.y is p.y, deep)
s2 = copy.deepcopy(Stateful("abc"))
print(s2.data, s2.cache)
try:
    pickle.dumps(lambda: 1)
except (pickle.PicklingError, AttributeError, TypeError) as e:
    print("lambda pickling:", type(e).__name__)
