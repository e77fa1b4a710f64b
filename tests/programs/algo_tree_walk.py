"""JSON-like tree walk: recursive traversal, path queries, flatten/unflatten, diff of two documents, stats via generators."""
import json
doc = {
    "name": "root",
    "version": 3,
    "config": {"debug": False, "paths": ["/a", "/b"], "limits": {"cpu": 2.5, "mem": 512}},
    "users": [
        {"id": 1, "name": "ann", "roles": ["admin", "dev"], "active": True},
        {"id": 2, "name": "bob", "roles": [], "active": False, "extra": None},
        {"id": 3, "name": "cid", "roles": ["dev"], "active": True},
    ],
}
def walk(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))
    else:
        yield path, node
for p, v in walk(doc):
    print("/".join(map(str, p)), "=", json.dumps(v))
def get(node, path, default=None):
    for part in path.split("."):
        if isinstance(node, list):
            try:
                node = node[int(part)]
            except (ValueError, IndexError):
                return default
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return default
    return node
print(get(doc, "config.limits.mem"), get(doc, "users.1.name"), get(doc, "users.9.name", "?"), get(doc, "config.x.y", "-"))
def flatten(node):
    return {".".join(map(str, p)): v for p, v in walk(node)}
def unflatten(flat):
    root = {}
    for key, v in flat.items():
        parts = key.split(".")
        cur = root
        for a, b in zip(parts, parts[1:]):
            cur = cur.setdefault(a, {})
        cur[parts[-1]] = v
    return root
flat = flatten(doc)
print(len(flat), list(flat)[:4])
print(json.dumps(unflatten({"a.b": 1, "a.c.d": 2, "e": 3}), sort_keys=True))
def diff(a, b, path=""):
    if type(a) != type(b):
        yield f"{path or '/'}: type {type(a).__name__} -> {type(b).__name__}"
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in b:
                yield f"{path}/{k}: removed"
            elif k not in a:
                yield f"{path}/{k}: added {json.dumps(b[k])}"
            else:
                yield from diff(a[k], b[k], f"{path}/{k}")
    elif isinstance(a, list):
        for i in range(max(len(a), len(b))):
            if i >= len(a):
                yield f"{path}/{i}: added"
            elif i >= len(b):
                yield f"{path}/{i}: removed"
            else:
                yield from diff(a[i], b[i], f"{path}/{i}")
    elif a != b:
        yield f"{path}: {json.dumps(a)} -> {json.dumps(b)}"
doc2 = json.loads(json.dumps(doc))
doc2["version"] = 4
doc2["config"]["limits"]["cpu"] = "2.5"
doc2["users"][1]["roles"].append("ops")
del doc2["users"][2]
doc2["new"] = {"k": [1]}
for line in diff(doc, doc2):
    print(line)
def depth(node):
    if isinstance(node, dict):
        return 1 + max((depth(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return 1 + max((depth(v) for v in node), default=0)
    return 0
def count_types(node):
    counts = {}
    for _, v in walk(node):
        counts[type(v).__name__] = counts.get(type(v).__name__, 0) + 1
    return dict(sorted(counts.items()))
print(depth(doc), count_types(doc))
big = {"level0": [{"id": i, "children": [{"v": i * j} for j in range(5)]} for i in range(600)]}
print(sum(v for p, v in walk(big) if p[-1] == "v"), depth(big), len(flatten(big)))
def transform(node, fn):
    if isinstance(node, dict):
        return {k: transform(v, fn) for k, v in node.items()}
    if isinstance(node, list):
        return [transform(v, fn) for v in node]
    return fn(node)
print(json.dumps(transform(doc["config"], lambda v: v * 2 if isinstance(v, (int, float)) and not isinstance(v, bool) else v)))
