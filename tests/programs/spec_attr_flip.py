# Tier specialize: LOAD_ATTR / STORE_ATTR sites whose receivers flip between instance
# dicts, __slots__, classes, modules, properties added later, __getattr__ hooks and
# objects whose __class__ or __dict__ change while the site is specialized.
import types


class P:
    def __init__(self, x):
        self.x = x


class Q:
    __slots__ = ("x", "y")

    def __init__(self, x):
        self.x = x
        self.y = -x


class R:
    x = "class attr"


class Lazy:
    def __getattr__(self, name):
        return "lazy " + name


class Guarded:
    def __getattribute__(self, name):
        if name == "x":
            return "guarded"
        return object.__getattribute__(self, name)


class WithProp:
    def __init__(self, v):
        self._v = v

    @property
    def x(self):
        return self._v * 10


mod = types.ModuleType("mod")
mod.x = "module attr"


def get_x(o):
    return o.x


def read(objs):
    out = []
    for o in objs:
        try:
            out.append(get_x(o))
        except AttributeError as e:
            out.append("AttributeError: " + str(e))
    return out


groups = [
    [P(i) for i in range(60)],
    [Q(i) for i in range(60)],
    [R() for _ in range(30)],
    [R] * 30,                                  # a class: LOAD_ATTR_CLASS
    [mod] * 30,                                # a module: LOAD_ATTR_MODULE
    [Lazy()] * 30,
    [Guarded()] * 30,
    [WithProp(i) for i in range(30)],
    [object(), 5, "s"] * 10,
    [P(i) for i in range(60)],
]
for g in groups:
    r = read(g)
    print(len(r), r[:2], r[-1])

# one instance whose class changes: P -> Q-like -> R -> P
p = P(1)


class P2:
    def __init__(self):
        pass

    @property
    def x(self):
        return "P2 property"


out = []
for i in range(200):
    if i == 50:
        p.__class__ = P2
    if i == 100:
        p.__class__ = R
        del p.x
    if i == 150:
        p.__class__ = P
        p.x = "restored"
    out.append(get_x(p))
print(out[49:51], out[99:101], out[149:151], out[-1])

# the instance dict changes under a specialized site
p = P(0)
out = []
for i in range(120):
    if i == 40:
        del p.x
    if i == 41:
        p.__dict__["x"] = "via __dict__"
    if i == 80:
        p.__dict__.clear()
        P.x = "fallback to class"
    try:
        out.append(get_x(p))
    except AttributeError as e:
        out.append(str(e))
print(out[39:42], out[79:81])
del P.x

# a property added to the class after the site specialized on instance values
objs = [P(i) for i in range(5)]
out = []
for i in range(150):
    if i == 60:
        P.x = property(lambda self: "property wins")
    if i == 110:
        del P.x
    out.append(get_x(objs[i % 5]))
print(out[59:61], out[109:111])

# a class attribute changes under LOAD_ATTR_CLASS
out = []
for i in range(100):
    if i == 50:
        R.x = "changed"
    out.append(get_x(R))
print(out[49:51])

# a module attribute changes / disappears under LOAD_ATTR_MODULE
out = []
for i in range(120):
    if i == 40:
        mod.x = "rebound"
    if i == 80:
        del mod.x
    try:
        out.append(get_x(mod))
    except AttributeError as e:
        out.append(str(e))
print(out[39:41], out[79:81])


# a module's __class__ becomes a ModuleType subclass with a property / __getattribute__
class SubModule(types.ModuleType):
    @property
    def x(self):
        return "SubModule property"


class HookModule(types.ModuleType):
    def __getattribute__(self, name):
        return "HookModule " + name


def get_module_x(m):
    return m.x


def call_module_x(m):
    return m.x()


mod.x = "module attr again"
out = []
for i in range(150):
    if i == 50:
        mod.__class__ = SubModule
    if i == 100:
        mod.__class__ = HookModule
    out.append(get_module_x(mod))
print(out[49:51], out[99:101])
mod.__class__ = types.ModuleType


class CallHookModule(types.ModuleType):
    def __getattribute__(self, name):
        return lambda: "CallHookModule " + name


mod.x = lambda: "module function"
out = []
for i in range(100):
    if i == 50:
        mod.__class__ = CallHookModule
    out.append(call_module_x(mod))
print(out[49:51], out[99:101])
mod.__class__ = types.ModuleType


# stores
def set_x(o, v):
    o.x = v


class Logged:
    log = []

    def __setattr__(self, name, value):
        Logged.log.append((name, value))
        object.__setattr__(self, name, value)


objs = [P(0), Q(0), Logged(), R(), R, mod, WithProp(1), 3]
res = []
for k in range(3):
    for o in objs:
        for i in range(30):
            try:
                set_x(o, i)
                res.append(get_x(o))
            except AttributeError as e:
                res.append("AE " + str(e))
print(res[::29])
print(len(Logged.log), Logged.log[-1])

# a setter-property added to a class whose STORE_ATTR site is specialized
p = P(0)
for i in range(100):
    if i == 50:
        P.x = property(lambda self: self.__dict__["hidden"],
                       lambda self, v: self.__dict__.__setitem__("hidden", -v))
    set_x(p, i)
print(p.__dict__, get_x(p))
del P.x
print(get_x(p))

# __slots__ descriptor reused across classes: a Q-typed site sees another slotted class
class Q2:
    __slots__ = ("y", "x")

    def __init__(self, x):
        self.x = x


out = []
for o in [Q(i) for i in range(60)] + [Q2(i) for i in range(60)]:
    set_x(o, get_x(o) + 1)
    out.append(get_x(o))
print(out[58:62])
q = Q(1)
del q.x
try:
    get_x(q)
except AttributeError as e:
    print("AttributeError", e)
