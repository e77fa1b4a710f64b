# Uncaught chained exception with explicit cause: "The above exception was the direct cause".
class ConfigError(Exception):
    pass


def read_port(cfg):
    try:
        return int(cfg["port"])
    except KeyError as e:
        raise ConfigError("port not configured") from e
    except ValueError as e:
        raise ConfigError(f"bad port {cfg['port']!r}") from e


print(read_port({"port": "8080"}))
try:
    read_port({})
except ConfigError as e:
    print("caught:", e, "| cause:", repr(e.__cause__))
try:
    raise ValueError("outer") from TypeError("explicit")
except ValueError as e:
    print("cause chain:", repr(e.__cause__), e.__suppress_context__)
read_port({"port": "http"})
