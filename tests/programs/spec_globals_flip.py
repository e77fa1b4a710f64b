# Tier specialize: LOAD_GLOBAL sites (LOAD_GLOBAL_MODULE / LOAD_GLOBAL_BUILTIN) while
# globals are rebound, deleted and re-added, builtins are shadowed by globals and
# patched in the builtins module, and the globals dict is written through globals(),
# exec and a function with other globals.
import builtins

SCALE = 2


def scaled(x):
    return x * SCALE


def length(x):
    return len(x)


def lookup_missing():
    return MISSING  # noqa: F821


out = []
for i in range(200):
    if i == 50:
        SCALE = 3.5
    if i == 100:
        del SCALE
    if i == 120:
        globals()["SCALE"] = "s"
    if i == 160:
        exec("SCALE = -1", globals())
    try:
        out.append(scaled(i))
    except NameError as e:
        out.append(str(e))
print(out[49:51], out[99:101], out[119:121], out[159:161], out[-1])

# a builtin shadowed by a global, then the shadow deleted; a name added to builtins.
# (Only builtins pyjit itself does not call are replaced in the builtins module: see
# notes on patching builtins.)
def uses_new_builtin():
    return spec_extra(3)  # noqa: F821


out = []
for i in range(200):
    if i == 40:
        len = lambda x: "shadow"          # noqa: E731
    if i == 80:
        del len
    if i == 120:
        builtins.spec_extra = lambda x: ("new builtin", x)
    if i == 160:
        spec_extra = lambda x: ("global wins", x)   # noqa: E731
    out.append(length("abc"))
    try:
        out.append(uses_new_builtin())
    except NameError as e:
        out.append(str(e))
del builtins.spec_extra
print(out[78:82], out[158:162], out[238:242], out[318:322], out[-2:], length([1, 2]))
del spec_extra
try:
    uses_new_builtin()
except NameError as e:
    print(e)

# a global appearing later: the site first fails (NameError), then finds it
out = []
for i in range(120):
    if i == 60:
        MISSING = "found"
    if i == 90:
        del MISSING
    try:
        out.append(lookup_missing())
    except NameError as e:
        out.append(str(e))
print(out[59:61], out[89:91])

# a builtin removed from builtins while a site uses it
def uses_abs(x):
    return abs(x)


real_abs = abs
out = []
for i in range(120):
    if i == 60:
        del builtins.abs
    if i == 90:
        builtins.abs = real_abs
    try:
        out.append(uses_abs(-i))
    except NameError as e:
        out.append(str(e))
print(out[59:61], out[89:91])

# the same code object run with two different globals dicts
src = "def f():\n    return VALUE * 2\n"
ns1 = {"VALUE": 1}
ns2 = {"VALUE": "ab"}
exec(src, ns1)
exec(src, ns2)
code = ns1["f"].__code__
f1, f2 = ns1["f"], ns2["f"]
print([f1() for _ in range(30)][-1], [f2() for _ in range(30)][-1],
      [(f1 if i % 2 else f2)() for i in range(40)][-2:])
ns2["VALUE"] = [0]
print(f2(), f1())

# many globals changing in one loop (dict resizes change nothing visible)
for k in range(100):
    globals()[f"g{k}"] = k
print(sum(scaled(globals()[f"g{k}"]) for k in range(100)))
