"""pyjit's own errors: an invariant of the VM broke (a bug in pyjit, never the program's).

:class:`VMError` derives from ``BaseException`` so that no ``except Exception``
in host code swallows it, and the eval loops re-raise it before unwinding: no
handler of the program (``except``, ``finally``, ``with``) ever runs for it, and
``pyjit run`` lets it out with its whole traceback, pyjit's frames included.
Errors CPython itself raises (``SystemError("no locals found ...")``) are the
program's and stay what they are.
"""


class VMError(BaseException):
    """pyjit reached a state its design rules out."""
