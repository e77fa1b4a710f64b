"""Resource management patterns: ExitStack with dynamic resources, cleanup on partial failure, nested managers, temp files."""
import contextlib
import os
import tempfile
class Conn:
    opened = []
    def __init__(self, name, fail=False):
        self.name = name
        self.fail = fail
    def __enter__(self):
        if self.fail:
            raise ConnectionError(f"cannot open {self.name}")
        Conn.opened.append(self.name)
        print("open", self.name)
        return self
    def __exit__(self, et, ev, tb):
        Conn.opened.remove(self.name)
        print("close", self.name, "due to " + et.__name__ if et else "")
        return False
def open_all(names):
    with contextlib.ExitStack() as stack:
        conns = [stack.enter_context(Conn(n, fail=n.startswith("bad"))) for n in names]
        print("all open:", [c.name for c in conns])
        return len(conns)
print(open_all(["db", "cache", "queue"]))
try:
    open_all(["db", "cache", "bad-queue", "never"])
except ConnectionError as e:
    print("ConnectionError:", e, "still open:", Conn.opened)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "data.txt")
    with open(path, "w") as f:
        for i in range(3000):
            f.write(f"line {i}\n")
    with open(path) as f:
        lines = f.readlines()
    print(len(lines), lines[0].strip(), lines[-1].strip(), f.closed)
    with open(path) as f:
        total = sum(int(line.split()[1]) for line in f)
    print(total)
    with open(path, "a") as f, open(path) as g:
        f.write("appended\n")
        f.flush()
        print(g.read().count("\n"))
print("tempdir removed:", not os.path.exists(d))
@contextlib.contextmanager
def chdir_tmp():
    old = os.getcwd()
    with tempfile.TemporaryDirectory() as d:
        os.chdir(d)
        try:
            yield d
        finally:
            os.chdir(old)
with chdir_tmp() as d:
    with open("rel.txt", "w") as f:
        f.write("x")
    print(os.listdir("."))
print(os.getcwd() != d)
def callbacks_order():
    with contextlib.ExitStack() as st:
        for i in range(4):
            st.callback(print, "cleanup", i)
        print("body done")
callbacks_order()
with contextlib.ExitStack() as st:
    st.enter_context(Conn("primary"))
    try:
        with Conn("nested"):
            raise TimeoutError("slow")
    except TimeoutError as e:
        print("handled", e)
print("opened at end", Conn.opened)
import io
with io.StringIO() as s:
    s.write("hello")
    print(s.getvalue())
print(s.closed)
