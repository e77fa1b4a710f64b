from .circ_x import X

Y = "y"
