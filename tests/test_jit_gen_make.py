"""The generator a trace makes (jit/record/genmake.py) holds what the interpreter's
does: every slot that Frame.__init__ and calls.return_generator set, and those of
the generator's constructor, are the ones the trace stores."""

from pyjit.calls import return_generator
from pyjit.frame import Frame, ThreadState
from pyjit.function import Function
from pyjit.generators import make_generator
from pyjit.jit.record import genmake


def _made():
    def g(a, b=2):
        yield a + b
    fn = Function(g.__code__, {"__builtins__": __builtins__})
    f = Frame(fn, [1, 2])
    f.entry = True
    ts = ThreadState()
    ts.depth = 1
    return_generator(f, 0, ts)
    return fn, f, f.stack[-1]


def _set(obj, slots):
    return {s for s in slots if hasattr(obj, s)}


def test_the_trace_stores_every_slot_the_constructors_set():
    fn, f, gen = _made()
    frame_slots = [s for s in Frame.__slots__]
    assert _set(f, frame_slots) == set(genmake.FRAME_SLOTS)
    gen_slots = [s for s in type(gen).__mro__[-2].__slots__ if s != "__weakref__"]
    assert _set(gen, gen_slots) == set(genmake.GEN_SLOTS)
    # what the trace stores as constants is what the interpreter left
    assert (f.pc, f.lasti, f.back, f.entry, f.outside, f.locals) == (1, 0, None, False, None,
                                                                       None)
    assert (gen.running, gen.exc_state, gen.started) == (False, None, False)


def test_only_plain_generator_functions_are_made_in_the_trace():
    def g():
        yield 1

    async def c():
        pass

    async def ag():
        yield 1
    assert genmake.plain(Function(g.__code__, {}))
    assert not genmake.plain(Function(c.__code__, {}))
    assert not genmake.plain(Function(ag.__code__, {}))


def test_a_trace_entry_moves_the_frames_stack_entries():
    """The header's stack entries (a ``for`` loop's iterator: a generator) are
    the trace's alone while it runs: popped there -- ``break`` -- and deleted
    (``del g``), the generator dies at once, its ``finally`` where CPython runs
    it; a copy left in the frame kept it alive to the trace's exit (a bridge
    running on past ``del g`` ran it a statement late)."""
    import weakref

    from pyjit.jit import resume

    class It:
        pass

    def g():
        yield 1
    fn = Function(g.__code__, {"__builtins__": __builtins__})
    for slots in ([("s", 0), ("l", 0)], [("s", 0), ("l", 0), ("m", 0)]):
        read, unread = resume.compile_reader(slots, [None] * 2)
        it, local = It(), It()
        f = Frame(fn, [local])
        f.stack.append(it)
        alive = weakref.ref(it)
        buf = read(f)
        assert f.stack == [] and buf[1:3] == [it, local]
        unread(f, buf)
        assert f.stack == [it] and f.fast[0] is local
        buf = read(f)
        del it, buf      # (the trace popped the iterator, then dropped it)
        assert alive() is None
