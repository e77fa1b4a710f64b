import sys
from pathlib import Path

# The test helpers (difftest, progen) live beside the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# In-process tests run VM code as library users would: a tier must be selected
# first (pyjit run selects one from --tier); modules that need another tier
# select it for themselves and put this one back.
from pyjit import interp, tiers  # noqa: E402

tiers.select(interp.Interp())

# The JIT compiles on the main thread, at once, unless a test asks for the
# compile thread (difftest's "jit-t2-bg" configuration does): what a program's
# run compiles must not depend on timing.  PYJIT_JIT_SYNC is inherited by every
# `pyjit run` the tests start, and read by the JIT in this process too.
import os  # noqa: E402
import tempfile  # noqa: E402

os.environ["PYJIT_JIT_SYNC"] = "1"
# ... and the persistent code cache is the session's own, not the user's: the
# runs of the session share it (each program's second run finds its code warm)
if "PYJIT_TEST_CACHE" not in os.environ:    # (the first process of the session: it cleans up)
    import atexit  # noqa: E402
    import shutil  # noqa: E402
    os.environ["PYJIT_TEST_CACHE"] = tempfile.mkdtemp(prefix="pyjit-test-cache-")
    atexit.register(shutil.rmtree, os.environ["PYJIT_TEST_CACHE"], True)
os.environ["XDG_CACHE_HOME"] = os.environ["PYJIT_TEST_CACHE"]

# A session started in the background by a non-interactive shell (`cmd &`, nohup)
# inherits SIGINT ignored, and so would every program the tests start -- CPython's
# too, which then survives os.kill(pid, SIGINT): the SIGINT tests would test the
# shell.  Programs run with Python's own SIGINT handling, as from a terminal.
import signal  # noqa: E402

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
