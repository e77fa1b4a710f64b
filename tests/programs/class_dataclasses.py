"""dataclasses: defaults, field(default_factory), order, frozen, __post_init__, asdict/astuple/replace, inheritance, slots, InitVar."""
from dataclasses import dataclass, field, asdict, astuple, replace, fields, FrozenInstanceError, InitVar, KW_ONLY
@dataclass
class Item:
    name: str
    price: float = 0.0
    tags: list = field(default_factory=list)
    qty: int = field(default=1, repr=False)
    def total(self):
        return self.price * self.qty
a = Item("apple", 1.5)
b = Item("pear", 2.0, ["fruit"], qty=3)
print(a, b, a == Item("apple", 1.5), a.total(), b.total())
a.tags.append("red")
print(a.tags, Item("x").tags, [f.name for f in fields(Item)])
print(asdict(b), astuple(b), replace(b, price=9.0))
@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0
vs = [Version(1, 2), Version(1, 0, 5), Version(0, 9), Version(1, 2, 1)]
print(sorted(vs), max(vs), Version(1) < Version(1, 0, 1), Version(2) >= Version(1, 9))
@dataclass(frozen=True)
class Point:
    x: int
    y: int
    def moved(self, dx):
        return replace(self, x=self.x + dx)
p = Point(1, 2)
try:
    p.x = 5
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
print(p.moved(3), hash(p) == hash(Point(1, 2)), {p: "found"}[Point(1, 2)])
@dataclass
class Rect:
    w: float
    h: float
    area: float = field(init=False)
    def __post_init__(self):
        self.area = self.w * self.h
print(Rect(3, 4))
@dataclass
class Base:
    id: int
    label: str = "base"
@dataclass
class Derived(Base):
    extra: bool = False
print(Derived(1), Derived(2, "d", True))
@dataclass
class WithInit:
    value: int
    scale: InitVar[int] = 1
    def __post_init__(self, scale):
        self.value *= scale
print(WithInit(5, 3), WithInit(2))
@dataclass
class KW:
    a: int
    _: KW_ONLY
    b: int = 2
    c: int = 3
print(KW(1, c=9), KW(1, b=0))
@dataclass(slots=True)
class Slotted:
    x: int
    y: int = 0
s = Slotted(1)
print(s, hasattr(s, "__dict__"), Slotted.__slots__)
try:
    @dataclass
    class Bad:
        a: int = 0
        b: int
except TypeError as e:
    print("TypeError:", e)
@dataclass(eq=False)
class Ident:
    v: int
print(Ident(1) == Ident(1))
total = 0
for i in range(3000):
    it = Item("n", i * 0.5, qty=2)
    total += it.total()
print(total)
@dataclass
class Node:
    val: int
    children: list = field(default_factory=list)
tree = Node(1, [Node(2, [Node(4)]), Node(3)])
print(asdict(tree))
print(Item.__dataclass_fields__["qty"].repr, Item.__match_args__, repr(Item.__init__.__qualname__))
