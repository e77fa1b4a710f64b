"""Reloaded by importlib.reload: module state is re-run, the module object stays the same."""
try:
    loads += 1
except NameError:
    loads = 1
print("reloadme: body run, loads =", loads)
items = []


def add(x):
    items.append(x)
    return len(items)
