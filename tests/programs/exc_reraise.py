# Uncaught re-raise of a saved exception from another function: its traceback accumulates both raise sites; bare raise errors.
def original():
    raise ValueError("original failure")


def capture():
    try:
        original()
    except ValueError as e:
        saved = e
    return saved


try:
    raise
except RuntimeError as e:
    print("bare raise:", e)
try:
    raise 42
except TypeError as e:
    print("raise int:", e)
try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e))
try:
    try:
        original()
    except ValueError as e:
        raise e.with_traceback(None)
except ValueError as e:
    print("with_traceback(None) entries:", len(__import__("traceback").extract_tb(e.__traceback__)))
err = capture()


def rethrow():
    raise err


rethrow()
