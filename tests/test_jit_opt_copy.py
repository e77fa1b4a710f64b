"""What the optimizer's copies and in-place updates of snapshots must keep
(issue #15: copying and remapping snapshots was most of the optimizer's time on
the main thread): ``opt.optimize(copy=False)`` gives the trace ``copy=True``
does; ``base.copy_trace`` and ``base.replace_uses`` -- which skip the Python
call per value for frames without a Virtual, and frames naming no replaced
value -- give what the per-value ``FrameSnap.map`` / ``remap`` give."""

import pytest

from pyjit.jit import ir, observer, opt, virtuals
from pyjit.jit.opt import base

from test_jit_opt import COUNT_LOOP
from test_jit_opt_virtualize import NS


@pytest.fixture(autouse=True)
def _verify_every_pass(monkeypatch):
    monkeypatch.setattr(opt, "VERIFY", True)


VIRTUAL_LOOP = """
    [p0, p1]
    label(p0, p1)
    guard_class(p0, $float) {f@0 l0=p0 l1=p1}
    p2 = new_instance($Vec) {f@1 l0=p0 l1=p1}
    setattr_slot(p2, $'x', 16, p0)
    guard_class(p1, $int) {f@2 l0=p0 l1=p1 s=p2}
    setattr_slot(p2, $'y', 24, p1)
    frame_end(p2)
    guard_class(p2, $Vec) {f@3 l0=p2 l1=p1}
    p3 = getattr_slot(p2, $'x', 16) {f@3 l0=p2 l1=p1}
    p4 = getattr_slot(p2, $'y', 24) {f@4 l0=p2 l1=p1 s=p3}
    p5 = call($f, p3, p4) {f@5 l0=p2 l1=p1}
    jump(p0, p5)
"""

# the object escapes into p0 at a store with no snapshot at hand (the store
# before it has effects: no guard's snapshot may be used): virtualize runs
# again with the allocation left alone (its _Retry)
RETRY_LOOP = """
    [p0, p1]
    label(p0, p1)
    guard_class(p0, $Obj) {f@0 l0=p0 l1=p1}
    p2 = new_instance($Vec) {f@1 l0=p0 l1=p1}
    setattr_slot(p2, $'x', 16, $None)
    setattr_slot(p0, $'x', 16, p1)
    setattr_slot(p0, $'y', 24, p2)
    guard_class(p1, $int) {f@2 l0=p0 l1=p1}
    jump(p0, p1)
"""


@pytest.mark.parametrize("text, ns", [(COUNT_LOOP, None), (VIRTUAL_LOOP, NS),
                                      (RETRY_LOOP, NS)])
def test_optimizing_in_place_gives_the_copys_trace(text, ns):
    want = ir.format(opt.optimize(ir.parse(text, ns)))
    t = ir.parse(text, ns)
    got = opt.optimize(t, copy=False)
    assert ir.format(got) == want
    # (a pass may still return a trace of its own: virtualize's retry)
    assert got is t or text is RETRY_LOOP


def test_virtualize_retries_from_the_trace_as_it_came(monkeypatch):
    # left alone, the trace as it was (not a half-virtualized one) is what the
    # second run starts from
    from pyjit.jit.opt import virtualize
    runs = []
    once = virtualize.OptVirtualize._run_once
    monkeypatch.setattr(virtualize.OptVirtualize, "_run_once",
                        lambda self, t: runs.append(1) or once(self, t))
    for copy in (True, False):
        runs.clear()
        got = opt.optimize(ir.parse(RETRY_LOOP, NS), ["virtualize"], copy=copy)
        assert len(runs) == 2
        assert ir.format(got) == ir.format(ir.parse(RETRY_LOOP, NS))


def _frames(trace):
    return [fr for op in trace.ops if op.snapshot is not None for fr in op.snapshot.frames]


def _virtual_trace():
    t = opt.optimize(ir.parse(VIRTUAL_LOOP, NS), ["virtualize"])
    assert any(isinstance(v, virtuals.Virtual) for fr in _frames(t) for v in fr.locals.values())
    return t


@pytest.mark.parametrize("make", [lambda: ir.parse(COUNT_LOOP), _virtual_trace])
def test_copy_trace_is_a_deep_copy_with_the_same_text(make):
    t = make()
    c = base.copy_trace(t)
    assert ir.format(c) == ir.format(t)
    old = {id(v) for v in t.inputs} | {id(op) for op in t.ops}
    for fr, cf in zip(_frames(t), _frames(c)):
        assert fr is not cf and fr.locals is not cf.locals and fr.stack is not cf.stack
        assert cf._func is fr._func and (cf.pc, cf.name, cf.kind) == (fr.pc, fr.name, fr.kind)
        for v in cf.values():
            assert id(v) not in old or isinstance(v, ir.Const)
    assert ir.format(base.copy_trace(c)) == ir.format(t)


