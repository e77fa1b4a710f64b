"""Run a program (``trace_prelude.py PROGRAM ARGS...``) with trace and profile
hooks that record its events, for the differential trace mode (tests/tracediff.py).

Records ``(hook, event, function, line[, builtin])`` for frames of files under
the program's directory (the program and the modules next to it: the standard
library's frames are not recorded) into the file named by $TRACEDIFF_OUT.
After $TRACEDIFF_LIMIT events the hooks remove themselves (from inside a hook,
as a tracer that stops does): the rest of the program runs untraced, so under
pyjit the tier's own loop (and at tier jit, compiled traces) takes over.
"""



def main():
    import os  # (locals: the program's globals replace the module's)
    import sys
    prog = os.path.abspath(sys.argv[1])
    root = os.path.dirname(prog) + os.sep
    limit = int(os.environ.get("TRACEDIFF_LIMIT", "20000"))
    out_path = os.environ["TRACEDIFF_OUT"]
    events = []

    def record(kind, frame, event, arg, root=root, events=events, limit=limit, sys=sys,
               getattr=getattr, len=len, str=str):
        code = frame.f_code
        if code.co_filename.startswith(root):
            line = str(frame.f_lineno)
            if event[:2] == "c_":
                events.append(" ".join((kind, event, code.co_name, line,
                                        str(getattr(arg, "__name__", "?")))))
            else:
                events.append(" ".join((kind, event, code.co_name, line)))
            if len(events) >= limit:
                sys.settrace(None)
                sys.setprofile(None)

    def tracer(frame, event, arg, record=record):
        record("T", frame, event, arg)
        return tracer

    def profiler(frame, event, arg, record=record):
        record("P", frame, event, arg)

    sys.argv[:] = sys.argv[1:]
    sys.path[0] = os.path.dirname(prog)
    with open(prog, "rb") as fh:
        code = compile(fh.read(), prog, "exec")
    import __main__
    g = vars(__main__)  # the program runs as __main__, in the module's namespace
    for name in [n for n in g if not n.startswith("__")]:
        del g[name]
    g["__file__"] = prog
    sys.settrace(tracer)
    sys.setprofile(profiler)
    try:
        exec(code, g)
    finally:
        sys.settrace(None)
        sys.setprofile(None)
        with open(out_path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(events) + "\n")


main()
