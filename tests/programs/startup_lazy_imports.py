# A program that never gets hot: pyjit imports neither the JIT's recorder and
# optimizer nor llvmlite for it (they come with the first hot loop or function:
# jit/later.py, jit/backends.py), and no tier imports pyperf or matplotlib.
# (No loop and no function here: under --jit-threshold 2 nothing gets hot.)
import sys

print("pyjit.jit.recorder" in sys.modules, "pyjit.jit.opt" in sys.modules,
      "pyjit.jit.nest" in sys.modules, "pyjit.jit.traceinterp" in sys.modules,
      "llvmlite" in sys.modules, "pyperf" in sys.modules, "matplotlib" in sys.modules)