def _replace_all_ways(trace, pick):
    """replace_uses with a mapping of the values ``pick(k, value)`` chooses (k:
    the position among inputs and ops), and the per-value remap it stands for,
    each on a copy: both texts, and the frames the first left as they were
    (their dicts kept)."""
    a, b = base.copy_trace(trace), base.copy_trace(trace)
    va, vb = a.inputs + a.ops, b.inputs + b.ops
    new = {k: ir.Const(7, ir.I) if v.type == ir.I else ir.NULL_CONST
           for k, v in enumerate(va) if pick(k, v)}
    before = {id(fr): fr.locals for fr in _frames(a)}
    base.replace_uses([op for op in a.ops if op.name != "label"],
                      {id(va[k]): c for k, c in new.items()})
    repl_b = {id(vb[k]): c for k, c in new.items()}

    def get(v):
        return repl_b.get(id(v), v)
    for op in b.ops:
        if op.name != "label":
            op.args = [get(x) for x in op.args]
        if op.snapshot is not None:
            for fr in op.snapshot.frames:
                fr.remap(get)
    kept = [fr for fr in _frames(a) if fr.locals is before[id(fr)]]
    return ir.format(a), ir.format(b), kept


@pytest.mark.parametrize("make", [lambda: ir.parse(COUNT_LOOP), _virtual_trace])
def test_replace_uses_equals_remapping_every_value(make):
    t = make()
    # nothing replaced: every frame left as it was
    got, want, kept = _replace_all_ways(t, lambda k, v: False)
    assert got == want and len(kept) == len(_frames(t))
    # the first input replaced
    got, want, kept = _replace_all_ways(t, lambda k, v: k == 0)
    assert got == want and got != ir.format(t)
    # every input replaced (inside Virtuals' fields too)
    got, want, _ = _replace_all_ways(t, lambda k, v: isinstance(v, ir.Input))
    assert got == want and got != ir.format(t)


def test_replace_uses_leaves_frames_without_a_replaced_value():
    t = ir.parse("""
        [p0, p1]
        label(p0, p1)
        guard_class(p0, $int) {f@0 l0=p0 l1=p1}
        p2 = call($f, p0) {f@1 l0=p0 l1=p1}
        guard_class(p2, $int) {f@2 l0=p0 l1=p1 s=p2}
        guard_class(p1, $int) {f@3 l0=p0 l1=p2}
        jump(p0, p2)
    """, NS)
    frames = _frames(t)
    dicts, stacks = [fr.locals for fr in frames], [fr.stack for fr in frames]
    # a value no snapshot names: no frame rebuilt
    base.replace_uses(t.ops, {id(object()): t.inputs[0]})
    assert all(fr.locals is d and fr.stack is s for fr, d, s in zip(frames, dicts, stacks))
    # p2 replaced: the frames naming it (stack of f@2, local of f@3) change, not f@0's
    p2 = t.ops[2]
    base.replace_uses(t.ops, {id(p2): t.inputs[1]})
    assert frames[0].locals is dicts[0] and frames[0].stack is stacks[0]
    assert frames[2].stack == [t.inputs[1]] and frames[3].locals[1] is t.inputs[1]
    assert t.ops[-1].args[1] is t.inputs[1]
    # the label's args are definitions: never replaced
    label = t.label()
    base.replace_uses(t.ops, {id(label.args[1]): t.inputs[0]})
    assert label.args[1] is t.inputs[1]


def test_only_observers_that_keep_objects_make_the_optimizer_copy():
    assert observer.Observer.keeps_traces is False
    assert observer.EventObserver.keeps_traces is True


# two guards leaving with the same frame state, an object's field stored
# between them: each exit builds the object as it is there
SHARED_LOOP = """
    [p0, p1]
    label(p0, p1)
    guard_class(p0, $float) {f@0 l0=p0 l1=p1}
    guard_class(p1, $int) {f@0 l0=p0 l1=p1}
    p2 = new_instance($Vec) {f@1 l0=p0 l1=p1}
    setattr_slot(p2, $'x', 16, p0)
    guard_class(p0, $float) {f@2 l0=p2 l1=p1}
    setattr_slot(p2, $'y', 24, p1)
    guard_class(p1, $int) {f@2 l0=p2 l1=p1}
    p3 = call($f, p2) {f@5 l0=p0 l1=p1}
    jump(p0, p3)
"""


@pytest.mark.parametrize("text, ns, passes", [(COUNT_LOOP, None, None),
                                              (VIRTUAL_LOOP, NS, None),
                                              (SHARED_LOOP, NS, ["virtualize"])])
def test_snapshots_the_recorder_shares_are_unshared_before_changing_in_place(text, ns, passes):
    # the recorder gives ops that leave with the same state one snapshot; the
    # passes change each op's own (virtualize: the object as it is at that op)
    want = ir.format(opt.optimize(ir.parse(text, ns), passes))
    t = ir.parse(text, ns)
    shared = 0
    by_state = {}
    for op in t.ops:
        if op.snapshot is not None:
            key = tuple((fr.pc, tuple((k, id(v)) for k, v in fr.locals.items()),
                         tuple(map(id, fr.stack))) for fr in op.snapshot.frames)
            if key in by_state:
                op.snapshot = by_state[key]
                shared += 1
            else:
                by_state[key] = op.snapshot
    assert shared
    assert ir.format(opt.optimize(t, passes, copy=False)) == want
