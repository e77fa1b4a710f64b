# JSON-like tree walks (tier jit: function traces of recursive functions with
# loops, recursion through a see-through builtin over a generator expression).
# - ``summarize``: type dispatch whose dict loop ends past the list loop of the
#   next ``elif`` -- the loop's end runs straight to the return (its bridge
#   through the epilogue), though a later loop of the function lies between;
# - ``depth``: ``max(depth(v) for v in ...)`` -- the recursion passes through
#   the generator's frame, resumed by the builtin's loop: the function counts
#   as recursive by naming itself; lists and dicts of every length (the
#   unrolled generator's end fails inside the resumed frame: bridged there);
# - ``width``: the same through ``sum()`` and ``any()``;
# guard failures at depth: ints turning floats and big ints, bools, str
# subclasses, None, a dict subclass, an exception raised at depth and caught
# levels up, the global ``depth`` rebound to another function mid-run.


class Tag(str):
    pass


class Record(dict):
    pass


def make_tree(n, seed, kind):
    x = seed

    def rnd():
        nonlocal x
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        return x

    records = []
    for i in range(n):
        tags = [f"t{rnd() % 9}" for _ in range(rnd() % 4)]
        v = i if kind == 0 else (i * 0.5 if kind == 1 else i * 10 ** 20)
        rec = {
            "id": v,
            "name": Tag(f"n{rnd() % 100}") if rnd() % 7 == 0 else f"n{rnd() % 100}",
            "on": rnd() % 3 != 0,
            "tags": tags,
            "owner": None if rnd() % 5 == 0 else {
                "uid": rnd() % 50,
                "roles": ["a", "b"] if rnd() % 4 == 0 else ["c"],
                "geo": {"lat": (rnd() % 180) / 2.0, "lon": [rnd() % 9] * (rnd() % 3)},
            },
            "hist": [{"v": rnd() % 10, "ok": rnd() % 2 == 0} for _ in range(rnd() % 5)],
        }
        if kind == 2 and i % 11 == 3:
            rec = Record(rec)
        records.append(rec)
    return {"version": 3, "records": records, "meta": {"n": n, "deep": [[[[kind]]]]}}


def summarize(node, stats):
    if isinstance(node, dict):
        stats["dicts"] += 1
        for key, value in node.items():
            stats["keys"] += len(key)
            summarize(value, stats)
    elif isinstance(node, list):
        stats["lists"] += 1
        for item in node:
            summarize(item, stats)
    elif isinstance(node, bool):
        stats["bools"] += node
    elif isinstance(node, int):
        stats["ints"] += node
    elif isinstance(node, float):
        stats["floats"] += node
    elif isinstance(node, str):
        stats["chars"] += len(node)
    elif node is None:
        stats["nulls"] += 1


def depth(node):
    if isinstance(node, dict):
        return 1 + max((depth(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return 1 + max((depth(v) for v in node), default=0)
    return 0


def width(node):
    # the same shape through sum() and any()
    if isinstance(node, dict):
        return sum(width(v) for v in node.values()) + any(width(v) > 3 for v in node.values())
    if isinstance(node, list):
        return 1 + sum(width(v) for v in node)
    return 1


def checked_depth(node, limit):
    # raises at depth, caught levels up
    if isinstance(node, dict):
        return 1 + max((checked_depth(v, limit - 1) for v in node.values()), default=0)
    if isinstance(node, list):
        if limit <= 0:
            raise ValueError(f"too deep at {len(node)}")
        return 1 + max((checked_depth(v, limit - 1) for v in node), default=0)
    return 0


def run(n, seed, kind):
    tree = make_tree(n, seed, kind)
    stats = dict.fromkeys(("dicts", "lists", "keys", "bools", "ints", "chars", "nulls"), 0)
    stats["floats"] = 0.0
    summarize(tree, stats)
    try:
        cd = checked_depth(tree, 4 + kind)
    except ValueError as e:
        cd = str(e)
    return (stats["dicts"], stats["lists"], stats["keys"], stats["bools"], stats["ints"],
            round(stats["floats"], 6), stats["chars"], stats["nulls"], depth(tree),
            width(tree), cd)


for rep in range(2):
    for kind in (0, 1, 0, 2):
        print(rep, kind, run(25, 11 + rep, kind))

# the global the recursion names rebound: the old function's traces must call
# the new one (the name is looked up at each call)
old_depth = depth


def depth(node):
    return -1 if isinstance(node, list) else old_depth(node) * 10


print(old_depth({"a": [1], "b": {"c": 2}}), old_depth([{"x": {}}]))
print(run(10, 5, 0))
depth = old_depth
print(run(10, 6, 1))
