"""A module that raises while it is being imported."""
print("pkgdemo.broken: starting")
SETTING = {"mode": "fast"}


def configure(settings):
    return settings["level"] * 2


LEVEL = configure(SETTING)
