"""Particles: an object-heavy 2-D simulation -- classes with ``__slots__``, a small
vector object made per operation, method calls and properties (issue #16's
target for allocation removal and the heap cache).

Particles bounce in a box under gravity and a drag force; every arithmetic step
builds a new ``Vec``.  ``n`` is the number of time steps.
"""

WORKLOAD = 20
QUICK_WORKLOAD = 5


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def sub(self, o):
        return Vec(self.x - o.x, self.y - o.y)

    def scale(self, k):
        return Vec(self.x * k, self.y * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y

    @property
    def norm2(self):
        return self.x * self.x + self.y * self.y


class Particle:
    __slots__ = ("pos", "vel", "mass")

    def __init__(self, pos, vel, mass):
        self.pos = pos
        self.vel = vel
        self.mass = mass

    @property
    def momentum(self):
        return self.vel.scale(self.mass)

    def step(self, gravity, drag, dt):
        force = gravity.scale(self.mass).sub(self.vel.scale(drag))
        self.vel = self.vel.add(force.scale(dt / self.mass))
        self.pos = self.pos.add(self.vel.scale(dt))
        p = self.pos
        if p.x < 0.0 or p.x > 100.0:
            self.vel = Vec(-self.vel.x, self.vel.y)
            self.pos = Vec(min(max(p.x, 0.0), 100.0), p.y)
        if p.y < 0.0:
            self.vel = Vec(self.vel.x, -self.vel.y * 0.9)
            self.pos = Vec(p.x, 0.0)


def make(count):
    out = []
    seed = 12345
    for i in range(count):
        seed = (seed * 1103515245 + 12345) % 2147483648
        x = seed % 1000 / 10.0
        seed = (seed * 1103515245 + 12345) % 2147483648
        y = 20.0 + seed % 800 / 10.0
        out.append(Particle(Vec(x, y), Vec((i % 7) - 3.0, (i % 5) - 2.0), 1.0 + i % 3))
    return out


def run(n):
    ps = make(200)
    gravity = Vec(0.0, -9.81)
    energy = 0.0
    for _ in range(n):
        for p in ps:
            p.step(gravity, 0.05, 0.01)
        m = Vec(0.0, 0.0)
        for p in ps:
            m = m.add(p.momentum)
        energy += m.norm2
    total = 0
    for p in ps:
        total = (total * 31 + int(p.pos.x * 1000) + int(p.pos.y * 7)) % 1000000007
    return (total + int(energy)) % 1000000007


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
