"""Tier specialize: a PEP 659 specializing adaptive interpreter.

* :mod:`.specializer` -- quickening, per-family specialization decisions with
  named failure kinds, counters with exponential backoff, deopt;
* :mod:`.loop` -- the tier object, :class:`~.loop.Specialize`, and its eval loop
  over quickened instructions;
* :mod:`.forms` -- the specialized forms the loop runs as table calls;
* :mod:`.blocks` -- warm runs of quickened instructions generated as one host
  function each (dynamic superinstructions), called by the loop at their leader;
* :mod:`.versions` -- dict and type version tags (how guards see mutation);
* :mod:`.stats` -- ``--stats`` / ``--stats-json``.

The specialized forms and their cache layouts are declared once, in
``pyjit.opcodes.SPECIALIZED``.
"""

from __future__ import annotations

from .loop import Specialize  # noqa: F401  (the tier: pyjit.specialize.Specialize)
