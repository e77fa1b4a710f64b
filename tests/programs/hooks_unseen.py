# pyjit's own looks at a program's objects must not run the program's hooks:
# `except` matches by the MRO (no __instancecheck__/__subclasscheck__, an ABC's
# registered classes are not caught), and neither the VM nor the JIT asks an
# object with __getattribute__ for its __class__, nor a class whose metaclass
# defines __getattribute__ for its __mro__, __dict__ or __flags__.
import abc

class E(Exception, metaclass=abc.ABCMeta):
    pass

E.register(ValueError)

class AnyMeta(type):
    def __instancecheck__(cls, inst):
        return True
    def __subclasscheck__(cls, sub):
        return True

class Any(Exception, metaclass=AnyMeta):
    pass

def catch(i):
    try:
        try:
            raise (ValueError, KeyError)[i % 2](i)
        except (E, Any):
            return "hook"
    except (ValueError, KeyError) as e:
        return type(e).__name__

print(isinstance(ValueError(), E), isinstance(KeyError(), Any))
print([catch(i) for i in range(6)])
try:
    try:
        raise ExceptionGroup("g", [KeyError(1)])
    except* Any:
        print("star Any")
except* KeyError:
    print("star KeyError")

seen = {}

class Spy:
    def __getattribute__(self, name):
        seen[name] = seen.get(name, 0) + 1
        return 1

class SpyMeta(type):
    def __getattribute__(cls, name):
        seen["M." + name] = seen.get("M." + name, 0) + 1
        return type.__getattribute__(cls, name)

class K(metaclass=SpyMeta):
    a = 5
    def __init__(self):
        self.z = 1
    def m(self):
        return 2

class Err(Exception, metaclass=SpyMeta):
    pass

def loop():
    s = Spy()
    acc = 0
    for i in range(60):
        acc += s.v
        acc += K.a + K().z + K().m()
        try:
            raise Err
        except (KeyError, Err):
            acc += 1
    return acc

print(loop(), sorted(seen.items()))

# an exception class with __getattribute__: raising, matching, chaining and
# throwing it read its class, traceback and context as C does, past the hook
excseen = {}

class Loud(Exception):
    def __getattribute__(self, name):
        excseen[name] = excseen.get(name, 0) + 1
        return object.__getattribute__(self, name)

def raising(i):
    try:
        raise Loud(i)
    except KeyError:
        return 0
    except Loud:
        return 1

def thrown():
    try:
        yield 1
    except Loud:
        yield 2

t = 0
for i in range(40):
    t += raising(i)
    g = thrown()
    next(g)
    t += g.throw(Loud(1))
    try:
        raise Loud("x") from Loud("y")
    except Exception:
        t += 1
print(t, sorted(excseen.items()))

# a metaclass with __hash__/__eq__/__repr__: the JIT's sets of builtin classes
# do not hash the program's classes
mseen = {}

class HashMeta(type):
    def __hash__(cls):
        mseen["hash"] = mseen.get("hash", 0) + 1
        return type.__hash__(cls)
    def __eq__(cls, o):
        mseen["eq"] = mseen.get("eq", 0) + 1
        return type.__eq__(cls, o)
    def __repr__(cls):
        mseen["repr"] = mseen.get("repr", 0) + 1
        return "<H>"

class H(metaclass=HashMeta):
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v

class HSub(H):
    pass

def hloop():
    hs = [H(i % 3) for i in range(5)] + [HSub(1)]
    const = H(5)
    acc = 0
    for i in range(60):
        h = hs[i % len(hs)]
        acc += h.get() + const.get() + (type(h) is H) + isinstance(h, H)
        acc += H(1).v + HSub(2).get() + (h, const)[0].v + [const][0].v
    return acc

print(hloop(), sorted(mseen.items()))
