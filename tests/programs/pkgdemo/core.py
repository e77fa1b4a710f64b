"""Module-level state shared by everyone who imports pkgdemo.core."""
print("pkgdemo.core: loading")
VERSION = "1.2"
_counter = 0
history = []


def bump(n=1):
    global _counter
    _counter += n
    history.append(n)
    return _counter


def counter_value():
    return _counter
