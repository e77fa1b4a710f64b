# Generators finalized by the host: close() on del (refcount), on gc of a cycle, explicit close/throw, and at interpreter exit.
import gc


def resource(name):
    print("open", name)
    try:
        while True:
            yield name
    except GeneratorExit:
        print("GeneratorExit in", name)
        raise
    finally:
        print("close", name)


g = resource("dropped")
next(g)
del g
print("after del")
g = resource("explicit")
next(g)
g.close()
print("closed:", g.gi_frame is None)
g = resource("thrown")
next(g)
try:
    g.throw(ValueError("into generator"))
except ValueError as e:
    print("throw propagated:", e)
holder = {"gen": resource("cycle")}
next(holder["gen"])
holder["self"] = holder
del holder
gc.collect()
print("after gc")


def never_started():
    try:
        yield 1
    finally:
        print("never printed: unstarted generators do not run finally")


ns = never_started()
del ns
left_open = resource("at exit")
next(left_open)
print("end of main")
