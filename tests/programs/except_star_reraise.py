"""except*: what a bare `raise` re-raises keeps its place in the original group
(PREP_RERAISE_STAR tells re-raised from raised by the exceptions' metadata:
notes, traceback, cause, context); `raise e` and new exceptions become
siblings in a new group."""


def leaves():
    return [TypeError(1), ValueError(2), OSError(3)]


def inner():
    raise ExceptionGroup("eg", leaves())


def show(label, fn):
    try:
        fn()
    except BaseException as e:
        sub = [repr(x) for x in getattr(e, "exceptions", [])]
        print(label, type(e).__name__, repr(getattr(e, "message", str(e))), sub)
    else:
        print(label, "nothing")


def all_named():
    try:
        raise ExceptionGroup("eg", leaves())
    except* TypeError as e:
        raise
    except* ValueError as e:
        raise


def all_unnamed_nested():
    try:
        inner()
    except* TypeError:
        raise
    except* (ValueError, OSError):
        raise


def partial():
    try:
        raise ExceptionGroup("eg", leaves())
    except* TypeError:
        pass
    except* ValueError:
        raise


def on_another_line():
    try:
        raise ExceptionGroup("eg", leaves())
    except* TypeError as e:
        x = 1
        y = x + 1
        if y:
            raise


def raise_e():
    try:
        raise ExceptionGroup("eg", leaves())
    except* TypeError as e:
        raise e


def new_and_reraise():
    try:
        raise ExceptionGroup("eg", leaves())
    except* TypeError:
        raise KeyError("new")
    except* ValueError:
        raise


def with_note():
    try:
        raise ExceptionGroup("eg", leaves())
    except* TypeError as e:
        e.add_note("noted")
        raise


def nested_groups():
    try:
        raise ExceptionGroup("outer", [ExceptionGroup("mid", [TypeError(4), ValueError(5)]),
                                       OSError(6)])
    except* ValueError:
        raise


def naked():
    try:
        raise TypeError("naked")
    except* TypeError:
        raise


for name, fn in list(globals().items()):
    if callable(fn) and name not in ("leaves", "inner", "show"):
        for _ in range(3):  # (specialized forms warm up too)
            show(name, fn)
