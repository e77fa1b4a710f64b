"""The introspection attributes of generators, coroutines and async generators
are read-only, with CPython's messages (a getset's, or a member's "readonly
attribute")."""


def g():
    yield


async def c():
    pass


async def ag():
    yield


for obj, prefix, names in ((g(), "gi", ["running", "code", "frame", "suspended", "yieldfrom"]),
                           (c(), "cr", ["running", "code", "frame", "suspended", "await",
                                        "origin"]),
                           (ag(), "ag", ["running", "code", "frame", "await", "suspended"])):
    for n in names:
        attr = f"{prefix}_{n}"
        for op in ("set", "del"):
            try:
                if op == "set":
                    setattr(obj, attr, 42)
                else:
                    delattr(obj, attr)
            except AttributeError as e:
                print(attr, op, e)
    print(prefix, getattr(obj, prefix + "_running"), getattr(obj, prefix + "_code").co_name)
    obj.close() if hasattr(obj, "close") else None

import sys

gen = g()
print(type(gen.gi_frame), type(sys._getframe()), type(gen.gi_frame).__name__)
gen.close()
