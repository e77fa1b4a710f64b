# Uncaught exception raised in __exit__ while another exception propagates: context chaining through a with block.
class Guard:
    def __init__(self, name, fail_on_exit=False):
        self.name = name
        self.fail_on_exit = fail_on_exit

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None)
        if self.fail_on_exit:
            raise RuntimeError(f"cleanup of {self.name} failed")
        return False


with Guard("quiet"):
    print("body ok")
try:
    with Guard("inner", fail_on_exit=True):
        pass
except RuntimeError as e:
    print("caught:", e, "| context:", e.__context__)


def process():
    with Guard("outer"), Guard("db", fail_on_exit=True):
        raise KeyError("missing row")


process()
