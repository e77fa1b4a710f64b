"""Circular import, second half: uses circ_a lazily (module attribute access at call time)."""
print("circ_b: start")
from . import circ_a

print("circ_b: sees partially initialised circ_a, has A_NAME:", hasattr(circ_a, "A_NAME"),
      "has use_b:", hasattr(circ_a, "use_b"))
B_NAME = "beta"


def from_b():
    return circ_a.A_NAME + "/" + B_NAME
