"""collections: Counter arithmetic/most_common, defaultdict with VM factory, OrderedDict move_to_end/LRU, deque rotation, ChainMap, UserDict."""
from collections import Counter, defaultdict, OrderedDict, deque, ChainMap, UserDict, UserList
c = Counter("abracadabra")
print(c, c.most_common(2), c["z"], sorted(c.elements())[:6], c.total())
c2 = Counter(a=1, b=10)
print(c + c2, c - c2, c & c2, c | c2, +Counter(x=-1, y=2), -Counter(x=-1))
c.update("aaa")
c.subtract({"b": 2})
print(c["a"], c["b"], list(c.items())[:3])
words = ("one two three two three three " * 500).split()
wc = Counter(words)
print(wc.most_common(), len(words))
calls = {"n": 0}
def factory():
    calls["n"] += 1
    return [calls["n"]]
dd = defaultdict(factory)
dd["a"].append("x")
dd["b"]
dd["a"].append("y")
print(dict(dd), calls, dd.default_factory is factory)
tree = lambda: defaultdict(tree)
t = tree()
t["a"]["b"]["c"] = 1
t["a"]["d"] = 2
def to_dict(x):
    return {k: to_dict(v) for k, v in x.items()} if isinstance(x, dict) else x
print(to_dict(t))
groups = defaultdict(list)
for i in range(3000):
    groups[i % 7].append(i)
print({k: (len(v), v[-1]) for k, v in sorted(groups.items())})
od = OrderedDict.fromkeys("abcde")
od.move_to_end("b")
od.move_to_end("e", last=False)
print(list(od), od.popitem(last=False), od.popitem())
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), dict(a=1, b=2) == dict(b=2, a=1))
class LRU(OrderedDict):
    def __init__(self, cap):
        super().__init__()
        self.cap = cap
    def get_(self, k):
        if k in self:
            self.move_to_end(k)
            return self[k]
        return None
    def put(self, k, v):
        self[k] = v
        self.move_to_end(k)
        if len(self) > self.cap:
            evicted = self.popitem(last=False)
            print("evict", evicted)
lru = LRU(2)
lru.put("a", 1); lru.put("b", 2); lru.get_("a"); lru.put("c", 3); lru.put("d", 4)
print(list(lru.items()))
dq = deque(range(5), maxlen=7)
dq.rotate(2)
print(dq)
dq.appendleft(-1); dq.extend([10, 11, 12])
print(dq, dq.maxlen, dq[0], dq[-1])
dq.rotate(-3)
print(dq, dq.popleft(), dq.pop(), dq.count(10), list(reversed(dq)))
window = deque(maxlen=3)
sums = []
for i in range(10):
    window.append(i)
    sums.append(sum(window))
print(sums)
cm = ChainMap({"a": 1}, {"a": 2, "b": 3})
print(cm["a"], cm["b"], len(cm), sorted(cm), cm.new_child({"z": 0})["z"], cm.parents["a"])
cm["c"] = 9
print(cm.maps)
class Lower(UserDict):
    def __setitem__(self, k, v):
        super().__setitem__(k.lower(), v)
ld = Lower()
ld["KEY"] = 1
ld.update({"Other": 2})
print(ld, "key" in ld)
class Stack(UserList):
    def push(self, v):
        self.append(v)
st = Stack([1])
st.push(2)
print(st, st.data, len(st), st + [3])
