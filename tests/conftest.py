import sys
from pathlib import Path

# The test helpers (difftest, progen) live beside the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# In-process tests run VM code as library users would: a tier must be selected
# first (pyjit run selects one from --tier); modules that need another tier
# select it for themselves and put this one back.
from pyjit import interp, tiers  # noqa: E402

tiers.select(interp.Interp())
