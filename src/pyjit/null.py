"""The VM's NULL: an empty local slot, or the marker under a callable on the stack
(CPython's C NULL).  A module of its own so every part of the runtime can
import it without import cycles."""


class _Null:
    __slots__ = ()

    def __repr__(self):
        return "NULL"


NULL = _Null()
