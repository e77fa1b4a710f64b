"""The eval loops' shared source, written once; each loop is generated from it.

pyjit has three eval loops: tier interp's (:class:`pyjit.interp.Interp`), the
traced loop (:mod:`pyjit.traceloop`, while a trace or profile hook is set) and
tier specialize's (:class:`pyjit.specialize.loop.Specialize`).  They run their
hottest instructions inline, in one ``if``/``elif`` chain over local variables:
in this host a function call per instruction costs more than the instruction
(measured in notes/performance.md, "eval loops generated from one source":
pushing a local through a helper call instead of inline made tier interp's
``LOAD_FAST`` take about 1.5 to 2 times as long).  So what the loops share cannot be a
helper function; it is written here once, as source, and each loop is compiled
from a template at import.  The generated code is what a hand-written loop
would be: the same bytecode, the same locals (``f`` and ``pc``, which frame
views read: :mod:`pyjit.frames`), the same globals (the module it is built in).

A template is Python source in which a line ``$name`` or ``$name(arg, ...)``
stands for the macro ``name``: a function of its arguments' source text that
returns source, put at the line's indentation (a macro's source may use macros
too).  The macros are :data:`MACROS` and the loop's own; :data:`PLAIN` is the
template of tier interp's loop and of the traced loop, which differ only in the
macros each gives for its slots (``$event``, ``$call``...).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import linecache
import os
import re
import textwrap

from . import codecache
from . import handlers as H
from . import opcodes as O
from .calls import call, call_ex, return_generator, send, send_push
from .errors import VMError
from .frame import gen_yielded, pop, suspend, unwind
from .null import NULL

_MACRO = re.compile(r"^([ ]*)\$(\w+)(?:\((.*)\))?[ ]*(?:#.*)?$")
_HERE = os.path.dirname(os.path.abspath(__file__))
_FLAGS = __import__("__future__").annotations.compiler_flag   # (compile() inherited it here)
_MISSING = object()


def _split(args):
    """Top-level comma-separated arguments of a macro line (brackets nest)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(args):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(args[start:i].strip())
            start = i + 1
    last = args[start:].strip()
    if last or out:
        out.append(last)
    return out


def expand(template, macros):
    """``template`` with every macro line replaced by its macro's source."""
    lines = []
    for line in textwrap.dedent(template).splitlines():
        m = _MACRO.match(line)
        if m is None:
            lines.append(line)
            continue
        indent, name, args = m.groups()
        macro = macros.get(name)
        if macro is None:
            raise KeyError(f"loopsrc: no macro {name!r}")
        src = macro if type(macro) is str else macro(*_split(args or ""))
        for sub in expand(src, macros).splitlines():
            lines.append(indent + sub if sub.strip() else "")
    return "\n".join(lines) + "\n"


def build(template, name, namespace, slots=()):
    """Compile ``template`` (with :data:`MACROS` and ``slots``, a dict of the
    loop's own macros) in ``namespace`` (the building module's globals) and
    return the function ``name`` it defines.

    The source goes into :mod:`linecache` under a file name inside pyjit's
    directory: tracebacks show its lines and treat it as pyjit's own."""
    macros = dict(MACROS)
    macros.update(slots)
    src = expand(template, macros)
    filename = os.path.join(_HERE, f"<loop {namespace['__name__']}.{name}>")
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    before = namespace.get(name, _MISSING)  # (the module may have its own ``name``)
    exec(_compiled(src, filename), namespace)
    function = namespace.pop(name)
    if before is not _MISSING:
        namespace[name] = before
    return function


def _compiled(src, filename):
    """``compile(src, filename, "exec")`` (this module's future flags), from
    :mod:`.codecache`: kept in ``__pycache__``, as a module's bytecode."""
    return codecache.compiled(src, filename, _FLAGS)


# ---------------------------------------------------------------------------
# the macros every loop may use (their names: the loops' locals and globals --
# f, ts, pc, stack, fast, args, nexts, v, nf, exc, Null, unwind...)

def push_local(i):
    """LOAD_FAST of local ``i``: unbound raises at this pc."""
    return f"""\
        v = fast[{i}]
        if v is Null:
            raise unbound_local(f.code, {i})
        stack.append(v)
        v = None  # no stale references: __del__ runs when CPython's would
        """


