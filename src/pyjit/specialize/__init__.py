"""Tier specialize: a PEP 659 specializing adaptive interpreter.

* :mod:`.specializer` -- quickening, per-family specialization decisions with
  named failure kinds, counters with exponential backoff, deopt;
* :mod:`.loop` -- the eval loop over quickened instructions;
* :mod:`.blocks` -- warm runs of quickened instructions generated as one host
  function each (dynamic superinstructions), called by the loop at their leader;
* :mod:`.versions` -- dict and type version tags (how guards see mutation);
* :mod:`.stats` -- ``--stats`` / ``--stats-json``.

The specialized forms and their cache layouts are declared once, in
``pyjit.opcodes.SPECIALIZED``.
"""

from __future__ import annotations


def install(warmup=None, stats=False, blocks=True):
    """Make the VM run tier specialize (every entry into the eval loop)."""
    from .. import interp
    from . import loop, specializer
    from .stats import Stats
    if warmup is not None:
        specializer.CONFIG.warmup = warmup
    if stats:
        specializer.CONFIG.stats = Stats()
    specializer.CONFIG.blocks = blocks
    interp.run = loop.run
    return specializer.CONFIG
