"""property (getter/setter/deleter, decorator and call forms), classmethod, staticmethod, alternate constructors."""
class Temperature:
    scale = "C"
    instances = 0
    def __init__(self, celsius=0.0):
        self._c = celsius
        Temperature.instances += 1
    @property
    def celsius(self):
        """Temperature in Celsius."""
        return self._c
    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        print("setting", value)
        self._c = value
    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._c
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @classmethod
    def from_fahrenheit(cls, f):
        return cls((f - 32) * 5 / 9)
    @staticmethod
    def valid(v):
        return v >= -273.15
t = Temperature(25)
print(t.celsius, t.fahrenheit)
t.celsius = 100
print(t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
try:
    t.celsius
except AttributeError as e:
    print("AttributeError:", e)
f = Temperature.from_fahrenheit(212)
print(round(f.celsius, 6), type(f).__name__, Temperature.valid(-300), t.valid(0), Temperature.instances)
print(Temperature.celsius.__doc__, type(Temperature.__dict__["from_fahrenheit"]).__name__, type(Temperature.__dict__["valid"]).__name__)
class Sub(Temperature):
    pass
print(type(Sub.from_fahrenheit(32)).__name__)
def get_x(self):
    return self._x * 2
def set_x(self, v):
    self._x = v
class P:
    x = property(get_x, set_x, None, "x doc")
    y = property(lambda self: 42)
p = P()
p.x = 5
print(p.x, p.y, P.x.__doc__, P.x.fget is get_x, P.y.fset)
class Lazy:
    def __init__(self):
        self.calls = 0
    @property
    def value(self):
        self.calls += 1
        return self.calls
lz = Lazy()
s = 0
for _ in range(3000):
    s += lz.value
print(s, lz.calls)
class Counter:
    count = 0
    @classmethod
    def make(cls):
        cls.count += 1
        return cls()
    @classmethod
    def total(cls):
        return cls.count
class SubCounter(Counter):
    pass
Counter.make(); SubCounter.make(); SubCounter.make()
print(Counter.total(), SubCounter.total(), Counter.count, SubCounter.count)
class Overrides(Temperature):
    @Temperature.celsius.getter
    def celsius(self):
        return "overridden " + str(self._c)
o = Overrides(5)
print(o.celsius)
o.celsius = 7
print(o.celsius)
