"""with statements (program context managers, host ones: locks, contextlib,
suppress) and try/except/finally in hot loops -- the exit call on every path,
exceptions raised on later iterations (in the body, in __enter__, in
__exit__), exceptions swallowed by __exit__, handlers that re-raise, finally
blocks on break/continue, and the exception state they leave."""

import contextlib
import sys
import threading


class Tracker:
    def __init__(self):
        self.entered = 0
        self.exited = 0
        self.seen = []

    def __enter__(self):
        self.entered += 1
        return self

    def __exit__(self, typ, val, tb):
        self.exited += 1
        if typ is not None:
            self.seen.append(typ.__name__)
        return typ is KeyError          # swallows KeyErrors


def withs(n):
    tr = Tracker()
    lock = threading.Lock()
    t = 0
    for i in range(n):
        with tr as x:
            t += x.entered
            if i == 70:
                raise KeyError(i)       # swallowed by __exit__
        with lock:
            t += 1
        with contextlib.suppress(ZeroDivisionError):
            t += 10 // (i - 100)
        try:
            with tr:
                if i == 150:
                    raise ValueError("out")
        except ValueError as e:
            t += len(str(e))
    return t, tr.entered, tr.exited, tr.seen


print("withs", withs(200))


@contextlib.contextmanager
def tagged(log, tag):
    log.append("<" + tag)
    try:
        yield tag
    finally:
        log.append(tag + ">")


def generator_cm(n):
    log = []
    for i in range(n):
        with tagged(log, str(i % 3)) as tag:
            log.append(tag)
    return len(log), log[-6:]


print("generator cm", generator_cm(50))


def tries(n):
    t = 0
    caught = []
    for i in range(n):
        try:
            t += 100 // (i % 37)
        except ZeroDivisionError:
            caught.append(i)
            t -= 1
        else:
            t += 1
        finally:
            t += 2
        try:
            if i % 45 == 44:
                raise RuntimeError(f"at {i}")
        except RuntimeError as e:
            t += len(e.args[0])
            assert sys.exc_info()[1] is e
        assert sys.exc_info() == (None, None, None)
    return t, caught


print("tries", tries(200))


def finally_paths(n):
    log = []
    for i in range(n):
        try:
            if i % 7 == 3:
                continue
            if i == 55:
                break
            log.append(i)
        finally:
            log.append(-1)
    return len(log), log[-4:]


print("finally", finally_paths(100))


def lookups(n):
    d = {k: k * 2 for k in range(0, 100, 3)}
    t = 0
    for i in range(n):
        try:
            t += d[i]
        except KeyError:
            t += 1
    return t


print("lookups", lookups(200))


def reraise(n):
    t = 0
    for i in range(n):
        try:
            try:
                t += 10 // (i - 60)
            except ZeroDivisionError:
                t += 1000
                raise
        except ZeroDivisionError as e:
            t += len(str(e))
    return t


print("reraise", reraise(100))


class Bad:
    def __init__(self, fail_at):
        self.fail_at = fail_at
        self.i = 0

    def __enter__(self):
        self.i += 1
        if self.i == self.fail_at:
            raise OSError("enter failed")

    def __exit__(self, *a):
        pass


def enter_fails(n):
    b = Bad(80)
    t = 0
    for i in range(n):
        with b:
            t += i
    return t


enter_fails(100)
