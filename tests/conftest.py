import sys
from pathlib import Path

# The test helpers (difftest, progen) live beside the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))
