"""A plain top-level module found by adding its directory to sys.path."""
NAME = "flatmod"


def where():
    import os
    return os.path.basename(os.path.dirname(__file__))
