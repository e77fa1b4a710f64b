"""Looks at the call stack while it is being imported (importlib frames sit between it and the importer)."""
import inspect
import sys
import warnings

names = [fi.function for fi in inspect.stack()]
print("stackprobe stack:", names)
caller = sys._getframe(1)
print("stackprobe caller:", caller.f_code.co_name, caller.f_code.co_filename.startswith("<frozen"))
outer = [f for f in inspect.stack() if f.filename.endswith("imp_frames.py")]
print("importer line:", outer[0].lineno if outer else None, outer[0].code_context if outer else None)
warnings.warn("module-level warning, stacklevel=1")
warnings.warn("module-level warning, stacklevel=2", stacklevel=2)


def where():
    return [fi.function for fi in inspect.stack()[:2]]