MACROS = {
    "push_local": push_local,
    # LOAD_GLOBAL: globals, then builtins; bit 0 of the oparg pushes a NULL first
    "load_global": """\
        a = args[pc]
        if a & 1:
            stack.append(Null)
        name = f.names[a >> 1]
        v = f.globals.get(name, Null)
        if v is Null:
            v = f.builtins.get(name, Null)
            if v is Null or f.globals.__class__ is not dict:
                v = load_global_slow(f, name)  # (CPython's __getitem__ path)
        stack.append(v)
        v = None
        pc = nexts[pc]
        """,
    # FOR_ITER's action: the next item, or pop the iterator and jump past the loop
    "iter_next": """\
        try:
            stack.append(next(stack[-1]))
            pc += 1
        except StopIteration:
            stack.pop()
            pc = args[pc]
        """,
    # A trace or profile hook is set: the traced loop runs the frames (a frame
    # switch tests it: entering ``run``, after a call and a return)
    "to_traced": lambda *throw: f"""\
        if ts.hooks:
            stack = fast = None  # (the frame's lists: see hand_over)
            nf, f = [f], None  # (frame views skip a loop whose ``f`` is None)
            return hand_over(traced, nf, ts{''.join(', ' + t for t in throw)})
        """,
    # the generic CALL (pyjit.calls.call): a pushed frame is a frame switch
    "generic_call": """\
        nf = call(f, stack, pc, args[pc], ts)
        if nf is not None:
            f = nf
            break
        if ts.hooks:
            # the host callable set a hook (breakpoint(), sys.settrace): this
            # frame goes on in the traced loop
            f.lasti = pc
            f.pc = nexts[pc]
            break  # (the frame switch hands it over, outside this try)
        pc = nexts[pc]
        """,
    "compare": """\
        r = stack.pop()
        stack[-1] = compares[args[pc]](stack[-1], r)
        r = None
        pc = nexts[pc]
        """,
    "return_value": """\
        f.lasti = pc  # (a view of the finished frame shows the return's line)
        f = pop(f, stack.pop(), ts)
        if f is None:  # the entry frame: its value is on its stack
            return stack.pop()
        break
        """,
    "return_generator": """\
        f = return_generator(f, pc, ts)
        if f is None:  # an entry frame: the generator is on its stack
            return stack.pop()
        break
        """,
    # the end of a frame's ``try``, at its indentation: a frame switch reloads the
    # frame's locals; the program's exceptions are unwound after the except block
    "catch": """\
            continue  # a frame switch: reload the locals above
        except VMError:
            raise  # pyjit's own failure: never the program's to handle
        except BaseException as e:
            exc = e
        """,
    # Unwind outside the host's except block, so the host's "handled exception"
    # stays what the VM's PUSH_EXC_INFO/POP_EXCEPT made it (see excstate).
    "unwind": lambda hook="": f"""\
        try:
            f = unwind(f, pc, exc, ts{', ' + hook if hook else ''})
        finally:
            # When the exception leaves ``run``, this frame is in its traceback:
            # holding it here would make a cycle keeping every VM frame alive.
            exc = None
        """,
}


# ---------------------------------------------------------------------------
# tier interp's loop and the traced loop: the plain instructions

def hand_over(run, box, ts, throw=None):
    """A loop hands its running frame (the one item of ``box``) to another
    loop's ``run`` -- the traced loop when a hook is set, the tier's when it is
    removed -- keeping no reference to it nor to its lists: the loop that
    handed it over stays on the host stack until the other returns, and what
    it held would outlive the frame (``__del__`` and weak references later than
    CPython's).  (Plain calls: their arguments move into the callee's frame,
    where ``run(*args)`` would keep its tuple until the call returns.)"""
    if throw is None:
        return run(box.pop(), ts)
    return run(box.pop(), ts, throw)


def plain_namespace(module, **names):
    """The globals of a loop built from :data:`PLAIN` in ``module``: what the
    template and the macros name, and the loop's own ``names``."""
    return dict(__builtins__=__builtins__, __name__=module, O=O, NULL=NULL,
                HANDLERS=H.HANDLERS, BINOPS=O.BINARY_OP_FUNCTIONS, COMPARES=O.COMPARE_OP_FUNCTIONS,
                unbound_local=H.unbound_local, name_error=H.name_error, VMError=VMError,
                load_global_slow=H.load_global_slow,
                call=call, call_ex=call_ex, return_generator=return_generator, send=send,
                send_push=send_push, gen_yielded=gen_yielded,
                hand_over=hand_over,
                pop=pop, suspend=suspend, unwind=unwind, **names)


