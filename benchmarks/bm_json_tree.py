"""JSON-like tree walk: build nested dicts and lists of ints, floats, strings,
booleans and None; walk them recursively with type dispatch (summaries,
depth, a serializer written in Python) and transform them into a new tree.

``n`` is the number of top-level records.
"""

WORKLOAD = 1200
QUICK_WORKLOAD = 240


def make_tree(n):
    x = 11

    def rnd():
        nonlocal x
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        return x

    records = []
    for i in range(n):
        tags = [f"t{rnd() % 20}" for _ in range(rnd() % 4)]
        records.append({
            "id": i,
            "name": f"item-{rnd() % 1000}",
            "price": (rnd() % 10000) / 100.0,
            "active": rnd() % 3 != 0,
            "tags": tags,
            "owner": None if rnd() % 5 == 0 else {
                "uid": rnd() % 500,
                "roles": ["admin", "dev"] if rnd() % 4 == 0 else ["user"],
                "geo": {"lat": (rnd() % 18000) / 100.0 - 90.0,
                        "lon": (rnd() % 36000) / 100.0 - 180.0},
            },
            "history": [{"v": rnd() % 100, "ok": rnd() % 2 == 0} for _ in range(rnd() % 5)],
        })
    return {"version": 3, "records": records, "meta": {"source": "synthetic", "count": n}}


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


def dumps(node, out):
    if isinstance(node, dict):
        out.append("{")
        first = True
        for key, value in node.items():
            if not first:
                out.append(",")
            first = False
            out.append('"' + key + '":')
            dumps(value, out)
        out.append("}")
    elif isinstance(node, list):
        out.append("[")
        for i, item in enumerate(node):
            if i:
                out.append(",")
            dumps(item, out)
        out.append("]")
    elif node is None:
        out.append("null")
    elif node is True:
        out.append("true")
    elif node is False:
        out.append("false")
    elif isinstance(node, str):
        out.append('"' + node + '"')
    else:
        out.append(repr(node))


def transform(node):
    if isinstance(node, dict):
        return {k.upper(): transform(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [transform(v) for v in node]
    if isinstance(node, float):
        return round(node * 2.0, 2)
    return node


def run(n):
    tree = make_tree(n)
    stats = dict.fromkeys(("dicts", "lists", "keys", "bools", "ints", "chars", "nulls"), 0)
    stats["floats"] = 0.0
    summarize(tree, stats)
    parts = []
    dumps(transform(tree), parts)
    text = "".join(parts)
    h = 0
    for ch in text[::7]:
        h = (h * 33 + ord(ch)) % 1000000007
    return (f"{stats['dicts']} {stats['lists']} {stats['keys']} {stats['bools']} "
            f"{stats['ints']} {stats['floats']:.6f} {stats['chars']} {stats['nulls']} "
            f"{depth(tree)} {len(text)} {h}")


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
