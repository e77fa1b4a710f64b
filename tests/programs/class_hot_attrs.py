"""Hot attribute access in loops: instance/class attributes, methods, properties, attributes added/removed/shadowed mid-loop."""
class Particle:
    gravity = -9.8
    def __init__(self, x, v):
        self.x = x
        self.v = v
    def step(self, dt):
        self.v += self.gravity * dt
        self.x += self.v * dt
        if self.x < 0:
            self.x = -self.x
            self.v = -self.v * 0.9
    @property
    def energy(self):
        return 0.5 * self.v * self.v - self.gravity * self.x
ps = [Particle(float(i), 0.0) for i in range(10)]
for t in range(300):
    for p in ps:
        p.step(0.01)
print([round(p.x, 6) for p in ps[:3]], round(sum(p.energy for p in ps), 6))
Particle.gravity = -1.0
for t in range(300):
    for p in ps:
        p.step(0.01)
print([round(p.x, 6) for p in ps[:3]])
ps[0].gravity = 0.0
for t in range(100):
    ps[0].step(0.01)
    ps[1].step(0.01)
print(round(ps[0].v, 6), round(ps[1].v, 6))
del ps[0].gravity
ps[0].step(0.01)
print(round(ps[0].v, 6))
class Counter:
    def __init__(self):
        self.n = 0
    def inc(self):
        self.n += 1
c = Counter()
for i in range(3000):
    c.inc()
    if i == 1000:
        c.inc = lambda: setattr(c, "n", c.n + 10)
    if i == 2000:
        del c.inc
print(c.n)
class Base:
    def f(self):
        return 1
class Derived(Base):
    pass
d = Derived()
tot = 0
for i in range(3000):
    tot += d.f()
    if i == 1000:
        Derived.f = lambda self: 2
    if i == 2000:
        del Derived.f
        Base.f = lambda self: 3
print(tot)
class Slots:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a = 0
        self.b = 1
s = Slots()
for i in range(3000):
    s.a, s.b = s.b, (s.a + s.b) % 1000
print(s.a, s.b)
class Dyn:
    pass
objs = [Dyn() for _ in range(100)]
for i, o in enumerate(objs):
    for j in range(i % 7):
        setattr(o, f"f{j}", j)
print(sum(len(vars(o)) for o in objs), sum(getattr(o, "f3", 0) for o in objs))
