# Program code that host code executes on the program's behalf runs in the VM:
# a module loaded through importlib.util.spec_from_file_location, a script run by
# runpy.run_path.  (Under pyjit the qualified name of a VM frame view's class is VMFrameView.)
import importlib.util
import os
import runpy
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("loaded_module", os.path.join(here, "loaded_module.py"))
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
print("spec_from_file_location body:", mod.BODY, "function:", mod.where())
ns = runpy.run_path(os.path.join(here, "loaded_module.py"))
print("runpy.run_path body:", ns["BODY"], "function:", ns["where"]())
# a path relative to the working directory (the code's co_filename and __file__ are
# relative too): still the program's file
os.chdir(here)
ns = runpy.run_path("loaded_module.py")
print("runpy.run_path, relative path, body:", ns["BODY"], "function:", ns["where"]())
