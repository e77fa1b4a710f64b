"""Ray tracer: small vector classes with operator overloading, spheres, a plane,
point lights, shadows and one reflection bounce.

In the spirit of pyperformance's bm_raytrace (many short-lived Vector objects,
dunder-method calls, float math). ``n`` is the image width and height in pixels.
"""

import math

WORKLOAD = 50
QUICK_WORKLOAD = 20

EPSILON = 1e-5


class Vector:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vector(-self.x, -self.y, -self.z)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        return self * (1.0 / self.length())

    def reflect(self, normal):
        return self - normal * (2.0 * self.dot(normal))


class Color:
    __slots__ = ("r", "g", "b")

    def __init__(self, r, g, b):
        self.r = r
        self.g = g
        self.b = b

    def __add__(self, other):
        return Color(self.r + other.r, self.g + other.g, self.b + other.b)

    def __mul__(self, k):
        return Color(self.r * k, self.g * k, self.b * k)

    def tint(self, other):
        return Color(self.r * other.r, self.g * other.g, self.b * other.b)


BLACK = Color(0.0, 0.0, 0.0)


class Ray:
    __slots__ = ("origin", "direction")

    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()

    def point_at(self, t):
        return self.origin + self.direction * t


class Sphere:
    def __init__(self, centre, radius, color, reflect):
        self.centre = centre
        self.radius = radius
        self.color = color
        self.reflect = reflect

    def intersect(self, ray):
        cp = self.centre - ray.origin
        v = cp.dot(ray.direction)
        disc = self.radius * self.radius - (cp.dot(cp) - v * v)
        if disc < 0.0:
            return None
        t = v - math.sqrt(disc)
        return t if t > EPSILON else None

    def normal_at(self, p):
        return (p - self.centre).normalized()

    def color_at(self, p):
        return self.color


class Plane:
    def __init__(self, point, normal, color, reflect):
        self.point = point
        self.normal = normal.normalized()
        self.color = color
        self.reflect = reflect

    def intersect(self, ray):
        d = ray.direction.dot(self.normal)
        if abs(d) < EPSILON:
            return None
        t = (self.point - ray.origin).dot(self.normal) / d
        return t if t > EPSILON else None

    def normal_at(self, p):
        return self.normal

    def color_at(self, p):
        # a checkerboard
        if (math.floor(p.x) + math.floor(p.z)) % 2 == 0:
            return self.color
        return self.color * 0.3


class Scene:
    def __init__(self):
        self.objects = []
        self.lights = []
        self.ambient = 0.1

    def nearest(self, ray):
        best_t = None
        best = None
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t = t
                best = obj
        return best, best_t

    def shadowed(self, point, light):
        to_light = light - point
        dist = to_light.length()
        ray = Ray(point, to_light)
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and t < dist:
                return True
        return False

    def trace(self, ray, depth):
        obj, t = self.nearest(ray)
        if obj is None:
            return BLACK
        p = ray.point_at(t)
        normal = obj.normal_at(p)
        base = obj.color_at(p)
        color = base * self.ambient
        for light in self.lights:
            if self.shadowed(p, light):
                continue
            lambert = (light - p).normalized().dot(normal)
            if lambert > 0.0:
                color = color + base * lambert
        if depth > 0 and obj.reflect > 0.0:
            rray = Ray(p, ray.direction.reflect(normal))
            color = color + self.trace(rray, depth - 1) * obj.reflect
        return color


def build_scene():
    s = Scene()
    s.objects.append(Sphere(Vector(0.0, 1.0, 5.0), 1.0, Color(1.0, 0.2, 0.2), 0.4))
    s.objects.append(Sphere(Vector(-2.0, 0.7, 6.5), 0.7, Color(0.2, 1.0, 0.2), 0.2))
    s.objects.append(Sphere(Vector(2.1, 0.5, 4.5), 0.5, Color(0.3, 0.3, 1.0), 0.6))
    s.objects.append(Plane(Vector(0.0, 0.0, 0.0), Vector(0.0, 1.0, 0.0),
                           Color(0.9, 0.9, 0.9), 0.25))
    s.lights.append(Vector(-4.0, 6.0, 0.0))
    s.lights.append(Vector(5.0, 4.0, 2.0))
    return s


def render(scene, width, height):
    eye = Vector(0.0, 1.5, -2.0)
    pixels = []
    for y in range(height):
        for x in range(width):
            px = (x - width / 2.0) / width
            py = -(y - height / 2.0) / height
            ray = Ray(eye, Vector(px, py, 1.0))
            c = scene.trace(ray, 2)
            pixels.append((min(255, int(c.r * 255)), min(255, int(c.g * 255)),
                           min(255, int(c.b * 255))))
    return pixels


def run(n):
    pixels = render(build_scene(), n, n)
    total = 0
    for i, (r, g, b) in enumerate(pixels):
        total = (total * 31 + r * 7 + g * 3 + b + i) % 1000000007
    return total


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
