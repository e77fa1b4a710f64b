"""Tiers: the object that runs VM frames, chosen once when a program starts.

A tier is its eval loop -- :meth:`Tier.run`, which executes an entry frame
until it returns (or yields) -- and the hooks the rest of the runtime calls
instead of reaching into a sibling module:

* :meth:`~Tier.block_pc` and :attr:`~Tier.compiled_runners` -- where a frame
  is while generated code of the tier (tier specialize's blocks, tier jit's
  recorder and traces) runs it, for frame views (:mod:`pyjit.frames`);
* :meth:`~Tier.function_changed` -- a function's ``__code__`` or
  ``__defaults__`` changed (tier jit drops the traces that inlined it);
* :meth:`~Tier.stats_report`, :meth:`~Tier.stats_dict` -- what ``--stats`` and
  ``--stats-json`` print at exit; :meth:`~Tier.finish` -- at exit, after them.

Every host->VM entry (:func:`pyjit.frame.enter`: host code calling a VM
function, ``exec``/``eval``, class bodies; generator resumption) runs the
selected tier's loop.  The tiers are :class:`pyjit.interp.Interp`,
:class:`pyjit.specialize.loop.Specialize` and ``pyjit.jit.driver.Jit``; the
runner selects one with :func:`select` before the program starts.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .errors import VMError

NAMES = ("interp", "specialize", "jit")  # --tier's choices, each including the ones before


class Tier:
    name = ""

    def run(self, f, ts, throw=None):
        """Run entry frame ``f`` (counted in ``ts.depth``) until it returns or
        yields; with ``throw``, first raise that exception at ``f.lasti``."""
        raise NotImplementedError

    @property
    def loop_code(self):
        """The host code object of the eval loop (frame views find VM frames by it)."""
        return type(self).run.__code__

    # Host functions that run VM frames on the loop's behalf: their code ->
    # ``position(host_frame)``, which says where they are now: ``(frame, pc,
    # inlined)`` -- the innermost real VM frame and its pc, then the (function,
    # pc) of each frame that exists only inside compiled code, outermost first --
    # or None when it does not know.
    compiled_runners: dict = {}

    def block_pc(self, run_frame, f):
        """Where ``f`` is, while the loop in host frame ``run_frame`` has handed it to
        generated code (it then holds -1 in its ``pc``)."""
        return f.lasti

    def function_changed(self, reason):
        """A function's code or defaults changed (``reason`` says which)."""

    def stats_report(self):
        """The ``--stats`` text (None: the tier counts nothing)."""
        return None

    def stats_dict(self):
        """The ``--stats-json`` figures (None: the tier counts nothing)."""
        return None

    def finish(self):
        """At exit, after the program's own atexit handlers and the statistics."""


# The tier running VM frames (None until one is selected).  Host->VM entries read
# it directly, as ``tiers.active.run(...)``: a generator step pays for it each time.
active: Tier | None = None


def select(tier: Tier) -> Tier:
    """Make ``tier`` the one that runs VM frames (at start; tests switch tiers too)."""
    global active
    active = tier
    return tier


def function_changed(reason):
    """A function's ``__code__`` or ``__defaults__`` changed: tell the tier, if one runs."""
    if active is not None:
        active.function_changed(reason)


def selected() -> Tier:
    """The tier running VM frames (an error that says so when none was selected)."""
    if active is None:
        raise VMError("no tier selected (pyjit.tiers.select) before running VM code")
    return active
