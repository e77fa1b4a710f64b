"""json with default=/object_hook=/cls= VM callbacks and re.sub with VM function callbacks, finditer, groups, named groups."""
import json
import re
import datetime
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
def encode(o):
    if isinstance(o, Point):
        return {"__point__": [o.x, o.y]}
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    if isinstance(o, datetime.date):
        return o.isoformat()
    raise TypeError(f"cannot encode {type(o).__name__}")
def decode(d):
    if "__point__" in d:
        return Point(*d["__point__"])
    return d
doc = {"name": "shape", "pts": [Point(0, 1), Point(2, 3)], "tags": {"b", "a"}, "when": datetime.date(2024, 1, 2), "n": None}
text = json.dumps(doc, default=encode, sort_keys=True)
print(text)
back = json.loads(text, object_hook=decode)
print([(p.x, p.y) for p in back["pts"]], back["tags"], back["when"])
print(json.dumps(doc, default=encode, indent=2, sort_keys=True)[:80])
try:
    json.dumps({"bad": object()}, default=encode)
except TypeError as e:
    print("TypeError:", e)
class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, complex):
            return [o.real, o.imag]
        return super().default(o)
print(json.dumps([1j, 2 + 3j], cls=Enc), json.dumps({"a": 1.5, "b": [True, False]}, separators=(",", ":")))
print(json.loads('[1, 2.5, "x", null, true, {"k": [1]}]'), json.loads("3.0", parse_float=lambda s: "float:" + s))
print(json.loads('{"a": 1, "b": 2}', object_pairs_hook=lambda pairs: list(reversed(pairs))))
try:
    json.loads("{bad json}")
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e.msg, e.pos)
def shout(m):
    return m.group(0).upper()
print(re.sub(r"\b\w{4,}\b", shout, "the quick brown fox jumps over lazy dogs"))
def bump(m):
    return str(int(m.group()) + 1)
print(re.sub(r"\d+", bump, "a1 b22 c333"), re.subn(r"\d", lambda m: "#", "a1b2c3"))
template = "Hello {name}, you are {age}!"
vals = {"name": "Ann", "age": 30}
print(re.sub(r"\{(\w+)\}", lambda m: str(vals[m.group(1)]), template))
m = re.match(r"(?P<user>\w+)@(?P<host>[\w.]+)", "alice@example.com rest")
print(m.group("user"), m["host"], m.groupdict(), m.span(), m.groups(), m.start(2))
print([m.group() for m in re.finditer(r"[A-Z][a-z]+", "Alice met Bob and Carol")], re.findall(r"(\w)(\d)", "a1 b2 c3"))
print(re.split(r"[,;]\s*", "a, b;c ,d"), re.fullmatch(r"\d{3}", "123") is not None, re.search(r"x", "abc"))
pat = re.compile(r"(\w+)=(\d+)")
print(dict(pat.findall("a=1 b=22 c=333")), pat.sub(lambda m: f"{m.group(1)}:{int(m.group(2)) * 2}", "x=5 y=6"))
count = 0
words = ("alpha beta gamma delta " * 750).split()
for w in words:
    if re.match(r"[abg]", w):
        count += 1
print(count, len(words))
print(re.sub(r"(?i)HELLO", lambda m: m.group().swapcase(), "hello HeLLo"), re.escape("a.b*c"))
