"""Broken circular import: `from .circ_y import Y` while circ_y imports a name not yet defined here."""
from .circ_y import Y

X = "x"
