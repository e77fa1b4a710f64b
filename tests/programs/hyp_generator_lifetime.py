# Found by the Hypothesis program generator: generators and the frames/locals they
# reference are released exactly when CPython's refcounting releases them.
class D:
    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        print('D freed', self.tag)


def gen(tag):
    o = D(tag)
    yield 1


def h():
    o = D('h local')
    g = gen('never started')
    return 'h returns'


print(h())


def closing():
    try:
        yield 1
    finally:
        print('generator closed')


def f():
    it = closing()
    next(it)
    return 'f returns'


print(f())
g = gen('closed')
print(next(g))
g.close()
print('after close')
g = gen('dropped')
next(g)
del g
print('after del')
g = (D(i) for i in range(2))
print(next(g).tag)
g = None
print('end')
