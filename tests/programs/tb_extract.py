# traceback.extract_tb / walk_tb / tb_next chains: line numbers, names and source lines of each frame.
import os
import traceback


class Parser:
    def parse(self, text):
        return [self.item(t) for t in text.split()]

    def item(self, t):
        return int(t)


def run(text):
    p = Parser()
    return p.parse(text)


try:
    run("1 2 x")
except ValueError as e:
    tb = e.__traceback__
    for fs in traceback.extract_tb(tb):
        print(os.path.basename(fs.filename), fs.lineno, fs.name, repr(fs.line))
    print("walk:", [(f.f_code.co_name, lineno) for f, lineno in traceback.walk_tb(tb)])
    n = 0
    while tb is not None:
        n += 1
        print("tb_lineno", tb.tb_lineno, tb.tb_frame.f_code.co_name,
              tb.tb_frame.f_code.co_filename == __file__)
        tb = tb.tb_next
    print("entries", n)
    summary = traceback.extract_tb(e.__traceback__, limit=2)
    print(len(summary), summary[-1].name)
    print("".join(summary.format()), end="")
    print(traceback.StackSummary.from_list([("f.py", 3, "fn", "x = 1")]).format())


def gen():
    yield 1
    raise KeyError("gen")


try:
    for _ in gen():
        pass
except KeyError as e:
    print([(fs.name, fs.lineno) for fs in traceback.extract_tb(e.__traceback__)])
try:
    exec("def h():\n    return 1/0\nh()", {"__name__": "dyn"})
except ZeroDivisionError as e:
    print([(fs.filename, fs.name, fs.lineno, fs.line) for fs in traceback.extract_tb(e.__traceback__)])
