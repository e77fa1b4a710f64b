"""Circular import, first half: imports circ_b at the top, which imports circ_a back."""
print("circ_a: start")
A_NAME = "alpha"
from . import circ_b

print("circ_a: end, circ_b.B_NAME =", circ_b.B_NAME)


def use_b():
    return circ_b.from_b() + "+a"
