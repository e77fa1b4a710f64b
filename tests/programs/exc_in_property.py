# Uncaught exception raised in a property getter; setter error and AttributeError-in-getter caught.
class Temperature:
    def __init__(self, celsius):
        self._c = celsius

    @property
    def kelvin(self):
        k = self._c + 273.15
        if k < 0:
            raise ValueError(f"below absolute zero: {k:.2f}")
        return k

    @kelvin.setter
    def kelvin(self, value):
        if not isinstance(value, (int, float)):
            raise TypeError("kelvin must be a number")
        self._c = value - 273.15

    @property
    def label(self):
        return self.missing_attribute


t = Temperature(25)
print(round(t.kelvin, 2))
try:
    t.kelvin = "hot"
except TypeError as e:
    print("setter:", e)
try:
    t.label
except AttributeError as e:
    print("getter attr:", e)
print(hasattr(t, "label"))
t.kelvin = 10
print(round(t._c, 2))
cold = Temperature(-300)
print(cold.kelvin)
