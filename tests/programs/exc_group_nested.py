# Uncaught nested ExceptionGroup: the boxed +-+---- traceback rendering of sub-exceptions.
def fail(kind, msg):
    raise kind(msg)


def collect(tasks):
    errors = []
    for kind, msg in tasks:
        try:
            fail(kind, msg)
        except Exception as e:
            errors.append(e)
    return errors


inner = ExceptionGroup("inner group", collect([(KeyError, "k1"), (OSError, "disk full")]))
eg = ExceptionGroup("outer group", [ValueError("bad value"), inner, TypeError("bad type")])
print(repr(eg))
print(eg.exceptions[1].exceptions)
match, rest = eg.split(ValueError)
print("split:", repr(match), "|", repr(rest))
print("subgroup:", eg.subgroup(lambda e: isinstance(e, OSError)))
raise eg
