# Uncaught exception whose __str__ raises: CPython prints "<exception str() failed>".
class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("no str")


print("before")
raise BadStr("x")
