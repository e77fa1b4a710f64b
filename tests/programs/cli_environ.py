# os.environ as the harness sets it: PYTHONHASHSEED=0 makes str hashes and set order fixed; UTF-8 mode; encodings.
import os
import sys

print(os.environ.get("PYTHONHASHSEED"), os.environ.get("PYTHONUTF8"), os.environ.get("PYTHONIOENCODING"))
print(os.environ.get("PYTHONDONTWRITEBYTECODE"), "PYTHONPATH" in os.environ)
print(sys.flags.hash_randomization, sys.flags.utf8_mode, sys.flags.dont_write_bytecode, sys.dont_write_bytecode)
print(hash("abc"), hash(b"xyz"), hash(("a", 1)))
print(list({"pear", "apple", "fig", "kiwi", "plum"}))
print(sys.getdefaultencoding(), sys.getfilesystemencoding(), sys.stdout.encoding)
print(os.environ.get("PYJIT_NOT_SET", "default"), os.getenv("PYJIT_NOT_SET") is None)
os.environ["PYJIT_DEMO_VAR"] = "set"
print(os.environ["PYJIT_DEMO_VAR"], os.getenv("PYJIT_DEMO_VAR"))
print(sys.version_info[:2], sys.implementation.name, sys.hexversion >> 16)
