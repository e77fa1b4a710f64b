# Circular imports: a working cycle using module attributes lazily, and a broken `from x import y` cycle (caught).
import pkgdemo.circ_a as a
import pkgdemo.circ_b as b

print(a.use_b(), b.from_b(), a.circ_b is b, b.circ_a is a)
try:
    import pkgdemo.circ_x
except ImportError as e:
    print("broken cycle:", type(e).__name__)
    print(str(e).replace(__file__.rsplit("/", 1)[0], "<DIR>"))
    print("name:", e.name)
import sys
print("circ_x" in str(sorted(sys.modules)), "pkgdemo.circ_x" in sys.modules, "pkgdemo.circ_y" in sys.modules)
