# Uncaught three-level chain mixing cause and context, plus a context cycle guard.
def step1():
    raise KeyError("k")


def step2():
    try:
        step1()
    except KeyError as e:
        raise ValueError("v") from e


def step3():
    try:
        step2()
    except ValueError:
        raise TypeError("t")


step3()
