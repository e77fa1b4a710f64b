"""A 5-body simulation run as a whole program: warm-up counts (issue #15).

The planets of bm_nbody (its code, imported), stepped for a whole simulation: run as a script
(``python3 bm_nbody_long.py`` against ``pyjit run bm_nbody_long.py``) it makes
200,000 steps, so the JIT's recording and compiling are part of what is
timed.  Before issue #15 a run spent 2.2 s compiling 4 loops and 3 bridges and
was slower than CPython as a whole process, though fast in its steady state.
In the suite, ``n`` steps per call.
"""

import sys

from bm_nbody import advance, combinations, energy, make_bodies, offset_momentum

WORKLOAD = 20_000
QUICK_WORKLOAD = 4_000
STEPS = 200_000      # a whole simulation, as a script (python3 bm_nbody_long.py)


def run(n):
    bodies = make_bodies()
    pairs = combinations(bodies)
    offset_momentum(bodies)
    before = energy(bodies, pairs)
    advance(0.01, n, bodies, pairs)
    after = energy(bodies, pairs)
    return f"{before:.9f} {after:.9f}"


if __name__ == "__main__":
    print(f"checksum: {run(int(sys.argv[1]) if len(sys.argv) > 1 else STEPS)}")
