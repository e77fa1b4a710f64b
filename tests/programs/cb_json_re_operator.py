# Host modules calling VM callbacks: json default=/object_hook/JSONEncoder.default, re.sub with a function, operator getters on properties.
import json
import operator
import re


class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    @property
    def norm2(self):
        return self.x * self.x + self.y * self.y

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def scaled(self, k):
        return Vec(self.x * k, self.y * k)

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"


def encode(obj):
    if isinstance(obj, Vec):
        return {"__vec__": [obj.x, obj.y]}
    if isinstance(obj, set):
        return sorted(obj)
    raise TypeError(f"cannot encode {type(obj).__name__}")


def decode(d):
    if "__vec__" in d:
        return Vec(*d["__vec__"])
    return d


doc = {"a": Vec(1, 2), "tags": {"z", "b"}, "n": [Vec(3, 4)]}
text = json.dumps(doc, default=encode, sort_keys=True)
print(text)
print(json.loads(text, object_hook=decode))
print(json.loads("[1.5, 2]", parse_float=lambda s: "F" + s, parse_int=lambda s: int(s) * 100))


class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Vec):
            return [o.x, o.y]
        return super().default(o)


print(json.dumps([Vec(5, 6)], cls=Enc, indent=1))
try:
    json.dumps(object(), default=encode)
except TypeError as e:
    print("encode error:", e)
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1 b22 c333"))
print(re.sub(r"(?P<w>[a-z]+)", lambda m: m["w"].capitalize(), "hello big world", count=2))
print(re.subn(r"x", lambda m: "y", "xaxbx"), re.split(r"[,;]", "a,b;c"))
print([m.span() for m in re.finditer(r"o", "foo boo")])
vs = [Vec(3, 4), Vec(1, 1), Vec(0, 2)]
print(sorted(vs, key=operator.attrgetter("norm2")), operator.attrgetter("x", "norm2")(vs[0]))
print(list(map(operator.itemgetter(1), vs)), operator.methodcaller("scaled", 3)(vs[1]))
print(max(vs, key=operator.attrgetter("norm2")), operator.itemgetter(0, 1)(vs[0]))
