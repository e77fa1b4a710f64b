# logging.exception / error / warning to stderr with a fixed format (funcName, lineno, module), no timestamps.
import logging
import sys

logging.basicConfig(stream=sys.stderr, level=logging.DEBUG,
                    format="%(levelname)s:%(name)s:%(module)s:%(funcName)s:%(lineno)d: %(message)s")
log = logging.getLogger("app")


def divide(a, b):
    log.debug("divide %s by %s", a, b)
    try:
        return a / b
    except ZeroDivisionError:
        log.exception("division failed for %r", (a, b))
        return None


class Service:
    def __repr__(self):
        return "<Service demo>"

    def handle(self):
        log.info("handling %r", self)
        try:
            {}["missing"]
        except KeyError:
            log.error("lookup failed", exc_info=True)
        log.warning("stacklevel test", stacklevel=1)


print(divide(6, 3))
print(divide(1, 0))
Service().handle()
out = logging.getLogger("out")
out.propagate = False
h = logging.StreamHandler(sys.stdout)
h.setFormatter(logging.Formatter("[%(levelname)s] %(funcName)s@%(lineno)d %(message)s"))
out.addHandler(h)


def helper():
    out.warning("from helper")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        out.exception("captured")


helper()
out.critical("at module level")
logging.shutdown()