# Their slots: ``prologue`` (entering run), ``throw`` (``exc``: what
# generator.throw() raises at f.lasti), ``switch`` (at each frame switch), ``reload`` (after a frame's pc is
# loaded), ``event`` (before each instruction), ``for_iter`` (an ``elif``
# clause before the handler table), ``call``, ``call_ex``, ``return_event``
# (before RETURN_VALUE and YIELD_VALUE), ``yield_jump`` (after YIELD_VALUE
# suspended the frame), ``send``, ``unwind``, ``compare`` (COMPARE_OP; tier
# interp's is MACROS' own).
PLAIN = r"""
def run(f, ts, throw=None, *,
        LOAD_FAST=O.LOAD_FAST, STORE_FAST=O.STORE_FAST, LOAD_CONST=O.LOAD_CONST,
        LOAD_GLOBAL=O.LOAD_GLOBAL, BINARY_OP=O.BINARY_OP, COMPARE_OP=O.COMPARE_OP,
        LOAD_ATTR=O.LOAD_ATTR, LOAD_METHOD=O.LOAD_METHOD, PRECALL=O.PRECALL,
        CALL=O.CALL, RETURN_VALUE=O.RETURN_VALUE, POP_TOP=O.POP_TOP,
        PUSH_NULL=O.PUSH_NULL, JUMP_BACKWARD=O.JUMP_BACKWARD, JUMP_FORWARD=O.JUMP_FORWARD,
        JUMP_BACKWARD_NO_INTERRUPT=O.JUMP_BACKWARD_NO_INTERRUPT, SEND=O.SEND,
        RESUME=O.RESUME, FOR_ITER=O.FOR_ITER, Null=NULL,
        PJ_F_FALSE=O.POP_JUMP_FORWARD_IF_FALSE, PJ_F_TRUE=O.POP_JUMP_FORWARD_IF_TRUE,
        PJ_B_FALSE=O.POP_JUMP_BACKWARD_IF_FALSE, PJ_B_TRUE=O.POP_JUMP_BACKWARD_IF_TRUE,
        CALL_FUNCTION_EX=O.CALL_FUNCTION_EX, RETURN_GENERATOR=O.RETURN_GENERATOR,
        YIELD_VALUE=O.YIELD_VALUE):
    $prologue
    binops = BINOPS
    compares = COMPARES
    handlers = HANDLERS
    if throw is not None:  # generator.throw(): raise it at f.lasti
        pc = f.lasti
        $throw
        throw = None
        $unwind
    while True:
        $switch
        # (Re)entering a frame.  Drop the temporaries of the last frame: an
        # object must die when CPython would drop it (__del__, weakrefs).
        v = r = nf = c = None
        dec = f.dec
        ops, args, nexts = dec.ops, dec.args, dec.nexts
        pc = f.pc  # (before fast, whose last reference may go: see frame.release)
        $reload
        stack, fast = f.stack, f.fast
        try:
            while True:
                op = ops[pc]
                $event
                if op == LOAD_FAST:
                    $push_local(args[pc])
                    pc += 1
                elif op == LOAD_CONST:
                    stack.append(f.consts[args[pc]])
                    pc += 1
                elif op == STORE_FAST:
                    fast[args[pc]] = stack.pop()
                    pc += 1
                elif op == LOAD_GLOBAL:
                    $load_global
                elif op == BINARY_OP:
                    r = stack.pop()
                    stack[-1] = binops[args[pc]](stack[-1], r)
                    r = None
                    pc = nexts[pc]
                elif op == COMPARE_OP:
                    $compare
                elif op == PJ_F_FALSE or op == PJ_B_FALSE:
                    pc = pc + 1 if stack.pop() else args[pc]
                elif op == PJ_F_TRUE or op == PJ_B_TRUE:
                    pc = args[pc] if stack.pop() else pc + 1
                elif op == JUMP_BACKWARD or op == JUMP_FORWARD or \
                        op == JUMP_BACKWARD_NO_INTERRUPT:
                    pc = args[pc]
                $for_iter
                elif handlers[op] is not None:
                    # Everything not executed inline below: one table call.  (Each
                    # ``op ==`` test costs ~7 ns; an op past the whole chain paid
                    # ~200 ns before its handler ran.)
                    r = handlers[op](f, args[pc])
                    pc = nexts[pc] if r is None else r
                elif op == LOAD_ATTR:
                    stack[-1] = getattr(stack[-1], f.names[args[pc]])
                    pc = nexts[pc]
                elif op == LOAD_METHOD:
                    stack.append(getattr(stack[-1], f.names[args[pc]]))
                    stack[-2] = Null
                    pc = nexts[pc]
                elif op == PRECALL:
                    pc = nexts[pc]
                elif op == CALL:
                    $call
                elif op == POP_TOP:
                    stack.pop()
                    pc += 1
                elif op == RETURN_VALUE:
                    $return_event
                    $return_value
                elif op == PUSH_NULL:
                    stack.append(Null)
                    pc += 1
                elif op == CALL_FUNCTION_EX:
                    $call_ex
                elif op == RETURN_GENERATOR:
                    $return_generator
                elif op == YIELD_VALUE:
                    $return_event
                    suspend(f, pc, ts)
                    $yield_jump
                    if f.entry:  # (resumed by host code: the value leaves the loop)
                        return stack.pop()
                    f = gen_yielded(f, stack.pop())  # (pushed by a SEND: to its sender)
                    break
                elif op == SEND:
                    $send
                else:
                    raise VMError(f"no handler for opcode {op}")
        $catch
        $unwind
"""
