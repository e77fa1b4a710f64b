"""Generators as coroutine pipelines: producer -> filters -> sink with send(), priming decorator, broadcast."""
import functools
def coroutine(fn):
    @functools.wraps(fn)
    def start(*a, **k):
        g = fn(*a, **k)
        next(g)
        return g
    return start
@coroutine
def printer(prefix):
    try:
        while True:
            item = yield
            print(prefix, item)
    except GeneratorExit:
        print(prefix, "closed")
@coroutine
def grep(pattern, target):
    while True:
        line = yield
        if pattern in line:
            target.send(line)
@coroutine
def upper(target):
    while True:
        target.send((yield).upper())
@coroutine
def broadcast(targets):
    while True:
        item = yield
        for t in targets:
            t.send(item)
@coroutine
def counter(store):
    n = 0
    while True:
        yield
        n += 1
        store["count"] = n
lines = ["python rocks", "java", "pyjit traces python", "c++", "snake python"]
p = printer("match:")
pipe = grep("python", upper(p))
for line in lines:
    pipe.send(line)
p.close()
store = {}
b = broadcast([grep("py", printer("py:")), grep("a", printer("a:")), counter(store)])
for line in lines:
    b.send(line)
print(store)
def read_numbers(n):
    for i in range(n):
        yield i
def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x
def scaled(src, k):
    for x in src:
        yield x * k
def chunked(src, size):
    buf = []
    for x in src:
        buf.append(x)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf
result = list(chunked(scaled(evens(read_numbers(20)), 3), 4))
print(result)
print(sum(scaled(evens(read_numbers(6000)), 2)))
@coroutine
def running_stats():
    n = 0
    mean = 0.0
    m2 = 0.0
    result = None
    while True:
        x = yield result
        n += 1
        delta = x - mean
        mean += delta / n
        m2 += delta * (x - mean)
        result = (n, round(mean, 6), round(m2 / n, 6))
rs = running_stats()
for v in [2, 4, 4, 4, 5, 5, 7, 9]:
    r = rs.send(v)
print(r)
def tokenize(text):
    word = ""
    for ch in text:
        if ch.isalnum():
            word += ch
        else:
            if word:
                yield ("WORD", word)
                word = ""
            if not ch.isspace():
                yield ("PUNCT", ch)
    if word:
        yield ("WORD", word)
print(list(tokenize("Hello, world! pyjit: 3 tiers.")))
