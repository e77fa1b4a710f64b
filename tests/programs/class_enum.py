"""enum: Enum, IntEnum, Flag, IntFlag, auto, unique, members iteration, lookup, methods on enums, StrEnum."""
import enum
from enum import Enum, IntEnum, Flag, IntFlag, auto, unique
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1
    def describe(self):
        return f"{self.name.lower()}={self.value}"
    @classmethod
    def default(cls):
        return cls.GREEN
print(Color.RED, repr(Color.BLUE), Color(2), Color["BLUE"], Color.CRIMSON is Color.RED, list(Color))
print(Color.RED.describe(), Color.default(), len(Color), Color.RED in Color, [m.name for m in Color])
print(list(Color.__members__), Color.RED == 1, Color.RED.value == 1, isinstance(Color.RED, Color))
try:
    Color(7)
except ValueError as e:
    print("ValueError:", e)
try:
    Color["PINK"]
except KeyError as e:
    print("KeyError:", e)
class Prio(IntEnum):
    LOW = auto()
    MID = auto()
    HIGH = auto()
print(Prio.LOW, Prio.HIGH + 1, Prio.MID < Prio.HIGH, sorted([Prio.HIGH, Prio.LOW]), int(Prio.MID), f"{Prio.MID}")
class Perm(Flag):
    R = auto()
    W = auto()
    X = auto()
    RW = R | W
rw = Perm.R | Perm.W
print(rw, rw == Perm.RW, Perm.R in rw, Perm.X in rw, bool(Perm.R & Perm.X), ~Perm.R, list(Perm))
print(Perm(0), Perm(7), (Perm.R | Perm.X).value)
class Bits(IntFlag):
    A = 1
    B = 2
    C = 4
print(Bits.A | Bits.C, Bits.A | 8, int(Bits.B | Bits.C), Bits(6))
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print("ValueError:", e)
class Planet(Enum):
    MERCURY = (3.303e+23, 2.4397e6)
    EARTH = (5.976e+24, 6.37814e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
    @property
    def gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)
for p in Planet:
    print(p.name, round(p.gravity, 3))
class AutoName(Enum):
    def _generate_next_value_(name, start, count, last_values):
        return name.lower() + str(count)
    NORTH = auto()
    SOUTH = auto()
print(list(AutoName), AutoName.SOUTH.value)
class Status(enum.StrEnum):
    OK = auto()
    FAIL = "failed"
print(Status.OK, Status.FAIL.upper(), Status.OK == "ok", f"{Status.FAIL}")
Shape = Enum("Shape", "CIRCLE SQUARE TRIANGLE")
print(list(Shape), Shape.SQUARE.value)
counts = {c: 0 for c in Color}
for i in range(3000):
    counts[Color((i % 3) + 1)] += 1
print(counts)
class State(Enum):
    IDLE = "idle"
    RUN = "run"
    def next(self):
        return {State.IDLE: State.RUN, State.RUN: State.IDLE}[self]
s = State.IDLE
for _ in range(5):
    s = s.next()
print(s, hash(s) == hash(State.RUN), {State.RUN: 1}[s])
match Color.GREEN:
    case Color.RED:
        print("red")
    case Color.GREEN:
        print("green matched")
